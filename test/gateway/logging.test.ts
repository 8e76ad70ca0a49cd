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
