import t from 'tap'
import { request } from 'undici'
import type { Adapter, DeliveryRequest } from '../../adapters/contract.js'
import { civilStatusSystem } from '../../adapters/civil-status/system.js'
import type { MockKit } from '../../adapters/mock-kit/mock-server.js'
import { populationSystem } from '../../adapters/population/system.js'
import { isoVietnam } from '../../adapters/shared/vietnam-time.js'
import { formatDossierCode, personalIdAgreementProblem, personalIdProblem } from '../../src/identifiers/index.js'
import { MessageSchemas } from '../../src/message-schemas.js'
import { schemasDir } from '../../src/project-paths.js'
import { deliveryFailure, deliveryRequest, isoDate, SHA256 } from './helpers.js'

const seed = 7
const credentials = { apiKey: 'hotich-test-key' }
const populationCredentials = { apiKey: 'dancu-test-key' }
const budget = { timeoutMs: 10_000 }
const DAY = 86_400_000

/** A seeded citizen as the mocks' `sample` gives it (native names). */
interface Citizen { soDinhDanh: string, hoVaTen: string, ngaySinh: string, gioiTinh: 'Nam' | 'Nữ', noiThuongTru: string }

const schemas = await MessageSchemas.load(schemasDir)
const birthSchema = schemas.versionsOf('civil-status.birth')?.get('1')
const deathSchema = schemas.versionsOf('civil-status.death')?.get('1')
if (birthSchema === undefined || deathSchema === undefined) throw new Error('civil-status service schemas not loaded')

/** A date in Vietnam `days` from today, `YYYY-MM-DD`. */
function vietnamDay (days = 0): string {
  return isoVietnam(new Date(Date.now() + days * DAY)).slice(0, 10)
}

let dossiers = 0
function nextDossierCode (agency = '000.00.01.H29'): string {
  return formatDossierCode(agency, new Date(), ++dossiers)
}

const declaration = { kind: 'declaration', name: 'Tờ khai đăng ký khai sinh', fileName: 'to-khai.pdf', mimeType: 'application/pdf', sha256: SHA256 }
const birthCertificate = { kind: 'medical-birth-certificate', name: 'Giấy chứng sinh', fileName: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', sha256: SHA256 }
const deathNotice = { kind: 'death-notice', name: 'Giấy báo tử', fileName: 'giay-bao-tu.pdf', mimeType: 'application/pdf', sha256: SHA256 }

function parent (c: Citizen): { citizenId: string, fullName: string } {
  return { citizenId: c.soDinhDanh, fullName: c.hoVaTen }
}

interface BirthOptions {
  child?: Record<string, unknown>
  mother: Citizen
  father?: Citizen
  agency?: string
  documents?: Array<Record<string, unknown>>
}

function birth (o: BirthOptions): DeliveryRequest {
  const agency = o.agency ?? '000.00.01.H29'
  const body: Record<string, unknown> = {
    dossierCode: nextDossierCode(agency),
    registrationAgency: agency,
    child: { fullName: 'Nguyễn Minh Khang', gender: 'male', dateOfBirth: vietnamDay(-3), placeOfBirth: 'Bệnh viện Hùng Vương, Thành phố Hồ Chí Minh', ethnicity: 'Kinh', ...o.child },
    mother: parent(o.mother),
    applicant: { ...parent(o.mother), relationship: 'mẹ' },
    documents: o.documents ?? [declaration, birthCertificate]
  }
  if (o.father !== undefined) body.father = parent(o.father)
  return deliveryRequest('civil-status.birth', body, { to: 'VN:GOV:000.00.00.G15:hotich' })
}

function death (deceased: Citizen, applicant: Citizen, o: { dateOfDeath?: string, documents?: Array<Record<string, unknown>>, deceased?: Record<string, unknown> } = {}): DeliveryRequest {
  return deliveryRequest('civil-status.death', {
    dossierCode: nextDossierCode(),
    registrationAgency: '000.00.01.H29',
    deceased: {
      citizenId: deceased.soDinhDanh,
      fullName: deceased.hoVaTen,
      dateOfBirth: isoDate(deceased.ngaySinh),
      gender: deceased.gioiTinh === 'Nam' ? 'male' : 'female',
      dateOfDeath: o.dateOfDeath ?? vietnamDay(-2),
      placeOfDeath: 'Bệnh viện Chợ Rẫy, Thành phố Hồ Chí Minh',
      causeOfDeath: 'Bệnh già',
      ...o.deceased
    },
    applicant: { ...parent(applicant), relationship: 'con' },
    documents: o.documents ?? [{ ...declaration, name: 'Tờ khai đăng ký khai tử' }, deathNotice]
  }, { to: 'VN:GOV:000.00.00.G15:hotich' })
}

function effectsOf (kit: MockKit, type: string, key?: string): Array<Record<string, unknown>> {
  return kit.effects().filter((e) => e.type === type && (key === undefined || e.idempotencyKey === key))
}

t.test('examples of the service schemas are valid', async (t) => {
  for (const definition of [birthSchema, deathSchema]) {
    const [request] = definition.schema.examples as unknown[]
    t.ok(definition.validateRequest(request), `${definition.service}: request example`)
    const [reply] = (definition.schema.definitions as { reply: { examples: unknown[] } }).reply.examples
    t.ok(definition.validateReply(reply), `${definition.service}: reply example`)
    t.notOk(definition.validateReply({ result: 'registered' }), `${definition.service}: registered without its fields is invalid`)
    t.notOk(definition.validateReply({ ...(reply as object), missingDocuments: [{ kind: 'declaration', name: 'Tờ khai' }] }), `${definition.service}: registered with missingDocuments is invalid`)
    t.notOk(definition.validateReply({ result: 'supplement-required' }), `${definition.service}: supplement-required without missingDocuments is invalid`)
  }
})

t.test('civil-status software with the population database as its peer', async (t) => {
  const population = populationSystem.buildMock({ seed, faults: {}, credentials: populationCredentials })
  const populationUrl = await population.kit.listen('127.0.0.1', 0)
  const civil = civilStatusSystem.buildMock({ seed, faults: {}, credentials, peers: { population: { url: populationUrl, credentials: populationCredentials } } })
  const civilUrl = await civil.kit.listen('127.0.0.1', 0)
  const adapter = civilStatusSystem.createAdapter({ baseUrl: civilUrl, credentials, connections: 16 })
  const toPopulation = populationSystem.createAdapter({ baseUrl: populationUrl, credentials: populationCredentials })
  t.teardown(async () => {
    await Promise.all([adapter.close(), toPopulation.close()])
    await civil.kit.close()
    await population.kit.close()
  })

  const citizens = population.sample(5_000) as unknown as Citizen[]
  t.same(civil.sample(5), citizens.slice(0, 5), 'same seed, same citizens as the population database')
  const year = (c: Citizen): number => Number(c.ngaySinh.slice(6))
  const mothers = citizens.filter((c) => c.gioiTinh === 'Nữ' && year(c) >= 1980 && year(c) <= 2000)
  const fathers = citizens.filter((c) => c.gioiTinh === 'Nam' && year(c) >= 1975 && year(c) <= 2000)
  const elders = citizens.filter((c) => year(c) < 1960)
  const [mother, otherMother] = mothers
  const [father] = fathers
  if (mother === undefined || otherMother === undefined || father === undefined || elders.length < 10) throw new Error('no suitable seeded citizens')
  let elder = 0
  const nextElder = (): Citizen => elders[elder++] as Citizen

  t.test('a birth is registered: the child gets a valid number from the population database, and becomes a citizen', async (t) => {
    const dateOfBirth = vietnamDay(-3)
    const request = birth({ mother, father, child: { fullName: 'Nguyễn Minh Khang', gender: 'male', dateOfBirth } })
    const populationBefore = population.kit.received().length
    const reply = await adapter.deliver(request, budget)
    t.ok(birthSchema.validateReply(reply), 'the reply matches the reply schema')
    t.equal(reply.result, 'registered')
    const id = reply.childCitizenId as string
    t.equal(personalIdProblem(id), null, 'a valid personal ID number')
    t.equal(personalIdAgreementProblem(id, dateOfBirth, 'male'), null, 'it agrees with the date of birth and sex')
    t.equal(id.slice(0, 3), '079', 'registered in Hồ Chí Minh City (H29): province code 079')
    t.notOk(citizens.slice(0, 5_000).some((c) => c.soDinhDanh === id), 'no seeded citizen holds the number')
    t.match(reply.birthCertificateNumber, new RegExp(`^\\d+/${vietnamDay().slice(0, 4)}/KS$`))
    t.equal(reply.registeredDate, vietnamDay())

    const [registered, ...more] = effectsOf(civil.kit, 'khaisinh', request.idempotencyKey)
    t.same(more, [], 'one birth registered')
    t.equal(registered?.soDinhDanh, id)
    t.equal(registered?.soGiayKhaiSinh, reply.birthCertificateNumber)
    t.equal(registered?.maHoSoLienThong, request.body.dossierCode, 'the mock records the dossier code')
    t.equal(registered?.soDinhDanhMe, mother.soDinhDanh)
    t.equal(registered?.soDinhDanhCha, father.soDinhDanh)

    const sent = civil.kit.received().at(-1)?.body as Record<string, any>
    t.equal(sent.treEm.gioiTinh, 1, 'native gender code 1: nam')
    t.equal(sent.treEm.ngaySinh, `${dateOfBirth.slice(8)}/${dateOfBirth.slice(5, 7)}/${dateOfBirth.slice(0, 4)}`, 'native dd/MM/yyyy')
    t.equal(sent.treEm.quocTich, 'VN', 'nationality defaults to VN')
    t.same(sent.giayToKemTheo.map((d: Record<string, unknown>) => d.loaiGiayTo), ['TK', 'GCS'])

    const asked = population.kit.received().slice(populationBefore)
    t.equal(asked.length, 1, 'the population database was asked once')
    t.equal(asked[0]?.path, '/api/congdan/khaisinh')
    t.equal(asked[0]?.idempotencyKey, `khaisinh-${request.idempotencyKey}`, 'under a transaction id derived from the message\'s key')
    const issued = effectsOf(population.kit, 'capsodinhdanh').filter((e) => e.soDinhDanh === id)
    t.equal(issued.length, 1, 'the population database recorded the number it issued')
    t.equal(issued[0]?.maTinhDangKy, '079')

    t.same(await toPopulation.deliver(deliveryRequest('citizen.verify', { citizenId: id, fullName: 'NGUYỄN MINH KHANG', dateOfBirth, gender: 'male' }), budget),
      { result: 'match', mismatchedFields: [] }, 'citizen.verify finds the child')
    t.same(await toPopulation.deliver(deliveryRequest('citizen.lookup', { citizenId: id, purpose: 'Đăng ký thường trú' }, { allowedFields: ['fullName', 'dateOfBirth', 'gender', 'permanentAddress'] }), budget), {
      found: true,
      citizen: { citizenId: id, fullName: 'Nguyễn Minh Khang', dateOfBirth, gender: 'male', permanentAddress: mother.noiThuongTru }
    }, 'citizen.lookup finds the child, living with the mother')
  })

  t.test('register numbers run per agency; a girl registered in H62 gets province 026 and the female digit', async (t) => {
    const dateOfBirth = vietnamDay(-10)
    const first = await adapter.deliver(birth({ mother: otherMother, agency: '000.00.01.H62', child: { fullName: 'Trần Thị Mai', gender: 'female', dateOfBirth } }), budget)
    const second = await adapter.deliver(birth({ mother: otherMother, agency: '000.00.01.H62', child: { fullName: 'Trần Thị Hoa', gender: 'female', dateOfBirth } }), budget)
    for (const reply of [first, second]) {
      t.ok(birthSchema.validateReply(reply))
      const id = reply.childCitizenId as string
      t.equal(personalIdAgreementProblem(id, dateOfBirth, 'female'), null)
      t.equal(id.slice(0, 4), '0263', 'province 026 (Vĩnh Phúc area), century and sex digit 3: a girl born in the 2000s')
    }
    t.not(first.childCitizenId, second.childCitizenId, 'twins get two numbers')
    const yyyy = vietnamDay().slice(0, 4)
    t.equal(first.birthCertificateNumber, `1/${yyyy}/KS`, 'the H62 commune\'s register starts at 1')
    t.equal(second.birthCertificateNumber, `2/${yyyy}/KS`)
  })

  t.test('a birth without the Giấy chứng sinh asks for it: a delivered reply, nothing registered, no number issued', async (t) => {
    const populationBefore = population.kit.received().length
    const request = birth({ mother, documents: [declaration, { ...declaration, kind: 'marriage-certificate', name: 'Giấy chứng nhận kết hôn' }] })
    const reply = await adapter.deliver(request, budget)
    t.same(reply, { result: 'supplement-required', missingDocuments: [{ kind: 'medical-birth-certificate', name: 'Giấy chứng sinh' }] })
    t.ok(birthSchema.validateReply(reply))
    t.same(effectsOf(civil.kit, 'khaisinh', request.idempotencyKey), [])
    t.equal(population.kit.received().length, populationBefore, 'the population database was not asked')
    const sent = civil.kit.received().at(-1)?.body as Record<string, any>
    t.same(sent.giayToKemTheo.map((d: Record<string, unknown>) => d.loaiGiayTo), ['TK', 'GCNKH'])
    // A document without a kind is sent as "other papers" and does not count as the Giấy chứng sinh.
    const { kind: _kind, ...unkinded } = birthCertificate
    t.equal((await adapter.deliver(birth({ mother, documents: [unkinded] }), budget)).result, 'supplement-required')
  })

  t.test('the same idempotency key twice: one birth, one number, the same answer', async (t) => {
    const request = birth({ mother, child: { fullName: 'Nguyễn Gia Huy' } })
    const first = await adapter.deliver(request, budget)
    const second = await adapter.deliver(request, budget)
    t.equal(first.result, 'registered')
    t.same(second, first)
    t.same(civil.kit.received().filter((r) => r.idempotencyKey === request.idempotencyKey).map((r) => r.replayed), [false, true])
    t.equal(effectsOf(civil.kit, 'khaisinh', request.idempotencyKey).length, 1)
    t.equal(effectsOf(population.kit, 'capsodinhdanh').filter((e) => e.soDinhDanh === first.childCitizenId).length, 1)
  })

  t.test('the same idempotency key concurrently, while the population database is slow: still one birth and one number', async (t) => {
    population.kit.faults.set({ latencyMs: 150 })
    t.teardown(() => { population.kit.faults.set({ latencyMs: 0 }) })
    const request = birth({ mother, child: { fullName: 'Nguyễn Gia Bảo' } })
    const issuedBefore = effectsOf(population.kit, 'capsodinhdanh').length
    const replies = await Promise.all(Array.from({ length: 6 }, async () => await adapter.deliver(request, budget)))
    t.equal(replies[0]?.result, 'registered')
    for (const reply of replies) t.same(reply, replies[0], 'every caller gets the same answer')
    t.equal(effectsOf(civil.kit, 'khaisinh', request.idempotencyKey).length, 1, 'one birth registered')
    t.equal(effectsOf(population.kit, 'capsodinhdanh').length - issuedBefore, 1, 'one number issued')
    t.ok(population.kit.received().filter((r) => r.idempotencyKey === `khaisinh-${request.idempotencyKey}`).length > 1,
      'the requests overlapped: the population database was asked more than once')
  })

  t.test('confirm(): applied with the reply given, not-received, refused', async (t) => {
    const request = birth({ mother, child: { fullName: 'Nguyễn Thảo Vy', gender: 'female' } })
    const reply = await adapter.deliver(request, budget)
    t.same(await adapter.confirm?.(request, budget), { outcome: 'applied', reply })
    t.same(await adapter.confirm?.(birth({ mother }), budget), { outcome: 'not-received' })
    const asked = birth({ mother, documents: [declaration] })
    const supplement = await adapter.deliver(asked, budget)
    t.same(await adapter.confirm?.(asked, budget), { outcome: 'applied', reply: supplement }, 'a supplement request was received and answered')
    const refused = birth({ mother: { ...mother, hoVaTen: 'Tạ Thị Khác' } })
    await deliveryFailure(async () => await adapter.deliver(refused, budget))
    t.same(await adapter.confirm?.(refused, budget), { outcome: 'refused', upstreamCode: 'HT02' })
    const deceased = nextElder()
    const died = death(deceased, father)
    const registered = await adapter.deliver(died, budget)
    t.same(await adapter.confirm?.(died, budget), { outcome: 'applied', reply: registered }, 'a death too')
  })

  t.test('native refusals are permanent, with the native code, and register nothing', async (t) => {
    const cases: Array<[string, DeliveryRequest, number, string]> = [
      ['the mother\'s name disagrees with the population data', birth({ mother: { ...mother, hoVaTen: 'Tạ Thị Khác' } }), 422, 'HT02'],
      ['the "mother" is a man', birth({ mother: father }), 422, 'HT02'],
      ['the father is unknown to the population data', birth({ mother, father: { ...father, soDinhDanh: '079090999999' } }), 422, 'HT02'],
      ['a date of birth after today', birth({ mother, child: { dateOfBirth: vietnamDay(2) } }), 422, 'HT03'],
      ['a child of foreign nationality', birth({ mother, child: { nationality: 'FR' } }), 422, 'HT06'],
      ['an agency of a province the software cannot number for', birth({ mother, agency: '000.00.01.H30' }), 422, 'HT07']
    ]
    const populationBefore = population.kit.received().length
    for (const [what, request, status, code] of cases) {
      const err = await deliveryFailure(async () => await adapter.deliver(request, budget))
      t.equal(err.code, 'LT_UPSTREAM_REJECTED', what)
      t.equal(err.transient, false, what)
      t.equal(err.upstreamStatus, status, what)
      t.equal(err.upstreamCode, code, what)
      t.same(effectsOf(civil.kit, 'khaisinh', request.idempotencyKey), [], `${what}: nothing registered`)
    }
    t.equal(population.kit.received().length, populationBefore, 'no number asked for a refused birth')
  })

  t.test('a death is registered', async (t) => {
    const deceased = nextElder()
    const request = death(deceased, father)
    const reply = await adapter.deliver(request, budget)
    t.ok(deathSchema.validateReply(reply), 'the reply matches the reply schema')
    t.equal(reply.result, 'registered')
    t.match(reply.deathCertificateNumber, new RegExp(`^\\d+/${vietnamDay().slice(0, 4)}/KT$`))
    t.equal(reply.registeredDate, vietnamDay())
    const [effect, ...more] = effectsOf(civil.kit, 'khaitu', request.idempotencyKey)
    t.same(more, [])
    t.equal(effect?.soDinhDanh, deceased.soDinhDanh)
    t.equal(effect?.soTrichLucKhaiTu, reply.deathCertificateNumber)
    t.equal(effect?.maHoSoLienThong, request.body.dossierCode)
    const sent = civil.kit.received().at(-1)?.body as Record<string, any>
    t.equal(sent.nguoiChet.ngaySinh, deceased.ngaySinh, 'native dd/MM/yyyy')
    t.equal(sent.nguoiChet.gioiTinh, deceased.gioiTinh === 'Nam' ? 1 : 2)
    t.equal(sent.nguoiChet.nguyenNhanChet, 'Bệnh già')
  })

  t.test('a death without the Giấy báo tử asks for it', async (t) => {
    const deceased = nextElder()
    for (const documents of [[declaration], []]) {
      const request = death(deceased, father, { documents })
      const reply = await adapter.deliver(request, budget)
      t.same(reply, { result: 'supplement-required', missingDocuments: [{ kind: 'death-notice', name: 'Giấy báo tử' }] })
      t.ok(deathSchema.validateReply(reply))
    }
    t.same(effectsOf(civil.kit, 'khaitu').filter((e) => e.soDinhDanh === deceased.soDinhDanh), [], 'nothing registered')
    t.equal((await adapter.deliver(death(deceased, father), budget)).result, 'registered', 'with it, the death is registered')
  })

  t.test('a second death of the same citizen (another key) is refused; a retry of the first is answered again', async (t) => {
    const deceased = nextElder()
    const request = death(deceased, father)
    const first = await adapter.deliver(request, budget)
    const again = await deliveryFailure(async () => await adapter.deliver(death(deceased, mother), budget))
    t.equal(again.code, 'LT_UPSTREAM_REJECTED')
    t.equal(again.transient, false)
    t.equal(again.upstreamStatus, 409)
    t.equal(again.upstreamCode, 'HT04')
    t.same(await adapter.deliver(request, budget), first, 'the first message retried gets its answer')
    t.equal(effectsOf(civil.kit, 'khaitu').filter((e) => e.soDinhDanh === deceased.soDinhDanh).length, 1)
  })

  t.test('a date of death after today or before the birth, or an ID that disagrees, is refused', async (t) => {
    const deceased = nextElder()
    const cases: Array<[string, DeliveryRequest, string]> = [
      ['died tomorrow', death(deceased, father, { dateOfDeath: vietnamDay(1) }), 'HT03'],
      ['died the day before being born', death(deceased, father, { dateOfDeath: new Date(Date.parse(isoDate(deceased.ngaySinh)) - DAY).toISOString().slice(0, 10) }), 'HT03'],
      ['an ID of the other sex', death(deceased, father, { deceased: { gender: deceased.gioiTinh === 'Nam' ? 'female' : 'male' } }), 'HT02']
    ]
    for (const [what, request, code] of cases) {
      const err = await deliveryFailure(async () => await adapter.deliver(request, budget))
      t.equal(err.code, 'LT_UPSTREAM_REJECTED', what)
      t.equal(err.upstreamStatus, 422, what)
      t.equal(err.upstreamCode, code, what)
    }
    t.same(effectsOf(civil.kit, 'khaitu').filter((e) => e.soDinhDanh === deceased.soDinhDanh), [])
  })

  t.test('faults of the civil-status software are transient', async (t) => {
    t.teardown(() => { civil.kit.faults.set({ failNext: 0, failStatus: 503, down: false }) })
    civil.kit.faults.set({ failNext: 1 })
    const failed = await deliveryFailure(async () => await adapter.deliver(birth({ mother }), budget))
    t.equal(failed.code, 'LT_UPSTREAM_UNAVAILABLE')
    t.equal(failed.transient, true)
    t.equal(failed.upstreamStatus, 503)
    civil.kit.faults.set({ failNext: 1, failStatus: 429 })
    const limited = await deliveryFailure(async () => await adapter.deliver(death(nextElder(), father), budget))
    t.equal(limited.code, 'LT_UPSTREAM_RATE_LIMITED')
    t.equal(limited.transient, true)
    civil.kit.faults.set({ down: true })
    const down = await deliveryFailure(async () => await adapter.deliver(birth({ mother }), budget))
    t.equal(down.code, 'LT_UPSTREAM_UNAVAILABLE')
    t.equal(down.transient, true)
    const unsure = await deliveryFailure(async () => await adapter.confirm?.(birth({ mother }), budget))
    t.equal(unsure.transient, true, 'confirm() cannot say while the software is down')
  })

  t.test('a lost reply: the birth was registered, confirm() finds it, a retry gets the same answer', async (t) => {
    t.teardown(() => { civil.kit.faults.set({ lostReplyRate: 0 }) })
    const request = birth({ mother, child: { fullName: 'Nguyễn Đức Anh' } })
    civil.kit.faults.set({ lostReplyRate: 1 })
    const lost = await deliveryFailure(async () => await adapter.deliver(request, budget))
    t.equal(lost.transient, true)
    civil.kit.faults.set({ lostReplyRate: 0 })
    const confirmation = await adapter.confirm?.(request, budget)
    t.equal(confirmation?.outcome, 'applied')
    const reply = await adapter.deliver(request, budget)
    t.same(confirmation, { outcome: 'applied', reply })
    t.equal(effectsOf(civil.kit, 'khaisinh', request.idempotencyKey).length, 1)
  })

  t.test('the population database down: a transient failure, nothing registered; a retry once it is back registers once', async (t) => {
    t.teardown(() => { population.kit.faults.set({ down: false }) })
    const request = birth({ mother, child: { fullName: 'Nguyễn Hải Đăng' } })
    population.kit.faults.set({ down: true })
    const err = await deliveryFailure(async () => await adapter.deliver(request, budget))
    t.equal(err.code, 'LT_UPSTREAM_UNAVAILABLE')
    t.equal(err.transient, true)
    t.equal(err.upstreamStatus, 503)
    t.equal(err.upstreamCode, 'HT98')
    t.same(effectsOf(civil.kit, 'khaisinh', request.idempotencyKey), [])
    t.same(await adapter.confirm?.(request, budget), { outcome: 'not-received' }, 'a failure is not remembered')
    population.kit.faults.set({ down: false })
    const reply = await adapter.deliver(request, budget)
    t.equal(reply.result, 'registered')
    t.equal(effectsOf(civil.kit, 'khaisinh', request.idempotencyKey).length, 1)
  })

  t.test('a wrong API key is refused permanently', async (t) => {
    const wrong = civilStatusSystem.createAdapter({ baseUrl: civilUrl, credentials: { apiKey: 'nope' } })
    t.teardown(async () => { await wrong.close() })
    const request = birth({ mother })
    const err = await deliveryFailure(async () => await wrong.deliver(request, budget))
    t.equal(err.code, 'LT_UPSTREAM_REJECTED')
    t.equal(err.transient, false)
    t.equal(err.upstreamStatus, 401)
    t.equal(err.upstreamCode, 'HT99')
    t.same(effectsOf(civil.kit, 'khaisinh', request.idempotencyKey), [])
  })

  t.test('the population database\'s native route for a newborn\'s number: idempotent by key, checked, credentialed', async (t) => {
    const post = async (body: unknown, key: string, apiKey = populationCredentials.apiKey): Promise<{ status: number, body: Record<string, unknown> }> => {
      const res = await request(`${populationUrl}/api/congdan/khaisinh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'idempotency-key': key },
        body: JSON.stringify(body)
      })
      return { status: res.statusCode, body: await res.body.json() as Record<string, unknown> }
    }
    const born = vietnamDay(-1)
    const native = { hoVaTen: 'Lê Thu Trang', ngaySinh: `${born.slice(8)}/${born.slice(5, 7)}/${born.slice(0, 4)}`, gioiTinh: 'Nữ', maTinhDangKy: '001', noiSinh: 'Bệnh viện Phụ sản Hà Nội', soDinhDanhMe: mother.soDinhDanh }
    const key = `test-${Date.now()}`
    const first = await post(native, key)
    const second = await post(native, key)
    t.equal(first.status, 200)
    t.equal(first.body.maKetQua, '00')
    const id = first.body.soDinhDanh as string
    t.equal(personalIdAgreementProblem(id, born, 'female'), null)
    t.equal(id.slice(0, 4), '0013', 'Hà Nội (001), a girl born in the 2000s')
    t.same(second.body, first.body, 'the same key is answered again')
    t.equal(effectsOf(population.kit, 'capsodinhdanh').filter((e) => e.soDinhDanh === id).length, 1)
    t.not((await post(native, `${key}-other`)).body.soDinhDanh, id, 'another key is another child')
    t.equal(population.sample(10_000).length, 5_000, 'sample() stays the seeded citizens')
    const bad = await post({ ...native, maTinhDangKy: '003' }, `${key}-bad`)
    t.same([bad.status, bad.body.maKetQua], [400, '02'], 'not a province code')
    const future = await post({ ...native, ngaySinh: '01/01/2999' }, `${key}-future`)
    t.same([future.status, future.body.maKetQua], [400, '02'], 'not born yet')
    const wrong = await post(native, `${key}-wrong`, 'nope')
    t.same([wrong.status, wrong.body.maKetQua], [401, '03'])
  })

  t.test('a service the software does not serve is refused without a call', async (t) => {
    const before = civil.kit.received().length
    const err = await deliveryFailure(async () => await adapter.deliver(deliveryRequest('citizen.verify', {}), budget))
    t.equal(err.code, 'LT_UPSTREAM_REJECTED')
    t.equal(err.transient, false)
    t.equal(civil.kit.received().length, before)
  })
})

t.test('without a population peer the software numbers newborns itself, by the same rule', async (t) => {
  const civil = civilStatusSystem.buildMock({ seed, faults: {}, credentials })
  const url = await civil.kit.listen('127.0.0.1', 0)
  const adapter: Adapter = civilStatusSystem.createAdapter({ baseUrl: url, credentials })
  t.teardown(async () => { await adapter.close(); await civil.kit.close() })
  const citizens = civil.sample(5_000) as unknown as Citizen[]
  const mother = citizens.find((c) => c.gioiTinh === 'Nữ' && Number(c.ngaySinh.slice(6)) < 2000) as Citizen
  const dateOfBirth = vietnamDay(-1)
  const reply = await adapter.deliver(birth({ mother, child: { gender: 'female', dateOfBirth } }), budget)
  t.ok(birthSchema.validateReply(reply))
  const id = reply.childCitizenId as string
  t.equal(personalIdProblem(id), null)
  t.equal(personalIdAgreementProblem(id, dateOfBirth, 'female'), null)
  t.equal(id.slice(0, 3), '079')
  t.notOk(citizens.some((c) => c.soDinhDanh === id), 'not a seeded citizen\'s number')
  t.equal(effectsOf(civil.kit, 'khaisinh')[0]?.soDinhDanh, id)
})
