import t from 'tap'
import { request } from 'undici'
import type { DeliveryRequest } from '../../adapters/contract.js'
import { generateCitizens } from '../../adapters/population/data.js'
import { residenceSystem } from '../../adapters/residence/system.js'
import type { NativeResident } from '../../adapters/residence/data.js'
import { nativeDateOf, nativeDateToIso } from '../../adapters/shared/vietnam-time.js'
import { makePersonalId, personalIdAgreementProblem, personalIdProblem } from '../../src/identifiers/index.js'
import { MessageSchemas } from '../../src/message-schemas.js'
import { schemasDir } from '../../src/project-paths.js'
import { deliveryFailure, deliveryRequest, isoDate } from './helpers.js'

const credentials = { apiKey: 'cutru-test-key' }
const budget = { timeoutMs: 5_000 }
const seed = 20261122

const schemas = await MessageSchemas.load(schemasDir)
const registerReply = schemas.versionsOf('residence.register')?.get('1')?.validateReply
const deregisterReply = schemas.versionsOf('residence.deregister')?.get('1')?.validateReply
const registerRequest = schemas.versionsOf('residence.register')?.get('1')?.validateRequest
const deregisterRequest = schemas.versionsOf('residence.deregister')?.get('1')?.validateRequest
if (registerReply === undefined || deregisterReply === undefined || registerRequest === undefined || deregisterRequest === undefined) {
  throw new Error('schemas/services lacks residence.register v1 or residence.deregister v1')
}

const { kit, sample } = residenceSystem.buildMock({ seed, faults: {}, credentials })
const url = await kit.listen('127.0.0.1', 0)
const adapter = residenceSystem.createAdapter({ baseUrl: url, credentials, connections: 8 })
t.teardown(async () => { await adapter.close(); await kit.close() })

const residents = sample(5_000) as unknown as NativeResident[]
const knownIds = new Set(residents.map((r) => r.soDinhDanh))
// Adult heads of households, handed out one per case so the cases do not share a household.
const heads = residents.filter((r) => r.laChuHo && Number(r.ngaySinh.slice(6)) <= 2000)
let nextHead = 0
function takeHead (): NativeResident {
  const head = heads[nextHead++]
  if (head === undefined) throw new Error('no more sample heads')
  return head
}
// Members who are not heads, for the deregistrations.
const members = residents.filter((r) => !r.laChuHo)
let nextMember = 0
function takeMember (): NativeResident {
  const member = members[nextMember++]
  if (member === undefined) throw new Error('no more sample members')
  return member
}

/** Today in Vietnam, `YYYY-MM-DD`. */
function vietnamToday (): string {
  return nativeDateToIso(nativeDateOf(new Date())) as string
}

// A newborn ten days old: a fresh personal ID for this year's birth in Hồ Chí Minh City (079).
const birthDate = nativeDateToIso(nativeDateOf(new Date(Date.now() - 10 * 86_400_000))) as string
let nextSerial = 4321
function newbornId (sex: 'male' | 'female'): string {
  for (;;) {
    const id = makePersonalId('079', Number(birthDate.slice(0, 4)), sex, nextSerial++)
    if (!knownIds.has(id)) return id
  }
}

let nextDossier = 1
function dossierCode (): string {
  return `000.00.01.H29-261122-${String(nextDossier++).padStart(4, '0')}`
}

function registration (head: NativeResident, overrides: Record<string, unknown> = {}): DeliveryRequest {
  const sex = (overrides.gender as 'male' | 'female' | undefined) ?? 'male'
  return deliveryRequest('residence.register', {
    dossierCode: dossierCode(),
    citizenId: newbornId(sex),
    fullName: `${head.hoVaTen.split(' ')[0] as string} Minh Khang`,
    dateOfBirth: birthDate,
    gender: sex,
    birthCertificateNumber: '125/2026/KS',
    address: head.noiThuongTru,
    householdHeadCitizenId: head.soDinhDanh,
    relationshipToHead: 'Con',
    ...overrides
  }, { from: 'VN:GOV:000.00.00.H29:motcua', to: 'VN:GOV:000.00.00.G01:cutru' })
}

function deregistration (resident: NativeResident, overrides: Record<string, unknown> = {}): DeliveryRequest {
  return deliveryRequest('residence.deregister', {
    dossierCode: dossierCode(),
    citizenId: resident.soDinhDanh,
    fullName: resident.hoVaTen,
    reason: 'deceased',
    deathCertificateNumber: '87/2026/KT',
    dateOfDeath: vietnamToday(),
    ...overrides
  }, { from: 'VN:GOV:000.00.00.H29:motcua', to: 'VN:GOV:000.00.00.G01:cutru' })
}

function effectsOf (key: string): Array<Record<string, unknown>> {
  return kit.effects().filter((e) => e.idempotencyKey === key)
}

async function nativeGet (path: string, apiKey = credentials.apiKey): Promise<{ status: number, body: Record<string, any> }> {
  const res = await request(`${url}${path}`, { headers: { 'x-api-key': apiKey } })
  return { status: res.statusCode, body: await res.body.json() as Record<string, any> }
}

t.test('the seeded residents are the population mock\'s citizens, grouped in households each with one head', async (t) => {
  const citizens = generateCitizens(seed, 200)
  t.same(residents.slice(0, 200).map((r) => [r.soDinhDanh, r.hoVaTen, r.ngaySinh, r.gioiTinh]),
    citizens.map((c) => [c.soDinhDanh, c.hoVaTen, c.ngaySinh, c.gioiTinh === 'Nam' ? 1 : 2]), 'same people, same order, gender coded 1/2')
  const households = new Map<string, NativeResident[]>()
  for (const r of residents) households.set(r.soHoKhau, [...(households.get(r.soHoKhau) ?? []), r])
  t.ok(households.size > 1_000 && households.size < 2_500, `${households.size} households for 5,000 people`)
  for (const [number, people] of households) {
    const hs = people.filter((p) => p.laChuHo)
    if (hs.length !== 1 || !people.every((p) => p.soDinhDanhChuHo === hs[0]?.soDinhDanh && p.noiThuongTru === hs[0]?.noiThuongTru) || !/^\d{9}$/.test(number)) {
      t.fail(`household ${number} is not one head with its members at one address`)
      return
    }
  }
  t.ok(residents.every((r) => r.laChuHo === (r.quanHeVoiChuHo === 'Chủ hộ')), 'heads and only heads are Chủ hộ')
  t.ok(residents.every((r) => r.trangThai === 'THUONG_TRU'), 'all registered at the start')
  const headIndex = residents.findIndex((r) => r.laChuHo)
  t.ok(headIndex >= 0 && headIndex < 10, 'a head among the first ten of sample(n)')
})

t.test('residence.register: a newborn joins the household of a seeded head', async (t) => {
  const head = takeHead()
  const message = registration(head)
  t.ok(registerRequest(message.body), 'the request is valid against the schema')
  t.equal(personalIdProblem(message.body.citizenId as string), null)
  t.equal(personalIdAgreementProblem(message.body.citizenId as string, birthDate, 'male'), null)
  t.notOk(knownIds.has(message.body.citizenId as string), 'not among the seeded residents')

  const before = vietnamToday()
  const reply = await adapter.deliver(message, budget)
  t.ok(registerReply(reply), `the reply is valid against definitions.reply: ${JSON.stringify(registerReply.errors)}`)
  t.equal(reply.result, 'registered')
  t.equal(reply.householdNumber, head.soHoKhau, 'the head\'s household number')
  t.ok([before, vietnamToday()].includes(reply.registeredDate as string), 'registered today (Vietnam time)')

  const effects = effectsOf(message.idempotencyKey)
  t.equal(effects.length, 1, 'one effect')
  t.match(effects[0], {
    type: 'dangkythuongtru',
    maHoSo: message.body.dossierCode,
    soDinhDanh: message.body.citizenId,
    soHoKhau: head.soHoKhau,
    soDinhDanhChuHo: head.soDinhDanh,
    quanHeVoiChuHo: 'Con',
    soGiayKhaiSinh: '125/2026/KS'
  })
  const sent = kit.received().find((r) => r.idempotencyKey === message.idempotencyKey)
  t.equal(sent?.path, '/api/cutru/thuongtru/dangky')
  t.match(sent?.body, { gioiTinh: 1, ngaySinh: `${birthDate.slice(8)}/${birthDate.slice(5, 7)}/${birthDate.slice(0, 4)}`, soDinhDanhChuHo: head.soDinhDanh }, 'native names and formats')

  const household = await nativeGet(`/api/cutru/hogiadinh/${head.soHoKhau}`)
  t.equal(household.status, 200)
  t.match(household.body.duLieu.thanhVien.find((m: Record<string, unknown>) => m.soDinhDanh === message.body.citizenId), { quanHeVoiChuHo: 'Con', trangThai: 'THUONG_TRU' }, 'the household lists the child')

  const girl = registration(takeHead(), { gender: 'female', fullName: 'Trần Ngọc Anh', relationshipToHead: 'Cháu' })
  t.equal((await adapter.deliver(girl, budget)).result, 'registered')
  t.match(kit.received().find((r) => r.idempotencyKey === girl.idempotencyKey)?.body, { gioiTinh: 2, quanHeVoiChuHo: 'Cháu' }, 'nữ is 2')
})

t.test('a head who is not a registered head of household is refused with the native code, nothing applied', async (t) => {
  const unknown = registration(takeHead(), { householdHeadCitizenId: makePersonalId('001', 1980, 'male', 999_999) })
  t.notOk(knownIds.has(unknown.body.householdHeadCitizenId as string))
  const err = await deliveryFailure(async () => await adapter.deliver(unknown, budget))
  t.equal(err.code, 'LT_UPSTREAM_REJECTED')
  t.equal(err.transient, false)
  t.equal(err.upstreamStatus, 422)
  t.equal(err.upstreamCode, 'CT02')
  t.equal(effectsOf(unknown.idempotencyKey).length, 0)

  const member = takeMember()
  const notHead = registration(takeHead(), { householdHeadCitizenId: member.soDinhDanh })
  t.equal((await deliveryFailure(async () => await adapter.deliver(notHead, budget))).upstreamCode, 'CT02', 'a member who is not the head')

  const deceasedHead = takeHead()
  t.equal((await adapter.deliver(deregistration(deceasedHead), budget)).result, 'deregistered')
  const intoDeregistered = registration(deceasedHead)
  t.equal((await deliveryFailure(async () => await adapter.deliver(intoDeregistered, budget))).upstreamCode, 'CT02', 'a head no longer registered')
  t.equal(effectsOf(notHead.idempotencyKey).length + effectsOf(intoDeregistered.idempotencyKey).length, 0)
})

t.test('a citizen already registered is refused under a new key', async (t) => {
  const head = takeHead()
  const first = registration(head)
  await adapter.deliver(first, budget)
  const again = deliveryRequest('residence.register', { ...first.body, dossierCode: dossierCode() })
  t.not(again.idempotencyKey, first.idempotencyKey)
  const err = await deliveryFailure(async () => await adapter.deliver(again, budget))
  t.equal(err.code, 'LT_UPSTREAM_REJECTED')
  t.equal(err.transient, false)
  t.equal(err.upstreamStatus, 409)
  t.equal(err.upstreamCode, 'CT03')
  t.equal(effectsOf(again.idempotencyKey).length, 0)

  const seeded = takeMember()
  const message = registration(takeHead(), {
    citizenId: seeded.soDinhDanh, fullName: seeded.hoVaTen, dateOfBirth: isoDate(seeded.ngaySinh), gender: seeded.gioiTinh === 1 ? 'male' : 'female'
  })
  t.equal((await deliveryFailure(async () => await adapter.deliver(message, budget))).upstreamCode, 'CT03', 'a seeded resident')
})

t.test('the same idempotency key, sequentially and concurrently: one effect, the same answer', async (t) => {
  const message = registration(takeHead())
  const first = await adapter.deliver(message, budget)
  const second = await adapter.deliver(message, budget)
  t.same(second, first)
  t.equal(effectsOf(message.idempotencyKey).length, 1)
  t.same(kit.received().filter((r) => r.idempotencyKey === message.idempotencyKey).map((r) => r.replayed), [false, true])

  const concurrent = registration(takeHead())
  const replies = await Promise.all(Array.from({ length: 8 }, async () => await adapter.deliver(concurrent, budget)))
  t.equal(replies.length, 8)
  t.ok(replies.every((r) => JSON.stringify(r) === JSON.stringify(replies[0])), 'all the same answer')
  t.equal(replies[0]?.result, 'registered')
  t.equal(effectsOf(concurrent.idempotencyKey).length, 1, 'one registration')
  t.equal(kit.received().filter((r) => r.idempotencyKey === concurrent.idempotencyKey && !r.replayed).length, 1, 'processed once, replayed seven times')

  const leaving = takeMember()
  const death = deregistration(leaving)
  const answers = await Promise.all([adapter.deliver(death, budget), adapter.deliver(death, budget), adapter.deliver(death, budget)])
  t.same(answers[1], answers[0])
  t.same(answers[2], answers[0])
  t.equal(effectsOf(death.idempotencyKey).length, 1, 'one deregistration')
})

t.test('residence.deregister: a deceased seeded resident, once', async (t) => {
  const resident = takeMember()
  const message = deregistration(resident)
  t.ok(deregisterRequest(message.body), 'the request is valid against the schema')
  const before = vietnamToday()
  const reply = await adapter.deliver(message, budget)
  t.ok(deregisterReply(reply), `the reply is valid against definitions.reply: ${JSON.stringify(deregisterReply.errors)}`)
  t.equal(reply.result, 'deregistered')
  t.ok([before, vietnamToday()].includes(reply.deregisteredDate as string), 'deregistered today (Vietnam time)')
  const effects = effectsOf(message.idempotencyKey)
  t.equal(effects.length, 1)
  t.match(effects[0], { type: 'xoadangkythuongtru', maHoSo: message.body.dossierCode, soDinhDanh: resident.soDinhDanh, soHoKhau: resident.soHoKhau, lyDoXoa: 'CHET', soTrichLucKhaiTu: '87/2026/KT' })
  const record = await nativeGet(`/api/cutru/congdan/${resident.soDinhDanh}`)
  t.equal(record.body.duLieu.trangThai, 'DA_XOA_DANG_KY')

  const again = deregistration(resident)
  const err = await deliveryFailure(async () => await adapter.deliver(again, budget))
  t.equal(err.code, 'LT_UPSTREAM_REJECTED')
  t.equal(err.transient, false)
  t.equal(err.upstreamStatus, 409)
  t.equal(err.upstreamCode, 'CT05')
  t.equal(effectsOf(again.idempotencyKey).length, 0)
  t.same(await adapter.deliver(message, budget), reply, 'the first message, retried, is answered as before')

  const stranger = deregistration(takeMember(), { citizenId: makePersonalId('001', 1950, 'female', 999_998), fullName: 'Không Có Tên' })
  t.notOk(knownIds.has(stranger.body.citizenId as string))
  const unknown = await deliveryFailure(async () => await adapter.deliver(stranger, budget))
  t.equal(unknown.upstreamStatus, 404)
  t.equal(unknown.upstreamCode, 'CT04')
})

t.test('malformed data the schemas cannot see is refused by the residence system (CT01)', async (t) => {
  const head = takeHead()
  // A girl's number for a boy: the personal ID encodes the sex (Circular 07/2016/TT-BCA).
  const mismatch = registration(head, { citizenId: newbornId('female'), gender: 'male' })
  const err = await deliveryFailure(async () => await adapter.deliver(mismatch, budget))
  t.equal(err.upstreamStatus, 400)
  t.equal(err.upstreamCode, 'CT01')
  const resident = takeMember()
  const before = Number(resident.ngaySinh.slice(6)) - 1
  const early = deregistration(resident, { dateOfDeath: `${before}-01-01` })
  t.equal((await deliveryFailure(async () => await adapter.deliver(early, budget))).upstreamCode, 'CT01', 'died before being born')
  t.equal(effectsOf(mismatch.idempotencyKey).length + effectsOf(early.idempotencyKey).length, 0)
})

t.test('confirm(): applied with the reply, not-received, refused', async (t) => {
  t.teardown(() => { kit.faults.set({ lostReplyRate: 0, down: false }) })
  const message = registration(takeHead())
  kit.faults.set({ lostReplyRate: 1 })
  t.equal((await deliveryFailure(async () => await adapter.deliver(message, budget))).code, 'LT_UPSTREAM_UNAVAILABLE', 'the answer was lost')
  kit.faults.set({ lostReplyRate: 0 })
  t.equal(effectsOf(message.idempotencyKey).length, 1, 'yet the system registered it')
  const confirmation = await adapter.confirm?.(message, budget)
  t.same(confirmation, { outcome: 'applied', reply: { result: 'registered', householdNumber: effectsOf(message.idempotencyKey)[0]?.soHoKhau, registeredDate: isoDate(effectsOf(message.idempotencyKey)[0]?.ngayDangKy as string) } })
  t.equal(effectsOf(message.idempotencyKey).length, 1, 'asking applied nothing more')

  const death = deregistration(takeMember())
  const reply = await adapter.deliver(death, budget)
  t.same(await adapter.confirm?.(death, budget), { outcome: 'applied', reply })

  t.same(await adapter.confirm?.(registration(takeHead()), budget), { outcome: 'not-received' })
  t.same(await adapter.confirm?.(deregistration(takeMember()), budget), { outcome: 'not-received' })

  const refused = registration(takeHead(), { householdHeadCitizenId: makePersonalId('001', 1980, 'male', 999_997) })
  await deliveryFailure(async () => await adapter.deliver(refused, budget))
  t.same(await adapter.confirm?.(refused, budget), { outcome: 'refused', upstreamCode: 'CT02' })

  // The refused registration's key asked about as a deregistration: not taken for one.
  const other = { ...refused, service: 'residence.deregister' }
  t.equal((await deliveryFailure(async () => await adapter.confirm?.(other, budget))).code, 'LT_UPSTREAM_INVALID_REPLY', 'a key of another transaction type')

  kit.faults.set({ down: true })
  const down = await deliveryFailure(async () => await adapter.confirm?.(message, budget))
  t.equal(down.code, 'LT_UPSTREAM_UNAVAILABLE')
  t.equal(down.transient, true)
})

t.test('faults: transient DeliveryErrors, nothing applied; the retry applies once', async (t) => {
  t.teardown(() => { kit.faults.set({ failNext: 0, failStatus: 503, retryAfterSeconds: null, down: false, timeoutRate: 0, errorRate: 0 }) })
  const message = registration(takeHead())
  kit.faults.set({ failNext: 1 })
  const failed = await deliveryFailure(async () => await adapter.deliver(message, budget))
  t.equal(failed.code, 'LT_UPSTREAM_UNAVAILABLE')
  t.equal(failed.transient, true)
  t.equal(failed.upstreamStatus, 503)
  t.equal(effectsOf(message.idempotencyKey).length, 0, 'a failed request applied nothing')
  t.equal((await adapter.deliver(message, budget)).result, 'registered', 'the retry goes through')
  t.equal(effectsOf(message.idempotencyKey).length, 1)

  kit.faults.set({ failNext: 1, failStatus: 429, retryAfterSeconds: 7 })
  const limited = await deliveryFailure(async () => await adapter.deliver(deregistration(takeMember()), budget))
  t.equal(limited.code, 'LT_UPSTREAM_RATE_LIMITED')
  t.equal(limited.transient, true)
  t.equal(limited.retryAfterMs, 7_000)

  kit.faults.set({ down: true })
  const down = await deliveryFailure(async () => await adapter.deliver(registration(takeHead()), budget))
  t.equal(down.code, 'LT_UPSTREAM_UNAVAILABLE')
  t.equal(down.transient, true)
  kit.faults.set({ down: false })

  kit.faults.set({ timeoutRate: 1 })
  const slow = await deliveryFailure(async () => await adapter.deliver(registration(takeHead()), { timeoutMs: 200 }))
  t.equal(slow.code, 'LT_UPSTREAM_TIMEOUT')
  t.equal(slow.transient, true)
})

t.test('a wrong API key is refused permanently; other services are not served', async (t) => {
  const intruder = residenceSystem.createAdapter({ baseUrl: url, credentials: { apiKey: 'not-the-key' } })
  t.teardown(async () => { await intruder.close() })
  const message = registration(takeHead())
  const err = await deliveryFailure(async () => await intruder.deliver(message, budget))
  t.equal(err.code, 'LT_UPSTREAM_REJECTED')
  t.equal(err.transient, false)
  t.equal(err.upstreamStatus, 401)
  t.equal(err.upstreamCode, 'CT99')
  t.equal(effectsOf(message.idempotencyKey).length, 0)
  t.equal((await adapter.deliver(message, budget)).result, 'registered', 'the refusal was not remembered against the key')
  t.equal((await nativeGet(`/api/cutru/congdan/${message.body.citizenId as string}`, 'not-the-key')).status, 401, 'reads need the key too')

  const before = kit.received().length
  const foreign = deliveryRequest('citizen.verify', { citizenId: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-05-17' })
  const refused = await deliveryFailure(async () => await adapter.deliver(foreign, budget))
  t.equal(refused.code, 'LT_UPSTREAM_REJECTED')
  t.equal(refused.transient, false)
  t.equal(kit.received().length, before, 'nothing sent')
  const v2 = { ...registration(takeHead()), version: '2' }
  t.equal((await deliveryFailure(async () => await adapter.deliver(v2, budget))).transient, false, 'v2 is not served')
})
