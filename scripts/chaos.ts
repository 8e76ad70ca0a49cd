/**
 * Fault-injection run: the whole platform as separate processes (a private redis-server with
 * AOF, the mock systems with faults, two gateways, two delivery workers), thousands of async
 * messages from several senders, delivery workers SIGKILLed and Redis restarted mid-run; then
 * the senders' logs, the gateway's records and the receivers' effects are reconciled. With
 * `--redis sentinel` or `--redis cluster` Redis is a Sentinel group or a Cluster instead, and
 * instead of the restarts a master is SIGKILLed and its replica takes over.
 *
 *   npm run chaos [-- --messages 10000 --seed 1 --json bench/results/chaos.json --logs /tmp/chaos-logs]
 *   npm run chaos -- --redis sentinel --wait-replicas 1 --messages 2000
 *
 * Exits 1 when a message is lost (accepted but neither delivered nor dead, or delivered without
 * an effect at its receiver), delivered twice (two effects for one messageId), refused with a
 * 4xx, never accepted, or when a process ended on its own; 2 when the run itself could not be done.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { cpus, platform, release, tmpdir, totalmem } from 'node:os'
import { join, relative } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { queueNameFor } from '../src/delivery/delivery-queues.js'
import { queuePrefix } from '../src/config.js'
import { MessageStore, receiverIdempotencyKey, sealContext } from '../src/messages/message-store.js'
import { RecordCipher } from '../src/crypto/record-cipher.js'
import { localCredentials } from '../src/local/local-credentials.js'
import { freePort, startRedisServer, type PrivateRedis } from '../src/local/redis-server.js'
import { startRedisTopology, TOPOLOGY_KINDS, type RedisTopology, type TopologyKind } from '../src/local/redis-topology.js'
import type { RedisClient } from '../src/redis-connection.js'
import { projectRoot } from '../src/project-paths.js'
import type { RegistryDocument } from '../src/registry.js'
import type { MocksReady } from './chaos/mock-systems.js'
import { firstMessage, Supervisor, waitForHttp, waitForLog, type Child } from './chaos/processes.js'
import { failures, flowFailures, reconcile, reconcileFlows, senderOutcomes, type FlowCheck, type FlowReconciliation, type GatewayRecord, type ReceiverEffect, type Reconciliation } from './chaos/reconcile.js'
import { checkEvidence, type EvidenceCheck } from './chaos/evidence-check.js'
import { SigningKeys } from '../src/signing/signing-keys.js'
import { planFlows, planTraffic, runSender, type PostLogLine, type SenderStats } from './chaos/traffic.js'
import { flowMessageId } from '../src/flows/flow-runner.js'
import { FLOWS } from '../src/flows/flow-definitions.js'

// Hash-tagged, as the gateway's config holds it (src/config.ts).
const KEY_PREFIX = '{lt}'
// REDIS_WAIT_TIMEOUT_MS given to the gateways with --wait-replicas (the gateway's default).
const WAIT_TIMEOUT_MS = 1000
const USAGE = `npm run chaos -- [options]
  --redis KIND              single: one redis-server (default); sentinel: a master, a replica and three
                            sentinels; cluster: three masters with a replica each. All with AOF and a password
  --wait-replicas N         the gateways answer 202 only once N replicas hold the message
                            (REDIS_WAIT_REPLICAS, REDIS_WAIT_TIMEOUT_MS ${WAIT_TIMEOUT_MS}; default 0: off)
  --messages N              async messages to send (default 10000)
  --flows N                 procedure groups to send besides (birth.register, death.register; default messages / 50)
  --seed N                  seed of the traffic and of the mocks' faults (default 1)
  --gateways N --workers N  processes of each kind (default 2, 2)
  --worker-kills N          workers SIGKILLed and restarted mid-run (default 2)
  --redis-restarts N        single: graceful Redis restarts mid-run (default 1)
  --master-kills N          sentinel, cluster: masters SIGKILLed mid-run (default 1; on a cluster the
                            master of the gateway's {lt} slot first); once its replica has taken over,
                            the killed node is started again as a replica
  --chaos-from F --chaos-to F   the kills and restarts happen, evenly spread, when this share of the
                            messages is accepted (default 0.25 to 0.75)
  --error-rate R --timeout-rate R --lost-reply-rate R    receivers' faults (default 0.3, 0.05, 0.05)
  --concurrency N           messages in flight per sender (default 8; 4 senders)
  --attempts N --backoff-ms N --delivery-timeout-ms N   delivery policy (default 8, 200, 1000)
  --worker-concurrency N    deliveries in flight per queue per worker (default 16)
  --lock-ms N --stalled-interval-ms N   worker job lock and stalled check (default 5000, 2500)
  --worker-down-ms N --redis-down-ms N  how long a killed worker / stopped Redis stays down (default 1000, 1000)
  --drain-timeout-s N       longest wait for every accepted message to end after the last is sent (default 300)
  --quiet-s N               stop waiting sooner when no queue has had a job to run for this long (default 30)
  --json FILE               the summary (default bench/results/chaos-<date>.json)
  --logs DIR                keep the senders' logs and the processes' logs there (default: a temp dir, removed)`

interface ChaosOptions {
  redis: TopologyKind
  waitReplicas: number
  masterKills: number
  messages: number
  flows: number
  seed: number
  gateways: number
  workers: number
  workerKills: number
  redisRestarts: number
  errorRate: number
  timeoutRate: number
  lostReplyRate: number
  concurrency: number
  attempts: number
  backoffMs: number
  deliveryTimeoutMs: number
  workerConcurrency: number
  lockMs: number
  stalledIntervalMs: number
  workerDownMs: number
  redisDownMs: number
  drainTimeoutS: number
  quietS: number
  chaosFrom: number
  chaosTo: number
  json: string | undefined
  logs: string | undefined
}

function parseOptions (argv: string[]): ChaosOptions {
  const numeric = {
    messages: 10_000,
    seed: 1,
    gateways: 2,
    workers: 2,
    'worker-kills': 2,
    'wait-replicas': 0,
    'error-rate': 0.3,
    'timeout-rate': 0.05,
    'lost-reply-rate': 0.05,
    concurrency: 8,
    attempts: 8,
    'backoff-ms': 200,
    'delivery-timeout-ms': 1000,
    'worker-concurrency': 16,
    'lock-ms': 5000,
    'stalled-interval-ms': 2500,
    'worker-down-ms': 1000,
    'redis-down-ms': 1000,
    'drain-timeout-s': 300,
    'quiet-s': 30,
    'chaos-from': 0.25,
    'chaos-to': 0.75
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(Object.keys(numeric).map((k) => [k, { type: 'string' as const }])),
      json: { type: 'string' },
      logs: { type: 'string' },
      redis: { type: 'string' },
      // Their defaults depend on --redis.
      'redis-restarts': { type: 'string' },
      'master-kills': { type: 'string' },
      flows: { type: 'string' },
      help: { type: 'boolean' }
    }
  })
  if (values.help === true) {
    console.log(USAGE)
    process.exit(0)
  }
  const n: Record<string, number> = {}
  for (const [name, fallback] of Object.entries(numeric)) {
    const raw = (values as Record<string, unknown>)[name]
    const value = typeof raw === 'string' ? Number(raw) : fallback
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got ${String(raw)}`)
    if ((name.endsWith('-rate') || name.startsWith('chaos-')) && value > 1) throw new Error(`--${name} must be from 0 to 1`)
    n[name] = value
  }
  const get = (name: keyof typeof numeric): number => n[name] as number
  if (get('messages') < 1 || get('gateways') < 1 || get('workers') < 1 || get('concurrency') < 1 || get('attempts') < 1) {
    throw new Error('--messages, --gateways, --workers, --concurrency and --attempts must be at least 1')
  }
  const flows = typeof values.flows === 'string' ? Number(values.flows) : Math.round(get('messages') / 50)
  if (!Number.isInteger(flows) || flows < 0) throw new Error(`--flows must be a whole number, got ${String(values.flows)}`)
  const redis = (values.redis ?? 'single') as TopologyKind
  if (!TOPOLOGY_KINDS.includes(redis)) throw new Error(`--redis must be one of ${TOPOLOGY_KINDS.join(', ')}, got ${String(values.redis)}`)
  const count = (name: 'redis-restarts' | 'master-kills', fallback: number): number => {
    const value = values[name] === undefined ? fallback : Number(values[name])
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${String(values[name])}`)
    return value
  }
  const redisRestarts = count('redis-restarts', redis === 'single' ? 1 : 0)
  const masterKills = count('master-kills', redis === 'single' ? 0 : 1)
  // A graceful restart of a whole topology is not what fails in production; a master that dies is.
  if (redis !== 'single' && redisRestarts > 0) throw new Error('--redis-restarts is for --redis single; a Sentinel group or a Cluster gets --master-kills')
  if (redis === 'single' && masterKills > 0) throw new Error('--master-kills needs --redis sentinel or cluster: a single Redis has no replica to take over')
  const waitReplicas = get('wait-replicas')
  if (!Number.isInteger(waitReplicas)) throw new Error('--wait-replicas must be a whole number')
  // Every master of these topologies has one replica: asking for more would refuse every message.
  if (waitReplicas > (redis === 'single' ? 0 : 1)) throw new Error(`--wait-replicas ${waitReplicas}: ${redis === 'single' ? 'a single Redis has no replica' : 'each master has one replica'}`)
  return {
    redis,
    waitReplicas,
    masterKills,
    redisRestarts,
    flows,
    messages: Math.floor(get('messages')),
    seed: get('seed'),
    gateways: get('gateways'),
    workers: get('workers'),
    workerKills: get('worker-kills'),
    errorRate: get('error-rate'),
    timeoutRate: get('timeout-rate'),
    lostReplyRate: get('lost-reply-rate'),
    concurrency: get('concurrency'),
    attempts: get('attempts'),
    backoffMs: get('backoff-ms'),
    deliveryTimeoutMs: get('delivery-timeout-ms'),
    workerConcurrency: get('worker-concurrency'),
    lockMs: get('lock-ms'),
    stalledIntervalMs: get('stalled-interval-ms'),
    workerDownMs: get('worker-down-ms'),
    redisDownMs: get('redis-down-ms'),
    drainTimeoutS: get('drain-timeout-s'),
    quietS: get('quiet-s'),
    chaosFrom: get('chaos-from'),
    chaosTo: Math.max(get('chaos-from'), get('chaos-to')),
    json: typeof values.json === 'string' ? values.json : undefined,
    logs: typeof values.logs === 'string' ? values.logs : undefined
  }
}

interface TimelineEvent {
  atS: number
  event: 'worker-kill' | 'redis-restart' | 'master-kill'
  detail: Record<string, unknown>
}

/**
 * What a master kill took back: accepted messages (answered 202 before the failover ended) whose
 * record the promoted master did not have, or had at an earlier status than the killed master had
 * shown just before the kill, or whose record was waiting for a delivery job that was gone.
 */
interface FailoverCheck {
  /** Answered 202 before the failover ended; no record on the promoted master. */
  recordsMissing: string[]
  /** Its record at an earlier status than read on the killed master just before the kill (e.g. delivered → delivering). */
  statusUndone: string[]
  /** Its record waiting for a delivery (accepted is left out: the sweeper queues those), no job in its queue. */
  jobsMissing: string[]
}

/** The state of a message that did not end, and of its delivery job: what a diagnosis needs. */
interface LostSample {
  messageId: string
  record: GatewayRecord
  history: unknown[]
  job: { state: string, attemptsMade?: number, stalledCounter?: number, failedReason?: string } | null
}

function seconds (ms: number): number {
  return Math.round(ms / 100) / 10
}

async function main (): Promise<number> {
  const opts = parseOptions(process.argv.slice(2))
  const t0 = Date.now()
  const clock = (): number => Date.now() - t0
  const at = (): string => `${(clock() / 1000).toFixed(1).padStart(6)} s`
  const say = (line: string): void => { console.log(`${at()}  ${line}`) }

  const dir = await mkdtemp(join(tmpdir(), 'lt-chaos-'))
  const logsDir = opts.logs ?? join(dir, 'logs')
  await mkdir(logsDir, { recursive: true })
  const redisDir = join(dir, 'redis')
  let redis: PrivateRedis | undefined
  let topology: RedisTopology | undefined
  // While Redis is being restarted, a ctrl-C waits for it, so no redis-server outlives the run.
  let redisRestarting: Promise<unknown> | undefined
  let monitor: RedisClient | undefined
  const queues: Queue[] = []
  const supervisor = new Supervisor({ logsDir, clock })
  let cleaned = false
  const cleanup = async (): Promise<void> => {
    if (cleaned) return
    cleaned = true
    await supervisor.stopAll()
    await Promise.allSettled(queues.map(async (q) => await q.close()))
    monitor?.disconnect()
    await redisRestarting?.catch(() => {})
    await redis?.stop()
    await topology?.stop()
    await rm(dir, { recursive: true, force: true })
  }
  const onSignal = (signal: string): void => {
    console.error(`\n${signal}: stopping every process of the run`)
    void cleanup().finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  // Whatever goes wrong, no process and no temp dir of the run may outlive it.
  const onCrash = (err: unknown): void => {
    console.error(err)
    void cleanup().finally(() => process.exit(2))
  }
  process.once('uncaughtException', onCrash)
  process.once('unhandledRejection', onCrash)

  try {
    const single = opts.redis === 'single'
    console.log(`chaos: ${opts.messages} messages, seed ${opts.seed}, ${opts.gateways} gateways, ${opts.workers} workers; ` +
      `receivers fail ${pct(opts.errorRate)} (503), time out ${pct(opts.timeoutRate)}, lose the reply ${pct(opts.lostReplyRate)}; ` +
      `${opts.workerKills} worker kills, ${single ? `${opts.redisRestarts} Redis restarts` : `${opts.masterKills} master kills`}; ${describeRedisOf(opts)}`)

    // Redis as deployed: AOF with fsync every second, noeviction; a topology with a password, as in production.
    let redisEnv: Record<string, string>
    if (single) {
      redis = await startRedisServer({ dir: redisDir, durable: true })
      redisEnv = { REDIS_URL: redis.url }
    } else {
      topology = await startRedisTopology({ kind: opts.redis, dir: redisDir, password: randomBytes(16).toString('hex'), durable: true, failover: true })
      redisEnv = topology.env
    }
    const redisPort = redis?.port ?? 0

    // The sample registry with every receiver on a free port: other runs on this machine may hold 8091-8095.
    const doc = JSON.parse(await readFile(join(projectRoot, 'config', 'registry.json'), 'utf8')) as RegistryDocument
    for (const p of doc.participants) {
      if (p.endpoint !== undefined) p.endpoint.baseUrl = `http://127.0.0.1:${await freePort()}`
    }
    // The run tests delivery, not rate limits: four senders post thousands of messages in
    // seconds, far over the sample registry's 1200 per service and minute.
    doc.limits = { ...doc.limits, rate: { max: 10_000_000, windowSeconds: 60 } }
    const registryFile = join(dir, 'registry.json')
    await writeFile(registryFile, JSON.stringify(doc, null, 2))
    const dataKeys = RecordCipher.generateEntry('chaos')
    // As in production: receipts signed, and the evidence log sealed with the same keys.
    const signingKeys = JSON.stringify([await SigningKeys.generate()])
    const evidenceDir = join(dir, 'evidence')

    const common: Record<string, string> = {
      ...localCredentials(),
      // As in production: envelopes and replies sealed in Redis.
      DATA_KEYS: dataKeys,
      SIGNING_KEYS: signingKeys,
      // The workers archive the evidence log here; checkpoints every few seconds.
      EVIDENCE_DIR: evidenceDir,
      EVIDENCE_CHECKPOINT_SECONDS: '5',
      // Messages left unconfirmed (retries spent, the receiver unable to say) are asked about every second.
      RECONCILE_INTERVAL_MS: '1000',
      ...redisEnv,
      // A failover may take back a message's queueing (its record left `accepted`): the sweeper
      // queues such messages, on a schedule scaled down like the rest so it acts within the run.
      ...(single ? {} : { SWEEP_INTERVAL_MS: '5000', SWEEP_AFTER_MS: '10000' }),
      REGISTRY_FILE: registryFile,
      KEY_PREFIX,
      DELIVERY_ATTEMPTS: String(opts.attempts),
      DELIVERY_BACKOFF_MS: String(opts.backoffMs),
      DELIVERY_TIMEOUT_MS: String(opts.deliveryTimeoutMs),
      WORKER_CONCURRENCY: String(opts.workerConcurrency),
      // Short locks so a killed worker's jobs come back in seconds.
      WORKER_LOCK_MS: String(opts.lockMs),
      WORKER_STALLED_INTERVAL_MS: String(opts.stalledIntervalMs),
      // The portal's delivery makes two or three calls, so under these faults about 70% of its
      // deliveries fail: a breaker at the default 50% would hold it open most of the run, which
      // tests patience, not delivery. It still opens for a receiver that is down; its cool-down
      // is scaled down like the delivery timings.
      BREAKER_FAILURE_RATE: '0.9',
      BREAKER_COOLDOWN_MS: '2000'
    }
    const env = (extra: Record<string, string>): Record<string, string> => ({ ...common, ...extra })

    const mocksChild = supervisor.start('mocks', 0, env({
      LOG_LEVEL: 'warn',
      CHAOS_SEED: String(opts.seed),
      CHAOS_MOCK_FAULTS: JSON.stringify({ errorRate: opts.errorRate, timeoutRate: opts.timeoutRate, lostReplyRate: opts.lostReplyRate }),
      // Every effect must stay on record until the reconciliation reads it.
      CHAOS_MOCK_MAX_RECORDS: String(Math.max(100_000, opts.messages * 10))
    }))
    const gatewayPorts = await Promise.all(Array.from({ length: opts.gateways }, async () => await freePort()))
    const gatewayUrls = gatewayPorts.map((port) => `http://127.0.0.1:${port}`)
    const workerEnv = env({ LOG_LEVEL: 'info' })
    // The gateways alone answer senders, so they alone wait for the replicas.
    const gatewayWait: Record<string, string> = opts.waitReplicas > 0 ? { REDIS_WAIT_REPLICAS: String(opts.waitReplicas), REDIS_WAIT_TIMEOUT_MS: String(WAIT_TIMEOUT_MS) } : {}
    const started = await Promise.all([
      firstMessage<MocksReady>(mocksChild, 60_000),
      ...gatewayPorts.map(async (port, i) => {
        const child = supervisor.start('gateway', i, env({ PORT: String(port), LOG_LEVEL: 'warn', ...gatewayWait }))
        await waitForHttp(child, `${gatewayUrls[i] as string}/health/ready`, 90_000)
      }),
      ...Array.from({ length: opts.workers }, async (_, i) => {
        await waitForLog(supervisor.start('worker', i, workerEnv), 'delivery workers started', 90_000)
      })
    ])
    const mockUrls = (started[0] as MocksReady).urls
    const redisDescription = topology === undefined
      ? `redis-server :${redisPort}`
      : topology.kind === 'sentinel'
        ? `sentinel group (master :${(await topology.masters()).map((n) => n.port).join()}, replica; sentinels ${topology.env.REDIS_SENTINELS ?? ''})`
        : `cluster (masters :${(await topology.masters()).map((n) => n.port).join(', :')}, a replica each)`
    say(`started: ${redisDescription} (AOF everysec), mocks, ${opts.gateways} gateways (${gatewayPorts.join(', ')}), ${opts.workers} workers; logs in ${logsDir}`)
    const startupMs = clock()

    // Reads of one key, and pipelines of the gateway's `{lt}` keys (one slot), work on a cluster too.
    monitor = topology?.connect({ maxRetriesPerRequest: null, lazyConnect: true }) ?? new Redis((redis as PrivateRedis).url, { maxRetriesPerRequest: null, lazyConnect: true })
    monitor.on('error', () => {})
    await monitor.connect()
    const receivers = doc.participants.filter((p) => p.endpoint !== undefined).map((p) => p.id)
    for (const id of receivers) {
      const queue = new Queue(queueNameFor(id), { connection: monitor, prefix: queuePrefix({ keyPrefix: KEY_PREFIX }, queueNameFor(id)) })
      queue.on('error', () => {})
      queues.push(queue)
    }
    const activeJobs = async (): Promise<number> => {
      const m = monitor as RedisClient
      const counts = await Promise.all(receivers.map(async (id) => await m.llen(`${queuePrefix({ keyPrefix: KEY_PREFIX }, queueNameFor(id))}:${queueNameFor(id)}:active`)))
      return counts.reduce((a, b) => a + b, 0)
    }

    // Traffic.
    // The procedure groups' people are the mocks' seeded residents (the mocks hold 200: mock-systems.ts).
    const plans = [...planTraffic(opts.messages, opts.seed), ...planFlows(opts.flows, opts.seed, 200)]
    const accepted: string[] = []
    const pending = new Set<string>()
    const terminal = { delivered: 0, dead: 0 }
    let sendingDone = false
    const sendStart = clock()
    const senders = Promise.all(plans.map(async (plan, i) => await runSender(plan, {
      gateways: gatewayUrls,
      concurrency: opts.concurrency,
      giveUpAt: Date.now() + 20 * 60_000,
      logFile: join(logsDir, `sender-${plan.name.replace(/[^A-Za-z0-9]+/g, '-')}.jsonl`),
      clock,
      seed: opts.seed * 100 + i,
      requestTimeoutMs: 15_000,
      onAccepted: (id) => { accepted.push(id); pending.add(id) }
    }))).finally(() => { sendingDone = true })

    // The async messages the senders plan (not the procedure groups'), by id: their receiver's queue.
    const planned = new Map(plans.flatMap((plan) => plan.chains.flat()).filter((e) => !FLOWS.has(e.header.service)).map((e) => [e.header.messageId, e.header.to]))
    const failovers: FailoverCheck = { recordsMissing: [], statusUndone: [], jobsMissing: [] }

    // Chaos, spread over the sending: worker kills with the Redis restarts (or master kills) in between.
    const timeline: TimelineEvent[] = []
    const events: Array<TimelineEvent['event']> = []
    const redisEvent = single ? 'redis-restart' : 'master-kill'
    const redisEvents = single ? opts.redisRestarts : opts.masterKills
    for (let k = 0, r = 0; k < opts.workerKills || r < redisEvents;) {
      if (k < opts.workerKills && (k <= r || r >= redisEvents)) { events.push('worker-kill'); k++ } else { events.push(redisEvent); r++ }
    }
    let kills = 0
    let masterKills = 0
    const restarts: Array<Promise<void>> = []
    const chaos = (async () => {
      for (const [j, event] of events.entries()) {
        const share = events.length === 1 ? opts.chaosFrom : opts.chaosFrom + (opts.chaosTo - opts.chaosFrom) * j / (events.length - 1)
        const threshold = Math.floor(opts.messages * share)
        // eslint-disable-next-line no-unmodified-loop-condition -- set by the senders' promise meanwhile
        while (accepted.length < threshold && !sendingDone) await sleep(50)
        if (event === 'worker-kill') {
          const index = kills++ % opts.workers
          // The previous kill of this worker must have been followed by its restart.
          await Promise.all(restarts)
          const active = await activeJobs()
          const killedAt = clock()
          const detail = { worker: index, activeJobsInAllWorkers: active, acceptedSoFar: accepted.length, downS: 0 }
          timeline.push({ atS: seconds(killedAt), event, detail })
          await supervisor.kill('worker', index)
          say(`worker-${index} SIGKILLed (${active} jobs active in all workers, ${accepted.length} accepted so far)`)
          // Restarted in the background, as a process manager would, while the run goes on.
          const restart = (async () => {
            await sleep(opts.workerDownMs)
            await waitForLog(supervisor.start('worker', index, workerEnv), 'delivery workers started', 90_000)
            detail.downS = seconds(clock() - killedAt)
            say(`worker-${index} running again after ${detail.downS} s`)
          })()
          restart.catch(() => {})
          restarts.push(restart)
        } else if (event === 'master-kill') {
          const t = topology as RedisTopology
          const m = monitor as RedisClient
          const target = await masterToKill(t, m, masterKills++, receivers)
          // What the master shows of the messages accepted so far, just before it dies.
          const before = await readStatuses(m, accepted.filter((id) => planned.has(id)))
          const killedAt = clock()
          const detail: Record<string, unknown> = { node: target.node.port, holds: target.holds, acceptedSoFar: accepted.length }
          timeline.push({ atS: seconds(killedAt), event, detail })
          redisRestarting = (async () => {
            // Dead before the topology is asked whether it has a master again.
            const exited = new Promise((resolve) => target.node.process.once('exit', resolve))
            target.node.process.kill('SIGKILL')
            await exited
            say(`master :${target.node.port} SIGKILLed (it held ${target.holds.join(', ')}), ${accepted.length} accepted so far`)
            await t.healthy(120_000)
          })()
          await redisRestarting
          const upAt = clock()
          say(`${(await t.masters()).map((n) => `:${n.port}`).join(', ')} ${t.kind === 'sentinel' ? 'is the master' : 'are the masters'} ${seconds(upAt - killedAt)} s after the kill`)
          // Started again at once, as a process manager would, and back as a replica: until then
          // the promoted master has none, so a gateway that waits for one answers 503.
          const restarted = t.restart(target.node, 120_000)
          redisRestarting = restarted
          restarted.catch(() => {})
          // Every message answered 202 by now: its record on the promoted master, no earlier than it was.
          const check = await checkFailover(m, accepted.filter((id) => planned.has(id)), before, planned)
          failovers.recordsMissing.push(...check.recordsMissing)
          failovers.statusUndone.push(...check.statusUndone)
          failovers.jobsMissing.push(...check.jobsMissing)
          say(`after the failover: ${check.recordsMissing.length} records of accepted messages missing, ${check.statusUndone.length} at an earlier status, ${check.jobsMissing.length} waiting for a job that is gone`)
          // The gateways must find the new master by themselves.
          await Promise.all(gatewayUrls.map(async (url, i) => { await waitForHttp(supervisor.get('gateway', i) as Child, `${url}/health/ready`, 60_000) }))
          const readyAt = clock()
          say(`gateways ready again ${seconds(readyAt - upAt)} s after the failover`)
          await restarted
          const syncedAt = clock()
          say(`:${target.node.port} running again as a replica, in sync ${seconds(syncedAt - killedAt)} s after the kill`)
          Object.assign(detail, {
            newMasterAfterS: seconds(upAt - killedAt),
            gatewaysReadyAfterS: seconds(readyAt - upAt),
            replicaInSyncAfterS: seconds(syncedAt - killedAt),
            recordsMissing: check.recordsMissing.length,
            statusUndone: check.statusUndone.length,
            jobsMissing: check.jobsMissing.length
          })
        } else {
          const stoppedAt = clock()
          redisRestarting = (async () => {
            await (redis as PrivateRedis).stop()
            say(`redis-server stopped (SIGTERM: AOF flushed), ${accepted.length} accepted so far`)
            await sleep(opts.redisDownMs)
            redis = await restartRedis(redisDir, redisPort)
          })()
          await redisRestarting
          const upAt = clock()
          const keys = await (monitor as Redis).dbsize()
          say(`redis-server running again on :${redisPort}, ${keys} keys loaded from the AOF`)
          // The gateways must find it again by themselves.
          await Promise.all(gatewayUrls.map(async (url, i) => { await waitForHttp(supervisor.get('gateway', i) as Child, `${url}/health/ready`, 60_000) }))
          say(`gateways ready again ${seconds(clock() - upAt)} s after Redis was back`)
          timeline.push({ atS: seconds(stoppedAt), event, detail: { downS: seconds(upAt - stoppedAt), keysAfterRestart: keys, gatewaysReadyAfterS: seconds(clock() - upAt), acceptedSoFar: accepted.length } })
        }
      }
      await Promise.all(restarts)
    })()
    // Awaited after the sending; a failure before then must not go unhandled meanwhile.
    chaos.catch(() => {})

    // Progress, and the count of messages that ended.
    const poll = async (): Promise<void> => {
      const ids = [...pending]
      for (let i = 0; i < ids.length; i += 2000) {
        const chunk = ids.slice(i, i + 2000)
        const pipeline = (monitor as RedisClient).pipeline()
        for (const id of chunk) pipeline.hget(`${KEY_PREFIX}:msg:${id}`, 'status')
        const results = await pipeline.exec() ?? []
        results.forEach(([err, status], k) => {
          if (err !== null) return
          if (status === 'delivered' || status === 'dead') {
            terminal[status]++
            pending.delete(chunk[k] as string)
          }
        })
      }
    }
    let lastLine = 0
    const progress = (): void => {
      if (clock() - lastLine < 5_000) return
      lastLine = clock()
      say(`accepted ${accepted.length}/${opts.messages}, delivered ${terminal.delivered}, dead ${terminal.dead}, in flight ${pending.size}`)
    }
    let senderStats: SenderStats[] = []
    let sendEnd = 0
    void senders.then((s) => { senderStats = s; sendEnd = clock() }, () => {})
    // eslint-disable-next-line no-unmodified-loop-condition -- set by the senders' promise meanwhile
    while (!sendingDone) {
      await sleep(1_000)
      await poll()
      progress()
    }
    await senders
    say(`all sent in ${seconds(sendEnd - sendStart)} s; waiting for every accepted message to be delivered or dead`)
    await chaos
    const drainDeadline = Date.now() + opts.drainTimeoutS * 1000
    let idleSince: number | undefined
    while (Date.now() < drainDeadline) {
      await poll()
      progress()
      // Every accepted message ended, and nothing the gateway sent on its own (procedure groups'
      // status syncs to the portal) is still queued.
      if (pending.size === 0 && await queuesIdle(queues) && await (monitor as RedisClient).zcard(`${KEY_PREFIX}:flows:active`) === 0) break
      // No job left to run in any queue: what has not ended by now will not end by waiting.
      if (await queuesIdle(queues)) {
        idleSince ??= Date.now()
        if (Date.now() - idleSince >= opts.quietS * 1000) break
      } else {
        idleSince = undefined
      }
      await sleep(1_000)
    }
    const drainEnd = clock()
    if (pending.size === 0) say(`every accepted message ended ${seconds(drainEnd - sendEnd)} s after the last was sent`)
    else if (idleSince !== undefined) say(`${pending.size} messages not ended, and no queue has a job left to run for ${opts.quietS} s`)
    else say(`drain deadline passed with ${pending.size} messages not ended`)
    // A delivery that lost its answer may still be in flight at a receiver for up to one timeout.
    await sleep(Math.min(opts.deliveryTimeoutMs, 2_000))

    // Reconcile: the senders' logs, the gateway's records, the receivers' effects.
    const lines: PostLogLine[] = []
    for (const file of (await readdir(logsDir)).filter((f) => f.startsWith('sender-'))) {
      for (const line of (await readFile(join(logsDir, file), 'utf8')).split('\n')) {
        if (line !== '') lines.push(JSON.parse(line) as PostLogLine)
      }
    }
    const outcomes = senderOutcomes(lines)
    const records = await readRecords(monitor, [...outcomes.keys()], RecordCipher.fromEnv(dataKeys))
    const effects: ReceiverEffect[] = []
    const faultsSeen: Record<string, number> = {}
    // Receivers see each message under its sender-scoped idempotency key: map it back to the messageId.
    const messageIdOfKey = new Map([...outcomes.values()].map((o) => [receiverIdempotencyKey(o.from, o.messageId), o.messageId]))
    for (const [receiver, url] of Object.entries(mockUrls)) {
      for (const e of await getJson<Array<Record<string, unknown>>>(`${url}/__mock/effects`)) {
        const effect: ReceiverEffect = { receiver, type: String(e.type) }
        if (typeof e.idempotencyKey === 'string') effect.idempotencyKey = messageIdOfKey.get(e.idempotencyKey) ?? e.idempotencyKey
        const code = e.maHoSo ?? e.MaHoSo
        if (typeof code === 'string') effect.dossierCode = code
        if (typeof e.TrangThaiHoSo === 'string') effect.status = Number(e.TrangThaiHoSo)
        effects.push(effect)
      }
      for (const r of await getJson<Array<{ fault: string | null, replayed: boolean }>>(`${url}/__mock/received`)) {
        const key = r.fault ?? (r.replayed ? 'answered (replayed)' : 'answered')
        faultsSeen[key] = (faultsSeen[key] ?? 0) + 1
      }
    }
    // The procedure groups: each is checked step by step (its steps' effects, its dossier at the portal), not as one delivery.
    const flowIds = new Set([...outcomes.values()].filter((o) => FLOWS.has(o.service)).map((o) => o.messageId))
    const flowChecks: FlowCheck[] = []
    const flowKeys = new Set<string>()
    const flowDossiers = new Set<string>()
    const effectsByKey = new Map<string, number>()
    for (const e of effects) if (e.idempotencyKey !== undefined) effectsByKey.set(e.idempotencyKey, (effectsByKey.get(e.idempotencyKey) ?? 0) + 1)
    for (const id of flowIds) {
      const outcome = outcomes.get(id)
      if (outcome?.final !== 'accepted') continue
      const record = records.get(id) ?? {}
      const definition = FLOWS.get(outcome.service)
      if (definition === undefined) continue
      const stepIds = definition.steps.map((step) => ({ name: step.name, id: flowMessageId(id, `step:${step.name}:0`) }))
      const stepRecords = await readRecords(monitor, stepIds.map((s) => s.id), RecordCipher.fromEnv(dataKeys))
      const steps = stepIds.map((s) => {
        const key = receiverIdempotencyKey(outcome.from, s.id)
        flowKeys.add(key)
        flowKeys.add(`khaisinh-${key}`)
        return { name: s.name, record: stepRecords.get(s.id) ?? {}, effects: effectsByKey.get(key) ?? 0, peerEffects: effectsByKey.get(`khaisinh-${key}`) ?? 0 }
      })
      if (record.dossierCode !== undefined) flowDossiers.add(record.dossierCode)
      const atPortal = effects.filter((e) => e.status !== undefined && e.dossierCode === record.dossierCode)
      // Each status sync once: its idempotency key (one per status the group reached) at most once.
      const portalKeys = atPortal.map((e) => e.idempotencyKey ?? '')
      steps.push({ name: 'portal', record: { status: 'delivered' }, peerEffects: 0, effects: portalKeys.length - new Set(portalKeys).size + (portalKeys.length > 0 ? 1 : 0) })
      const returnedId = flowMessageId(id, 'portal:returned')
      const returnedSync = (await readRecords(monitor, [returnedId], RecordCipher.fromEnv(dataKeys))).get(returnedId)?.status
      flowChecks.push({ messageId: id, service: outcome.service, record, steps, portalStatuses: atPortal.map((e) => e.status as number), ...(returnedSync !== undefined ? { returnedSync } : {}) })
    }
    const flows = reconcileFlows(flowChecks)
    // A lost group is waiting for a step that did not end: its steps' records and jobs say why.
    const flowLostSamples = await Promise.all(flows.lost.ids.slice(0, 5).map(async (id) => {
      const check = flowChecks.find((f) => f.messageId === id) as FlowCheck
      const definition = FLOWS.get(check.service)
      const open = (definition?.steps ?? []).map((step) => ({ name: step.name, id: flowMessageId(id, `step:${step.name}:0`) }))
        .filter((step) => !['delivered', 'dead'].includes(check.steps.find((s) => s.name === step.name)?.record.status ?? ''))
      return { messageId: id, status: check.record.status, steps: await Promise.all(open.map(async (step) => ({ step: step.name, ...await diagnose(monitor as RedisClient, queues, '', step.id, check.steps.find((s) => s.name === step.name)?.record ?? {}) }))) }
    }))
    const ownOutcomes = new Map([...outcomes].filter(([id]) => !flowIds.has(id)))
    const ownEffects = effects.filter((e) => !flowKeys.has(e.idempotencyKey ?? '') && !(e.status !== undefined && e.dossierCode !== undefined && flowDossiers.has(e.dossierCode)))
    const result = reconcile(ownOutcomes, records, ownEffects)
    // Every lost message (the reconciliation keeps a sample of them): set beside what the failovers took back.
    const applied = new Set(ownEffects.map((e) => e.idempotencyKey))
    const lostIds = [...ownOutcomes.values()].filter((o) => o.final === 'accepted').map((o) => o.messageId).filter((id) => {
      const status = records.get(id)?.status
      return status === 'delivered' ? !applied.has(id) : status !== 'dead'
    })
    const failover = single ? undefined : failoverSummary(failovers, lostIds, lines)
    say('checking the evidence log: the whole chain exported and verified, each message\'s events, the archive')
    const acceptedRecords = new Map([...outcomes.values()].filter((o) => o.final === 'accepted').map((o) => [o.messageId, records.get(o.messageId) ?? {}]))
    // checkEvidence is typed for one server, but only hands the client to EvidenceLog and
    // EvidenceArchive, which take a cluster's as well (their keys are all `{lt}`: one slot).
    const evidence = await checkEvidence({ redis: monitor as Redis, prefix: KEY_PREFIX, keys: await SigningKeys.fromJson(signingKeys), dir: evidenceDir, messages: acceptedRecords })
    const lostSamples = await Promise.all(result.lost.ids.slice(0, 10).map(async (id) => await diagnose(monitor as RedisClient, queues, outcomes.get(id)?.to ?? '', id, records.get(id) ?? {})))
    const queueCounts: Record<string, Record<string, number>> = {}
    const failedJobs: Record<string, number> = {}
    for (const queue of queues) {
      queueCounts[queue.name] = await queue.getJobCounts('wait', 'active', 'delayed', 'completed', 'failed')
      for (const job of await queue.getFailed(0, -1)) {
        const reason = (job.failedReason ?? 'no reason').split(':')[0] as string
        failedJobs[reason] = (failedJobs[reason] ?? 0) + 1
      }
    }
    const portalStale = staleStatuses(plans, outcomes, records, effects)
    const problems = [...failures(result, supervisor.unexpectedExits.length), ...flowFailures(flows)]
    if (!evidence.verified) problems.push(`the evidence log does not verify: ${evidence.error ?? ''}`)
    if (!evidence.archiveVerified) problems.push(`the evidence archive does not verify: ${evidence.archiveError ?? ''}`)
    if (evidence.incomplete.count > 0) problems.push(`${evidence.incomplete.count} messages whose events are not all in the evidence log`)
    if (portalStale.notLatest > 0) problems.push(`${portalStale.notLatest} dossiers end at the portal on an older status than their last delivered change`)

    const totalMs = clock()
    const summary = {
      date: new Date().toISOString(),
      command: ['npm run chaos --', ...process.argv.slice(2)].join(' '),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30 * 10) / 10, platform: `${platform()} ${release()}`, node: process.version },
      options: { ...opts, json: undefined, logs: undefined },
      redis: describeRedisOf(opts),
      durations: { totalS: seconds(totalMs), startupS: seconds(startupMs), sendS: seconds(sendEnd - sendStart), drainAfterSendS: seconds(drainEnd - sendEnd) },
      throughput: {
        acceptedPerS: Math.round(result.accepted / Math.max(0.001, (sendEnd - sendStart) / 1000)),
        endedPerS: Math.round((result.delivered + result.dead.count) / Math.max(0.001, (drainEnd - sendStart) / 1000))
      },
      timeline,
      unexpectedExits: supervisor.unexpectedExits,
      receiverRequests: faultsSeen,
      senders: senderStats,
      ...result,
      ...(failover !== undefined ? { failover } : {}),
      flows,
      lostSamples,
      flowLostSamples,
      queues: queueCounts,
      failedJobs,
      portalStatusNotLatest: portalStale,
      evidence,
      ok: problems.length === 0,
      failures: problems
    }
    printSummary(summary, result, flows)
    // chaos-<date>.json for one redis-server; chaos-sentinel-…, chaos-cluster-wait1-… for the others.
    const topologyName = single ? '' : `${opts.redis}-${opts.waitReplicas > 0 ? `wait${opts.waitReplicas}-` : ''}`
    const jsonFile = opts.json ?? join(projectRoot, 'bench', 'results', `chaos-${topologyName}${new Date().toISOString().slice(0, 10)}.json`)
    await mkdir(join(jsonFile, '..'), { recursive: true })
    await writeFile(jsonFile, JSON.stringify(summary, null, 2) + '\n')
    console.log(`summary written: ${relative(process.cwd(), jsonFile)}`)
    console.log(problems.length === 0 ? 'PASS' : `FAIL: ${problems.join('; ')}`)
    return problems.length === 0 ? 0 : 1
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await cleanup()
    process.off('uncaughtException', onCrash)
    process.off('unhandledRejection', onCrash)
  }
}

async function queuesIdle (queues: Queue[]): Promise<boolean> {
  for (const queue of queues) {
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children')
    if (Object.values(counts).some((n) => n > 0)) return false
  }
  return true
}

function pct (rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`
}

/** Starts redis-server again on its port and data dir; the port may take a moment to be free. */
async function restartRedis (dir: string, port: number): Promise<PrivateRedis> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRedisServer({ dir, port, durable: true })
    } catch (err) {
      if (attempt >= 20) throw err
      await sleep(250)
    }
  }
}

/** The Redis of the run and whether the gateways wait for a replica, for the headers. */
function describeRedisOf (opts: ChaosOptions): string {
  const kind = { single: 'one redis-server', sentinel: 'Sentinel group (1 master, 1 replica, 3 sentinels)', cluster: 'Cluster (3 masters, a replica each)' }[opts.redis]
  const wait = opts.waitReplicas > 0 ? `WAIT on (REDIS_WAIT_REPLICAS=${opts.waitReplicas}, ${WAIT_TIMEOUT_MS} ms)` : 'WAIT off'
  return `redis: ${kind}, ${wait}`
}

/**
 * The master the `n`th kill takes: on a Sentinel group the master; on a cluster first the master
 * of the gateway's `{lt}` slot (records, indexes, evidence: what can lose acknowledged messages),
 * then in turn the master with most of the receivers' queues among the others. `holds`: the slots
 * of the run it serves, as key prefixes.
 */
async function masterToKill (topology: RedisTopology, redis: RedisClient, n: number, receivers: string[]): Promise<{ node: PrivateRedis, holds: string[] }> {
  const masters = await topology.masters()
  const prefixes = [KEY_PREFIX, ...receivers.map((id) => queuePrefix({ keyPrefix: KEY_PREFIX }, queueNameFor(id)))]
  if (topology.kind !== 'cluster') return { node: masters[0] as PrivateRedis, holds: ['every key'] }
  const ranges = await redis.call('CLUSTER', 'SLOTS') as Array<[number, number, [string, number, ...unknown[]], ...unknown[]]>
  const byPort = new Map<number, string[]>()
  for (const prefix of prefixes) {
    const slot = Number(await redis.call('CLUSTER', 'KEYSLOT', prefix))
    const port = ranges.find(([from, to]) => slot >= from && slot <= to)?.[2][1]
    if (port !== undefined) byPort.set(port, [...byPort.get(port) ?? [], prefix])
  }
  const holds = (node: PrivateRedis): string[] => byPort.get(node.port) ?? []
  const gateway = masters.find((node) => holds(node).includes(KEY_PREFIX))
  const others = masters.filter((node) => node !== gateway).sort((a, b) => holds(b).length - holds(a).length)
  const node = n % 2 === 0 ? gateway ?? others[0] : others[0] ?? gateway
  if (node === undefined) throw new Error('no master to kill')
  return { node, holds: holds(node) }
}

/** How far along its life a status is: a failover must not move a record back. */
const PROGRESS: Record<string, number> = { accepted: 0, queued: 1, retrying: 2, delivering: 2, unconfirmed: 3, delivered: 4, dead: 4 }

/** The status of each message's record (null: no record), read in pipelines of the gateway's `{lt}` keys. */
async function readStatuses (redis: RedisClient, ids: string[]): Promise<Map<string, string | null>> {
  const statuses = new Map<string, string | null>()
  for (let i = 0; i < ids.length; i += 2000) {
    const chunk = ids.slice(i, i + 2000)
    const pipeline = redis.pipeline()
    for (const id of chunk) pipeline.hget(`${KEY_PREFIX}:msg:${id}`, 'status')
    const results = await pipeline.exec() ?? []
    results.forEach(([err, status], k) => {
      if (err !== null) throw err
      statuses.set(chunk[k] as string, status as string | null)
    })
  }
  return statuses
}

/**
 * Right after a failover: the accepted messages whose record the promoted master lacks, holds at
 * an earlier status than the killed master showed just before the kill (`before`), or holds
 * waiting for a delivery job its queue no longer has. `queueOf`: each message's receiver.
 */
async function checkFailover (redis: RedisClient, ids: string[], before: Map<string, string | null>, queueOf: Map<string, string>): Promise<FailoverCheck> {
  const after = await readStatuses(redis, ids)
  const check: FailoverCheck = { recordsMissing: [], statusUndone: [], jobsMissing: [] }
  const waiting = new Map<string, string[]>()
  for (const [id, status] of after) {
    if (status === null) {
      check.recordsMissing.push(id)
      continue
    }
    const was = before.get(id)
    if (was !== undefined && was !== null && (PROGRESS[status] ?? 0) < (PROGRESS[was] ?? 0)) check.statusUndone.push(id)
    if (status === 'queued' || status === 'retrying' || status === 'delivering') {
      const queue = queueNameFor(queueOf.get(id) ?? '')
      waiting.set(queue, [...waiting.get(queue) ?? [], id])
    }
  }
  // A job is a hash under its queue's prefix; one pipeline per queue, as each queue is one slot.
  for (const [queue, queued] of waiting) {
    const pipeline = redis.pipeline()
    for (const id of queued) pipeline.exists(`${queuePrefix({ keyPrefix: KEY_PREFIX }, queue)}:${queue}:${id}`)
    const results = await pipeline.exec() ?? []
    results.forEach(([err, exists], k) => {
      if (err !== null) throw err
      if (exists === 0) check.jobsMissing.push(queued[k] as string)
    })
  }
  return check
}

async function getJson<T> (url: string): Promise<T> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`)
  return await res.json() as T
}

/** The gateway's record of each message, read from Redis in pipelines. */
async function readRecords (redis: RedisClient, ids: string[], cipher: RecordCipher): Promise<Map<string, GatewayRecord>> {
  const records = new Map<string, GatewayRecord>()
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000)
    const pipeline = redis.pipeline()
    for (const id of chunk) pipeline.hmget(`${KEY_PREFIX}:msg:${id}`, 'status', 'attempts', 'lastError', 'reply', 'evidenceEvents', 'dossierCode')
    const results = await pipeline.exec() ?? []
    results.forEach(([err, value], k) => {
      if (err !== null) throw err
      const [status, attempts, lastError, reply, evidenceEvents, dossierCode] = value as Array<string | null>
      const record: GatewayRecord = {}
      if (status !== null && status !== undefined) record.status = status
      if (dossierCode !== null && dossierCode !== undefined) record.dossierCode = dossierCode
      if (attempts !== null && attempts !== undefined) record.attempts = Number(attempts)
      if (evidenceEvents !== null && evidenceEvents !== undefined) record.evidenceEvents = Number(evidenceEvents)
      if (lastError !== null && lastError !== undefined) record.lastError = JSON.parse(lastError) as GatewayRecord['lastError']
      // Sealed with the run's data key, bound to its record (the senders' messageIds are unique: the record id).
      if (reply !== null && reply !== undefined) record.reply = JSON.parse(cipher.open(reply, sealContext('reply', chunk[k] as string, undefined))) as GatewayRecord['reply']
      records.set(chunk[k] as string, record)
    })
  }
  return records
}

async function diagnose (redis: RedisClient, queues: Queue[], to: string, messageId: string, record: GatewayRecord): Promise<LostSample> {
  const history = await new MessageStore(redis, KEY_PREFIX, 1).history(messageId)
  // `to` unknown (a procedure group's step): the queue that has its job.
  let queue = queues.find((q) => q.name === queueNameFor(to))
  for (const q of to === '' ? queues : []) if (await q.getJobState(messageId) !== 'unknown') queue = q
  let job: LostSample['job'] = null
  if (queue !== undefined) {
    const state = await queue.getJobState(messageId)
    const found = await queue.getJob(messageId)
    job = { state }
    if (found !== undefined) {
      job.attemptsMade = found.attemptsMade
      job.stalledCounter = found.stalledCounter
      if (found.failedReason !== undefined) job.failedReason = found.failedReason
    }
  }
  return { messageId, record: { ...record, reply: undefined }, history, job }
}

/**
 * Dossiers whose last status at the portal is not the last change their sender had accepted,
 * among those whose last change was delivered: the gateway delivers the changes of one dossier in
 * the order it accepted them, so each such dossier must end on its last change.
 */
function staleStatuses (plans: ReturnType<typeof planTraffic>, outcomes: Map<string, { final: string }>, records: Map<string, GatewayRecord>, effects: ReceiverEffect[]): { dossiers: number, notLatest: number } {
  const lastSent = new Map<string, { status: number, messageId: string }>()
  for (const plan of plans) {
    for (const chain of plan.chains) {
      for (const envelope of chain) {
        if (envelope.header.service !== 'dossier.status' || outcomes.get(envelope.header.messageId)?.final !== 'accepted') continue
        lastSent.set(envelope.body.dossierCode as string, { status: envelope.body.status as number, messageId: envelope.header.messageId })
      }
    }
  }
  const lastAtPortal = new Map<string, number>()
  for (const e of effects) if (e.status !== undefined && e.dossierCode !== undefined) lastAtPortal.set(e.dossierCode, e.status)
  let dossiers = 0
  let notLatest = 0
  for (const [code, last] of lastSent) {
    if (records.get(last.messageId)?.status !== 'delivered') continue
    dossiers++
    if (lastAtPortal.get(code) !== last.status) notLatest++
  }
  return { dossiers, notLatest }
}

/** The failovers' part of the summary. */
interface FailoverSummary {
  recordsMissing: { count: number, ids: string[] }
  statusUndone: { count: number, ids: string[] }
  jobsMissing: { count: number, ids: string[] }
  /** Lost, and among the messages a failover took back (above): the loss the failover caused. */
  lostAfter202: { count: number, ids: string[] }
  /** Taken back by a failover, but delivered or dead in the end all the same. */
  recovered: number
  /** 503 LT_NOT_REPLICATED answers (each re-posted by its sender). */
  notReplicated: number
}

function failoverSummary (check: FailoverCheck, lostIds: string[], lines: PostLogLine[]): FailoverSummary {
  const sample = (ids: string[]): { count: number, ids: string[] } => ({ count: ids.length, ids: ids.slice(0, 20) })
  const takenBack = new Set([...check.recordsMissing, ...check.statusUndone, ...check.jobsMissing])
  const lostAfter202 = lostIds.filter((id) => takenBack.has(id))
  return {
    recordsMissing: sample(check.recordsMissing),
    statusUndone: sample(check.statusUndone),
    jobsMissing: sample(check.jobsMissing),
    lostAfter202: sample(lostAfter202),
    recovered: takenBack.size - lostAfter202.length,
    notReplicated: lines.filter((l) => l.code === 'LT_NOT_REPLICATED').length
  }
}

function printSummary (s: { redis: string, failover?: FailoverSummary, flowLostSamples: Array<{ messageId: string, status?: string | undefined, steps: Array<LostSample & { step: string }> }>, durations: Record<string, number>, throughput: Record<string, number>, timeline: TimelineEvent[], receiverRequests: Record<string, number>, failedJobs: Record<string, number>, portalStatusNotLatest: { dossiers: number, notLatest: number }, lostSamples: LostSample[], unexpectedExits: unknown[], evidence: EvidenceCheck }, r: Reconciliation, f: FlowReconciliation): void {
  const row = (label: string, value: number | string, note = ''): void => { console.log(`  ${label.padEnd(18)}${String(value).padStart(8)}   ${note}`) }
  const list = (counts: Record<string, number>): string => Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')
  console.log(`\nreconciliation (senders' logs × gateway records in Redis × receivers' effects); ${s.redis}:`)
  row('sent', r.sent, `${r.posts} POSTs, ${r.rePosts} re-posts of the same messageId after a 5xx or a network error`)
  row('accepted', r.accepted, r.gaveUp > 0 ? `${r.gaveUp} never accepted` : '')
  row('refused (4xx)', r.rejected.count, list(r.rejected.byCode))
  row('delivered', r.delivered)
  row('dead', r.dead.count, list(r.dead.byReason))
  // Told "dead" though the receiver applied it: the sender would send it again. The worker asks a
  // receiver with a lookup before declaring a message dead; this counts what got past that.
  row('dead but applied', r.dead.withEffect, r.dead.withEffect > 0 ? 'the receiver applied them but no answer came back, and it could not be asked (no lookup, or it could not answer)' : '')
  row('lost', r.lost.count, r.lost.count > 0 ? `not ended: ${list(r.lost.notTerminal)} (${r.lost.withEffect} applied at the receiver); delivered without effect: ${r.lost.deliveredWithoutEffect}` : '')
  const fo = s.failover
  if (fo !== undefined) row('lost after 202', fo.lostAfter202.count, `of the lost, taken back by a failover: ${fo.recordsMissing.count} records missing, ${fo.statusUndone.count} at an earlier status, ${fo.jobsMissing.count} without their job right after it (${fo.recovered} of those ended all the same)`)
  row('delivered twice', r.deliveredTwice.count)
  row('reply mismatch', r.replyMismatch.count)
  row('effects', r.effects, `at the receivers (${r.effectsOfUnacceptedMessages} of messages never accepted)`)
  const e = s.evidence
  row('evidence', e.verified && e.archiveVerified ? 'verified' : 'FAILED', `${e.records} records, ${e.checkpoints} signed checkpoints; archive ${e.archiveVerified ? 'verified' : `not verified: ${e.archiveError ?? ''}`}${e.verified ? '' : `; chain: ${e.error ?? ''}`}`)
  row('unconfirmed', e.unconfirmed.count, e.unconfirmed.count > 0 ? `retries spent and the receiver could not say; the reconciler asked again: ${e.unconfirmed.delivered} delivered, ${e.unconfirmed.dead} dead` : '')
  row('evidence gaps', e.incomplete.count, e.incomplete.count > 0 ? `messages whose events are not all there: ${e.incomplete.ids.join(', ')}` : 'every accepted message has each of its events, accepted first, its final status last')
  console.log('\nprocedure groups (each step\'s record × its receiver\'s effects; the dossier at the portal):')
  row('groups accepted', f.accepted)
  row('completed', f.completed, `${f.portalNotReturned} of them not shown returned (10) at the portal; ${f.portalSyncDead} whose last status sync spent its retries (dead letters)${f.portalSamples.length > 0 ? `: ${f.portalSamples.join(' | ')}` : ''}`)
  row('dead', f.dead.count, `${list(f.dead.byReason)}${f.dead.samples.length > 0 ? `: ${f.dead.samples.join(' | ')}` : ''}`)
  row('lost', f.lost.count, f.lost.count > 0 ? `not ended: ${list(f.lost.notTerminal)}; ${f.lost.ids.join(', ')}` : '')
  row('steps delivered', f.steps.delivered, `${f.steps.dead} dead, ${f.steps.notStarted} never started (their group died first)`)
  row('step applied twice', f.stepsTwice.count, f.stepsTwice.ids.join(', '))
  row('step dead, applied', f.stepsDeadButApplied, f.deadStepsWithPeerEffect > 0 ? `(${f.deadStepsWithPeerEffect} dead civil-status steps had already got the child's ID number from the population database: not a registration; a replay gets the same number)` : '')
  row('step no effect', f.stepsWithoutEffect, 'delivered, but its receiver shows no effect')
  console.log('')
  console.log(`  receivers saw:    ${list(s.receiverRequests)}`)
  console.log(`  failed jobs:      ${list(s.failedJobs) || 'none'} (BullMQ's failed sets)`)
  console.log(`  chaos:            ${s.timeline.map((e) => `${e.event} at ${e.atS} s`).join(', ')}`)
  for (const e of s.timeline.filter((e) => e.event === 'master-kill')) {
    const d = e.detail
    console.log(`  master kill:      :${String(d.node)} (held ${(d.holds as string[]).join(', ')}) at ${e.atS} s: a master again ${String(d.newMasterAfterS)} s later, gateways ready ${String(d.gatewaysReadyAfterS)} s after that, ` +
      `restarted as a replica and in sync ${String(d.replicaInSyncAfterS)} s after the kill`)
  }
  if (fo !== undefined) console.log(`  not replicated:   ${fo.notReplicated} answers 503 LT_NOT_REPLICATED (no replica confirmed within ${WAIT_TIMEOUT_MS} ms; re-posted)`)
  console.log(`  portal statuses:  ${s.portalStatusNotLatest.notLatest} of ${s.portalStatusNotLatest.dossiers} dossiers whose last change was delivered end at the portal on an older status (changes are delivered in order)`)
  console.log(`  duration:         ${s.durations.totalS} s (start ${s.durations.startupS} s, send ${s.durations.sendS} s, then ${s.durations.drainAfterSendS} s until every message ended); ` +
    `${s.throughput.acceptedPerS} accepted/s, ${s.throughput.endedPerS} ended/s`)
  if (s.unexpectedExits.length > 0) console.log(`  unexpected exits: ${JSON.stringify(s.unexpectedExits)}`)
  for (const sample of s.lostSamples) console.log(`  lost ${sample.messageId}: ${JSON.stringify({ status: sample.record.status, attempts: sample.record.attempts, lastError: sample.record.lastError?.code, job: sample.job })}`)
  for (const sample of s.flowLostSamples) {
    console.log(`  lost group ${sample.messageId} (${sample.status ?? 'no record'}): ${sample.steps.map((step) => `${step.step} ${step.messageId} ${JSON.stringify({ status: step.record.status, attempts: step.record.attempts, lastError: step.record.lastError?.code, job: step.job })}`).join('; ')}`)
  }
}

main().then((code) => { process.exitCode = code }, (err: unknown) => {
  console.error(err)
  process.exitCode = 2
})
