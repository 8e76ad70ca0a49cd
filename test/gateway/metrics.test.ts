import t from 'tap'
import pino from 'pino'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { startWorkerRuntime } from '../../src/runtime/worker-runtime.js'
import { MessageSchemas } from '../../src/message-schemas.js'
import { Metrics } from '../../src/observability/metrics.js'
import { FailureThrottle, startMetricsServer } from '../../src/observability/metrics-server.js'
import { schemasDir } from '../../src/project-paths.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { parseExposition, valueOf, type Sample } from '../helpers/prometheus.js'

const ADMIN = 'metrics-admin-token-0123456789-01234'
const p = await startPlatform(t, { workers: true, env: { ADMIN_TOKEN: ADMIN } })
const [citizen] = sampleCitizens(p.mock(IDS.population), 1)
if (citizen === undefined) throw new Error('no sample citizen')
const population = p.mock(IDS.population)
const h29 = p.mock(IDS.h29)

async function scrape (app: FastifyInstance = p.app): Promise<Sample[]> {
  const res = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${ADMIN}` } })
  if (res.statusCode !== 200) throw new Error(`/metrics answered ${res.statusCode}`)
  return parseExposition(res.body)
}

async function settled (id: string): Promise<string> {
  return await eventually(async () => {
    const s = (await p.state(id, KEYS.dvcqg)).body.status
    return s === 'delivered' || s === 'dead' ? s : undefined
  }, 15_000, `message ${id} to settle`)
}

function verify (body: Record<string, unknown> = { citizenId: citizen?.citizenId, fullName: citizen?.fullName, dateOfBirth: citizen?.dateOfBirth }): ReturnType<typeof envelope> {
  return envelope('citizen.verify', IDS.h29, IDS.population, body)
}

t.test('/metrics needs the admin token and speaks the Prometheus text format', async (t) => {
  const none = await p.app.inject({ method: 'GET', url: '/metrics' })
  t.equal(none.statusCode, 401)
  t.equal(none.json().code, 'LT_UNAUTHENTICATED')
  const participant = await p.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${KEYS.h29}` } })
  t.equal(participant.statusCode, 401, 'a participant key is not the admin token')
  const ok = await p.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${ADMIN}` } })
  t.equal(ok.statusCode, 200)
  t.match(ok.headers['content-type'], /^text\/plain; version=0\.0\.4/)
  const samples = parseExposition(ok.body)
  t.ok(samples.some((s) => s.name === 'process_resident_memory_bytes'), 'Node.js process series are there')
  t.equal(valueOf(samples, 'lt_cluster_metrics_up'), 1)
})

t.test('message outcomes, retries, dead letters, refusals and upstream calls are counted', async (t) => {
  t.equal((await p.send(verify())).statusCode, 200)
  population.setFaults({ failNext: 1, failStatus: 403 })
  t.equal((await p.send(verify())).statusCode, 502, 'a refusal by the population database')
  t.equal((await p.send(verify({ citizenId: citizen.citizenId }))).body.code, 'LT_SCHEMA_INVALID')
  t.equal((await p.send(envelope('citizen.fly', IDS.h29, IDS.population, {}))).body.code, 'LT_UNKNOWN_SERVICE')

  h29.reset()
  h29.setFaults({ failNext: 1, failStatus: 503 })
  const retried = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(citizen))
  t.equal((await p.send(retried, KEYS.dvcqg)).statusCode, 202)
  t.equal(await settled(String(retried.header.messageId)), 'delivered')
  h29.setFaults({ failNext: 1, failStatus: 403 })
  const refused = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(citizen))
  t.equal((await p.send(refused, KEYS.dvcqg)).statusCode, 202)
  t.equal(await settled(String(refused.header.messageId)), 'dead')
  t.equal((await p.app.inject({ method: 'GET', url: `/nowhere/${String(refused.header.messageId)}` })).statusCode, 404)

  const m = await scrape()
  const verifyLabels = { service: 'citizen.verify', receiver: IDS.population }
  const dossierLabels = { service: 'dossier.submit', receiver: IDS.h29 }
  t.equal(valueOf(m, 'lt_messages_total', { ...verifyLabels, outcome: 'accepted' }), 2)
  t.equal(valueOf(m, 'lt_messages_total', { ...verifyLabels, outcome: 'delivered' }), 1)
  t.equal(valueOf(m, 'lt_messages_total', { ...verifyLabels, outcome: 'dead' }), 1)
  t.equal(valueOf(m, 'lt_messages_total', { ...dossierLabels, outcome: 'accepted' }), 2)
  t.equal(valueOf(m, 'lt_messages_total', { ...dossierLabels, outcome: 'delivered' }), 1)
  t.equal(valueOf(m, 'lt_messages_total', { ...dossierLabels, outcome: 'dead' }), 1)
  t.equal(valueOf(m, 'lt_delivery_retries_total', dossierLabels), 1)
  t.equal(valueOf(m, 'lt_delivery_retries_total', verifyLabels), undefined, 'a sync refusal is not retried')
  t.equal(valueOf(m, 'lt_dead_letters'), 2)

  t.equal(valueOf(m, 'lt_messages_refused_total', { service: 'citizen.verify', code: 'LT_SCHEMA_INVALID' }), 1)
  t.equal(valueOf(m, 'lt_messages_refused_total', { service: 'unknown', code: 'LT_UNKNOWN_SERVICE' }), 1, 'a service the gateway lacks is not a label value')

  t.equal(valueOf(m, 'lt_upstream_call_duration_seconds_count', { receiver: IDS.population, service: 'citizen.verify', outcome: 'ok' }), 1)
  t.equal(valueOf(m, 'lt_upstream_call_duration_seconds_count', { receiver: IDS.population, service: 'citizen.verify', outcome: 'error' }), 1)
  t.equal(valueOf(m, 'lt_upstream_call_duration_seconds_count', { receiver: IDS.h29, service: 'dossier.submit', outcome: 'ok' }), 1)
  t.equal(valueOf(m, 'lt_upstream_call_duration_seconds_count', { receiver: IDS.h29, service: 'dossier.submit', outcome: 'error' }), 2)
  t.equal(valueOf(m, 'lt_upstream_errors_total', { receiver: IDS.population, code: 'LT_UPSTREAM_REJECTED' }), 1)
  t.equal(valueOf(m, 'lt_upstream_errors_total', { receiver: IDS.h29, code: 'LT_UPSTREAM_UNAVAILABLE' }), 1)
  t.equal(valueOf(m, 'lt_upstream_errors_total', { receiver: IDS.h29, code: 'LT_UPSTREAM_REJECTED' }), 1)

  const post = { method: 'POST', route: '/v1/messages' }
  t.equal(valueOf(m, 'lt_http_request_duration_seconds_count', { ...post, status_class: '2xx' }), 3)
  t.equal(valueOf(m, 'lt_http_request_duration_seconds_count', { ...post, status_class: '4xx' }), 2)
  t.equal(valueOf(m, 'lt_http_request_duration_seconds_count', { ...post, status_class: '5xx' }), 1)
  t.ok((valueOf(m, 'lt_http_request_duration_seconds_count', { method: 'GET', route: '/v1/messages/:messageId', status_class: '2xx' }) ?? 0) >= 2)
  t.equal(valueOf(m, 'lt_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_class: '4xx' }), 1)
  const routes = new Set(m.filter((s) => s.name.startsWith('lt_http_')).map((s) => s.labels.route))
  t.notOk([...routes].some((r) => r !== undefined && /[0-9a-f]{8}-[0-9a-f]{4}-/.test(r)), 'routes are patterns, never raw URLs')
})

t.test('queue depth per receiver and live workers are read from Redis when scraped', async (t) => {
  const pause = await p.app.inject({ method: 'POST', url: `/admin/api/queues/${encodeURIComponent(IDS.h29)}/pause`, headers: { authorization: `Bearer ${ADMIN}` } })
  t.equal(pause.statusCode, 200)
  const held = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(citizen))
  t.equal((await p.send(held, KEYS.dvcqg)).statusCode, 202)
  const depth = (m: Sample[]): number => ['waiting', 'prioritized', 'delayed']
    .reduce((n, state) => n + (valueOf(m, 'lt_queue_jobs', { receiver: IDS.h29, state }) ?? 0), 0)
  const whilePaused = await scrape()
  t.equal(depth(whilePaused), 1, 'the held message is counted on its receiver')
  t.equal(valueOf(whilePaused, 'lt_queue_jobs', { receiver: IDS.h62, state: 'waiting' }), 0)
  t.equal(valueOf(whilePaused, 'lt_workers_live'), 1)
  t.equal(valueOf(whilePaused, 'lt_queue_paused', { receiver: IDS.h29 }), 1, 'its queue shows held')
  t.equal(valueOf(whilePaused, 'lt_queue_paused', { receiver: IDS.h62 }), 0)

  const resume = await p.app.inject({ method: 'POST', url: `/admin/api/queues/${encodeURIComponent(IDS.h29)}/resume`, headers: { authorization: `Bearer ${ADMIN}` } })
  t.equal(resume.statusCode, 200)
  t.equal(await settled(String(held.header.messageId)), 'delivered')
  const after = await scrape()
  t.equal(depth(after), 0)
  t.equal(valueOf(after, 'lt_queue_paused', { receiver: IDS.h29 }), 0)
})

t.test('any gateway reports the cluster-wide series; per-process series stay where observed', async (t) => {
  const other = await buildApp({ config: p.config, registry: p.registry, logger: false })
  t.teardown(async () => { await other.close() })
  const [mine, theirs] = [await scrape(), await scrape(other)]
  const cluster = (m: Sample[]): Sample[] => m.filter((s) => ['lt_messages_total', 'lt_delivery_retries_total', 'lt_dead_letters'].includes(s.name))
  t.ok(cluster(mine).length >= 7)
  t.same(cluster(theirs), cluster(mine), 'the same outcome totals from Redis')
  t.equal(valueOf(theirs, 'lt_http_request_duration_seconds_count', { method: 'POST', route: '/v1/messages', status_class: '2xx' }), undefined, 'its own requests only')
  t.notOk(theirs.some((s) => s.name.startsWith('lt_upstream_')), 'it delivered nothing itself')
})

t.test('a worker process serves its own series on its metrics listener', async (t) => {
  // As `node dist/src/worker.js` with METRICS_PORT: its own registry, no gateway in the process.
  await p.workers?.close()
  const metrics = new Metrics()
  const runtime = startWorkerRuntime({ config: p.config, registry: p.registry, schemas: await MessageSchemas.load(schemasDir), logger: pino({ level: 'silent' }), signingKeys: p.app.signingKeys, metrics })
  t.teardown(async () => { await runtime.close() })
  const server = await startMetricsServer({ metrics, host: '127.0.0.1', port: 0, adminToken: ADMIN, logger: pino({ level: 'silent' }) })
  t.teardown(async () => { await server.close() })

  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(citizen))
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  t.equal(await settled(String(msg.header.messageId)), 'delivered')

  t.equal((await fetch(server.url)).status, 401)
  t.equal((await fetch(server.url, { headers: { authorization: `Bearer ${KEYS.h29}` } })).status, 401)
  t.equal((await fetch(server.url.replace('/metrics', '/other'), { headers: { authorization: `Bearer ${ADMIN}` } })).status, 404)
  const res = await fetch(server.url, { headers: { authorization: `Bearer ${ADMIN}` } })
  t.equal(res.status, 200)
  const m = parseExposition(await res.text())
  t.equal(valueOf(m, 'lt_upstream_call_duration_seconds_count', { receiver: IDS.h29, service: 'dossier.submit', outcome: 'ok' }), 1, 'the delivery it made')
  t.notOk(m.some((s) => s.name === 'lt_messages_total'), 'cluster-wide series are the gateway\'s to report')

  const disabled = await startMetricsServer({ metrics, host: '127.0.0.1', port: 0, adminToken: '', logger: pino({ level: 'silent' }) })
  t.teardown(async () => { await disabled.close() })
  t.equal((await fetch(disabled.url, { headers: { authorization: 'Bearer ' } })).status, 401, 'no ADMIN_TOKEN: no metrics')
})

t.test('the worker\'s metrics listener blocks an address that guesses the admin token', async (t) => {
  let now = 1_000_000
  const throttle = new FailureThrottle({ maxFailures: 3, blockSeconds: 60, now: () => now })
  const server = await startMetricsServer({ metrics: new Metrics({ processMetrics: false }), host: '127.0.0.1', port: 0, adminToken: ADMIN, logger: pino({ level: 'silent' }), throttle })
  t.teardown(async () => { await server.close() })
  const get = async (token?: string): Promise<Response> => await fetch(server.url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } })
  for (let i = 0; i < 5; i++) t.equal((await get()).status, 401, 'no token: not a guess')
  t.equal((await get('guess-1')).status, 401)
  t.equal((await get('guess-2')).status, 401)
  t.equal((await get(ADMIN)).status, 200, 'the right token forgets the slips')
  for (let i = 0; i < 3; i++) t.equal((await get(`guess-${i}`)).status, 401)
  const blocked = await get(ADMIN)
  t.equal(blocked.status, 429, 'three wrong tokens: the right one is refused too')
  t.equal(blocked.headers.get('retry-after'), '60')
  now += 61_000
  t.equal((await get(ADMIN)).status, 200, 'the block ends')
})
