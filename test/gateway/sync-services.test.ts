import t from 'tap'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'

const p = await startPlatform(t)
const population = p.mock(IDS.population)
const [citizen, other] = sampleCitizens(population, 2)
if (citizen === undefined || other === undefined) throw new Error('no sample citizens')

t.test('citizen.verify answers match with the reply envelope', async (t) => {
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth, gender: citizen.gender }, { correlationId: 'flow-1' })
  const res = await p.send(msg)
  t.equal(res.statusCode, 200)
  t.same(res.body.body, { result: 'match', mismatchedFields: [] })
  t.equal(res.body.header.inReplyTo, msg.header.messageId)
  t.equal(res.body.header.from, IDS.population)
  t.equal(res.body.header.to, IDS.h29)
  t.equal(res.body.header.correlationId, 'flow-1')
  const state = await p.state(String(msg.header.messageId))
  t.equal(state.statusCode, 200)
  t.equal(state.body.status, 'delivered')
  t.same(state.body.reply.body, res.body.body)
})

t.test('citizen.verify matches a name typed in decomposed Unicode (NFD)', async (t) => {
  const res = await p.send(envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId, fullName: citizen.fullName.normalize('NFD'), dateOfBirth: citizen.dateOfBirth }))
  t.equal(res.statusCode, 200)
  t.equal(res.body.body.result, 'match')
})

t.test('citizen.verify names the mismatched fields and never the record', async (t) => {
  const res = await p.send(envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId, fullName: other.fullName === citizen.fullName ? 'Trần Văn Khác' : other.fullName, dateOfBirth: citizen.dateOfBirth }))
  t.equal(res.statusCode, 200)
  t.same(res.body.body, { result: 'no-match', mismatchedFields: ['fullName'] })
})

t.test('citizen.lookup returns only the fields the sender may see', async (t) => {
  const res = await p.send(envelope('citizen.lookup', IDS.h29, IDS.population, { citizenId: citizen.citizenId, purpose: 'Xác minh người nộp hồ sơ' }))
  t.equal(res.statusCode, 200)
  t.equal(res.body.body.found, true)
  const got = res.body.body.citizen
  t.equal(got.citizenId, citizen.citizenId)
  t.equal(got.fullName, citizen.fullName)
  t.equal(got.dateOfBirth, citizen.dateOfBirth)
  // H29's right lists fullName, dateOfBirth, gender, permanentAddress, currentAddress only.
  t.same(Object.keys(got).sort(), ['citizenId', 'currentAddress', 'dateOfBirth', 'fullName', 'gender', 'permanentAddress'])
  t.notOk('ethnicity' in got)
  t.notOk('religion' in got)
})

t.test('citizen.lookup of a number the database does not hold answers found: false', async (t) => {
  const res = await p.send(envelope('citizen.lookup', IDS.h29, IDS.population, { citizenId: '001099999999', purpose: 'Xác minh người nộp hồ sơ' }))
  t.equal(res.statusCode, 200)
  t.same(res.body.body, { found: false })
})

t.test('enterprise.lookup returns the registration of a seeded enterprise', async (t) => {
  const business = p.mock(IDS.business)
  const [native] = business.sample(1)
  const code = String(native?.maSoDoanhNghiep)
  const res = await p.send(envelope('enterprise.lookup', IDS.h62, IDS.business, { enterpriseCode: code }), KEYS.h62)
  t.equal(res.statusCode, 200)
  t.equal(res.body.body.found, true)
  t.equal(res.body.body.enterprise.enterpriseCode, code)
  t.equal(res.body.body.enterprise.name, native?.tenDoanhNghiep)
  t.ok(res.body.body.enterprise.businessLines.length > 0)
  t.ok(res.body.body.enterprise.legalRepresentative.fullName.length > 0)
})

t.test('a sync receiver slower than its sync timeout: the sender gets 202 at the timeout, the queue delivers', async (t) => {
  // The population database's sync timeout is 3 s (its endpoint.delivery in the registry).
  population.setFaults({ latencyMs: 4500 })
  t.teardown(() => { population.setFaults({ latencyMs: 0 }) })
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth })
  const id = String(msg.header.messageId)
  const started = Date.now()
  const res = await p.send(msg)
  const waited = Date.now() - started
  t.equal(res.statusCode, 202)
  t.equal(res.body.statusUrl, `/v1/messages/${id}`)
  t.ok(waited >= 2900 && waited < 4400, `answered at the sync timeout, before the receiver (${waited} ms)`)
  const recorded = (await p.state(id)).body
  t.equal(recorded.lastError.code, 'LT_UPSTREAM_TIMEOUT')
  t.equal(recorded.status, 'queued')
  population.setFaults({ latencyMs: 0 })
  const runtime = p.startWorkers()
  t.teardown(async () => { await runtime.close() })
  const state = await eventually(async () => {
    const s = await p.state(id)
    return s.body.status === 'delivered' ? s.body : undefined
  }, 15_000, 'the queued delivery')
  t.same(state.reply.body, { result: 'match', mismatchedFields: [] })
  t.equal(state.reply.header.inReplyTo, id)
})
