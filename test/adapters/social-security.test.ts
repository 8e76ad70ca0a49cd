import t from 'tap'
import type { DeliveryRequest } from '../../adapters/contract.js'
import { generateCitizens } from '../../adapters/population/data.js'
import { populationSystem } from '../../adapters/population/system.js'
import { buildSocialSecurityMock } from '../../adapters/social-security/mock.js'
import { socialSecuritySystem } from '../../adapters/social-security/system.js'
import { nativeDateOf } from '../../adapters/shared/vietnam-time.js'
import { formatDossierCode, makePersonalId, personalIdAgreementProblem, personalIdProblem } from '../../src/identifiers/index.js'
import { MessageSchemas } from '../../src/message-schemas.js'
import { deliveryFailure, deliveryRequest, isoDate } from './helpers.js'

const seed = 20261122
const credentials = { apiKey: 'bhxh-test-key' }
const budget = { timeoutMs: 5_000 }
const CHILD_CARD = 'health-insurance.child-card'
const DEATH_BENEFITS = 'social-insurance.death-benefits'

const schemas = await MessageSchemas.load('schemas')
const { kit, sample } = socialSecuritySystem.buildMock({ seed, faults: {}, credentials })
const baseUrl = await kit.listen('127.0.0.1', 0)
const adapter = socialSecuritySystem.createAdapter({ baseUrl, credentials })
t.teardown(async () => { await adapter.close(); await kit.close() })

interface Insurance { soDinhDanh: string, hoVaTen: string, ngaySinh: string, gioiTinh: string, maSoBHXH: string | null, soThangDong: number }
const people = sample(5_000) as unknown as Insurance[]
const adult = (p: Insurance): boolean => Number(p.ngaySinh.slice(6)) <= 2000
const longInsured = people.filter((p) => p.maSoBHXH !== null && p.soThangDong >= 180)
const shortInsured = people.filter((p) => p.maSoBHXH !== null && p.soThangDong < 180)
const uninsured = people.filter((p) => p.maSoBHXH === null && adult(p))
// The claimant is a relative; the last adult, so never one of the deceased the tests pick from the front.
const claimant = people.filter(adult).at(-1)
if (longInsured.length < 3 || shortInsured.length < 1 || uninsured.length < 2 || claimant === undefined) throw new Error('the seeded data lacks insured and uninsured people')

/** Today's date in Vietnam, `YYYY-MM-DD`. */
function vietnamToday (): string {
  return isoDate(nativeDateOf(new Date()))
}

let serial = 4500
let dossier = 0
/** A fresh personal ID number for a child of province 079 born in `year`. */
function childId (year: number, sex: 'male' | 'female' = 'male'): string {
  return makePersonalId('079', year, sex, serial++)
}

function cardRequest (citizenId: string, dateOfBirth: string, gender: 'male' | 'female' = 'male'): DeliveryRequest {
  return deliveryRequest(CHILD_CARD, {
    dossierCode: formatDossierCode('000.00.01.H29', new Date(), ++dossier),
    citizenId,
    fullName: 'Lâm Gia Huy',
    dateOfBirth,
    gender,
    birthCertificateNumber: `${dossier}/2026/KS`,
    address: 'Số 213 đường Điện Biên Phủ, Phường Xuân Hòa, Huyện Thạch Hà, Tỉnh Vĩnh Phúc',
    guardian: { citizenId: '026081949699', fullName: 'Lâm Hữu Trung' }
  }, { to: 'VN:GOV:000.00.99.G12:bhxh' })
}

function claimRequest (deceased: Insurance, dateOfDeath = vietnamToday()): DeliveryRequest {
  return deliveryRequest(DEATH_BENEFITS, {
    dossierCode: formatDossierCode('000.00.01.H29', new Date(), ++dossier),
    deceased: { citizenId: deceased.soDinhDanh, fullName: deceased.hoVaTen, dateOfDeath },
    deathCertificateNumber: `${dossier}/2026/KT`,
    claimant: { citizenId: claimant?.soDinhDanh, fullName: claimant?.hoVaTen, relationship: 'con' }
  }, { to: 'VN:GOV:000.00.99.G12:bhxh' })
}

function effectsOf (request: DeliveryRequest): Array<Record<string, unknown>> {
  return kit.effects().filter((e) => e.idempotencyKey === request.idempotencyKey)
}

/** The standard body must be valid against its service schema, or the test is testing nothing real. */
function validRequest (request: DeliveryRequest): DeliveryRequest {
  const validate = schemas.versionsOf(request.service)?.get('1')?.validateRequest
  if (validate === undefined || !validate(structuredClone(request.body))) throw new Error(`${request.service} test body is invalid: ${JSON.stringify(validate?.errors)}`)
  return request
}

function replyProblems (service: string, reply: unknown): unknown {
  const validate = schemas.versionsOf(service)?.get('1')?.validateReply
  if (validate === undefined) return `no schema for ${service}`
  return validate(reply) ? null : validate.errors
}

t.test('seeded insured people are the population mock\'s citizens (same seed, same people)', async (t) => {
  const population = populationSystem.buildMock({ seed, faults: {}, credentials })
  const strip = (p: Record<string, unknown>): unknown => ({ soDinhDanh: p.soDinhDanh, hoVaTen: p.hoVaTen, ngaySinh: p.ngaySinh, gioiTinh: p.gioiTinh })
  t.same(sample(50).map(strip), population.sample(50).map(strip))
  t.same(sample(50).map(strip), generateCitizens(seed, 50).map((c) => strip({ ...c })))
  t.same(socialSecuritySystem.buildMock({ seed, faults: {}, credentials }).sample(200), sample(200), 'same seed, same insurance records')
  t.not(JSON.stringify(socialSecuritySystem.buildMock({ seed: seed + 1, faults: {}, credentials }).sample(20)), JSON.stringify(sample(20)), 'another seed, other people')
  const numbers = people.flatMap((p) => p.maSoBHXH === null ? [] : [p.maSoBHXH])
  t.ok(numbers.every((n) => /^\d{10}$/.test(n)), 'social insurance numbers have 10 digits')
  t.equal(new Set(numbers).size, numbers.length, 'no two people share a number')
  t.ok(people.every((p) => p.maSoBHXH === null || p.maSoBHXH.slice(0, 2) === p.soDinhDanh.slice(1, 3)), 'the number starts with the province code')
  t.ok(people.every((p) => p.maSoBHXH !== null || p.soThangDong === 0), 'the uninsured have no contribution months')
  t.ok(people.every((p) => p.maSoBHXH === null || Number(p.ngaySinh.slice(6)) <= 2008), 'only people of working age contributed')
  t.ok(numbers.length > 1_500 && numbers.length < 3_500, `a part of the citizens is insured (${numbers.length} of 5,000)`)
})

t.test('health-insurance.child-card: a child born this year gets a card valid to the day before the 6th birthday', async (t) => {
  const year = Number(vietnamToday().slice(0, 4))
  const citizenId = childId(year, 'female')
  t.equal(personalIdProblem(citizenId), null, 'a valid personal ID')
  t.equal(personalIdAgreementProblem(citizenId, `${year}-01-01`, 'female'), null, 'agreeing with the birth year and sex')
  const request = validRequest(cardRequest(citizenId, `${year}-01-01`, 'female'))
  const reply = await adapter.deliver(request, budget)
  t.equal(replyProblems(CHILD_CARD, reply), null, 'the reply is valid against definitions.reply')
  t.equal(reply.result, 'issued')
  const number = reply.socialInsuranceNumber as string
  t.match(number, /^\d{10}$/)
  t.equal(number.slice(0, 2), '79', 'numbered by the province of birth registration')
  t.equal(reply.cardNumber, `TE179${number}`)
  t.equal((reply.cardNumber as string).length, 15)
  t.equal(reply.validFrom, `${year}-01-01`)
  t.equal(reply.validTo, `${year + 5}-12-31`)

  const effects = effectsOf(request)
  t.equal(effects.length, 1, 'one card issued')
  t.match(effects[0], { type: 'capthebhyt', soDinhDanh: citizenId, maThe: reply.cardNumber, maSoBHXH: number, maHoSoLienThong: request.body.dossierCode, nguoiGiamHo: '026081949699' })
  const sent = kit.received().find((r) => r.idempotencyKey === request.idempotencyKey)?.body as Record<string, unknown>
  t.match(sent, { soDinhDanh: citizenId, ngaySinh: `01/01/${year}`, gioiTinh: 2, soGiayKhaiSinh: request.body.birthCertificateNumber, nguoiGiamHo: { soDinhDanh: '026081949699', hoTen: 'Lâm Hữu Trung' } }, 'sent in native names and formats')

  const other = await adapter.deliver(validRequest(cardRequest(childId(year), `${year}-01-01`)), budget)
  t.not(other.socialInsuranceNumber, number, 'each child gets a number of its own')
  t.notOk(people.some((p) => p.maSoBHXH === number), 'no insured person holds it')
})

t.test('health-insurance.child-card: a child of 6 or older is refused with the native code; one already carded too', async (t) => {
  const year = Number(vietnamToday().slice(0, 4))
  // Born on 1 January six years ago: 6 today at the youngest (the exact birthday is tested below).
  const request = validRequest(cardRequest(childId(year - 6), `${year - 6}-01-01`))
  const err = await deliveryFailure(async () => await adapter.deliver(request, budget))
  t.equal(err.code, 'LT_UPSTREAM_REJECTED')
  t.equal(err.transient, false)
  t.equal(err.upstreamStatus, 422)
  t.equal(err.upstreamCode, '002')
  t.equal(effectsOf(request).length, 0, 'no card')
  t.same(await adapter.confirm?.(request, budget), { outcome: 'refused', upstreamCode: '002' }, 'the lookup says it was refused')

  const citizenId = childId(year)
  await adapter.deliver(validRequest(cardRequest(citizenId, `${year}-01-01`)), budget)
  const again = await deliveryFailure(async () => await adapter.deliver(validRequest(cardRequest(citizenId, `${year}-01-01`)), budget))
  t.match(again, { code: 'LT_UPSTREAM_REJECTED', transient: false, upstreamStatus: 409, upstreamCode: '003' }, 'a second card for the same child (another key)')

  const mismatch = await deliveryFailure(async () => await adapter.deliver(validRequest(cardRequest(childId(year, 'male'), `${year}-01-01`, 'female')), budget))
  t.match(mismatch, { code: 'LT_UPSTREAM_REJECTED', upstreamStatus: 400, upstreamCode: '001' }, 'an ID that encodes another sex')
})

t.test('the age limit is counted in Vietnam time, with the 6th birthday itself refused', async (t) => {
  // 31 May 2029 20:00 UTC is already 1 June 2029 in Vietnam.
  const pinned = buildSocialSecurityMock({ credentials, now: () => new Date('2029-05-31T20:00:00Z'), size: 10 })
  const url = await pinned.kit.listen('127.0.0.1', 0)
  const toPinned = socialSecuritySystem.createAdapter({ baseUrl: url, credentials })
  t.teardown(async () => { await toPinned.close(); await pinned.kit.close() })
  const sixToday = await deliveryFailure(async () => await toPinned.deliver(cardRequest(childId(2023), '2023-06-01'), budget))
  t.equal(sixToday.upstreamCode, '002', '6 years old today')
  const lastDay = await toPinned.deliver(cardRequest(childId(2023), '2023-06-02'), budget)
  t.match(lastDay, { result: 'issued', validFrom: '2023-06-02', validTo: '2029-06-01' }, 'still 5: covered to the eve of the birthday')
  const leap = await toPinned.deliver(cardRequest(childId(2024), '2024-02-29'), budget)
  t.match(leap, { validFrom: '2024-02-29', validTo: '2030-02-28' }, 'born on 29 February')
  const unborn = await deliveryFailure(async () => await toPinned.deliver(cardRequest(childId(2029), '2029-06-02'), budget))
  t.match(unborn, { upstreamStatus: 400, upstreamCode: '001' }, 'a date of birth after today')
  t.equal(pinned.kit.effects().length, 2)
})

t.test('the same idempotency key twice, and concurrently: one card, the same answer', async (t) => {
  const year = Number(vietnamToday().slice(0, 4))
  const request = cardRequest(childId(year), `${year}-01-01`)
  const first = await adapter.deliver(request, budget)
  const second = await adapter.deliver(request, budget)
  t.same(second, first)
  t.equal(effectsOf(request).length, 1)

  const concurrent = cardRequest(childId(year), `${year}-01-01`)
  const replies = await Promise.all(Array.from({ length: 8 }, async () => await adapter.deliver(concurrent, budget)))
  t.equal(new Set(replies.map((r) => JSON.stringify(r))).size, 1, 'eight identical answers')
  t.equal(effectsOf(concurrent).length, 1, 'one effect')
  const received = kit.received().filter((r) => r.idempotencyKey === concurrent.idempotencyKey)
  t.equal(received.length, 8)
  t.equal(received.filter((r) => r.replayed).length, 7, 'seven replays')

  const claim = claimRequest(longInsured[2] as Insurance)
  const claimReplies = await Promise.all(Array.from({ length: 4 }, async () => await adapter.deliver(claim, budget)))
  t.equal(new Set(claimReplies.map((r) => JSON.stringify(r))).size, 1)
  t.equal(effectsOf(claim).length, 1, 'one claim filed')
})

/** Counts Monday-to-Friday days after `from` up to and including `to` (both `YYYY-MM-DD`). */
function weekdaysBetween (from: string, to: string): number {
  let count = 0
  for (let day = Date.parse(`${from}T00:00:00Z`) + 86_400_000; day <= Date.parse(`${to}T00:00:00Z`); day += 86_400_000) {
    const weekday = new Date(day).getUTCDay()
    if (weekday !== 0 && weekday !== 6) count++
  }
  return count
}

t.test('social-insurance.death-benefits: insured with 180 months or more, fewer, and never insured', async (t) => {
  const long = longInsured[0] as Insurance
  const request = validRequest(claimRequest(long))
  const reply = await adapter.deliver(request, budget)
  t.equal(replyProblems(DEATH_BENEFITS, reply), null)
  t.same(reply, { result: 'accepted', socialInsuranceNumber: long.maSoBHXH, funeralAllowanceVnd: 23_400_000, survivorAllowance: 'monthly', decisionDueDate: reply.decisionDueDate })
  const due = reply.decisionDueDate as string
  t.equal(weekdaysBetween(vietnamToday(), due), 12, '12 working days after receipt')
  t.notOk([0, 6].includes(new Date(`${due}T00:00:00Z`).getUTCDay()), 'due on a working day')
  t.match(effectsOf(request), [{ type: 'tutuat', soDinhDanh: long.soDinhDanh, maSoBHXH: long.maSoBHXH, troCapMaiTang: 23_400_000, cheDoTuTuat: 'HANG_THANG', maHoSoLienThong: request.body.dossierCode, thanNhan: claimant.soDinhDanh }])
  const sent = kit.received().find((r) => r.idempotencyKey === request.idempotencyKey)?.body
  t.match(sent, { nguoiChet: { soDinhDanh: long.soDinhDanh, ngayChet: nativeDateOf(new Date()) }, thanNhan: { quanHe: 'con' } }, 'sent in native names and formats')

  const short = shortInsured[0] as Insurance
  const shortReply = await adapter.deliver(validRequest(claimRequest(short)), budget)
  t.equal(replyProblems(DEATH_BENEFITS, shortReply), null)
  t.match(shortReply, { socialInsuranceNumber: short.maSoBHXH, funeralAllowanceVnd: 23_400_000, survivorAllowance: 'lump-sum' })

  const none = uninsured[0] as Insurance
  const noneRequest = validRequest(claimRequest(none))
  const noneReply = await adapter.deliver(noneRequest, budget)
  t.equal(replyProblems(DEATH_BENEFITS, noneReply), null)
  t.same(noneReply, { result: 'accepted', funeralAllowanceVnd: 0, survivorAllowance: 'none', decisionDueDate: due })
  t.match(effectsOf(noneRequest), [{ type: 'tutuat', maSoBHXH: null, troCapMaiTang: 0, cheDoTuTuat: 'KHONG' }], 'the claim is still filed')

  const before = kit.effects().length
  for (const deceased of [long, none]) {
    const err = await deliveryFailure(async () => await adapter.deliver(validRequest(claimRequest(deceased)), budget))
    t.match(err, { code: 'LT_UPSTREAM_REJECTED', transient: false, upstreamStatus: 409, upstreamCode: '004' }, 'a second claim for the same deceased (another key)')
  }
  t.equal(kit.effects().length, before, 'nothing more filed')
})

t.test('social-insurance.death-benefits: impossible dates and another person\'s name are refused', async (t) => {
  const person = longInsured[1] as Insurance
  const tomorrow = new Date(Date.parse(`${vietnamToday()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
  t.match(await deliveryFailure(async () => await adapter.deliver(claimRequest(person, tomorrow), budget)), { upstreamStatus: 422, upstreamCode: '005' }, 'death after today')
  const beforeBirth = `${Number(person.ngaySinh.slice(6)) - 1}-06-01`
  t.match(await deliveryFailure(async () => await adapter.deliver(claimRequest(person, beforeBirth), budget)), { upstreamStatus: 422, upstreamCode: '005' }, 'death before birth')
  const renamed = { ...person, hoVaTen: 'Trương Văn Không Khớp' }
  t.match(await deliveryFailure(async () => await adapter.deliver(validRequest(claimRequest(renamed)), budget)), { upstreamStatus: 422, upstreamCode: '006' }, 'a name the insurance record does not bear')
  const decomposed = { ...person, hoVaTen: person.hoVaTen.toLocaleUpperCase('vi').normalize('NFD') }
  t.match(await adapter.deliver(claimRequest(decomposed), budget), { socialInsuranceNumber: person.maSoBHXH }, 'the same name typed in capitals and NFD matches')
})

t.test('confirm(): applied with the reply given, not-received, refused', async (t) => {
  const year = Number(vietnamToday().slice(0, 4))
  const request = cardRequest(childId(year), `${year}-01-01`)
  const reply = await adapter.deliver(request, budget)
  t.same(await adapter.confirm?.(request, budget), { outcome: 'applied', reply })
  const claim = claimRequest(uninsured[1] as Insurance)
  const claimReply = await adapter.deliver(claim, budget)
  t.same(await adapter.confirm?.(claim, budget), { outcome: 'applied', reply: claimReply })
  t.same(await adapter.confirm?.(cardRequest(childId(year), `${year}-01-01`), budget), { outcome: 'not-received' })
  t.same(await adapter.confirm?.(claimRequest(longInsured[0] as Insurance), budget), { outcome: 'not-received' })
  const crossed = await deliveryFailure(async () => await adapter.confirm?.({ ...request, service: DEATH_BENEFITS }, budget))
  t.equal(crossed.code, 'LT_UPSTREAM_INVALID_REPLY', 'a key of another kind of transaction is not taken as this service\'s')
  t.equal(effectsOf(request).length, 1, 'asking applied nothing more')
})

t.test('faults are transient DeliveryErrors; a lost reply is found applied, once', async (t) => {
  t.teardown(() => { kit.faults.set({ failNext: 0, failStatus: 503, retryAfterSeconds: null, down: false, timeoutRate: 0, lostReplyRate: 0 }) })
  const year = Number(vietnamToday().slice(0, 4))
  const request = cardRequest(childId(year), `${year}-01-01`)

  kit.faults.set({ failNext: 1 })
  t.match(await deliveryFailure(async () => await adapter.deliver(request, budget)), { code: 'LT_UPSTREAM_UNAVAILABLE', transient: true, upstreamStatus: 503 })
  t.equal(effectsOf(request).length, 0, 'nothing issued')

  kit.faults.set({ failNext: 1, failStatus: 429, retryAfterSeconds: 7 })
  t.match(await deliveryFailure(async () => await adapter.deliver(request, budget)), { code: 'LT_UPSTREAM_RATE_LIMITED', transient: true, retryAfterMs: 7_000 })
  kit.faults.set({ failStatus: 503, retryAfterSeconds: null })

  kit.faults.set({ down: true })
  t.match(await deliveryFailure(async () => await adapter.deliver(request, budget)), { code: 'LT_UPSTREAM_UNAVAILABLE', transient: true })
  t.match(await deliveryFailure(async () => await adapter.confirm?.(request, budget)), { code: 'LT_UPSTREAM_UNAVAILABLE', transient: true }, 'down: the lookup cannot say either')
  kit.faults.set({ down: false })

  kit.faults.set({ timeoutRate: 1 })
  t.match(await deliveryFailure(async () => await adapter.deliver(request, { timeoutMs: 300 })), { code: 'LT_UPSTREAM_TIMEOUT', transient: true })
  kit.faults.set({ timeoutRate: 0 })
  t.equal(effectsOf(request).length, 0, 'still nothing issued')

  kit.faults.set({ lostReplyRate: 1 })
  t.match(await deliveryFailure(async () => await adapter.deliver(request, budget)), { code: 'LT_UPSTREAM_UNAVAILABLE', transient: true }, 'the answer was lost')
  kit.faults.set({ lostReplyRate: 0 })
  const [effect] = effectsOf(request)
  t.equal(effectsOf(request).length, 1, 'yet the card was issued')
  const confirmation = await adapter.confirm?.(request, budget)
  t.match(confirmation, { outcome: 'applied', reply: { result: 'issued', cardNumber: effect?.maThe } })
  const retried = await adapter.deliver(request, budget)
  t.same(retried, confirmation?.outcome === 'applied' ? confirmation.reply : null, 'the retry gets the same card')
  t.equal(effectsOf(request).length, 1, 'one card in all')
})

t.test('a wrong API key is refused permanently; a service it does not serve never leaves the adapter', async (t) => {
  const intruder = socialSecuritySystem.createAdapter({ baseUrl, credentials: { apiKey: 'not-the-key' } })
  t.teardown(async () => { await intruder.close() })
  const year = Number(vietnamToday().slice(0, 4))
  const request = cardRequest(childId(year), `${year}-01-01`)
  t.match(await deliveryFailure(async () => await intruder.deliver(request, budget)), { code: 'LT_UPSTREAM_REJECTED', transient: false, upstreamStatus: 401, upstreamCode: '099' })
  t.match(await deliveryFailure(async () => await intruder.confirm?.(request, budget)), { code: 'LT_UPSTREAM_REJECTED', upstreamStatus: 401 })
  t.equal(effectsOf(request).length, 0)

  const count = kit.received().length
  const other = await deliveryFailure(async () => await adapter.deliver(deliveryRequest('citizen.verify', { citizenId: '026081949699', fullName: 'Lâm Hữu Trung', dateOfBirth: '1981-12-25' }), budget))
  t.match(other, { code: 'LT_UPSTREAM_REJECTED', transient: false })
  const v2 = await deliveryFailure(async () => await adapter.deliver({ ...request, version: '2' }, budget))
  t.match(v2, { code: 'LT_UPSTREAM_REJECTED', transient: false })
  t.equal(kit.received().length, count, 'nothing sent')
})

t.test('the schema examples are valid and agree with the seeded data', async (t) => {
  for (const service of [CHILD_CARD, DEATH_BENEFITS]) {
    const definition = schemas.versionsOf(service)?.get('1')
    t.match(definition, { mode: 'async', receiver: 'social-security', personalData: true })
    const schema = definition?.schema as { examples: unknown[], definitions: { reply: { examples: unknown[] } } }
    t.equal(definition?.validateRequest(structuredClone(schema.examples[0])), true, `${service} request example`)
    t.equal(replyProblems(service, schema.definitions.reply.examples[0]), null, `${service} reply example`)
  }
  const example = (schemas.versionsOf(DEATH_BENEFITS)?.get('1')?.schema as { examples: Array<{ deceased: { citizenId: string, fullName: string } }> }).examples[0]
  const deceased = people.find((p) => p.soDinhDanh === example?.deceased.citizenId)
  t.match(deceased, { hoVaTen: example?.deceased.fullName, maSoBHXH: '2023217500' }, 'the example\'s deceased is a seeded insured citizen')
  t.ok((deceased?.soThangDong ?? 0) >= 180, 'with a monthly survivor allowance, as the example shows')
  t.equal(replyProblems(DEATH_BENEFITS, { result: 'accepted', funeralAllowanceVnd: 23_400_000, survivorAllowance: 'none', decisionDueDate: '2026-12-09' }) === null, false, 'an allowance without an insured person is invalid')
})
