import { PassThrough } from 'node:stream'
import t from 'tap'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'

// Both the gateway's and the workers' lines, at debug so that whatever any code logs is seen.
const stream = new PassThrough()
const chunks: string[] = []
stream.on('data', (chunk) => chunks.push(String(chunk)))
const p = await startPlatform(t, { workers: true, logStream: stream, logLevel: 'debug' })
const [citizen, applicant] = sampleCitizens(p.mock(IDS.population), 2)
if (citizen === undefined || applicant === undefined) throw new Error('no sample citizens')
const population = p.mock(IDS.population)
const h29 = p.mock(IDS.h29)

/** messageId → the correlationId its sender gave (null: none). */
const sent = new Map<string, string | null>()

async function post (msg: ReturnType<typeof envelope>, key: string): Promise<number> {
  sent.set(String(msg.header.messageId), (msg.header.correlationId as string | undefined) ?? null)
  return (await p.send(msg, key)).statusCode
}

async function settled (id: string): Promise<string> {
  return await eventually(async () => {
    const s = (await p.state(id, KEYS.dvcqg)).body.status
    return s === 'delivered' || s === 'dead' ? s : undefined
  }, 15_000, `message ${id} to settle`)
}

let output = ''
let lines: Array<Record<string, any>> = []

t.test('sync and async messages, with failures, go through while the logs are captured', async (t) => {
  const { citizenId, fullName, dateOfBirth } = citizen as NonNullable<typeof citizen>
  t.equal(await post(envelope('citizen.verify', IDS.h29, IDS.population, { citizenId, fullName, dateOfBirth }, { correlationId: 'flow-verify-1' }), KEYS.h29), 200)
  t.equal(await post(envelope('citizen.lookup', IDS.h29, IDS.population, { citizenId, purpose: 'Xác minh người nộp hồ sơ' }, { correlationId: 'flow-lookup-1' }), KEYS.h29), 200)
  population.setFaults({ failNext: 1, failStatus: 403 })
  t.equal(await post(envelope('citizen.verify', IDS.h29, IDS.population, { citizenId, fullName, dateOfBirth }, { correlationId: 'flow-verify-2' }), KEYS.h29), 502, 'a sync delivery the upstream refuses')
  const otherYear = `${String(Number(dateOfBirth.slice(0, 4)) - 1)}${dateOfBirth.slice(4)}`
  t.equal(await post(envelope('citizen.verify', IDS.h29, IDS.population, { citizenId, fullName, dateOfBirth: otherYear }), KEYS.h29), 422, 'a refusal at intake')

  h29.setFaults({ failNext: 1, failStatus: 503 })
  const retried = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant), { correlationId: 'dossier-flow-7' })
  t.equal(await post(retried, KEYS.dvcqg), 202)
  t.equal(await settled(String(retried.header.messageId)), 'delivered')
  h29.setFaults({ failNext: 1, failStatus: 403 })
  const dead = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  t.equal(await post(dead, KEYS.dvcqg), 202)
  t.equal(await settled(String(dead.header.messageId)), 'dead')
  output = chunks.join('')
  lines = output.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>)
  t.ok(lines.length > 0, 'every captured line is JSON')
})

t.test('every line of a message request carries its messageId, and its correlationId when sent', async (t) => {
  const methodOf = new Map(lines.filter((l) => l.msg === 'incoming request').map((l) => [l.reqId, l.req.method]))
  const requestLines = lines.filter((l) => l.reqId !== undefined && l.msg !== 'incoming request')
  t.ok(requestLines.length >= 13, `${requestLines.length} request lines: received and completed for each post, and the refusal`)
  for (const line of requestLines) {
    t.ok(sent.has(line.messageId), `${line.msg} (${String(line.reqId)}) carries a messageId`)
    // A status query (GET) names the message but not its flow; a posted message names both.
    if (methodOf.get(line.reqId) === 'POST') t.equal(line.correlationId, sent.get(line.messageId) ?? undefined, `${line.msg} carries the correlationId`)
  }
  const received = requestLines.filter((l) => l.msg === 'message received').map((l) => l.messageId)
  t.same(new Set(received), new Set(sent.keys()), 'each posted message was logged on receipt')
  t.ok(requestLines.some((l) => l.msg === 'request refused' && l.code === 'LT_IDENTIFIER_INVALID'), 'the refusal line is among them')
})

t.test('every delivery line carries the messageId and correlationId', async (t) => {
  const deliveryLines = lines.filter((l) => l.queue !== undefined || l.msg === 'upstream call failed')
  t.same(new Set(deliveryLines.map((l) => l.msg)), new Set(['upstream call failed', 'delivery failed, will retry', 'message delivered', 'message dead']))
  for (const line of deliveryLines) {
    t.ok(sent.has(line.messageId), `${line.msg} carries a messageId`)
    t.equal(line.correlationId, sent.get(line.messageId) ?? undefined, `${line.msg} carries the correlationId`)
  }
  const failures = deliveryLines.filter((l) => l.msg === 'upstream call failed')
  t.same(failures.map((l) => l.err.code).sort(), ['LT_UPSTREAM_REJECTED', 'LT_UPSTREAM_REJECTED', 'LT_UPSTREAM_UNAVAILABLE'], 'the sync and async failures, each with its error')
})

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const INFO = 30

t.test('each request leaves exactly one line at info: the access line', async (t) => {
  const byRequest = new Map<string, Array<Record<string, any>>>()
  for (const line of lines) {
    if (line.reqId === undefined || line.level < INFO) continue
    byRequest.set(line.reqId, [...(byRequest.get(line.reqId) ?? []), line])
  }
  t.ok(byRequest.size >= 9, `${byRequest.size} requests: the posts and the status queries`)
  for (const [reqId, atInfo] of byRequest) {
    t.same(atInfo.map((l) => l.msg), ['request completed'], `${reqId}: one line, request completed`)
    t.match(reqId, UUID, 'the request id is the gateway\'s own UUID')
  }
})

t.test('the access line says who did what', async (t) => {
  const access = lines.filter((l) => l.msg === 'request completed')
  for (const line of access) {
    t.equal(line.clientAddress, '127.0.0.1', 'the client address')
    t.equal(Math.round(line.responseTime * 100) / 100, line.responseTime, 'responseTime in ms, two decimals (more digits could be masked as an ID)')
    t.notOk('req' in line || 'res' in line, 'flat fields, not Fastify\'s req/res objects')
  }
  const posts = access.filter((l) => l.method === 'POST')
  t.equal(posts.length, sent.size)
  for (const line of posts) {
    t.equal(line.route, '/v1/messages')
    const h29 = line.participant === IDS.h29
    t.equal(line.participant, h29 ? IDS.h29 : IDS.portal, 'the participant')
    t.equal(line.credentialId, h29 ? 'h29-dev-1' : 'dvcqg-dev-1', 'the id of the key it used')
    t.equal(line.receiver, h29 ? IDS.population : IDS.h29, 'the receiver')
    t.ok(['citizen.verify', 'citizen.lookup', 'dossier.submit'].includes(line.service), 'the service')
  }
  t.same(posts.map((l) => [l.statusCode, l.code]).filter(([s]) => s >= 400).sort(), [[422, 'LT_IDENTIFIER_INVALID'], [502, 'LT_UPSTREAM_REJECTED']], 'refusals and upstream failures carry their code')
  t.notOk(posts.some((l) => l.statusCode < 400 && 'code' in l), 'accepted messages carry none')
  const queries = access.filter((l) => l.method === 'GET')
  t.ok(queries.length > 0)
  for (const line of queries) {
    t.equal(line.route, '/v1/messages/:messageId')
    t.equal(line.participant, IDS.portal)
    t.ok(sent.has(line.messageId))
  }
})

t.test('a client\'s X-Request-Id is kept apart, cut short; refused and unknown callers are logged as such', async (t) => {
  const from = chunks.length
  const { citizenId, fullName, dateOfBirth } = citizen as NonNullable<typeof citizen>
  const verify = envelope('citizen.verify', IDS.h29, IDS.population, { citizenId, fullName, dateOfBirth })
  const clientId = `trace:${'x'.repeat(8192)}`
  const own = await p.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${KEYS.h29}`, 'x-request-id': clientId }, payload: verify })
  t.equal(own.statusCode, 200)
  const reqId = own.headers['x-request-id']
  t.match(reqId, UUID, 'the answer tells the gateway\'s request id')
  const odd = await p.app.inject({ method: 'GET', url: '/v1/services', headers: { authorization: `Bearer ${KEYS.h62}`, 'x-request-id': 'a b"c\\d{e}' } })
  t.equal(odd.statusCode, 200)
  const wrongKey = await p.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: 'Bearer not-a-key', 'x-request-id': citizenId }, payload: verify })
  t.equal(wrongKey.statusCode, 401)
  const unknown = envelope('no.such-service', IDS.h29, 'VN:GOV:000.00.00.H01:nobody', {})
  t.equal((await p.send(unknown)).statusCode, 422)
  // A route of a plugin registered before the gateway's own (Swagger UI): logged the same way.
  t.equal((await p.app.inject({ method: 'GET', url: '/docs/json' })).statusCode, 200)

  const added = chunks.slice(from).join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>)
  const access = added.filter((l) => l.msg === 'request completed')
  t.equal(access.length, 5, 'one access line each')
  const [ownLine, oddLine, wrongKeyLine, unknownLine, docsLine] = access
  t.equal(ownLine?.reqId, reqId, 'the line has the request id the client was told')
  t.equal(ownLine?.clientRequestId, clientId.slice(0, 128), 'the client\'s id, cut to 128 characters')
  t.equal(ownLine?.messageId, verify.header.messageId)
  t.equal(oddLine?.clientRequestId, 'a_b_c_d_e_', 'unusual characters replaced')
  t.equal(oddLine?.participant, IDS.h62)
  t.equal(oddLine?.credentialId, 'h62-dev-1')
  t.match(wrongKeyLine, { statusCode: 401, code: 'LT_UNAUTHENTICATED', clientAddress: '127.0.0.1', route: '/v1/messages' })
  t.notOk('participant' in (wrongKeyLine ?? {}) || 'credentialId' in (wrongKeyLine ?? {}), 'no participant for a key the gateway does not know')
  t.equal(wrongKeyLine?.clientRequestId, `${citizenId.slice(0, 4)}********`, 'a personal ID in it is masked like any other')
  t.match(unknownLine, { statusCode: 422, code: 'LT_UNKNOWN_SERVICE', participant: IDS.h29 })
  t.notOk('service' in (unknownLine ?? {}) || 'receiver' in (unknownLine ?? {}), 'a service or receiver the gateway does not know is not written')
  t.match(docsLine, { statusCode: 200, route: '/docs/json', clientAddress: '127.0.0.1' })
  output = chunks.join('')
})

t.test('citizen data and API keys never appear in clear', async (t) => {
  for (const who of [citizen, applicant]) {
    const [y, m, d] = who.dateOfBirth.split('-')
    t.notOk(output.includes(who.citizenId), 'no personal ID')
    t.notOk(output.includes(who.fullName), 'no name')
    t.notOk(output.includes(who.fullName.normalize('NFD')), 'no name, decomposed either')
    t.notOk(output.includes(who.dateOfBirth), 'no date of birth')
    t.notOk(output.includes(`${d ?? ''}/${m ?? ''}/${y ?? ''}`), 'no native date of birth')
  }
  for (const key of Object.values(KEYS)) t.notOk(output.includes(key), 'no API key')
})
