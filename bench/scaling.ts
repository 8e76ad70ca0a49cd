/**
 * How the gateway scales out, on one Redis and on a Redis Cluster: `dossier.submit` messages
 * (async, to the provincial one-stop system H29) accepted per second by 1, 2 and 4 gateway
 * processes, and delivered per second by 1, 2 and 4 delivery worker processes, each with its
 * efficiency: rate / (n × rate with one process), 1.00 being perfect scaling.
 *
 *   npm run bench:scaling [-- --redis single|cluster|both --processes 1,2,4]
 *                         [-- --duration 8 --warmup 2 --connections 64 --messages 5000]
 *                         [-- --volatile] [-- --json FILE]
 *
 * The processes are the real entry points, `node --import tsx src/server.ts` (each gateway on its
 * own port) and `src/worker.ts`, configured as deployed through the environment, with a registry
 * file written for the run: every participant's rate limits far above what the bench sends (as
 * test/dossiers/dossier-codes.test.ts raises them), endpoints pointing at the mock systems. The mock
 * systems run in a child process of their own, every fault switch off (latency included, which
 * they would otherwise read from MOCK_* variables). The gateways' overload refusals are off, as in
 * bench/gateway-accept.ts's capacity runs: a closed loop would otherwise measure the refusals.
 *
 * Accepted: each point on a fresh Redis (or cluster), so that none inherits another's data (memory,
 * append-only file, the day's dossier codes: 9,999 per commune, the messages spread over H29's 20
 * sample communes). One autocannon per gateway, each in a child process of its own, the connections
 * divided among them, all run at once after a warm-up; the rate is the sum of their 202s per second.
 *
 * Delivered: on one Redis (or cluster) per topology. For each point the one-stop queue is paused
 * (as the admin API pauses it), a backlog of `--messages` dossiers is accepted through one gateway,
 * the workers are started and seen alive by their heartbeats, then the queue is resumed; the rate is
 * the messages delivered over the time until the message store's outcome counts show the whole
 * backlog delivered (or dead), so the workers' start-up is not timed.
 *
 * For each point the bench also reports each gateway's, worker's and redis-server's share of a CPU
 * core over the measured window (from /proc: Linux only), and how busy the event loops of the load
 * generators and of the mock systems were: one at 90% or more is named as the limit of its point.
 */
import { execFileSync, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { closeSync, openSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { RawRequest } from 'autocannon'
import { loadConfig } from '../src/config.js'
import { DeliveryQueues } from '../src/delivery/delivery-queues.js'
import { localCredentials } from '../src/local/local-credentials.js'
import { freePort } from '../src/local/redis-server.js'
import { startRedisTopology, type RedisTopology } from '../src/local/redis-topology.js'
import { MessageStore } from '../src/messages/message-store.js'
import { WorkerLiveness } from '../src/observability/worker-heartbeat.js'
import { projectRoot } from '../src/project-paths.js'
import type { RedisClient } from '../src/redis-connection.js'
import { buildRegistry, type RegistryDocument } from '../src/registry.js'
import { dossierBody } from '../test/helpers/dossiers.js'
import { commandLine, failed, forkServe, machineInfo, runBench, writeResults, type CloseCommand, type FailedReport } from './bench-kit.js'

type Kind = 'single' | 'cluster'
type Role = 'mocks' | 'load'

/** Parent → child. `mark`/`read`: the mocks' event-loop utilization from the mark to the read. */
type Command =
  | { type: 'load', url: string, to: string, connections: number, durationS?: number, amount?: number }
  | { type: 'mark' }
  | { type: 'read' }
  | CloseCommand
/** Child → parent. */
type Report =
  | { type: 'ready', mocks?: Record<string, string> }
  | { type: 'loaded', load: LoadResult }
  | { type: 'marked' }
  | { type: 'utilization', elu: number }
  | FailedReport

/** One autocannon run, as its child process reports it. */
interface LoadResult {
  statusCounts: Record<string, number>
  durationS: number
  errors: number
  timeouts: number
  p50Ms: number
  p99Ms: number
  /** The load generator's own event-loop utilization over the run (0..1). */
  elu: number
}

const SENDER_KEY = 'lt_dev_g22_dvcqg_9Xa4Tq7Lm2Pv6Kr1'
const SENDER_ID = 'VN:GOV:000.00.00.G22:dvcqg'
const SERVICE = 'dossier.submit'
/** The one-stop system the dossiers go to: the endpoint serving this province agency. */
const PROVINCE_AGENCY = '000.00.00.H29'
/** The catalog's H29 communes (000.00.01.H29 … 000.00.20.H29), 9,999 dossier codes each per Vietnam day. */
const COMMUNES = 20
const DOSSIER_CODES_A_DAY = COMMUNES * 9999
const KEY_PREFIX = 'lt'
const APPLICANT = { citizenId: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-05-17', gender: 'male' } as const
const MARKER = '00000000-0000-4000-8000-000000000000'
/** A process whose event loop (or CPU) is this busy or more is taken for the limit of its point. */
const SATURATED = 0.9
/**
 * After the heartbeats: a worker beats right after creating its BullMQ workers, which then connect
 * and wait on the paused queue; this lets the last of them get there before the queue is resumed.
 */
const WORKER_SETTLE_MS = 500
/** A drain that moves no message for this long has failed. */
const STALL_MS = 30_000
const thisFile = fileURLToPath(import.meta.url)

/**
 * The envelope as a string around its messageId, one for each of H29's 20 sample communes, taken
 * in turn (as bench/gateway-accept.ts): the gateway issues each commune 9,999 dossier codes a day.
 */
function envelopeTemplates (to: string): (messageId: string) => string {
  const templates = Array.from({ length: COMMUNES }, (_, i) => JSON.stringify({
    header: { messageId: MARKER, service: SERVICE, version: '1', from: SENDER_ID, to, sentAt: '2026-11-22T09:30:00+07:00' },
    body: { ...dossierBody(APPLICANT), receivingAgency: `000.00.${String(i + 1).padStart(2, '0')}.H29` }
  }).split(MARKER) as [string, string])
  let n = 0
  return (messageId) => {
    const [before, after] = templates[n++ % templates.length] as [string, string]
    return before + messageId + after
  }
}

/** The sample registry (config/registry.json) as the run changes it: no rate limit in the way, endpoints at `mocks`. */
async function benchRegistryDocument (mocks: Record<string, string> = {}): Promise<RegistryDocument> {
  const doc = JSON.parse(await readFile(join(projectRoot, 'config', 'registry.json'), 'utf8')) as RegistryDocument
  const unlimited = { max: 100_000_000, windowSeconds: 60 }
  for (const p of doc.participants) {
    // Counted as always (a Redis script per request), never refused: the bench measures the path.
    p.limits = { rate: unlimited, reads: unlimited }
    const url = mocks[p.id]
    if (p.endpoint !== undefined && url !== undefined) p.endpoint.baseUrl = url
  }
  return doc
}

// ---------------------------------------------------------------------------------------------
// Children forked from this file: the mock systems, and one load generator per gateway.

async function serveMocks (send: (report: Report) => void): Promise<void> {
  const { NO_FAULTS } = await import('../adapters/index.js')
  const { startMockSystems } = await import('../src/local/mock-systems.js')
  // The secrets (their API keys) come in the environment, the same the gateways and workers get.
  const registry = buildRegistry(await benchRegistryDocument(), process.env)
  // Every fault off (latency too), the control endpoints off, and few received requests kept: the
  // mocks must answer as fast as they can, or they measure themselves instead of the workers.
  const mocks = await startMockSystems(registry, { anyPort: true, faults: { ...NO_FAULTS }, control: false, maxRecords: 1000, size: 200 })
  let mark = performance.eventLoopUtilization()
  process.on('message', (command: Command) => {
    if (command.type === 'mark') {
      mark = performance.eventLoopUtilization()
      send({ type: 'marked' })
    } else if (command.type === 'read') {
      send({ type: 'utilization', elu: performance.eventLoopUtilization(mark).utilization })
    } else if (command.type === 'close') {
      process.disconnect()
    }
  })
  process.once('disconnect', () => { Promise.allSettled([...mocks.values()].map(async (m) => await m.close())).catch(() => {}) })
  send({ type: 'ready', mocks: Object.fromEntries([...mocks].map(([id, mock]) => [id, mock.url])) })
}

async function serveLoad (send: (report: Report) => void): Promise<void> {
  const { default: autocannon } = await import('autocannon')
  process.on('message', (command: Command) => {
    if (command.type === 'close') process.disconnect()
    if (command.type !== 'load') return
    const next = envelopeTemplates(command.to)
    const connections = command.amount === undefined ? command.connections : Math.max(1, Math.min(command.connections, command.amount))
    const before = performance.eventLoopUtilization()
    autocannon({
      url: `${command.url}/v1/messages`,
      connections,
      ...(command.amount === undefined ? { duration: command.durationS ?? 1 } : { amount: command.amount }),
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SENDER_KEY}` },
      requests: [{
        setupRequest: (request: RawRequest) => {
          request.body = next(randomUUID())
          return request
        }
      }]
    }).then((result) => {
      const statusCounts: Record<string, number> = {}
      for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = count
      send({
        type: 'loaded',
        load: {
          statusCounts,
          // The run's real length (autocannon stops at its next sample tick after the duration).
          durationS: result.duration,
          errors: result.errors,
          timeouts: result.timeouts,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          elu: performance.eventLoopUtilization(before).utilization
        }
      })
    }, (err: unknown) => { send(failed(err)) })
  })
  send({ type: 'ready' })
}

async function serve (role: Role, send: (report: Report) => void): Promise<void> {
  if (role === 'mocks') await serveMocks(send)
  else await serveLoad(send)
}

// ---------------------------------------------------------------------------------------------
// Parent: the processes, the measurements and the report.

/**
 * What is running, newest last: each step closes what it started (`closeDownTo` the depth it was at
 * when it began), a Ctrl-C closes everything, gateways and workers before the Redis they use.
 */
const running: Array<() => Promise<void>> = []

async function closeDownTo (depth: number): Promise<void> {
  while (running.length > depth) await running.pop()?.().catch((err: unknown) => { console.error(err) })
}

interface Child {
  role: Role
  pid: number
  ready: Extract<Report, { type: 'ready' }>
  ask: (command: Command) => Promise<Report>
}

async function forkChild (role: Role, env: NodeJS.ProcessEnv): Promise<Child> {
  const child = forkServe<Command, Report>(thisFile, role, { env })
  running.push(child.close)
  return { role, pid: child.pid, ready: await child.ready, ask: child.ask }
}

async function load (loader: Child, command: Omit<Extract<Command, { type: 'load' }>, 'type'>): Promise<LoadResult> {
  const report = await loader.ask({ type: 'load', ...command })
  if (report.type !== 'loaded') throw new Error(`load generator: unexpected ${report.type}`)
  return report.load
}

/** A gateway or worker process as deployed: the entry point under the tsx loader, its output in `logFile`. */
interface Proc {
  name: string
  pid: number
  logFile: string
  running: () => boolean
}

function spawnEntry (name: string, entry: string, env: NodeJS.ProcessEnv, logFile: string): Proc {
  const fd = openSync(logFile, 'a')
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: projectRoot, env, stdio: ['ignore', fd, fd] })
  closeSync(fd)
  child.once('error', (err) => { console.error(`${name}: ${err.message}`) })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const isRunning = (): boolean => child.exitCode === null && child.signalCode === null
  running.push(async () => {
    if (!isRunning()) return
    // close-with-grace: in-flight requests and deliveries finish first.
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    await exited
    clearTimeout(timer)
  })
  return { name, pid: child.pid ?? 0, logFile, running: isRunning }
}

async function logTail (proc: Proc): Promise<string> {
  return (await readFile(proc.logFile, 'utf8').catch(() => '')).slice(-2000)
}

/** Polls `check` until it holds (an error counts as not yet); fails when one of `procs` exits first, or after `timeoutMs`. */
async function until (what: string, procs: Proc[], check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    const gone = procs.find((p) => !p.running())
    if (gone !== undefined) throw new Error(`${gone.name} exited while waiting for ${what}; its log ends:\n${await logTail(gone)}`)
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

/** `n` gateway processes, each on a free port, answering /health/live. */
async function startGateways (n: number, env: NodeJS.ProcessEnv, logDir: string): Promise<{ procs: Proc[], urls: string[] }> {
  const ports = await Promise.all(Array.from({ length: n }, async () => await freePort()))
  const procs = ports.map((port, i) => spawnEntry(`gateway-${i}`, 'src/server.ts', { ...env, PORT: String(port) }, join(logDir, `gateway-${i}.log`)))
  const urls = ports.map((port) => `http://127.0.0.1:${port}`)
  await Promise.all(procs.map(async (proc, i) => {
    await until(`${proc.name} to listen`, [proc], async () => {
      const res = await fetch(`${urls[i] as string}/health/live`, { signal: AbortSignal.timeout(1000) })
      await res.arrayBuffer()
      return res.status === 200
    }, 120_000)
  }))
  return { procs, urls }
}

/** One real message through the gateway: the bench measures nothing unless it is accepted and queued. */
async function verify (url: string, to: string): Promise<void> {
  const messageId = randomUUID()
  const res = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SENDER_KEY}` },
    body: envelopeTemplates(to)(messageId)
  })
  const text = await res.text()
  if (res.status !== 202) throw new Error(`${url}: the check message got ${res.status}, not 202:\n${text}`)
  const state = await fetch(`${url}/v1/messages/${messageId}`, { headers: { authorization: `Bearer ${SENDER_KEY}` } })
  const body = await state.json() as { status?: string }
  if (state.status !== 200 || body.status !== 'queued') throw new Error(`${url}: the check message is ${state.status} ${JSON.stringify(body)}, not queued`)
}

/** Clock ticks per second of /proc's CPU times. */
const CLOCK_TICKS = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/** CPU seconds a process has used (user + system), from /proc; undefined elsewhere. */
async function cpuSeconds (pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    // After the command name in parentheses, which may hold spaces: utime and stime are fields 14 and 15 (proc(5)).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
  } catch {
    return undefined
  }
}

/** Share of a core each process used, by group, over a window; undefined where /proc is not there. */
type CpuUse = Record<string, number[]> | undefined

/** Starts a CPU window over `groups` of pids; the function returned ends it. */
async function cpuWindow (groups: Record<string, number[]>): Promise<() => Promise<CpuUse>> {
  const read = async (): Promise<Record<string, Array<number | undefined>>> =>
    Object.fromEntries(await Promise.all(Object.entries(groups).map(async ([name, pids]) => [name, await Promise.all(pids.map(cpuSeconds))] as const)))
  const before = await read()
  const startedAt = performance.now()
  return async () => {
    const after = await read()
    const seconds = (performance.now() - startedAt) / 1000
    const use: Record<string, number[]> = {}
    for (const [name, values] of Object.entries(after)) {
      const shares = values.map((v, i) => v === undefined || before[name]?.[i] === undefined ? undefined : (v - (before[name]?.[i] as number)) / seconds)
      if (shares.some((s) => s === undefined)) return undefined
      use[name] = shares as number[]
    }
    return use
  }
}

/** The Redis nodes' pids by role, for {@link cpuWindow}. */
async function redisGroups (topology: RedisTopology): Promise<Record<string, number[]>> {
  const masters = await topology.masters()
  const pids = (nodes: typeof masters): number[] => nodes.map((n) => n.process.pid ?? 0)
  if (topology.kind === 'single') return { redis: pids(masters) }
  return { 'redis masters': pids(masters), 'redis replicas': pids(topology.nodes.filter((n) => !masters.includes(n))) }
}

function describeCpu (use: CpuUse): string {
  if (use === undefined) return 'CPU n/a (no /proc)'
  return 'CPU (share of a core): ' + Object.entries(use).map(([name, shares]) => `${name} ${shares.map((s) => s.toFixed(2)).join('/')}`).join(', ')
}

/** Each Redis node at {@link SATURATED} of a core or more: Redis runs commands on one thread, so that is a limit. */
function saturatedRedis (use: CpuUse): string[] {
  if (use === undefined) return []
  return Object.entries(use).filter(([name]) => name.startsWith('redis')).flatMap(([name, shares]) =>
    shares.filter((s) => s >= SATURATED).map((s) => `a redis-server (${name}) used ${(s * 100).toFixed(0)}% of a core: Redis was the limit`))
}

/** The message store's outcome counts of dossier.submit to `receiver`: transitions into each status so far. */
async function outcomes (redis: RedisClient, store: MessageStore, receiver: string): Promise<{ delivered: number, dead: number, retrying: number }> {
  const counts = { delivered: 0, dead: 0, retrying: 0 }
  // Fields `service|receiver|status`, as src/observability/cluster-metrics.ts reads them.
  for (const [field, n] of Object.entries(await redis.hgetall(store.statsKey))) {
    const [service, to, status] = field.split('|')
    if (service === SERVICE && to === receiver && (status === 'delivered' || status === 'dead' || status === 'retrying')) counts[status] += Number(n)
  }
  return counts
}

/** `total` connections over `n` load generators, as evenly as they go. */
function divide (total: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0))
}

function addCounts (into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n
}

interface Options {
  redis: Kind[]
  processes: number[]
  duration: number
  warmup: number
  connections: number
  messages: number
  durable: boolean
}

/** What every point shares: the options, the run's directory, the environment of the processes. */
interface Context {
  opts: Options
  dir: string
  /** The environment of gateways and workers, but for their Redis. */
  env: NodeJS.ProcessEnv
  /** The one-stop system's participant id (the dossiers' receiver). */
  receiver: string
}

interface AcceptPoint {
  processes: number
  acceptedPerSec: number
  accepted: number
  durationS: number
  connections: number[]
  /** Answers other than 202, by status; connection errors and timeouts. */
  otherStatus: Record<string, number>
  errors: number
  timeouts: number
  p50Ms: number
  p99Ms: number
  cpu: CpuUse
  loadElu: number[]
  limits: string[]
}

interface DeliverPoint {
  processes: number
  deliveredPerSec: number
  backlog: number
  delivered: number
  dead: number
  retries: number
  elapsedS: number
  /** Fill answers other than 202, by status. */
  fillOtherStatus: Record<string, number>
  /**
   * Jobs still open when the store showed the backlog settled (waiting, delayed, active): a job
   * ends after its message's outcome is recorded, so a few may be finishing their bookkeeping.
   */
  left: number
  cpu: CpuUse
  mocksElu: number
  limits: string[]
}

async function startTopology (ctx: Context, kind: Kind, label: string): Promise<RedisTopology> {
  const dir = join(ctx.dir, `${kind}-${label}`)
  const topology = await startRedisTopology({ kind, dir, durable: ctx.opts.durable, failover: false })
  running.push(async () => {
    await topology.stop()
    // A point's data (the append-only files) can be hundreds of MB: gone before the next point.
    await rm(dir, { recursive: true, force: true })
  })
  return topology
}

/** `n` gateways on a fresh topology, loaded at once by one autocannon each. */
async function measureAccept (ctx: Context, kind: Kind, n: number): Promise<AcceptPoint> {
  const depth = running.length
  try {
    const topology = await startTopology(ctx, kind, `accept-${n}`)
    const logDir = join(ctx.dir, `${kind}-accept-${n}-logs`)
    await mkdir(logDir, { recursive: true })
    const [{ procs, urls }, loaders] = await Promise.all([
      startGateways(n, { ...ctx.env, ...topology.env }, logDir),
      Promise.all(Array.from({ length: n }, async () => await forkChild('load', process.env)))
    ])
    await Promise.all(urls.map(async (url) => { await verify(url, ctx.receiver) }))
    const connections = divide(ctx.opts.connections, n)
    const run = async (durationS: number): Promise<LoadResult[]> => await Promise.all(loaders.map(async (loader, i) =>
      await load(loader, { url: urls[i] as string, to: ctx.receiver, connections: connections[i] as number, durationS })))
    if (ctx.opts.warmup > 0) await run(ctx.opts.warmup)
    const cpu = await cpuWindow({ gateways: procs.map((p) => p.pid), ...await redisGroups(topology) })
    const results = await run(ctx.opts.duration)
    const use = await cpu()
    const otherStatus: Record<string, number> = {}
    for (const r of results) addCounts(otherStatus, Object.fromEntries(Object.entries(r.statusCounts).filter(([code]) => code !== '202')))
    const loadElu = results.map((r) => r.elu)
    const limits = saturatedRedis(use)
    for (const [i, elu] of loadElu.entries()) {
      if (elu >= SATURATED) limits.push(`load generator ${i + 1}'s event loop was ${(elu * 100).toFixed(0)}% busy: the load, not the gateway, may have been the limit`)
    }
    if ((otherStatus['503'] ?? 0) > 0) limits.push(`${otherStatus['503'] ?? 0} answers 503: with the overload refusals off, most likely LT_DOSSIER_CODES_EXHAUSTED (the communes' ${DOSSIER_CODES_A_DAY} codes of the day spent: shorten --duration)`)
    return {
      processes: n,
      // Each generator's 202s over its own run, summed: they ran at the same time.
      acceptedPerSec: results.reduce((sum, r) => sum + (r.statusCounts['202'] ?? 0) / r.durationS, 0),
      accepted: results.reduce((sum, r) => sum + (r.statusCounts['202'] ?? 0), 0),
      durationS: Math.max(...results.map((r) => r.durationS)),
      connections,
      otherStatus,
      errors: results.reduce((sum, r) => sum + r.errors, 0),
      timeouts: results.reduce((sum, r) => sum + r.timeouts, 0),
      // The slowest generator's.
      p50Ms: Math.max(...results.map((r) => r.p50Ms)),
      p99Ms: Math.max(...results.map((r) => r.p99Ms)),
      cpu: use,
      loadElu,
      limits
    }
  } finally {
    await closeDownTo(depth)
  }
}

/** Each worker count in turn draining a fresh backlog, on one topology. */
async function measureDelivery (ctx: Context, kind: Kind, mocks: Child): Promise<DeliverPoint[]> {
  const depth = running.length
  try {
    const topology = await startTopology(ctx, kind, 'deliver')
    const env = { ...ctx.env, ...topology.env }
    const logDir = join(ctx.dir, `${kind}-deliver-logs`)
    await mkdir(logDir, { recursive: true })
    const [{ urls: [gateway] }, loader] = await Promise.all([startGateways(1, env, logDir), forkChild('load', process.env)])
    const gatewayUrl = gateway as string
    await verify(gatewayUrl, ctx.receiver)
    // The project's own view of the store and the queue, on this process's own connection.
    const config = loadConfig({ ...topology.env, KEY_PREFIX })
    const redis = topology.connect({ maxRetriesPerRequest: null })
    const store = new MessageStore(redis, config.keyPrefix, config.messageRetentionDays)
    const registry = buildRegistry(await benchRegistryDocument(mocks.ready.mocks), ctx.env)
    const queues = new DeliveryQueues({ registry, connection: redis, keyPrefix: config.keyPrefix })
    running.push(async () => {
      await queues.close()
      redis.disconnect()
    })
    const queue = queues.for(ctx.receiver)
    const liveness = new WorkerLiveness(redis, config.keyPrefix)
    const queued = async (): Promise<number> => await queue.getJobCountByTypes('waiting', 'prioritized', 'delayed', 'active')
    const points: DeliverPoint[] = []
    for (const n of ctx.opts.processes) {
      const pointDepth = running.length
      // Held (as an admin holds a receiver's queue) while the backlog is built and the workers start.
      await queue.pause()
      let accepted = 0
      const fillOtherStatus: Record<string, number> = {}
      for (let round = 0; round < 3 && accepted < ctx.opts.messages; round++) {
        const r = await load(loader, { url: gatewayUrl, to: ctx.receiver, connections: ctx.opts.connections, amount: ctx.opts.messages - accepted })
        accepted += r.statusCounts['202'] ?? 0
        addCounts(fillOtherStatus, Object.fromEntries(Object.entries(r.statusCounts).filter(([code]) => code !== '202')))
      }
      const backlog = await queued()
      if (backlog < ctx.opts.messages) throw new Error(`${kind}: only ${backlog} of ${ctx.opts.messages} messages queued for the workers (fill answers other than 202: ${JSON.stringify(fillOtherStatus)})`)
      const before = await outcomes(redis, store, ctx.receiver)
      const liveBefore = await liveness.countLive()
      const workers = Array.from({ length: n }, (_, i) => spawnEntry(`worker-${i}`, 'src/worker.ts', env, join(logDir, `workers-${n}-${i}.log`)))
      await until(`${n} delivery workers' heartbeats`, workers, async () => await liveness.countLive() >= liveBefore + n, 120_000)
      await sleep(WORKER_SETTLE_MS)
      const held = await outcomes(redis, store, ctx.receiver)
      if (held.delivered !== before.delivered || held.dead !== before.dead) throw new Error(`${kind}, ${n} workers: messages settled while the queue was paused`)
      await mocks.ask({ type: 'mark' })
      const cpu = await cpuWindow({ workers: workers.map((w) => w.pid), ...await redisGroups(topology) })
      const startedAt = performance.now()
      await queue.resume()
      let settled = 0
      let movedAt = startedAt
      let now = before
      // Every 20 ms: the time is known to that much, for a store read of one hash.
      for (;;) {
        now = await outcomes(redis, store, ctx.receiver)
        const done = (now.delivered - before.delivered) + (now.dead - before.dead)
        if (done >= backlog) break
        if (done !== settled) { settled = done; movedAt = performance.now() }
        if (performance.now() - movedAt > STALL_MS) throw new Error(`${kind}, ${n} workers: no message settled for ${STALL_MS / 1000} s (${settled} of ${backlog})`)
        const gone = workers.find((w) => !w.running())
        if (gone !== undefined) throw new Error(`${gone.name} exited during the drain; its log ends:\n${await logTail(gone)}`)
        await sleep(20)
      }
      const elapsedS = (performance.now() - startedAt) / 1000
      const use = await cpu()
      const utilization = await mocks.ask({ type: 'read' })
      const mocksElu = utilization.type === 'utilization' ? utilization.elu : 0
      const left = await queued()
      await closeDownTo(pointDepth)
      const delivered = now.delivered - before.delivered
      const limits = saturatedRedis(use)
      if (mocksElu >= SATURATED) limits.push(`the mock systems' event loop was ${(mocksElu * 100).toFixed(0)}% busy: the one-stop mock, not the workers, was the limit`)
      if (now.dead > before.dead) limits.push(`${now.dead - before.dead} messages dead (see the workers' logs): not counted as delivered`)
      points.push({
        processes: n,
        deliveredPerSec: delivered / elapsedS,
        backlog,
        delivered,
        dead: now.dead - before.dead,
        retries: now.retrying - before.retrying,
        elapsedS,
        fillOtherStatus,
        left,
        cpu: use,
        mocksElu,
        limits
      })
      const p = points.at(-1) as DeliverPoint
      console.log(`  ${kind}: ${n} worker${n === 1 ? '' : 's'}: ${fmt(p.deliveredPerSec)} delivered msg/s (${delivered} in ${elapsedS.toFixed(2)} s)`)
    }
    return points
  } finally {
    await closeDownTo(depth)
  }
}

function fmt (rate: number): string {
  return Number.isFinite(rate) ? Math.round(rate).toLocaleString('en-US') : '-'
}

/** rate / ((n / n₀) × rate with n₀), n₀ the fewest processes measured (1 by default). */
function efficiencies<P extends { processes: number }> (points: P[], rate: (p: P) => number): number[] {
  const base = points[0]
  return points.map((p) => base === undefined || rate(base) === 0 ? NaN : rate(p) / ((p.processes / base.processes) * rate(base)))
}

function printTopology (kind: Kind, opts: Options, accept: AcceptPoint[], deliver: DeliverPoint[], workerConcurrency: number): void {
  const redis = kind === 'single' ? 'one redis-server' : 'Redis Cluster, 3 masters with a replica each'
  console.log(`\n${kind}: ${redis}${opts.durable ? ', AOF everysec' : ', no AOF (--volatile)'}`)
  const acceptEff = efficiencies(accept, (p) => p.acceptedPerSec)
  const deliverEff = efficiencies(deliver, (p) => p.deliveredPerSec)
  const header = ['processes', 'accepted msg/s', 'efficiency', 'delivered msg/s', 'efficiency']
  const rows = opts.processes.map((n, i) => [
    String(n),
    fmt(accept[i]?.acceptedPerSec ?? NaN),
    (acceptEff[i] ?? NaN).toFixed(2),
    fmt(deliver[i]?.deliveredPerSec ?? NaN),
    (deliverEff[i] ?? NaN).toFixed(2)
  ])
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)))
  const line = (cells: string[]): string => '  ' + cells.map((cell, c) => cell.padStart(widths[c] as number)).join('  ')
  console.log(line(header))
  for (const row of rows) console.log(line(row))
  for (const p of accept) {
    const other = Object.keys(p.otherStatus).length > 0 || p.errors > 0 || p.timeouts > 0 ? `; other answers ${JSON.stringify(p.otherStatus)}, errors ${p.errors}, timeouts ${p.timeouts}` : ''
    console.log(`  ${p.processes} gateway${p.processes === 1 ? '' : 's'}: ${p.accepted} accepted in ${p.durationS.toFixed(2)} s (connections ${p.connections.join('+')}), p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms${other}; ` +
      `${describeCpu(p.cpu)}; load generators' event loops ${p.loadElu.map((e) => `${(e * 100).toFixed(0)}%`).join('/')} busy`)
    for (const limit of p.limits) console.log(`    limit: ${limit}`)
  }
  for (const p of deliver) {
    const fill = Object.keys(p.fillOtherStatus).length > 0 ? `; fill answers other than 202 ${JSON.stringify(p.fillOtherStatus)}` : ''
    console.log(`  ${p.processes} worker${p.processes === 1 ? '' : 's'}: ${p.delivered} of ${p.backlog} delivered in ${p.elapsedS.toFixed(2)} s (concurrency ${workerConcurrency} per process), dead ${p.dead}, retries ${p.retries}${p.left > 0 ? `, ${p.left} jobs still finishing` : ''}${fill}; ` +
      `${describeCpu(p.cpu)}; mock systems' event loop ${(p.mocksElu * 100).toFixed(0)}% busy`)
    for (const limit of p.limits) console.log(`    limit: ${limit}`)
  }
}

function parseOptions (): Options & { json: string | undefined } {
  const { values } = parseArgs({
    options: {
      redis: { type: 'string', default: 'both' },
      processes: { type: 'string', default: '1,2,4' },
      // Seconds per accept point (after the warm-up).
      duration: { type: 'string', default: '8' },
      warmup: { type: 'string', default: '2' },
      // Closed-loop connections in all, divided among the gateways.
      connections: { type: 'string', default: '64' },
      // The backlog each worker point drains.
      messages: { type: 'string', default: '5000' },
      // Redis without the append-only file (as the tests run it).
      volatile: { type: 'boolean', default: false },
      json: { type: 'string' }
    }
  })
  const kinds: Record<string, Kind[]> = { single: ['single'], cluster: ['cluster'], both: ['single', 'cluster'] }
  const redis = kinds[values.redis]
  if (redis === undefined) throw new Error('--redis must be single, cluster or both')
  const processes = values.processes.split(',').map(Number)
  if (processes.some((n) => !Number.isInteger(n) || n < 1) || processes.some((n, i) => i > 0 && n <= (processes[i - 1] as number))) {
    throw new Error('--processes must be increasing positive integers, e.g. 1,2,4')
  }
  const opts = { duration: Number(values.duration), warmup: Number(values.warmup), connections: Number(values.connections), messages: Number(values.messages) }
  for (const [name, value] of Object.entries(opts)) {
    if (!Number.isFinite(value) || value < 0 || (name !== 'warmup' && value === 0)) throw new Error(`--${name} must be a positive number`)
  }
  if (opts.connections < Math.max(...processes)) throw new Error('--connections must be at least the largest process count (one or more per gateway)')
  // Each worker point's backlog on one Redis, plus the check message.
  if ((opts.messages + 1) * processes.length >= DOSSIER_CODES_A_DAY) {
    throw new Error(`--messages × the number of points must stay under ${DOSSIER_CODES_A_DAY}: H29's ${COMMUNES} sample communes are issued 9,999 dossier codes a day each`)
  }
  return { redis, processes, ...opts, durable: values.volatile !== true, json: values.json }
}

async function main (): Promise<void> {
  const { json, ...opts } = parseOptions()
  const machine = machineInfo()
  const command = commandLine('bench/scaling.ts')
  console.log(`command: ${command}`)
  console.log(`machine: ${machine.cpus} CPU cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.platform}, node ${machine.node}`)

  const startedAt = performance.now()
  const dir = await mkdtemp(join(tmpdir(), 'lt-bench-scaling-'))
  const onSignal = (): void => { void closeDownTo(0).then(async () => { await rm(dir, { recursive: true, force: true }) }).finally(() => process.exit(130)) }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    const secrets = localCredentials()
    // The bench's own Redis for each process, no other: Redis settings from this shell would clash
    // with it (the configuration refuses two), MOCK_* would set the mocks' faults, NODE_ENV=production
    // would refuse the sample registry's development keys.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(REDIS_|MOCK_)/.test(name) && name !== 'NODE_ENV' && name !== 'PORT'))
    const registryFile = join(dir, 'registry.json')
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      ...secrets,
      REGISTRY_FILE: registryFile,
      KEY_PREFIX,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // As gateway-accept's `gateway`: no sealing, receipts or evidence log (they need keys).
      EVIDENCE_LOG: 'off',
      DATA_DIR: join(dir, 'data'),
      // Overload refusals off, as in gateway-accept's capacity runs.
      OVERLOAD_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_IN_FLIGHT: '0'
    }
    const workerConcurrency = loadConfig(env).workerConcurrency
    const receiver = buildRegistry(await benchRegistryDocument(), env).receivers().find((r) => r.endpoint.kind === 'one-stop' && r.endpoint.agencyCode === PROVINCE_AGENCY)?.id
    if (receiver === undefined) throw new Error(`no one-stop receiver for ${PROVINCE_AGENCY} in config/registry.json`)
    const ctx: Context = { opts, dir, env, receiver }
    console.log('setup:   gateways (`node --import tsx src/server.ts`) and workers (`src/worker.ts`) one process each, the mock systems in one child process (faults off), ' +
      `one autocannon child process per gateway; redis ${opts.durable ? 'with AOF (appendfsync everysec)' : 'without AOF (--volatile)'}; ` +
      `${opts.connections} connections in all, ${opts.duration} s per accept point after ${opts.warmup} s warm-up, each on a fresh Redis; ` +
      `a backlog of ${opts.messages} per worker point, WORKER_CONCURRENCY ${workerConcurrency}; ${SERVICE} from ${SENDER_ID} to ${receiver}, its limits raised; evidence log and overload refusals off`)

    const topologies: Array<{ kind: Kind, accept: AcceptPoint[], deliver: DeliverPoint[] }> = []
    for (const kind of opts.redis) {
      const depth = running.length
      try {
        // A fresh one-stop mock per topology: a fresh Redis issues the same dossier codes again, which the mock would refuse as duplicates.
        const mocks = await forkChild('mocks', env)
        await writeFile(registryFile, JSON.stringify(await benchRegistryDocument(mocks.ready.mocks), null, 2))
        const accept: AcceptPoint[] = []
        for (const n of opts.processes) {
          const point = await measureAccept(ctx, kind, n)
          accept.push(point)
          console.log(`  ${kind}: ${n} gateway${n === 1 ? '' : 's'}: ${fmt(point.acceptedPerSec)} accepted msg/s`)
        }
        const deliver = await measureDelivery(ctx, kind, mocks)
        topologies.push({ kind, accept, deliver })
      } finally {
        await closeDownTo(depth)
      }
    }

    for (const t of topologies) printTopology(t.kind, opts, t.accept, t.deliver, workerConcurrency)
    const fewest = opts.processes[0] ?? 1
    console.log(`\nefficiency = rate / (${fewest === 1 ? 'n' : `n / ${fewest}`} × rate with ${fewest} process${fewest === 1 ? '' : 'es'}); ` +
      `machine: ${machine.cpus} CPU cores, shared by the gateways or workers, Redis, the mocks and the load generators`)

    const file = await writeResults('scaling', {
      command,
      machine,
      setup: { ...opts, aof: opts.durable, workerConcurrency, service: SERVICE, sender: SENDER_ID, receiver, saturatedAt: SATURATED },
      topologies: topologies.map((t) => ({
        ...t,
        acceptEfficiency: efficiencies(t.accept, (p) => p.acceptedPerSec),
        deliverEfficiency: efficiencies(t.deliver, (p) => p.deliveredPerSec)
      }))
    }, json)
    console.log(`written: ${file} (the run took ${Math.round((performance.now() - startedAt) / 1000)} s)`)
  } finally {
    await closeDownTo(0)
    await rm(dir, { recursive: true, force: true })
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

await runBench(serve, main)
