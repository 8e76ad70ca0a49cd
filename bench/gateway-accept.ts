/**
 * How many dossier.submit messages per second the gateway accepts (auth, rate limit,
 * validation, record in Redis, BullMQ enqueue, 202), against a bare Fastify app that only parses
 * the same JSON and answers 202: the ratio says what the gateway's own work costs on top of
 * HTTP + JSON. The same gateway with its rate limits off prices the limits. Then an overload
 * run: an open loop at twice the capacity just measured, counting the share of requests
 * answered (2xx, or 503 LT_OVERLOADED) within 100 ms.
 *
 *   npm run bench [-- --connections 50 --duration 10 --warmup 3 --volatile --profile]
 *                 [-- --overload-factor 2 --overload-duration 10 --overload-connections 256]
 *
 * The server under test runs in a child process (this same file with `--serve <kind>`), so it
 * does not share an event loop with autocannon; the child counts the 202 replies it sends
 * (onResponse hook) over the measured window: that is the accepted rate reported.
 */
import { localCredentials } from '../src/local/local-credentials.js'
import { connect, type Socket } from 'node:net'
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon, { type RawRequest, type Result } from 'autocannon'
import Fastify, { type FastifyInstance } from 'fastify'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { startRedisServer, type PrivateRedis } from '../src/local/redis-server.js'
import { projectRoot } from '../src/project-paths.js'
import { buildRegistry, type RegistryDocument } from '../src/registry.js'
import { dossierBody } from '../test/helpers/dossiers.js'
import { RecordCipher } from '../src/crypto/record-cipher.js'
import { SigningKeys } from '../src/signing/signing-keys.js'
import { EvidenceSealer } from '../src/evidence/evidence-sealer.js'
import { pino } from 'pino'
import { commandLine, countReplies, forkServe, machineInfo, runBench, writeResults, type CloseCommand, type FailedReport } from './bench-kit.js'

/**
 * `gateway-unlimited`: the same gateway with the participants' rate limits off, to price them.
 * `gateway-protected`: with DATA_KEYS and SIGNING_KEYS set (envelopes sealed, a signed receipt on
 * every answer, every event appended to the evidence log, which a sealer in the same process chains
 * and checkpoints as a worker would), to price the trust features against `gateway`, which has
 * none of them. The two are measured alternately, twice each, so drift on the machine (and the
 * AOF growing) weighs on both alike.
 */
type Kind = 'baseline' | 'bare-enqueue' | 'gateway' | 'gateway-unlimited' | 'gateway-protected'

/** Parent → child. */
type Command = { type: 'start' } | { type: 'stop' } | CloseCommand
/** Child → parent. */
type Report =
  | { type: 'ready', url: string }
  | { type: 'started' }
  | { type: 'stopped', accepted: number, elapsedMs: number, peakRssMb: number }
  | FailedReport

const TARGET = { ratio: 0.35, enqueueRatio: 0.6, p99Ms: 50 }
const SENDER_KEY = 'lt_dev_g22_dvcqg_9Xa4Tq7Lm2Pv6Kr1'
const SENDER_ID = 'VN:GOV:000.00.00.G22:dvcqg'
/** Overload run: the share of requests answered (2xx or 503) within this time. */
const OVERLOAD_TARGET = { withinMs: 100, share: 0.99 }
const APPLICANT = { citizenId: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-05-17', gender: 'male' } as const
const thisFile = fileURLToPath(import.meta.url)

function envelopeFor (messageId: string, agency = '000.00.01.H29'): { header: Record<string, string>, body: Record<string, unknown> } {
  return {
    header: { messageId, service: 'dossier.submit', version: '1', from: 'VN:GOV:000.00.00.G22:dvcqg', to: 'VN:GOV:000.00.00.H29:motcua', sentAt: '2026-11-22T09:30:00+07:00' },
    body: { ...dossierBody(APPLICANT), receivingAgency: agency }
  }
}

/**
 * The envelope as a string around its messageId, one for each of H29's 20 sample communes, taken
 * in turn: the gateway issues each agency 9,999 dossier codes a day, more than one agency gets in
 * a bench run. The client's work per request stays small and equal for every server.
 */
function envelopeTemplates (): () => (messageId: string) => string {
  const marker = '00000000-0000-4000-8000-000000000000'
  const templates = Array.from({ length: 20 }, (_, i) => JSON.stringify(envelopeFor(marker, `000.00.${String(i + 1).padStart(2, '0')}.H29`)).split(marker) as [string, string])
  let n = 0
  return () => {
    const [before, after] = templates[n++ % templates.length] as [string, string]
    return (messageId) => before + messageId + after
  }
}

// ---------------------------------------------------------------------------------------------
// Child: the server under test.

async function buildBaseline (): Promise<FastifyInstance> {
  // Same framework, same body parsing and a small JSON reply: everything but the gateway's work.
  const app = Fastify({ logger: false })
  app.post<{ Body: { header: { messageId: string } } }>('/v1/messages', async (request, reply) => {
    const { messageId } = request.body.header
    return await reply.code(202).send({ messageId, status: 'queued', statusUrl: `/v1/messages/${messageId}` })
  })
  return app
}

/**
 * The floor of any durable accept: the same bare route, which only adds the body to a BullMQ queue
 * (on the same Redis, jobId the messageId, as the gateway queues) before its 202.
 */
async function buildBareEnqueue (redisUrl: string): Promise<FastifyInstance> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null })
  const queue = new Queue('bench-bare-enqueue', { connection, prefix: 'bench' })
  const app = Fastify({ logger: false })
  app.post<{ Body: { header: { messageId: string } } }>('/v1/messages', async (request, reply) => {
    const { messageId } = request.body.header
    await queue.add('deliver', request.body, { jobId: messageId, removeOnComplete: true })
    return await reply.code(202).send({ messageId, status: 'queued', statusUrl: `/v1/messages/${messageId}` })
  })
  // quit, not disconnect: disconnect drops the socket at once and fails what is still in flight on
  // it (an EPIPE or "Connection is closed" stack trace at the end of the run); quit lets it finish.
  app.addHook('onClose', async () => { await queue.close(); await connection.quit() })
  return app
}

async function buildGateway (redisUrl: string, rateLimits: boolean, protection: Record<string, string> = {}): Promise<FastifyInstance> {
  // The registry's credentials for upstream systems: any values do, nothing is delivered here.
  const env = localCredentials()
  const doc = JSON.parse(await readFile(join(projectRoot, 'config', 'registry.json'), 'utf8')) as RegistryDocument
  // The sender's limits counted as always (a Redis script per request) but set far above what
  // the bench sends: it measures what counting costs, not how a refusal looks.
  const sender = doc.participants.find((p) => p.id === SENDER_ID)
  if (sender !== undefined) sender.limits = { rate: { max: 100_000_000, windowSeconds: 60 }, reads: { max: 100_000_000, windowSeconds: 60 } }
  // OVERLOAD_* from the bench's environment, to try other thresholds (README, Configuration).
  const overload = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('OVERLOAD_')))
  const config = loadConfig({ ...overload, REDIS_URL: redisUrl, LOG_LEVEL: 'silent', ...protection })
  return await buildApp({ config, registry: buildRegistry(doc, env), logger: false, rateLimits })
}

async function serve (kind: Kind, send: (report: Report) => void): Promise<void> {
  const protection: Record<string, string> = kind === 'gateway-protected'
    ? { DATA_KEYS: RecordCipher.generateEntry('bench'), SIGNING_KEYS: JSON.stringify([await SigningKeys.generate()]), EVIDENCE_LOG: 'on' }
    : { EVIDENCE_LOG: 'off' }
  const app = kind === 'baseline'
    ? await buildBaseline()
    : kind === 'bare-enqueue' ? await buildBareEnqueue(process.env.LT_BENCH_REDIS_URL ?? '') : await buildGateway(process.env.LT_BENCH_REDIS_URL ?? '', kind !== 'gateway-unlimited', protection)
  // The evidence log's sealer, as a worker runs it (every second; checkpoints every minute).
  const evidence = kind === 'baseline' || kind === 'bare-enqueue' ? undefined : app.evidence
  const sealer = evidence === undefined ? undefined : new EvidenceSealer({ log: evidence, logger: pino({ level: 'silent' }), sealIntervalMs: 1000, checkpointMs: 60_000 })
  sealer?.start()
  let peakRss = 0
  let rssTimer: NodeJS.Timeout | undefined
  const accepted = countReplies(app, (statusCode) => statusCode === 202)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }

  process.on('message', (command: Command) => {
    if (command.type === 'start') {
      accepted.start()
      // The server's resident memory under the load, sampled every 100 ms: its peak.
      peakRss = process.memoryUsage.rss()
      rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()) }, 100)
      send({ type: 'started' })
    } else if (command.type === 'stop') {
      const { count, elapsedMs } = accepted.stop()
      clearInterval(rssTimer)
      send({ type: 'stopped', accepted: count, elapsedMs, peakRssMb: Math.round(peakRss / 2 ** 20) })
    } else if (command.type === 'close') {
      process.disconnect()
    }
  })
  // Closing (or the parent dying) disconnects: close the app and let the process end on its
  // own, not with process.exit, so that --cpu-prof can write its profile.
  process.once('disconnect', () => {
    (async () => { await sealer?.close(); await app.close() })().catch((err: unknown) => { console.error(err); process.exitCode = 1 })
  })
  send({ type: 'ready', url: `http://127.0.0.1:${port}` })
}

// ---------------------------------------------------------------------------------------------
// Parent: load generator and report.

interface Server {
  kind: Kind
  url: string
  ask: (command: Command) => Promise<Report>
  close: () => Promise<void>
}

async function startServer (kind: Kind, env: Record<string, string>, execArgv: string[]): Promise<Server> {
  const child = forkServe<Command, Report>(thisFile, kind, { env: { ...process.env, ...env }, execArgv, label: `${kind} server` })
  const ready = await child.ready
  return { kind, url: ready.url, ask: child.ask, close: child.close }
}

/** One real request through the socket: the bench measures nothing unless the server accepts. */
async function verify (server: Server): Promise<void> {
  const envelope = envelopeFor(randomUUID())
  await server.ask({ type: 'start' })
  const res = await fetch(`${server.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SENDER_KEY}` },
    body: JSON.stringify(envelope)
  })
  const text = await res.text()
  const counted = await server.ask({ type: 'stop' })
  if (res.status !== 202) throw new Error(`${server.kind}: the check request got ${res.status}, not 202:\n${text}`)
  if (counted.type !== 'stopped' || counted.accepted !== 1) throw new Error(`${server.kind}: the onResponse counter saw ${JSON.stringify(counted)} for one 202`)
  if (server.kind !== 'baseline' && server.kind !== 'bare-enqueue') {
    // The 202 must mean recorded and queued, or the bench measures a shortcut.
    const state = await fetch(`${server.url}/v1/messages/${envelope.header.messageId as string}`, { headers: { authorization: `Bearer ${SENDER_KEY}` } })
    const body = await state.json() as { status?: string }
    if (state.status !== 200 || body.status !== 'queued') throw new Error(`gateway: the accepted message is ${state.status} ${JSON.stringify(body)}, not queued`)
  }
}

interface Measured {
  kind: Kind
  acceptedPerSec: number
  acceptedCount: number
  windowMs: number
  /** The server process's peak resident memory during the measured run. */
  peakRssMb: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  clientRequestsPerSec: number
  non2xx: number
  errors: number
  timeouts: number
  statusCodes: Record<string, number>
}

function load (url: string, connections: number, duration: number): Promise<Result> {
  const next = envelopeTemplates()
  return autocannon({
    url: `${url}/v1/messages`,
    connections,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SENDER_KEY}` },
    requests: [{
      setupRequest: (request: RawRequest) => {
        request.body = next()(randomUUID())
        return request
      }
    }]
  })
}

async function measure (server: Server, opts: { connections: number, duration: number, warmup: number }): Promise<Measured> {
  await verify(server)
  if (opts.warmup > 0) await load(server.url, opts.connections, opts.warmup)
  await server.ask({ type: 'start' })
  const result = await load(server.url, opts.connections, opts.duration)
  const counted = await server.ask({ type: 'stop' })
  if (counted.type !== 'stopped') throw new Error(`${server.kind}: unexpected ${counted.type}`)
  const statusCodes: Record<string, number> = {}
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = count
  return {
    kind: server.kind,
    // n replies over the span from the first to the last: n - 1 intervals.
    acceptedPerSec: counted.accepted > 1 ? (counted.accepted - 1) / (counted.elapsedMs / 1000) : 0,
    acceptedCount: counted.accepted,
    windowMs: Math.round(counted.elapsedMs),
    peakRssMb: counted.peakRssMb,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    clientRequestsPerSec: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes
  }
}

interface Overload {
  /** The rate asked for (factor × the gateway's measured capacity) and the rate actually sent. */
  targetPerSec: number
  sentPerSec: number
  sent: number
  connections: number
  durationS: number
  accepted: number
  overloaded: number
  otherStatus: Record<string, number>
  /** No answer: network errors and requests still unanswered 10 s after the run. */
  failed: number
  answeredWithin: number
  share: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  /** 202s counted by the server during the run. */
  serverAccepted: number
}

function percentile (sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
}

/**
 * Open-loop load at a fixed rate: requests start on a schedule whatever the server does (a
 * closed loop of N connections would slow down with the server and hide its queueing), and each
 * latency runs from the request's scheduled start, so time spent waiting for a free connection
 * counts too.
 */
async function overloadRun (server: Server, opts: { rate: number, durationS: number, connections: number }): Promise<Overload> {
  const nextEnvelope = envelopeTemplates()
  const { hostname, port } = new URL(server.url)
  // Every template has the same length (the communes' codes differ in two digits).
  const head = `POST /v1/messages HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
    `Authorization: Bearer ${SENDER_KEY}\r\nContent-Length: ${Buffer.byteLength(nextEnvelope()(randomUUID()))}\r\n\r\n`
  const latencies: number[] = []
  const statuses = new Map<number, number>()
  let sent = 0
  // Requests due but waiting for a free connection (their scheduled start times), oldest first.
  const pending: number[] = []
  const idle: Connection[] = []
  interface Connection { socket: Socket, scheduledAt: number, buffer: Buffer }
  // Raw sockets and a minimal response reader: an HTTP client library spent more CPU per request
  // than the gateway's refusals on this machine, and its own queue then made the latencies.
  const dispatch = (connection: Connection): void => {
    const next = pending.shift()
    if (next === undefined) { idle.push(connection); return }
    connection.scheduledAt = next
    connection.socket.write(head + nextEnvelope()(randomUUID()))
  }
  const onData = (connection: Connection, chunk: Buffer): void => {
    connection.buffer = connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk])
    const end = connection.buffer.indexOf('\r\n\r\n')
    if (end === -1) return
    const headers = connection.buffer.subarray(0, end).toString('latin1')
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headers)?.[1] ?? 0)
    if (connection.buffer.length < end + 4 + length) return
    connection.buffer = connection.buffer.subarray(end + 4 + length)
    const status = Number(headers.slice(9, 12))
    statuses.set(status, (statuses.get(status) ?? 0) + 1)
    if (status < 300 || status === 503) latencies.push(performance.now() - connection.scheduledAt)
    dispatch(connection)
  }
  const connections = await Promise.all(Array.from({ length: opts.connections }, async () => await new Promise<Connection>((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), noDelay: true }, () => resolve(connection))
    const connection: Connection = { socket, scheduledAt: 0, buffer: Buffer.alloc(0) }
    socket.on('data', (chunk: Buffer) => { onData(connection, chunk) })
    socket.once('error', reject)
  })))
  idle.push(...connections)
  const send = (scheduledAt: number): void => {
    sent++
    pending.push(scheduledAt)
    const connection = idle.pop()
    if (connection !== undefined) dispatch(connection)
  }
  await server.ask({ type: 'start' })
  const start = performance.now()
  const total = Math.round(opts.rate * opts.durationS)
  // Every 2 ms, start what the schedule says should have started by now, each at its own time.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now()
      const due = Math.min(total, Math.floor((now - start) / 1000 * opts.rate))
      for (let i = sent; i < due; i++) send(start + i * 1000 / opts.rate)
      if (sent >= total) { clearInterval(timer); resolve() }
    }, 2)
  })
  const sendingS = (performance.now() - start) / 1000
  const answeredCount = (): number => [...statuses.values()].reduce((n, c) => n + c, 0)
  const deadline = performance.now() + 15_000
  while (answeredCount() < sent && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
  const counted = await server.ask({ type: 'stop' })
  for (const connection of connections) connection.socket.destroy()
  // Network errors and anything still unanswered 15 s after the schedule ended.
  const failed = sent - answeredCount()
  latencies.sort((a, b) => a - b)
  const within = latencies.filter((ms) => ms <= OVERLOAD_TARGET.withinMs).length
  const otherStatus: Record<string, number> = {}
  for (const [code, count] of statuses) if (!(code < 300 || code === 503)) otherStatus[String(code)] = count
  return {
    targetPerSec: opts.rate,
    sentPerSec: sent / sendingS,
    sent,
    connections: opts.connections,
    durationS: opts.durationS,
    accepted: [...statuses.entries()].filter(([code]) => code < 300).reduce((n, [, c]) => n + c, 0),
    overloaded: statuses.get(503) ?? 0,
    otherStatus,
    failed,
    answeredWithin: within,
    share: sent === 0 ? 0 : within / sent,
    p50Ms: Math.round(percentile(latencies, 0.5)),
    p99Ms: Math.round(percentile(latencies, 0.99)),
    maxMs: Math.round(latencies.at(-1) ?? 0),
    serverAccepted: counted.type === 'stopped' ? counted.accepted : 0
  }
}

/** The mean of runs of one kind (rates and latencies averaged; counts summed). */
function mean (runs: Measured[]): Measured {
  const first = runs[0]
  if (first === undefined) throw new Error('no runs')
  const avg = (f: (m: Measured) => number): number => runs.reduce((sum, m) => sum + f(m), 0) / runs.length
  return {
    ...first,
    acceptedPerSec: avg((m) => m.acceptedPerSec),
    clientRequestsPerSec: avg((m) => m.clientRequestsPerSec),
    acceptedCount: runs.reduce((sum, m) => sum + m.acceptedCount, 0),
    windowMs: runs.reduce((sum, m) => sum + m.windowMs, 0),
    p50Ms: Math.round(avg((m) => m.p50Ms)),
    p99Ms: Math.round(avg((m) => m.p99Ms)),
    maxMs: Math.max(...runs.map((m) => m.maxMs)),
    peakRssMb: Math.max(...runs.map((m) => m.peakRssMb)),
    non2xx: runs.reduce((sum, m) => sum + m.non2xx, 0),
    errors: runs.reduce((sum, m) => sum + m.errors, 0),
    timeouts: runs.reduce((sum, m) => sum + m.timeouts, 0)
  }
}

function print (m: Measured): void {
  console.log(`  ${m.kind.padEnd(17)}  accepted ${m.acceptedPerSec.toFixed(0).padStart(6)} msg/s (server count ${m.acceptedCount} in ${(m.windowMs / 1000).toFixed(1)} s)` +
    `  p50 ${m.p50Ms} ms  p99 ${m.p99Ms} ms  max ${m.maxMs} ms  non-2xx ${m.non2xx}  errors ${m.errors}  timeouts ${m.timeouts}  peak RSS ${m.peakRssMb} MB`)
}

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      // Redis without the append-only file (as the tests run it), to see what durability costs.
      volatile: { type: 'boolean', default: false },
      // --cpu-prof on the server children, profiles in bench/results/profiles.
      profile: { type: 'boolean', default: false },
      // The overload run: this many times the gateway's measured capacity, for this long.
      'overload-factor': { type: 'string', default: '2' },
      'overload-duration': { type: 'string', default: '10' },
      'overload-connections': { type: 'string', default: '256' }
    }
  })
  const opts = { connections: Number(values.connections), duration: Number(values.duration), warmup: Number(values.warmup) }
  for (const [name, value] of Object.entries(opts)) {
    if (!Number.isFinite(value) || value < 0 || (name !== 'warmup' && value === 0)) throw new Error(`--${name} must be a positive number`)
  }
  const durable = values.volatile !== true
  const resultsDir = join(projectRoot, 'bench', 'results')
  const profileDir = join(resultsDir, 'profiles')
  const execArgv = values.profile === true ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []
  if (values.profile === true) await mkdir(profileDir, { recursive: true })

  const machine = machineInfo()
  const command = commandLine('bench/gateway-accept.ts')
  console.log(`command: ${command}`)
  console.log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.platform}, node ${machine.node}`)
  console.log(`setup:   server in a child process, autocannon in this one; redis-server ${durable ? 'with AOF (appendfsync everysec, as `npm start`)' : 'without AOF (--volatile)'}; ` +
    `${opts.connections} connections, ${opts.duration} s measured after ${opts.warmup} s warm-up each`)

  const dir = await mkdtemp(join(tmpdir(), 'lt-bench-'))
  let redis: PrivateRedis | undefined
  const servers: Server[] = []
  const cleanup = async (): Promise<void> => {
    await Promise.allSettled(servers.map(async (s) => await s.close()))
    await redis?.stop()
    await rm(dir, { recursive: true, force: true })
  }
  const onSignal = (): void => { void cleanup().finally(() => process.exit(130)) }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    const baselineServer = await startServer('baseline', {}, execArgv)
    servers.push(baselineServer)
    const baseline = await measure(baselineServer, opts)
    await baselineServer.close()

    redis = await startRedisServer({ dir: join(dir, 'redis'), durable })
    const bareEnqueueServer = await startServer('bare-enqueue', { LT_BENCH_REDIS_URL: redis.url }, execArgv)
    servers.push(bareEnqueueServer)
    const bareEnqueue = await measure(bareEnqueueServer, opts)
    await bareEnqueueServer.close()
    // Capacity and the price of the rate limits: without the overload checks (event-loop lag, the
    // in-flight cap), which would refuse some of these 50 closed-loop connections' requests, by
    // design, and blur both figures. The overload run then uses the defaults (or OVERLOAD_*).
    const capacityEnv = { LT_BENCH_REDIS_URL: redis.url, OVERLOAD_EVENT_LOOP_DELAY_MS: '0', OVERLOAD_MAX_IN_FLIGHT: '0' }
    const unlimitedServer = await startServer('gateway-unlimited', capacityEnv, execArgv)
    servers.push(unlimitedServer)
    const unlimited = await measure(unlimitedServer, opts)
    await unlimitedServer.close()

    // Without and with the trust features, alternately: gateway, protected, gateway, protected.
    const runs: Record<'gateway' | 'gateway-protected', Measured[]> = { gateway: [], 'gateway-protected': [] }
    // Redis memory per accepted message (record, indexes, job; no worker delivers here): INFO memory
    // around the first gateway run, over the messages it accepted (warm-up and check included).
    const info = new Redis(redis.url)
    const usedMemory = async (): Promise<number> => Number(/used_memory:(\d+)/.exec(await info.info('memory'))?.[1] ?? 0)
    const messagesIn = async (): Promise<number> => await info.zcard('{lt}:sent:VN:GOV:000.00.00.G22:dvcqg')
    let redisPerMessage: { bytes: number, messages: number } | undefined
    for (let round = 0; round < 2; round++) {
      for (const kind of ['gateway', 'gateway-protected'] as const) {
        const server = await startServer(kind, capacityEnv, execArgv)
        servers.push(server)
        const [memoryBefore, before] = [await usedMemory(), await messagesIn()]
        runs[kind].push(await measure(server, opts))
        if (redisPerMessage === undefined) {
          const messages = await messagesIn() - before
          redisPerMessage = { bytes: Math.round((await usedMemory() - memoryBefore) / Math.max(1, messages)), messages }
        }
        await server.close()
      }
    }
    info.disconnect()
    const gateway = mean(runs.gateway)
    const protectedRun = mean(runs['gateway-protected'])

    // Twice (by default) what the gateway just showed it can take, at a fixed rate, with the
    // overload settings of the environment (defaults unless OVERLOAD_* are set).
    const overloadServer = await startServer('gateway', { LT_BENCH_REDIS_URL: redis.url }, execArgv)
    servers.push(overloadServer)
    await verify(overloadServer)
    const overloadOpts = { rate: Math.round(Number(values['overload-factor']) * gateway.acceptedPerSec), durationS: Number(values['overload-duration']), connections: Number(values['overload-connections']) }
    const overload = await overloadRun(overloadServer, overloadOpts)
    await overloadServer.close()

    const ratio = gateway.acceptedPerSec / baseline.acceptedPerSec
    const enqueueRatio = gateway.acceptedPerSec / bareEnqueue.acceptedPerSec
    const limitsRatio = gateway.acceptedPerSec / unlimited.acceptedPerSec
    const limitsOverheadUs = 1e6 / gateway.acceptedPerSec - 1e6 / unlimited.acceptedPerSec
    const protectionRatio = protectedRun.acceptedPerSec / gateway.acceptedPerSec
    const protectionOverheadUs = 1e6 / protectedRun.acceptedPerSec - 1e6 / gateway.acceptedPerSec
    const met = { ratio: ratio >= TARGET.ratio, enqueueRatio: enqueueRatio >= TARGET.enqueueRatio, p99: gateway.p99Ms <= TARGET.p99Ms }
    console.log('results (accepted = 202 replies counted by the server, from its first to its last in the measured run; latency from autocannon):')
    print(baseline)
    print(bareEnqueue)
    print(unlimited)
    print(gateway)
    console.log(`  ratio gateway/bare: ${ratio.toFixed(3)}`)
    console.log(`  ratio gateway/bare-enqueue: ${enqueueRatio.toFixed(3)}`)
    console.log(`  rate limits: gateway/gateway-unlimited ${limitsRatio.toFixed(3)} (${limitsOverheadUs.toFixed(0)} µs per accepted message)`)
    print(protectedRun)
    console.log(`  runs, alternating: gateway ${runs.gateway.map((m) => m.acceptedPerSec.toFixed(0)).join(', ')}; gateway-protected ${runs['gateway-protected'].map((m) => m.acceptedPerSec.toFixed(0)).join(', ')} msg/s`)
    console.log(`  ratio gateway-protected/gateway: ${protectionRatio.toFixed(3)} (sealing, signed receipts and the evidence log: ${protectionOverheadUs.toFixed(0)} µs per accepted message)`)
    console.log(`  redis memory per accepted message: ${redisPerMessage?.bytes ?? 0} bytes (INFO used_memory over the ${redisPerMessage?.messages ?? 0} messages of the first gateway run; record, indexes and queued job)`)
    const o = overload
    console.log(`overload (${o.durationS} s open loop at ${o.targetPerSec} req/s = ${values['overload-factor']} × capacity, ${o.connections} connections; sent ${o.sentPerSec.toFixed(0)} req/s):`)
    console.log(`  sent ${o.sent}  2xx ${o.accepted} (server counted ${o.serverAccepted})  503 ${o.overloaded}  other ${JSON.stringify(o.otherStatus)}  no answer ${o.failed}`)
    console.log(`  answered (2xx or 503) within ${OVERLOAD_TARGET.withinMs} ms of the scheduled start: ${o.answeredWithin} = ${o.share.toFixed(4)} of sent` +
      `  (target >= ${OVERLOAD_TARGET.share}: ${o.share >= OVERLOAD_TARGET.share ? 'MET' : 'MISSED'})  latency p50 ${o.p50Ms} ms  p99 ${o.p99Ms} ms  max ${o.maxMs} ms`)
    console.log(`target (${opts.connections} connections): gateway/bare >= ${TARGET.ratio} ${met.ratio ? 'MET' : 'MISSED'}, gateway/bare-enqueue >= ${TARGET.enqueueRatio} ${met.enqueueRatio ? 'MET' : 'MISSED'}, gateway p99 <= ${TARGET.p99Ms} ms ${met.p99 ? 'MET' : 'MISSED'}` +
      (opts.connections === 50 ? '' : ' (the target is defined at 50 connections)'))

    const file = await writeResults('gateway-accept', {
      command,
      machine,
      setup: { server: 'child process', redis: durable ? 'aof-everysec' : 'no-aof', ...opts },
      baseline,
      bareEnqueue,
      gatewayUnlimited: unlimited,
      gateway,
      ratio,
      enqueueRatio,
      rateLimits: { ratio: limitsRatio, overheadUsPerMessage: limitsOverheadUs },
      gatewayProtected: protectedRun,
      redisPerMessage,
      alternatingRuns: runs,
      protection: { ratio: protectionRatio, overheadUsPerMessage: protectionOverheadUs },
      overload: { ...overload, target: OVERLOAD_TARGET, met: overload.share >= OVERLOAD_TARGET.share },
      target: { ...TARGET, met }
    })
    console.log(`written: ${file}`)
    if (values.profile === true) console.log(`profiles: ${profileDir.slice(projectRoot.length + 1)}`)
  } finally {
    await cleanup()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

await runBench(serve, main)
