import t, { type Test } from 'tap'
import { envelope, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'

const p = await startPlatform(t)
const [citizen] = sampleCitizens(p.mock(IDS.population), 1)
if (citizen === undefined) throw new Error('no sample citizen')
const verifyBody = { citizenId: citizen.citizenId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth }

async function post (payload: string | object, headers: Record<string, string> = {}): Promise<{ statusCode: number, body: any }> {
  const res = await p.app.inject({
    method: 'POST',
    url: '/v1/messages',
    headers: { authorization: `Bearer ${KEYS.h29}`, 'content-type': 'application/json', ...headers },
    payload
  })
  return { statusCode: res.statusCode, body: res.json() }
}

function assertShape (t: Test, res: { statusCode: number, body: any }, statusCode: number, code: string): void {
  t.equal(res.statusCode, statusCode, `status ${statusCode}`)
  t.equal(res.body.statusCode, statusCode)
  t.equal(res.body.code, code)
  t.type(res.body.message, 'string')
  t.ok(res.body.message.length > 0)
}

t.test('authentication', async (t) => {
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, verifyBody)
  const missing = await p.app.inject({ method: 'POST', url: '/v1/messages', payload: msg })
  assertShape(t, { statusCode: missing.statusCode, body: missing.json() }, 401, 'LT_UNAUTHENTICATED')
  t.match(missing.headers['www-authenticate'], /^Bearer/)
  assertShape(t, await post(msg, { authorization: 'Bearer not-a-key' }), 401, 'LT_UNAUTHENTICATED')
  assertShape(t, await post(msg, { authorization: `Basic ${KEYS.h29}` }), 401, 'LT_UNAUTHENTICATED')
  const get = await p.app.inject({ method: 'GET', url: '/v1/services' })
  t.equal(get.statusCode, 401, 'the catalog needs a key too')
})

t.test('authorization', async (t) => {
  const spoofed = await post(envelope('citizen.verify', IDS.h62, IDS.population, verifyBody))
  assertShape(t, spoofed, 403, 'LT_SENDER_MISMATCH')
  t.same(spoofed.body.details, [{ pointer: '/header/from', problem: 'is not the authenticated participant' }])
  // H62 has no right to citizen.lookup.
  const noRight = await post(envelope('citizen.lookup', IDS.h62, IDS.population, { citizenId: citizen.citizenId, purpose: 'kiểm tra' }), { authorization: `Bearer ${KEYS.h62}` })
  assertShape(t, noRight, 403, 'LT_SERVICE_FORBIDDEN')
  t.equal(noRight.body.details[0].pointer, '/header/service')
  // H29 may send dossier.status only to the national portal... and dossier.submit not at all.
  const submit = await post(envelope('dossier.submit', IDS.h29, IDS.h62, dossierBody(citizen, 'H62')))
  assertShape(t, submit, 403, 'LT_SERVICE_FORBIDDEN')
  const wrongReceiver = await post(envelope('citizen.verify', IDS.h29, IDS.business, verifyBody))
  assertShape(t, wrongReceiver, 422, 'LT_UNKNOWN_RECEIVER')
  t.equal(wrongReceiver.body.details[0].pointer, '/header/to')
  const otherProvince = await post(envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(citizen, 'H62')), { authorization: `Bearer ${KEYS.dvcqg}` })
  assertShape(t, otherProvince, 422, 'LT_UNKNOWN_RECEIVER')
  t.equal(otherProvince.body.details[0].pointer, '/body/receivingAgency')
})

t.test('malformed requests', async (t) => {
  assertShape(t, await post('{"header": {'), 400, 'LT_MALFORMED_JSON')
  assertShape(t, await post(''), 400, 'LT_MALFORMED_JSON')
  const text = await p.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${KEYS.h29}`, 'content-type': 'text/plain' }, payload: 'hello' })
  assertShape(t, { statusCode: text.statusCode, body: text.json() }, 415, 'LT_UNSUPPORTED_MEDIA_TYPE')
  const xml = await p.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${KEYS.h29}`, 'content-type': 'application/xml' }, payload: '<a/>' })
  assertShape(t, { statusCode: xml.statusCode, body: xml.json() }, 415, 'LT_UNSUPPORTED_MEDIA_TYPE')
  const big = envelope('citizen.verify', IDS.h29, IDS.population, { ...verifyBody, padding: 'x'.repeat(p.config.bodyLimitBytes) })
  assertShape(t, await post(JSON.stringify(big)), 413, 'LT_BODY_TOO_LARGE')
  assertShape(t, await post('[1,2]'), 422, 'LT_SCHEMA_INVALID')
  const nf = await p.app.inject({ method: 'GET', url: '/v1/nothing', headers: { authorization: `Bearer ${KEYS.h29}` } })
  assertShape(t, { statusCode: nf.statusCode, body: nf.json() }, 404, 'LT_NOT_FOUND')
})

t.test('envelope and body schema violations point at each bad field', async (t) => {
  const bad = envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId, fullName: citizen.fullName, dateOfBirth: '1990-02-30', nickname: 'x' }, { messageId: 'not-a-uuid', sentAt: 'yesterday' })
  delete (bad.header as Record<string, unknown>).to
  const env = await post(bad)
  assertShape(t, env, 422, 'LT_SCHEMA_INVALID')
  const pointers = env.body.details.map((d: any) => d.pointer).sort()
  t.same(pointers, ['/header/messageId', '/header/sentAt', '/header/to'])

  const body = await post(envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId, fullName: 'Nguyễn 2 Văn', dateOfBirth: '1990-02-30', nickname: 'x' }))
  assertShape(t, body, 422, 'LT_SCHEMA_INVALID')
  t.same(body.body.details.map((d: any) => d.pointer).sort(), ['/body/dateOfBirth', '/body/fullName', '/body/nickname'])
  t.type(body.body.messageId, 'string')
})

t.test('unknown service and version', async (t) => {
  const svc = await post(envelope('citizen.teleport', IDS.h29, IDS.population, verifyBody))
  assertShape(t, svc, 422, 'LT_UNKNOWN_SERVICE')
  t.same(svc.body.details, [{ pointer: '/header/service', problem: 'unknown service' }])
  const ver = await post(envelope('citizen.verify', IDS.h29, IDS.population, verifyBody, { version: '7' }))
  assertShape(t, ver, 422, 'LT_UNKNOWN_VERSION')
  t.same(ver.body.details, [{ pointer: '/header/version', problem: 'unknown version' }])
})

t.test('identifiers are checked by their rules, not only their length', async (t) => {
  const province = await post(envelope('citizen.verify', IDS.h29, IDS.population, { ...verifyBody, citizenId: '099090012345' }))
  assertShape(t, province, 422, 'LT_IDENTIFIER_INVALID')
  t.equal(province.body.details[0].pointer, '/body/citizenId')
  t.match(province.body.details[0].problem, /province/)

  // The ID encodes birth year 19xx/20xx; a date of birth in another year contradicts it.
  const year = Number(citizen.dateOfBirth.slice(0, 4))
  const disagree = await post(envelope('citizen.verify', IDS.h29, IDS.population, { ...verifyBody, dateOfBirth: `${year + 1}${citizen.dateOfBirth.slice(4)}` }))
  assertShape(t, disagree, 422, 'LT_IDENTIFIER_INVALID')
  t.equal(disagree.body.details[0].pointer, '/body/citizenId')

  const sexDigit = await post(envelope('citizen.verify', IDS.h29, IDS.population, { ...verifyBody, gender: citizen.gender === 'male' ? 'female' : 'male' }))
  assertShape(t, sexDigit, 422, 'LT_IDENTIFIER_INVALID')

  const enterprise = await post(envelope('enterprise.lookup', IDS.h29, IDS.business, { enterpriseCode: '0300588568' }))
  assertShape(t, enterprise, 422, 'LT_IDENTIFIER_INVALID')
  t.same(enterprise.body.details[0].pointer, '/body/enterpriseCode')

  const agency = await post(envelope('dossier.submit', IDS.portal, IDS.h29, { ...dossierBody(citizen), receivingAgency: '001.00.00.H29' }), { authorization: `Bearer ${KEYS.dvcqg}` })
  assertShape(t, agency, 422, 'LT_IDENTIFIER_INVALID')
  t.equal(agency.body.details[0].pointer, '/body/receivingAgency')

  const dossier = await post(envelope('dossier.status', IDS.h29, IDS.portal, { dossierCode: '000.00.01.H29-261340-0001', status: 4, changedAt: '2026-11-23T08:15:00+07:00' }))
  assertShape(t, dossier, 422, 'LT_IDENTIFIER_INVALID')
  t.equal(dossier.body.details[0].pointer, '/body/dossierCode')
})

t.test('re-posting a messageId: same content returns the first answer, different content is refused', async (t) => {
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, verifyBody)
  const first = await post(msg)
  t.equal(first.statusCode, 200)
  const before = p.mock(IDS.population).received().length
  const again = await post({ ...msg, header: { ...msg.header, sentAt: '2026-11-22T09:31:00+07:00' } })
  t.equal(again.statusCode, 200)
  t.same(again.body, first.body, 'the same reply envelope')
  t.equal(p.mock(IDS.population).received().length, before, 'nothing delivered again')
  const changed = await post({ ...msg, body: { ...verifyBody, fullName: 'Lê Thị Hoa' } })
  assertShape(t, changed, 409, 'LT_MESSAGE_ID_CONFLICT')
})

t.test('only the sender sees a message', async (t) => {
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, verifyBody)
  t.equal((await post(msg)).statusCode, 200)
  const other = await p.state(String(msg.header.messageId), KEYS.h62)
  assertShape(t, other, 404, 'LT_MESSAGE_NOT_FOUND')
  const badId = await p.state('nope', KEYS.h29)
  assertShape(t, badId, 400, 'LT_BAD_REQUEST')
})

t.test('the service catalog lists what the caller may use', async (t) => {
  const res = await p.app.inject({ method: 'GET', url: '/v1/services', headers: { authorization: `Bearer ${KEYS.h62}` } })
  t.equal(res.statusCode, 200)
  const services = res.json().services
  t.same(services.map((s: any) => s.service).sort(), ['citizen.verify', 'dossier.status', 'enterprise.lookup'])
  const verify = services.find((s: any) => s.service === 'citizen.verify')
  t.equal(verify.mode, 'sync')
  t.same(verify.receivers.map((r: any) => r.id), [IDS.population])
  const schema = await p.app.inject({ method: 'GET', url: verify.versions[0].schemaUrl, headers: { authorization: `Bearer ${KEYS.h62}` } })
  t.equal(schema.statusCode, 200)
  t.equal(schema.json().$id, 'services/citizen.verify.v1.json')
})

t.test('the API reference is public and describes every route', async (t) => {
  const page = await p.app.inject({ method: 'GET', url: '/docs' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  const doc = (await p.app.inject({ method: 'GET', url: '/docs/json' })).json()
  t.equal(doc.openapi, '3.1.0')
  t.ok(doc.paths['/v1/messages'].post.responses['422'], 'the error replies are documented')
  t.ok(doc.components.schemas.envelope, 'shared schemas keep their names')
  t.ok(doc.components.securitySchemes.apiKey)
})

t.test('health', async (t) => {
  const live = await p.app.inject({ method: 'GET', url: '/health/live' })
  t.equal(live.statusCode, 200)
  // No delivery workers run in this file: not ready (test/gateway/health.test.ts covers the rest).
  const ready = await p.app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(ready.statusCode, 503)
  t.same(ready.json().checks, { redis: 'ok', workers: 'none' })
})
