/**
 * What a message costs beyond the systems it joins, in four figures on one machine:
 *
 * 1. Sync overhead: `citizen.verify` through the gateway (POST /v1/messages, answered 200 with the
 *    population database mock's answer) against the same native call sent straight to that mock,
 *    both in an open loop at a fixed rate: the load factor (default half) of the gateway's capacity
 *    for the service, measured first. Added mean and added p99 latency.
 * 2. End to end: N `dossier.submit` messages accepted with no worker running, then the delivery
 *    workers started and timed until the store counts N more delivered (to the provincial one-stop
 *    mock); the same number of jobs through a bare BullMQ queue whose worker does nothing.
 * 3. Redis memory per queued message: `--queued` dossier.submit messages accepted with no worker
 *    running, INFO used_memory after minus before, over the messages accepted.
 * 4. The gateway's peak RSS during parts 1 and 3.
 *
 *   npm run bench:e2e [-- --connections 50 --warmup 2 --capacity-duration 5 --duration 10 --rounds 2]
 *                     [-- --load-factor 0.5 --open-connections 64 --messages 5000 --queued 100000]
 *                     [-- --volatile] [-- --protected] [-- --profile]
 *
 * Each system runs in a process of its own, forked from this file with `--serve <kind>`: the mock
 * systems, the gateway, the delivery workers and the bare worker; Redis is a private redis-server.
 * The load comes from this process. The open loop is this file's own (raw sockets, a request
 * started on schedule every millisecond, latency to the microsecond): autocannon's `overallRate`
 * sends each connection's share of a second back to back at the start of the second, so the server
 * sees bursts at full concurrency, and its histogram keeps whole milliseconds, too coarse for a
 * 1 ms target. autocannon drives the closed loops (the capacity run and the accepts).
 */
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { RawRequest, Result } from 'autocannon'
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { pino } from 'pino'
import type { RunningMock } from '../adapters/index.js'
import { isoDateToNative } from '../adapters/shared/vietnam-time.js'
import { loadConfig, queuePrefix, type Config } from '../src/config.js'
import { RecordCipher } from '../src/crypto/record-cipher.js'
import { finishedJobRetention, jobOptions } from '../src/delivery/delivery-queues.js'
import { localCredentials } from '../src/local/local-credentials.js'
import { startRedisServer, type PrivateRedis } from '../src/local/redis-server.js'
import { MessageSchemas } from '../src/message-schemas.js'
import { projectRoot, schemasDir } from '../src/project-paths.js'
import { buildRegistry, type DeliveryPolicy, type Registry, type RegistryDocument } from '../src/registry.js'
import type { WorkerRuntime } from '../src/runtime/worker-runtime.js'
import { SigningKeys } from '../src/signing/signing-keys.js'
import { sampleCitizens, type StandardCitizen } from '../test/helpers/citizens.js'
import { dossierBody } from '../test/helpers/dossiers.js'
import { commandLine, countReplies, failed, forkServe, machineInfo, runBench, writeResults, type CloseCommand, type FailedReport } from './bench-kit.js'

type Kind = 'mocks' | 'gateway' | 'workers' | 'bare-worker'

/** Parent → child. `probe`: the gateway's message outcome counts (and its one-stop queue's backlog). */
type Command = { type: 'start' } | { type: 'stop' } | { type: 'probe', queue: boolean } | CloseCommand
/** Child → parent. */
type Report =
  | { type: 'ready', url?: string, mocks?: Record<string, string>, citizens?: StandardCitizen[], rssMb: number, execArgv: string[] }
  | { type: 'started' }
  | { type: 'stopped', ok: number, elapsedMs: number, peakRssMb: number, peakHeapUsedMb: number, cpuMs: number }
  | { type: 'probed', outcomes: Record<string, number>, queued?: number }
  | FailedReport

const TARGET = { addedMeanMs: 1, addedP99Ms: 3, deliveredRatio: 0.3, bytesPerQueuedMessage: 2048, peakRssMb: 150 }
const SENDER_KEY = 'lt_dev_g22_dvcqg_9Xa4Tq7Lm2Pv6Kr1'
const SENDER_ID = 'VN:GOV:000.00.00.G22:dvcqg'
/** The one-stop system the dossiers go to (its endpoint's agency code), and the province of their agencies. */
const DOSSIER_AGENCY = '000.00.00.H29'
/** Seeded citizens of the population mock the verifications go round (its default size). */
const CITIZENS = 5000
/** The catalog's H29 communes (000.00.01.H29 … 000.00.20.H29), 9,999 dossier codes each per Vietnam day. */
const COMMUNES = 20
const DOSSIER_CODES_A_DAY = COMMUNES * 9999
const BARE_QUEUE = 'bench-bare-worker'
const APPLICANT = { citizenId: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-05-17', gender: 'male' } as const
const MARKER = '00000000-0000-4000-8000-000000000000'
const thisFile = fileURLToPath(import.meta.url)

// ---------------------------------------------------------------------------------------------
// Shared by the processes: the registry and the configuration every one of them is built with.

/**
 * The sample registry, its endpoints pointing at the running mocks (`LT_BENCH_MOCKS`), with the
 * credentials the mocks were started with (`LT_BENCH_SECRETS`). The sender's limits are counted
 * as always but set far above what the bench sends, its daily quotas too: the bench measures the
 * path, not how a refusal looks.
 */
async function benchRegistry (): Promise<{ doc: RegistryDocument, registry: Registry }> {
  const secrets = JSON.parse(process.env.LT_BENCH_SECRETS ?? '{}') as Record<string, string>
  const mocks = JSON.parse(process.env.LT_BENCH_MOCKS ?? '{}') as Record<string, string>
  const doc = JSON.parse(await readFile(join(projectRoot, 'config', 'registry.json'), 'utf8')) as RegistryDocument
  for (const p of doc.participants) {
    const url = mocks[p.id]
    if (p.endpoint !== undefined && url !== undefined) p.endpoint.baseUrl = url
  }
  const sender = doc.participants.find((p) => p.id === SENDER_ID)
  if (sender === undefined) throw new Error(`${SENDER_ID} is not in config/registry.json`)
  const unlimited = { max: 100_000_000, windowSeconds: 60 }
  sender.limits = { rate: unlimited, reads: unlimited, dailyQuota: { 'citizen.verify': 100_000_000, 'citizen.lookup': 100_000_000 } }
  return { doc, registry: buildRegistry(doc, secrets) }
}

/** The configuration's variables, the same in every process (`LT_BENCH_CONFIG`). */
function benchConfig (): Config {
  return loadConfig(JSON.parse(process.env.LT_BENCH_CONFIG ?? '{}') as Record<string, string>)
}

/** The participant whose endpoint is of `kind` (and, for one-stop systems, serves `agencyCode`). */
function receiverOf (registry: Registry, kind: string, agencyCode?: string): string {
  const receiver = registry.receivers().find((r) => r.endpoint.kind === kind && (agencyCode === undefined || r.endpoint.agencyCode === agencyCode))
  if (receiver === undefined) throw new Error(`no ${kind} receiver${agencyCode === undefined ? '' : ` for ${agencyCode}`} in the registry`)
  return receiver.id
}

// ---------------------------------------------------------------------------------------------
// Children: the systems under test.

/**
 * The process's resident memory (and V8 heap in use), sampled every 100 ms: their peaks since the
 * last `reset`, and the CPU time it used since then.
 */
function rssSampler (): { reset: () => void, peaks: () => { peakRssMb: number, peakHeapUsedMb: number, cpuMs: number } } {
  let rss = 0
  let heapUsed = 0
  let cpu = process.cpuUsage()
  const sample = (): void => {
    const usage = process.memoryUsage()
    rss = Math.max(rss, usage.rss)
    heapUsed = Math.max(heapUsed, usage.heapUsed)
  }
  setInterval(sample, 100).unref()
  return {
    reset: () => { rss = 0; heapUsed = 0; cpu = process.cpuUsage(); sample() },
    peaks: () => {
      sample()
      const used = process.cpuUsage(cpu)
      return { peakRssMb: Math.round(rss / 2 ** 20), peakHeapUsedMb: Math.round(heapUsed / 2 ** 20), cpuMs: (used.user + used.system) / 1000 }
    }
  }
}

const rssMb = (): number => Math.round(process.memoryUsage.rss() / 2 ** 20)

// Each process imports the code of what it runs when it starts it, so the gateway's process holds
// the gateway's code alone (not autocannon's, the mocks' or the workers'): its RSS is the gateway's.

async function serveMocks (send: (report: Report) => void): Promise<void> {
  const { startMockSystems } = await import('../src/local/mock-systems.js')
  const { registry } = await benchRegistry()
  const mocks = await startMockSystems(registry, { anyPort: true })
  const population = mocks.get(receiverOf(registry, 'population')) as RunningMock
  process.on('message', (command: Command) => { if (command.type === 'close') process.disconnect() })
  process.once('disconnect', () => {
    Promise.allSettled([...mocks.values()].map(async (m) => await m.close())).catch(() => {})
  })
  send({
    type: 'ready',
    mocks: Object.fromEntries([...mocks].map(([id, mock]) => [id, mock.url])),
    citizens: sampleCitizens(population, CITIZENS),
    rssMb: rssMb(),
    execArgv: process.execArgv
  })
}

async function serveGateway (send: (report: Report) => void): Promise<void> {
  const { buildApp } = await import('../src/app.js')
  const config = benchConfig()
  const { registry } = await benchRegistry()
  const oneStop = receiverOf(registry, 'one-stop', DOSSIER_AGENCY)
  const app = await buildApp({ config, registry, logger: false })
  const rss = rssSampler()
  const ok = countReplies(app, (statusCode) => statusCode < 300)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  process.on('message', (command: Command) => {
    (async () => {
      if (command.type === 'start') {
        ok.start()
        rss.reset()
        send({ type: 'started' })
      } else if (command.type === 'stop') {
        const { count, elapsedMs } = ok.stop()
        send({ type: 'stopped', ok: count, elapsedMs, ...rss.peaks() })
      } else if (command.type === 'probe') {
        // The store's outcome counts (`service|receiver|status` → transitions into that status).
        const outcomes: Record<string, number> = {}
        for (const [field, n] of Object.entries(await app.redis.hgetall(app.store.statsKey))) {
          const [service, , status] = field.split('|')
          const key = `${service ?? ''}|${status ?? ''}`
          outcomes[key] = (outcomes[key] ?? 0) + Number(n)
        }
        const counts = command.queue ? await app.queues.for(oneStop).getJobCounts('wait', 'prioritized', 'delayed') : undefined
        send({ type: 'probed', outcomes, ...(counts === undefined ? {} : { queued: Object.values(counts).reduce((a, b) => a + b, 0) }) })
      } else if (command.type === 'close') {
        process.disconnect()
      }
    })().catch((err: unknown) => { send(failed(err)) })
  })
  process.once('disconnect', () => { app.close().catch((err: unknown) => { console.error(err); process.exitCode = 1 }) })
  send({ type: 'ready', url: `http://127.0.0.1:${port}`, rssMb: rssMb(), execArgv: process.execArgv })
}

/** The delivery workers as `npm run worker` runs them: every receiver's queue, callbacks, sweeper, reconciler. */
async function serveWorkers (send: (report: Report) => void): Promise<void> {
  const { startWorkerRuntime } = await import('../src/runtime/worker-runtime.js')
  const config = benchConfig()
  const { registry } = await benchRegistry()
  const schemas = await MessageSchemas.load(schemasDir)
  const signingKeys = await SigningKeys.fromJson(config.signingKeys)
  const rss = rssSampler()
  let runtime: WorkerRuntime | undefined
  process.on('message', (command: Command) => {
    (async () => {
      if (command.type === 'start') {
        rss.reset()
        runtime = startWorkerRuntime({ config, registry, schemas, logger: pino({ level: 'silent' }), signingKeys })
        send({ type: 'started' })
      } else if (command.type === 'stop') {
        await runtime?.close()
        runtime = undefined
        send({ type: 'stopped', ok: 0, elapsedMs: 0, ...rss.peaks() })
      } else if (command.type === 'close') {
        process.disconnect()
      }
    })().catch((err: unknown) => { send(failed(err)) })
  })
  process.once('disconnect', () => { runtime?.close().catch((err: unknown) => { console.error(err); process.exitCode = 1 }) })
  send({ type: 'ready', rssMb: rssMb(), execArgv: process.execArgv })
}

/** The floor of any delivery: a BullMQ worker on the same Redis whose processor returns at once. */
async function serveBareWorker (send: (report: Report) => void): Promise<void> {
  const config = benchConfig()
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null })
  const rss = rssSampler()
  let worker: Worker | undefined
  process.on('message', (command: Command) => {
    (async () => {
      if (command.type === 'start') {
        rss.reset()
        worker = new Worker(BARE_QUEUE, async () => {}, { connection, prefix: queuePrefix(config, BARE_QUEUE), concurrency: config.workerConcurrency, ...finishedJobRetention(config.messageRetentionDays) })
        send({ type: 'started' })
      } else if (command.type === 'stop') {
        await worker?.close()
        worker = undefined
        send({ type: 'stopped', ok: 0, elapsedMs: 0, ...rss.peaks() })
      } else if (command.type === 'close') {
        process.disconnect()
      }
    })().catch((err: unknown) => { send(failed(err)) })
  })
  process.once('disconnect', () => { (async () => { await worker?.close(); connection.disconnect() })().catch(() => {}) })
  send({ type: 'ready', rssMb: rssMb(), execArgv: process.execArgv })
}

async function serve (kind: Kind, send: (report: Report) => void): Promise<void> {
  if (kind === 'mocks') await serveMocks(send)
  else if (kind === 'gateway') await serveGateway(send)
  else if (kind === 'workers') await serveWorkers(send)
  else await serveBareWorker(send)
}

// ---------------------------------------------------------------------------------------------
// Parent: the children, the load and the report.

interface Child {
  kind: Kind
  ready: Extract<Report, { type: 'ready' }>
  ask: (command: Command) => Promise<Report>
  close: () => Promise<void>
}

async function startChild (kind: Kind, env: Record<string, string>, execArgv: string[] = []): Promise<Child> {
  const child = forkServe<Command, Report>(thisFile, kind, { env: { ...process.env, ...env }, execArgv, killAfterMs: 15_000 })
  return { kind, ready: await child.ready, ask: child.ask, close: child.close }
}

async function stopped (child: Child): Promise<Extract<Report, { type: 'stopped' }>> {
  const report = await child.ask({ type: 'stop' })
  if (report.type !== 'stopped') throw new Error(`${child.kind}: unexpected ${report.type}`)
  return report
}

async function probe (gateway: Child, queue = false): Promise<Extract<Report, { type: 'probed' }>> {
  const report = await gateway.ask({ type: 'probe', queue })
  if (report.type !== 'probed') throw new Error(`gateway: unexpected ${report.type}`)
  return report
}

function percentile (sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
}

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

/** One kind of request of the open loop: where it goes and what a right answer holds. */
interface Target {
  name: string
  url: string
  /** The next request, head and body, as written to the socket. */
  next: () => string
  /** Bytes every right answer's body holds (with status 200). */
  expect: Buffer
}

interface OpenLoopResult {
  name: string
  sent: number
  ok: number
  /** Latency of each right answer, from the request's write to its answer's last byte (ms). */
  latencies: number[]
  /** Other answers by status, and one of their bodies each. */
  wrong: Record<string, number>
  wrongSample: Record<string, string>
  /** Connection errors, and requests never answered. */
  failed: number
  /** Requests that waited for a free connection, and the longest delay after their schedule. */
  waited: number
  maxLagMs: number
}

/**
 * Open loop at a fixed rate: every millisecond, the requests the schedule says should have started
 * are written, each on an idle keep-alive connection (or, if none is idle, on the next to free up:
 * counted in `waited`). Raw sockets and a minimal response reader keep this process's work per
 * request small and equal for both targets.
 */
async function openLoop (target: Target, opts: { rate: number, durationS: number, connections: number }): Promise<OpenLoopResult> {
  const { hostname, port } = new URL(target.url)
  interface Connection { socket: Socket, buffer: Buffer, sentAt: number, alive: boolean }
  const result: OpenLoopResult = { name: target.name, sent: 0, ok: 0, latencies: [], wrong: {}, wrongSample: {}, failed: 0, waited: 0, maxLagMs: 0 }
  const idle: Connection[] = []
  const pending: number[] = []
  let answered = 0
  let lost = 0
  const dispatch = (connection: Connection): void => {
    const scheduledAt = pending.shift()
    if (scheduledAt === undefined) { idle.push(connection); return }
    connection.sentAt = performance.now()
    result.maxLagMs = Math.max(result.maxLagMs, connection.sentAt - scheduledAt)
    connection.socket.write(target.next())
  }
  const onData = (connection: Connection, chunk: Buffer): void => {
    connection.buffer = connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk])
    const end = connection.buffer.indexOf('\r\n\r\n')
    if (end === -1) return
    const headers = connection.buffer.subarray(0, end).toString('latin1')
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headers)?.[1] ?? -1)
    if (length < 0) {
      // Both servers are Fastify apps, which always send one; anything else is an error here.
      result.wrong['no-content-length'] = (result.wrong['no-content-length'] ?? 0) + 1
      result.wrongSample['no-content-length'] ??= headers
      connection.socket.destroy()
      return
    }
    if (connection.buffer.length < end + 4 + length) return
    const latency = performance.now() - connection.sentAt
    const body = connection.buffer.subarray(end + 4, end + 4 + length)
    connection.buffer = connection.buffer.subarray(end + 4 + length)
    const status = headers.slice(9, 12)
    answered++
    if (status === '200' && body.includes(target.expect)) {
      result.ok++
      result.latencies.push(latency)
    } else {
      result.wrong[status] = (result.wrong[status] ?? 0) + 1
      result.wrongSample[status] ??= body.toString('utf8').slice(0, 400)
    }
    dispatch(connection)
  }
  const connections = await Promise.all(Array.from({ length: opts.connections }, async () => await new Promise<Connection>((resolve, reject) => {
    let connected = false
    const socket = connect({ host: hostname, port: Number(port), noDelay: true }, () => { connected = true; resolve(connection) })
    const connection: Connection = { socket, buffer: Buffer.alloc(0), sentAt: 0, alive: true }
    socket.on('data', (chunk: Buffer) => { onData(connection, chunk) })
    socket.on('error', (err) => { if (!connected) reject(err) })
    socket.once('close', () => {
      // A connection lost mid-request: that request failed (counted at the end); it is not used again.
      const at = idle.indexOf(connection)
      if (at !== -1) idle.splice(at, 1)
      else if (connection.alive) lost++
      connection.alive = false
    })
  })))
  idle.push(...connections)
  const start = performance.now()
  const total = Math.round(opts.rate * opts.durationS)
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor((performance.now() - start) / 1000 * opts.rate))
      for (; result.sent < due; result.sent++) {
        pending.push(start + result.sent * 1000 / opts.rate)
        const connection = idle.pop()
        if (connection !== undefined) dispatch(connection)
        else result.waited++
      }
      if (result.sent >= total) { clearInterval(timer); resolve() }
    }, 1)
  })
  const deadline = performance.now() + 10_000
  while (answered + lost < result.sent && performance.now() < deadline) await sleep(10)
  for (const connection of connections) { connection.alive = false; connection.socket.destroy() }
  result.failed = result.sent - answered
  return result
}

interface LatencySummary {
  name: string
  ratePerSec: number
  sent: number
  ok: number
  meanMs: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  wrong: Record<string, number>
  failed: number
  waited: number
  maxLagMs: number
}

function summarize (runs: OpenLoopResult[], rate: number): LatencySummary {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b)
  const wrong: Record<string, number> = {}
  for (const r of runs) for (const [status, n] of Object.entries(r.wrong)) wrong[status] = (wrong[status] ?? 0) + n
  const round3 = (ms: number): number => Math.round(ms * 1000) / 1000
  return {
    name: runs[0]?.name ?? '',
    ratePerSec: rate,
    sent: runs.reduce((n, r) => n + r.sent, 0),
    ok: runs.reduce((n, r) => n + r.ok, 0),
    meanMs: round3(latencies.reduce((sum, ms) => sum + ms, 0) / Math.max(1, latencies.length)),
    p50Ms: round3(percentile(latencies, 0.5)),
    p99Ms: round3(percentile(latencies, 0.99)),
    maxMs: round3(latencies.at(-1) ?? 0),
    wrong,
    failed: runs.reduce((n, r) => n + r.failed, 0),
    waited: runs.reduce((n, r) => n + r.waited, 0),
    maxLagMs: round3(Math.max(...runs.map((r) => r.maxLagMs)))
  }
}

/** citizen.verify envelopes, one template per seeded citizen, taken in turn: `next()(messageId)`. */
function verifyTemplates (citizens: StandardCitizen[], to: string): () => (messageId: string) => string {
  const templates = citizens.map((citizen) => JSON.stringify({
    header: { messageId: MARKER, service: 'citizen.verify', version: '1', from: SENDER_ID, to, sentAt: '2026-11-22T09:30:00+07:00' },
    body: citizen
  }).split(MARKER) as [string, string])
  let n = 0
  return () => {
    const [before, after] = templates[n++ % templates.length] as [string, string]
    return (messageId) => before + messageId + after
  }
}

/** The same verifications in the population database's native form, as its adapter sends them (adapters/population/adapter.ts). */
function nativeVerifyBodies (citizens: StandardCitizen[]): () => string {
  const bodies = citizens.map((c) => JSON.stringify({
    soDinhDanh: c.citizenId,
    hoVaTen: c.fullName.normalize('NFC'),
    ngaySinh: isoDateToNative(c.dateOfBirth),
    gioiTinh: c.gender === 'male' ? 'Nam' : 'Nữ'
  }))
  let n = 0
  return () => bodies[n++ % bodies.length] as string
}

/** dossier.submit envelopes, one per H29 commune taken in turn (each is issued 9,999 dossier codes a day). */
function dossierTemplates (to: string): () => (messageId: string) => string {
  const templates = Array.from({ length: COMMUNES }, (_, i) => JSON.stringify({
    header: { messageId: MARKER, service: 'dossier.submit', version: '1', from: SENDER_ID, to, sentAt: '2026-11-22T09:30:00+07:00' },
    body: { ...dossierBody(APPLICANT), receivingAgency: `000.00.${String(i + 1).padStart(2, '0')}.H29` }
  }).split(MARKER) as [string, string])
  let n = 0
  return () => {
    const [before, after] = templates[n++ % templates.length] as [string, string]
    return (messageId) => before + messageId + after
  }
}

/** A closed loop of autocannon connections posting messages, for `duration` seconds or `amount` requests. */
async function post (url: string, next: () => (messageId: string) => string, opts: { connections: number, duration?: number, amount?: number }): Promise<Result> {
  const { default: autocannon } = await import('autocannon')
  return await autocannon({
    url: `${url}/v1/messages`,
    connections: opts.amount === undefined ? opts.connections : Math.min(opts.connections, opts.amount),
    ...(opts.amount === undefined ? { duration: opts.duration ?? 1 } : { amount: opts.amount }),
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

function statusCounts (result: Result): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) counts[code] = count
  return counts
}

/** Prints the answers of `result` other than `status` (errors: the run goes on and counts them). */
function reportOthers (what: string, result: Result, status: number): void {
  const counts = statusCounts(result)
  const other = Object.entries(counts).filter(([code]) => Number(code) !== status)
  if (other.length > 0 || result.errors > 0 || result.timeouts > 0) {
    console.log(`  ${what}: answers other than ${status}: ${JSON.stringify(Object.fromEntries(other))}, connection errors ${result.errors}, timeouts ${result.timeouts}`)
  }
}

async function usedMemory (redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0)
}

/** Polls `done` every 20 ms; fails when `progress` has not moved for `stallMs`. */
async function waitFor (what: string, check: () => Promise<{ done: boolean, progress: number }>, stallMs = 30_000): Promise<void> {
  let last = -1
  let movedAt = performance.now()
  for (;;) {
    const { done, progress } = await check()
    if (done) return
    if (progress !== last) { last = progress; movedAt = performance.now() }
    if (performance.now() - movedAt > stallMs) throw new Error(`${what}: no progress for ${stallMs / 1000} s (at ${progress})`)
    await sleep(20)
  }
}

function round (n: number, digits = 0): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

const verdict = (met: boolean): string => met ? 'MET' : 'MISSED'

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: {
      // Closed loops (the capacity run, the accepts): connections, as bench/gateway-accept.ts.
      connections: { type: 'string', default: '50' },
      warmup: { type: 'string', default: '2' },
      'capacity-duration': { type: 'string', default: '5' },
      // The open loop: seconds per target in all, split into `rounds` alternating runs.
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '2' },
      'load-factor': { type: 'string', default: '0.5' },
      'open-connections': { type: 'string', default: '64' },
      messages: { type: 'string', default: '5000' },
      queued: { type: 'string', default: '100000' },
      // Redis without the append-only file (as the tests run it).
      volatile: { type: 'boolean', default: false },
      // DATA_KEYS, SIGNING_KEYS and the evidence log on (sealed records, signed receipts).
      protected: { type: 'boolean', default: false },
      // --cpu-prof on the gateway and the delivery workers, profiles in bench/results/profiles.
      profile: { type: 'boolean', default: false }
    }
  })
  const opts = {
    connections: Number(values.connections),
    warmup: Number(values.warmup),
    capacityDuration: Number(values['capacity-duration']),
    duration: Number(values.duration),
    rounds: Number(values.rounds),
    loadFactor: Number(values['load-factor']),
    openConnections: Number(values['open-connections']),
    messages: Number(values.messages),
    queued: Number(values.queued)
  }
  for (const [name, value] of Object.entries(opts)) {
    if (!Number.isFinite(value) || value < 0 || (name !== 'warmup' && value === 0)) throw new Error(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a positive number`)
  }
  if (opts.messages + opts.queued > DOSSIER_CODES_A_DAY - 1000) {
    throw new Error(`--messages + --queued must stay under ${DOSSIER_CODES_A_DAY - 1000}: the ${COMMUNES} sample communes are issued ${DOSSIER_CODES_A_DAY} dossier codes a day`)
  }
  const durable = values.volatile !== true
  const profileDir = join(projectRoot, 'bench', 'results', 'profiles')
  const execArgv = values.profile === true ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []
  if (values.profile === true) await mkdir(profileDir, { recursive: true })
  const machine = machineInfo()
  const command = commandLine('bench/sync-and-e2e.ts')
  console.log(`command: ${command}`)
  console.log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.platform}, node ${machine.node}`)

  const dir = await mkdtemp(join(tmpdir(), 'lt-bench-e2e-'))
  let redis: PrivateRedis | undefined
  let info: Redis | undefined
  let bareQueue: Queue | undefined
  const children: Child[] = []
  const cleanup = async (): Promise<void> => {
    await Promise.allSettled(children.map(async (c) => await c.close()))
    await bareQueue?.close().catch(() => {})
    info?.disconnect()
    await redis?.stop()
    await rm(dir, { recursive: true, force: true })
  }
  const onSignal = (): void => { void cleanup().finally(() => process.exit(130)) }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    redis = await startRedisServer({ dir: join(dir, 'redis'), durable })
    // The same secrets and configuration in every process.
    const secrets = localCredentials()
    const protection: Record<string, string> = values.protected === true
      ? { DATA_KEYS: RecordCipher.generateEntry('bench'), SIGNING_KEYS: JSON.stringify([await SigningKeys.generate()]), EVIDENCE_LOG: 'on' }
      : { EVIDENCE_LOG: 'off' }
    // OVERLOAD_* from the bench's environment (README, Configuration); by default the overload
    // refusals are off, as in gateway-accept's capacity runs: 50 closed-loop connections would be
    // refused by the in-flight cap, by design, and the figures would price the refusals.
    const overload = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('OVERLOAD_') && e[1] !== undefined))
    const configEnv: Record<string, string> = {
      REDIS_URL: redis.url,
      LOG_LEVEL: 'silent',
      EVIDENCE_DIR: join(dir, 'evidence'),
      OVERLOAD_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_IN_FLIGHT: '0',
      ...overload,
      ...protection
    }
    const env: Record<string, string> = { LT_BENCH_SECRETS: JSON.stringify(secrets), LT_BENCH_CONFIG: JSON.stringify(configEnv) }
    process.env.LT_BENCH_SECRETS = env.LT_BENCH_SECRETS
    process.env.LT_BENCH_CONFIG = env.LT_BENCH_CONFIG
    const config = benchConfig()

    const mocks = await startChild('mocks', env)
    children.push(mocks)
    env.LT_BENCH_MOCKS = JSON.stringify(mocks.ready.mocks ?? {})
    process.env.LT_BENCH_MOCKS = env.LT_BENCH_MOCKS
    const { registry } = await benchRegistry()
    const populationId = receiverOf(registry, 'population')
    const oneStopId = receiverOf(registry, 'one-stop', DOSSIER_AGENCY)
    const populationUrl = mocks.ready.mocks?.[populationId] ?? ''
    const populationKey = (registry.get(populationId)?.endpoint?.credentials as { apiKey?: string } | undefined)?.apiKey ?? ''
    const citizens = mocks.ready.citizens ?? []
    if (citizens.length === 0 || populationUrl === '') throw new Error('the population mock gave no citizens')

    const gateway = await startChild('gateway', env, execArgv)
    children.push(gateway)
    const gatewayUrl = gateway.ready.url ?? ''
    const loader = gateway.ready.execArgv.some((arg) => arg.includes('tsx')) ? 'tsx' : undefined
    console.log(`setup:   mocks, gateway, delivery workers and bare worker each in a child process, the load in this one; redis-server ${durable ? 'with AOF (appendfsync everysec, as `npm start`)' : 'without AOF (--volatile)'}; ` +
      `${values.protected === true ? 'DATA_KEYS, SIGNING_KEYS and the evidence log on (--protected)' : 'no DATA_KEYS, no SIGNING_KEYS, evidence log off (as gateway-accept\'s `gateway`; --protected turns them on)'}; ` +
      `overload refusals ${overload.OVERLOAD_EVENT_LOOP_DELAY_MS === undefined && overload.OVERLOAD_MAX_IN_FLIGHT === undefined ? 'off' : 'as OVERLOAD_* say'}; sender ${SENDER_ID} with its limits and daily quotas raised`)
    console.log(`         the gateway runs as \`node ${gateway.ready.execArgv.join(' ')}\`${loader === undefined ? '' : ': TypeScript compiled at load by the tsx loader, whose code and compiled sources count in its RSS'}; idle RSS ${gateway.ready.rssMb} MB`)

    // ---- 1. Sync citizen.verify: gateway against the population mock called directly -----------
    const nextVerify = verifyTemplates(citizens, populationId)
    const nativeBody = nativeVerifyBodies(citizens)
    const gatewayHost = new URL(gatewayUrl).host
    const populationHost = new URL(populationUrl).host
    const throughGateway: Target = {
      name: 'gateway',
      url: gatewayUrl,
      next: () => {
        const body = nextVerify()(randomUUID())
        return `POST /v1/messages HTTP/1.1\r\nHost: ${gatewayHost}\r\nContent-Type: application/json\r\nAuthorization: Bearer ${SENDER_KEY}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
      },
      expect: Buffer.from('"result":"match"')
    }
    // The headers the adapter's undici Pool sends (adapters/shared/upstream-client.ts): a fresh
    // Idempotency-Key each, so the mock answers each anew, as it does the gateway's.
    const direct: Target = {
      name: 'direct',
      url: populationUrl,
      next: () => {
        const body = nativeBody()
        return `POST /api/congdan/xacthuc HTTP/1.1\r\nHost: ${populationHost}\r\nAccept: application/json\r\nx-api-key: ${populationKey}\r\n` +
          `Idempotency-Key: ${randomUUID()}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
      },
      expect: Buffer.from('"khopThongTin":true')
    }
    // One of each first: the bench measures nothing unless both answer as expected.
    for (const target of [throughGateway, direct]) {
      const check = await openLoop(target, { rate: 10, durationS: 0.1, connections: 1 })
      if (check.ok !== check.sent || check.sent === 0) throw new Error(`${target.name}: the check request got ${JSON.stringify(check.wrong)} (failed ${check.failed}):\n${JSON.stringify(check.wrongSample)}`)
    }

    // The gateway's memory peaks over every window of part 1 (warm-ups included).
    const part1Rss: number[] = []
    const part1Heap: number[] = []
    const measured = (report: Extract<Report, { type: 'stopped' }>): typeof report => { part1Rss.push(report.peakRssMb); part1Heap.push(report.peakHeapUsedMb); return report }
    await gateway.ask({ type: 'start' })
    if (opts.warmup > 0) reportOthers('citizen.verify warm-up', await post(gatewayUrl, nextVerify, { connections: opts.connections, duration: opts.warmup }), 200)
    measured(await stopped(gateway))
    await gateway.ask({ type: 'start' })
    const capacityRun = await post(gatewayUrl, nextVerify, { connections: opts.connections, duration: opts.capacityDuration })
    const capacityCount = measured(await stopped(gateway))
    reportOthers('citizen.verify capacity run', capacityRun, 200)
    const capacity = capacityCount.ok > 1 ? (capacityCount.ok - 1) / (capacityCount.elapsedMs / 1000) : 0
    const rate = Math.max(1, Math.round(capacity * opts.loadFactor))
    console.log(`part 1: citizen.verify capacity ${capacity.toFixed(0)} msg/s (${opts.connections} connections, closed loop, ${opts.capacityDuration} s, p99 ${capacityRun.latency.p99} ms, ` +
      `gateway CPU ${(capacityCount.cpuMs / Math.max(1, capacityCount.ok)).toFixed(2)} ms per verification); open loop at ${rate} req/s = ${opts.loadFactor} × capacity, ${opts.openConnections} connections`)
    const loopOpts = { rate, connections: opts.openConnections }
    if (opts.warmup > 0) {
      await openLoop(direct, { ...loopOpts, durationS: opts.warmup })
      await gateway.ask({ type: 'start' })
      await openLoop(throughGateway, { ...loopOpts, durationS: opts.warmup })
      measured(await stopped(gateway))
    }
    // Alternately, so drift on a shared machine weighs on both alike.
    const runs: Record<'direct' | 'gateway', OpenLoopResult[]> = { direct: [], gateway: [] }
    // The gateway's CPU time per verification it answered (its own work, whatever it waits on).
    let verifyCpuMs = 0
    let verified = 0
    for (let round = 0; round < opts.rounds; round++) {
      runs.direct.push(await openLoop(direct, { ...loopOpts, durationS: opts.duration / opts.rounds }))
      await gateway.ask({ type: 'start' })
      runs.gateway.push(await openLoop(throughGateway, { ...loopOpts, durationS: opts.duration / opts.rounds }))
      const counted = measured(await stopped(gateway))
      verifyCpuMs += counted.cpuMs
      verified += counted.ok
    }
    const directSummary = summarize(runs.direct, rate)
    const gatewaySummary = summarize(runs.gateway, rate)
    const addedMeanMs = round(gatewaySummary.meanMs - directSummary.meanMs, 3)
    const addedP99Ms = round(gatewaySummary.p99Ms - directSummary.p99Ms, 3)
    for (const [name, runsOf] of Object.entries(runs)) {
      for (const r of runsOf) for (const [status, body] of Object.entries(r.wrongSample)) console.log(`  ${name}: ${r.wrong[status] ?? 0} answers ${status} (an error), e.g. ${body}`)
    }

    // ---- 2. End to end: dossier.submit delivered by the delivery workers, against a bare worker ----
    const nextDossier = dossierTemplates(oneStopId)
    const outcomeOf = async (status: string): Promise<number> => (await probe(gateway)).outcomes[`dossier.submit|${status}`] ?? 0
    const deliveredBefore = await outcomeOf('delivered')
    const deadBefore = await outcomeOf('dead')
    const queuedBefore = (await probe(gateway, true)).queued ?? 0
    await gateway.ask({ type: 'start' })
    const preload = await post(gatewayUrl, nextDossier, { connections: opts.connections, amount: opts.messages })
    const preloaded = await stopped(gateway)
    reportOthers('dossier.submit pre-load', preload, 202)
    const backlog = ((await probe(gateway, true)).queued ?? 0) - queuedBefore
    if (backlog !== preloaded.ok) console.log(`  note: ${preloaded.ok} dossiers accepted but the one-stop queue grew by ${backlog} jobs`)
    const workers = await startChild('workers', env, execArgv)
    children.push(workers)
    let started = performance.now()
    await workers.ask({ type: 'start' })
    await waitFor('delivery', async () => {
      const { outcomes } = await probe(gateway)
      const dead = (outcomes['dossier.submit|dead'] ?? 0) - deadBefore
      if (dead > 0) throw new Error(`${dead} dossier.submit messages went dead during the end-to-end run`)
      const delivered = (outcomes['dossier.submit|delivered'] ?? 0) - deliveredBefore
      return { done: delivered >= preloaded.ok, progress: delivered }
    })
    const deliveredMs = performance.now() - started
    const { peakRssMb: workersRss, cpuMs: workersCpuMs } = await stopped(workers)
    await workers.close()

    info = new Redis(redis.url)
    bareQueue = new Queue(BARE_QUEUE, { connection: info, prefix: queuePrefix(config, BARE_QUEUE) })
    const policy = registry.get(oneStopId)?.endpoint?.delivery as DeliveryPolicy
    const bareMemoryBefore = await usedMemory(info)
    for (let i = 0; i < preloaded.ok; i += 1000) {
      const n = Math.min(1000, preloaded.ok - i)
      await bareQueue.addBulk(Array.from({ length: n }, () => {
        const messageId = randomUUID()
        return { name: 'deliver', data: {}, opts: jobOptions(messageId, policy) }
      }))
    }
    const bareJobBytes = (await usedMemory(info) - bareMemoryBefore) / Math.max(1, preloaded.ok)
    const bare = await startChild('bare-worker', env)
    children.push(bare)
    const waiting = async (): Promise<number> => Object.values(await (bareQueue as Queue).getJobCounts('wait', 'active', 'prioritized', 'delayed')).reduce((a, b) => a + b, 0)
    started = performance.now()
    await bare.ask({ type: 'start' })
    await waitFor('bare worker', async () => {
      const left = await waiting()
      return { done: left === 0, progress: left }
    })
    const bareMs = performance.now() - started
    const { cpuMs: bareCpuMs } = await stopped(bare)
    await bare.close()
    const deliveredPerSec = preloaded.ok / (deliveredMs / 1000)
    const barePerSec = preloaded.ok / (bareMs / 1000)
    const deliveredRatio = deliveredPerSec / barePerSec

    // ---- 3. Redis memory per queued message (no worker running) ----
    await sleep(500)
    const memoryBefore = await usedMemory(info)
    await gateway.ask({ type: 'start' })
    const queuedRun = await post(gatewayUrl, nextDossier, { connections: opts.connections, amount: opts.queued })
    const queuedCount = await stopped(gateway)
    reportOthers('dossier.submit queued run', queuedRun, 202)
    // Let the last writes land (and the AOF buffer flush) before reading.
    await sleep(1000)
    const memoryAfter = await usedMemory(info)
    const stillQueued = ((await probe(gateway, true)).queued ?? 0)
    const bytesPerQueued = (memoryAfter - memoryBefore) / Math.max(1, queuedCount.ok)
    const acceptedPerSec = queuedCount.ok > 1 ? (queuedCount.ok - 1) / (queuedCount.elapsedMs / 1000) : 0

    // ---- Report ----
    const part1PeakRssMb = Math.max(...part1Rss)
    const part3PeakRssMb = queuedCount.peakRssMb
    const peakRssMb = Math.max(part1PeakRssMb, part3PeakRssMb)
    const met = {
      addedMean: addedMeanMs <= TARGET.addedMeanMs,
      addedP99: addedP99Ms <= TARGET.addedP99Ms,
      deliveredRatio: deliveredRatio >= TARGET.deliveredRatio,
      bytesPerQueuedMessage: bytesPerQueued <= TARGET.bytesPerQueuedMessage,
      peakRss: peakRssMb <= TARGET.peakRssMb
    }
    const line = (s: LatencySummary): string => `  ${s.name.padEnd(8)} sent ${s.sent}  200 as expected ${s.ok}  other ${JSON.stringify(s.wrong)}  failed ${s.failed}` +
      `  mean ${s.meanMs.toFixed(3)} ms  p50 ${s.p50Ms.toFixed(3)} ms  p99 ${s.p99Ms.toFixed(3)} ms  max ${s.maxMs.toFixed(1)} ms  (waited for a connection ${s.waited}, max send lag ${s.maxLagMs.toFixed(1)} ms)`
    console.log(`results (latency from the request's write to the answer's last byte, ${opts.rounds} alternating runs of ${opts.duration / opts.rounds} s each per target):`)
    console.log(`1. sync citizen.verify at ${rate} req/s, open loop:`)
    console.log(line(directSummary))
    console.log(line(gatewaySummary))
    console.log(`  the gateway's CPU time per verification: ${(verifyCpuMs / Math.max(1, verified)).toFixed(2)} ms (process.cpuUsage over the measured open-loop runs)`)
    console.log(`  added mean ${addedMeanMs.toFixed(3)} ms (target <= ${TARGET.addedMeanMs} ms: ${verdict(met.addedMean)}), added p99 ${addedP99Ms.toFixed(3)} ms (target <= ${TARGET.addedP99Ms} ms: ${verdict(met.addedP99)})`)
    const errors = Object.values(gatewaySummary.wrong).reduce((a, b) => a + b, 0) + Object.values(directSummary.wrong).reduce((a, b) => a + b, 0) + gatewaySummary.failed + directSummary.failed
    if (errors > 0) console.log(`  errors: ${errors} requests not answered 200 with the expected answer (listed above)`)
    console.log(`2. end to end, ${preloaded.ok} dossier.submit pre-loaded (accepted at ${(preloaded.ok > 1 ? (preloaded.ok - 1) / (preloaded.elapsedMs / 1000) : 0).toFixed(0)} msg/s), timed from starting the workers to the last delivered:`)
    console.log(`  delivered    ${deliveredPerSec.toFixed(0).padStart(6)} msg/s (${(deliveredMs / 1000).toFixed(2)} s; delivery workers, concurrency ${config.workerConcurrency} per queue, CPU ${(workersCpuMs / Math.max(1, preloaded.ok)).toFixed(2)} ms per message, peak RSS ${workersRss} MB)`)
    console.log(`  bare worker  ${barePerSec.toFixed(0).padStart(6)} jobs/s (${(bareMs / 1000).toFixed(2)} s; a BullMQ Worker whose processor returns at once, concurrency ${config.workerConcurrency}, the same job options; CPU ${(bareCpuMs / Math.max(1, preloaded.ok)).toFixed(2)} ms per job)`)
    console.log(`  ratio delivered/bare-worker: ${deliveredRatio.toFixed(2)} (target >= ${TARGET.deliveredRatio}: ${verdict(met.deliveredRatio)})`)
    console.log(`3. redis memory per queued message: ${bytesPerQueued.toFixed(0)} bytes (INFO used_memory +${((memoryAfter - memoryBefore) / 2 ** 20).toFixed(1)} MiB over ${queuedCount.ok} accepted of ${opts.queued} sent; ${stillQueued} jobs waiting in the one-stop queue)` +
      ` (target <= ${TARGET.bytesPerQueuedMessage} bytes: ${verdict(met.bytesPerQueuedMessage)}); a bare BullMQ job with the same options takes ${bareJobBytes.toFixed(0)} bytes; accepted at ${acceptedPerSec.toFixed(0)} msg/s, gateway CPU ${(queuedCount.cpuMs / Math.max(1, queuedCount.ok)).toFixed(2)} ms per message`)
    console.log(`4. gateway peak RSS: part 1 ${part1PeakRssMb} MB, part 3 ${part3PeakRssMb} MB (target <= ${TARGET.peakRssMb} MB: ${verdict(met.peakRss)}); ` +
      `idle after start ${gateway.ready.rssMb} MB; V8 heap used at most ${Math.max(...part1Heap)} MB in part 1, ${queuedCount.peakHeapUsedMb} MB in part 3` +
      (loader === undefined ? '' : '; the gateway runs under the tsx loader (TypeScript compiled at load), which its RSS includes'))
    console.log(`targets: added mean ${verdict(met.addedMean)}, added p99 ${verdict(met.addedP99)}, delivered/bare-worker ${verdict(met.deliveredRatio)}, bytes per queued message ${verdict(met.bytesPerQueuedMessage)}, peak RSS ${verdict(met.peakRss)}`)

    const file = await writeResults('sync-and-e2e', {
      command,
      machine,
      setup: { processes: 'mocks, gateway, workers, bare worker: one child process each', redis: durable ? 'aof-everysec' : 'no-aof', protected: values.protected === true, overload: Object.fromEntries(Object.entries(configEnv).filter(([name]) => name.startsWith('OVERLOAD_'))), loader: loader ?? 'none', ...opts },
      sync: { service: 'citizen.verify', capacityPerSec: capacity, capacityP99Ms: capacityRun.latency.p99, capacityCpuMsPerVerification: capacityCount.cpuMs / Math.max(1, capacityCount.ok), capacityStatus: statusCounts(capacityRun), ratePerSec: rate, direct: directSummary, gateway: gatewaySummary, addedMeanMs, addedP99Ms, gatewayCpuMsPerVerification: verifyCpuMs / Math.max(1, verified) },
      endToEnd: { service: 'dossier.submit', messages: preloaded.ok, deliveredMs, deliveredPerSec, bareMs, barePerSec, ratio: deliveredRatio, workerConcurrency: config.workerConcurrency, workersPeakRssMb: workersRss, workersCpuMsPerMessage: workersCpuMs / Math.max(1, preloaded.ok), bareCpuMsPerJob: bareCpuMs / Math.max(1, preloaded.ok) },
      memory: { queued: opts.queued, accepted: queuedCount.ok, acceptedPerSec, status: statusCounts(queuedRun), usedMemoryBefore: memoryBefore, usedMemoryAfter: memoryAfter, bytesPerQueuedMessage: bytesPerQueued, bareJobBytes, stillQueued, gatewayCpuMsPerMessage: queuedCount.cpuMs / Math.max(1, queuedCount.ok) },
      rss: { gatewayIdleMb: gateway.ready.rssMb, part1PeakMb: part1PeakRssMb, part3PeakMb: part3PeakRssMb, part1PeakHeapUsedMb: Math.max(...part1Heap), part3PeakHeapUsedMb: queuedCount.peakHeapUsedMb, loader: loader ?? 'none' },
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
