import { isAbsolute, join } from 'node:path'
import envSchemaModule from 'env-schema'
import { projectRoot } from './project-paths.js'

const envSchema = envSchemaModule as unknown as typeof envSchemaModule.default

/** Every environment variable the gateway and workers read (also listed in .env.example and the README). */
const schema = {
  type: 'object',
  properties: {
    HOST: { type: 'string', default: '127.0.0.1' },
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
    REDIS_URL: { type: 'string', default: '' },
    REDIS_SENTINELS: { type: 'string', default: '' },
    REDIS_SENTINEL_MASTER: { type: 'string', minLength: 1, default: 'lienthong' },
    REDIS_SENTINEL_PASSWORD: { type: 'string', default: '' },
    REDIS_CLUSTER_NODES: { type: 'string', default: '' },
    REDIS_PASSWORD: { type: 'string', default: '' },
    REDIS_WAIT_REPLICAS: { type: 'integer', minimum: 0, default: 0 },
    REDIS_WAIT_TIMEOUT_MS: { type: 'integer', minimum: 10, default: 1000 },
    REGISTRY_FILE: { type: 'string', default: 'config/registry.json' },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    // Given bare (`lt`) or already hash-tagged (`{lt}`, as config.keyPrefix holds it).
    KEY_PREFIX: { type: 'string', pattern: '^([A-Za-z0-9_-]+|\\{[A-Za-z0-9_-]+\\})$', default: 'lt' },
    BODY_LIMIT_BYTES: { type: 'integer', minimum: 1024, default: 1_048_576 },
    SYNC_TIMEOUT_MS: { type: 'integer', minimum: 100, default: 5000 },
    DELIVERY_ATTEMPTS: { type: 'integer', minimum: 1, default: 8 },
    DELIVERY_BACKOFF_MS: { type: 'integer', minimum: 10, default: 2000 },
    DELIVERY_TIMEOUT_MS: { type: 'integer', minimum: 100, default: 15_000 },
    WORKER_CONCURRENCY: { type: 'integer', minimum: 1, default: 16 },
    MESSAGE_RETENTION_DAYS: { type: 'integer', minimum: 1, default: 30 },
    WORKER_LOCK_MS: { type: 'integer', minimum: 1000, default: 30_000 },
    WORKER_STALLED_INTERVAL_MS: { type: 'integer', minimum: 500, default: 30_000 },
    BREAKER_FAILURE_RATE: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.5 },
    BREAKER_MIN_CALLS: { type: 'integer', minimum: 1, default: 20 },
    BREAKER_COOLDOWN_MS: { type: 'integer', minimum: 100, default: 30_000 },
    CALLBACK_ATTEMPTS: { type: 'integer', minimum: 1, default: 10 },
    CALLBACK_BACKOFF_MS: { type: 'integer', minimum: 10, default: 5000 },
    CALLBACK_TIMEOUT_MS: { type: 'integer', minimum: 100, default: 10_000 },
    SWEEP_INTERVAL_MS: { type: 'integer', minimum: 100, default: 30_000 },
    SWEEP_AFTER_MS: { type: 'integer', minimum: 100, default: 60_000 },
    ADMIN_TOKEN: { type: 'string', default: '' },
    METRICS_PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 0 },
    SIGNING_KEYS: { type: 'string', default: '' },
    TOKEN_TTL_SECONDS: { type: 'integer', minimum: 10, maximum: 86_400, default: 300 },
    TOKEN_AUDIENCE: { type: 'string', minLength: 1, default: 'lienthong' },
    AUDIT_RETENTION_DAYS: { type: 'integer', minimum: 1, default: 365 },
    MONITORING_RETENTION_DAYS: { type: 'integer', minimum: 1, default: 30 },
    VERIFY_MAX_MISMATCHES: { type: 'integer', minimum: 1, default: 5 },
    OAUTH_TOKEN_RATE_PER_MINUTE: { type: 'integer', minimum: 1, default: 60 },
    DATA_KEYS: { type: 'string', default: '' },
    REPLY_RETENTION_HOURS: { type: 'number', exclusiveMinimum: 0, default: 24 },
    VERIFY_LOCK_SECONDS: { type: 'integer', minimum: 60, default: 86400 },
    NODE_ENV: { type: 'string', default: '' },
    DATA_DIR: { type: 'string', default: 'data' },
    ADMIN_SIGN_IN_MAX_FAILURES: { type: 'integer', minimum: 1, default: 5 },
    ADMIN_SIGN_IN_BLOCK_SECONDS: { type: 'integer', minimum: 1, default: 900 },
    OVERLOAD_EVENT_LOOP_DELAY_MS: { type: 'integer', minimum: 0, default: 100 },
    OVERLOAD_HEAP_USED_RATIO: { type: 'number', minimum: 0, maximum: 1, default: 0.9 },
    OVERLOAD_ADDRESS_SHARE: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.5 },
    HTTP_HEADERS_TIMEOUT_MS: { type: 'integer', minimum: 100, default: 10000 },
    HTTP_REQUEST_TIMEOUT_MS: { type: 'integer', minimum: 100, default: 30000 },
    HTTP_KEEP_ALIVE_TIMEOUT_MS: { type: 'integer', minimum: 100, default: 72000 },
    OVERLOAD_RSS_BYTES: { type: 'integer', minimum: 0, default: 0 },
    OVERLOAD_SAMPLE_INTERVAL_MS: { type: 'integer', minimum: 10, default: 100 },
    OVERLOAD_MAX_IN_FLIGHT: { type: 'integer', minimum: 0, default: 24 },
    RECONCILE_INTERVAL_MS: { type: 'integer', minimum: 100, default: 60_000 },
    RECONCILE_GIVE_UP_HOURS: { type: 'number', exclusiveMinimum: 0, default: 72 },
    EVIDENCE_LOG: { type: 'string', enum: ['on', 'off'], default: 'on' },
    EVIDENCE_DIR: { type: 'string', default: '' },
    EVIDENCE_SEAL_INTERVAL_MS: { type: 'integer', minimum: 50, default: 1000 },
    EVIDENCE_CHECKPOINT_SECONDS: { type: 'integer', minimum: 1, default: 60 },
    EVIDENCE_SEGMENT_BYTES: { type: 'integer', minimum: 4096, default: 67_108_864 },
    EVIDENCE_RETENTION_DAYS: { type: 'integer', minimum: 1, default: 30 },
    EVIDENCE_EXPORT_MAX_RECORDS: { type: 'integer', minimum: 1, default: 100_000 },
    EVIDENCE_TSA_URL: { type: 'string', default: '' }
  }
} as const

/** The names of every environment variable the configuration reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.properties)

export interface Config {
  host: string
  port: number
  /** Empty (and no sentinels or cluster nodes): the all-in-one command starts a private redis-server. */
  redisUrl: string
  /** `host:port,…` of a Sentinel group's sentinels (instead of REDIS_URL). */
  redisSentinels: string
  /** The master's name the sentinels know. */
  redisSentinelMaster: string
  redisSentinelPassword: string
  /** `host:port,…` of some nodes of a Redis Cluster (instead of REDIS_URL). */
  redisClusterNodes: string
  /** The data nodes' password with sentinels or a cluster (REDIS_URL carries its own). */
  redisPassword: string
  /** Answer 202 only once this many replicas hold the record and the job (WAIT); 0: off. */
  redisWaitReplicas: number
  /** How long to wait for them before answering 503 LT_NOT_REPLICATED. */
  redisWaitTimeoutMs: number
  registryFile: string
  logLevel: string
  /**
   * The prefix of every key of the gateway's own, hash-tagged (`{lt}`): they all share one hash
   * slot, so each Lua script's keys do on a Redis Cluster. The queues have their own ({@link queuePrefix}).
   */
  keyPrefix: string
  bodyLimitBytes: number
  syncTimeoutMs: number
  deliveryAttempts: number
  deliveryBackoffMs: number
  deliveryTimeoutMs: number
  workerConcurrency: number
  messageRetentionDays: number
  /** A worker's lock on a job; a crashed worker's jobs are taken up again once it lapses. */
  workerLockMs: number
  /** How often workers look for jobs whose lock lapsed (stalled: their worker died). */
  workerStalledIntervalMs: number
  /** Share of a receiver's recent calls failing transiently that opens its circuit breaker. */
  breakerFailureRate: number
  /** Recent calls needed before that share counts. */
  breakerMinCalls: number
  /** How long an open breaker keeps calls away from the receiver before one probe. */
  breakerCooldownMs: number
  callbackAttempts: number
  callbackBackoffMs: number
  callbackTimeoutMs: number
  /** How often the sweeper looks for recorded messages that never reached the queue. */
  sweepIntervalMs: number
  /** Age after which a message still `accepted` (or a sync delivery left unfinished) is queued by the sweeper. */
  sweepAfterMs: number
  /** Bearer token of the admin API; empty disables it. */
  adminToken: string
  /** Wrong admin tokens from one client address before it is blocked. */
  adminSignInMaxFailures: number
  /** How long the block lasts, from the last wrong token (also the window failures are counted in). */
  adminSignInBlockSeconds: number
  /** Overload: mean event-loop delay over a sample above which requests get 503 LT_OVERLOADED; 0: not checked. */
  overloadEventLoopDelayMs: number
  /** Overload: share of V8's heap limit in use above which requests get 503; 0: not checked. */
  overloadHeapUsedRatio: number
  /** Share of OVERLOAD_MAX_IN_FLIGHT one client address may hold (1: no per-address cap). */
  overloadAddressShare: number
  /** A client has this long to send its request headers, and this long for the whole request (headers and body). */
  httpHeadersTimeoutMs: number
  httpRequestTimeoutMs: number
  /** An idle keep-alive connection is closed after this long. */
  httpKeepAliveTimeoutMs: number
  /** Overload: resident set size above which requests get 503; 0: not checked. */
  overloadRssBytes: number
  /** How often the overload figures are sampled. */
  overloadSampleIntervalMs: number
  /** Overload: requests handled at once (sync ones until they wait on their receiver) above which requests get 503; 0: no cap. */
  overloadMaxInFlight: number
  /** Worker process: port of its own /metrics listener (on HOST); 0 serves none. */
  metricsPort: number
  /** JSON array of private JWKs (Ed25519 or P-256, each with a kid): the first signs, all verify. Empty: no OAuth2 tokens. */
  signingKeys: string
  /** Lifetime of an OAuth2 access token. */
  tokenTtlSeconds: number
  /** `aud` (and `iss`) of the gateway's access tokens. */
  tokenAudience: string
  /** How long audit records of admin changes are kept. */
  auditRetentionDays: number
  /** How long operational monitoring records (one per settled message) are kept. */
  monitoringRetentionDays: number
  /** citizen.verify: no-match answers per sender and ID number within verifyLockSeconds before its verifications of that number are refused. */
  verifyMaxMismatches: number
  verifyLockSeconds: number
  /** POST /oauth2/token requests a minute from one client address. */
  oauthTokenRatePerMinute: number
  /** `kid:base64key,…`: AES-256-GCM keys sealing envelopes and replies in Redis; the first seals. */
  dataKeys: string
  /** How long a reply with citizen data is kept (an idempotent re-post needs it); then only its hash. */
  replyRetentionHours: number
  /** NODE_ENV=production: refuse the published development API keys. */
  production: boolean
  /** `npm start`: where its private Redis keeps its data (DATA_DIR/redis). */
  dataDir: string
  /** How often the receivers are asked about unconfirmed messages (retries spent, outcome unknown). */
  reconcileIntervalMs: number
  /** How long a message stays unconfirmed before it is given up (dead, LT_OUTCOME_UNKNOWN). */
  reconcileGiveUpHours: number
  /** The evidence log: every message event and admin action, hash-chained, sealed by signed checkpoints. */
  evidenceLog: boolean
  /** Where the workers archive the evidence log as files (default DATA_DIR/evidence). */
  evidenceDir: string
  /** How often pending events are chained. */
  evidenceSealIntervalMs: number
  /** How often the chain's head is sealed by a signed checkpoint (and archived). */
  evidenceCheckpointSeconds: number
  /** A new archive segment starts each Vietnam day, or past this size. */
  evidenceSegmentBytes: number
  /** How long Redis keeps the chain (never what the archive does not hold yet). */
  evidenceRetentionDays: number
  /** Most records one time-range export holds. */
  evidenceExportMaxRecords: number
  /** An RFC 3161 time-stamp authority that stamps every checkpoint; empty: none. */
  evidenceTsaUrl: string
}

/** Shortest ADMIN_TOKEN accepted: 32 characters, as the 32 hex digits (128 bits) `npm start` invents. */
export const ADMIN_TOKEN_MIN_LENGTH = 32

function adminTokenOf (token: string): string {
  // A short token can be guessed; refuse to start rather than guard the admin API with it.
  if (token !== '' && token.length < ADMIN_TOKEN_MIN_LENGTH) {
    throw new Error(`ADMIN_TOKEN is ${token.length} characters long; it must have at least ${ADMIN_TOKEN_MIN_LENGTH} (e.g. \`openssl rand -hex 16\`), or be empty to turn admin access off`)
  }
  return token
}

/** Reads and checks the configuration from `env`; a bad value stops the start with its name. */
export function loadConfig (env: Record<string, string | undefined> = process.env): Config {
  const raw = envSchema<Record<string, string | number>>({ schema, data: env, env: false, dotenv: false })
  const redisSettings = ['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'].filter((name) => raw[name] !== '')
  if (redisSettings.length > 1) throw new Error(`${redisSettings.join(' and ')} are both set: give one Redis (a URL, a Sentinel group or a Cluster)`)
  for (const name of ['REDIS_SENTINELS', 'REDIS_CLUSTER_NODES']) {
    if (raw[name] !== '' && !/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/.test(String(raw[name]))) throw new Error(`${name} must be host:port[,host:port…], got "${String(raw[name])}"`)
  }
  const registryFile = String(raw.REGISTRY_FILE)
  const dataDir = String(raw.DATA_DIR)
  const evidenceDir = String(raw.EVIDENCE_DIR)
  return {
    host: String(raw.HOST),
    port: Number(raw.PORT),
    redisUrl: String(raw.REDIS_URL),
    redisSentinels: String(raw.REDIS_SENTINELS),
    redisSentinelMaster: String(raw.REDIS_SENTINEL_MASTER),
    redisSentinelPassword: String(raw.REDIS_SENTINEL_PASSWORD),
    redisClusterNodes: String(raw.REDIS_CLUSTER_NODES),
    redisPassword: String(raw.REDIS_PASSWORD),
    redisWaitReplicas: Number(raw.REDIS_WAIT_REPLICAS),
    redisWaitTimeoutMs: Number(raw.REDIS_WAIT_TIMEOUT_MS),
    registryFile: isAbsolute(registryFile) ? registryFile : join(projectRoot, registryFile),
    logLevel: String(raw.LOG_LEVEL),
    keyPrefix: `{${keyName(String(raw.KEY_PREFIX))}}`,
    bodyLimitBytes: Number(raw.BODY_LIMIT_BYTES),
    syncTimeoutMs: Number(raw.SYNC_TIMEOUT_MS),
    deliveryAttempts: Number(raw.DELIVERY_ATTEMPTS),
    deliveryBackoffMs: Number(raw.DELIVERY_BACKOFF_MS),
    deliveryTimeoutMs: Number(raw.DELIVERY_TIMEOUT_MS),
    workerConcurrency: Number(raw.WORKER_CONCURRENCY),
    messageRetentionDays: Number(raw.MESSAGE_RETENTION_DAYS),
    workerLockMs: Number(raw.WORKER_LOCK_MS),
    workerStalledIntervalMs: Number(raw.WORKER_STALLED_INTERVAL_MS),
    breakerFailureRate: Number(raw.BREAKER_FAILURE_RATE),
    breakerMinCalls: Number(raw.BREAKER_MIN_CALLS),
    breakerCooldownMs: Number(raw.BREAKER_COOLDOWN_MS),
    callbackAttempts: Number(raw.CALLBACK_ATTEMPTS),
    callbackBackoffMs: Number(raw.CALLBACK_BACKOFF_MS),
    callbackTimeoutMs: Number(raw.CALLBACK_TIMEOUT_MS),
    sweepIntervalMs: Number(raw.SWEEP_INTERVAL_MS),
    sweepAfterMs: Number(raw.SWEEP_AFTER_MS),
    adminToken: adminTokenOf(String(raw.ADMIN_TOKEN)),
    metricsPort: Number(raw.METRICS_PORT),
    signingKeys: String(raw.SIGNING_KEYS),
    tokenTtlSeconds: Number(raw.TOKEN_TTL_SECONDS),
    tokenAudience: String(raw.TOKEN_AUDIENCE),
    auditRetentionDays: Number(raw.AUDIT_RETENTION_DAYS),
    monitoringRetentionDays: Number(raw.MONITORING_RETENTION_DAYS),
    verifyMaxMismatches: Number(raw.VERIFY_MAX_MISMATCHES),
    verifyLockSeconds: Number(raw.VERIFY_LOCK_SECONDS),
    oauthTokenRatePerMinute: Number(raw.OAUTH_TOKEN_RATE_PER_MINUTE),
    dataKeys: String(raw.DATA_KEYS),
    replyRetentionHours: Number(raw.REPLY_RETENTION_HOURS),
    production: raw.NODE_ENV === 'production',
    dataDir: isAbsolute(dataDir) ? dataDir : join(projectRoot, dataDir),
    adminSignInMaxFailures: Number(raw.ADMIN_SIGN_IN_MAX_FAILURES),
    adminSignInBlockSeconds: Number(raw.ADMIN_SIGN_IN_BLOCK_SECONDS),
    overloadEventLoopDelayMs: Number(raw.OVERLOAD_EVENT_LOOP_DELAY_MS),
    overloadHeapUsedRatio: Number(raw.OVERLOAD_HEAP_USED_RATIO),
    overloadAddressShare: Number(raw.OVERLOAD_ADDRESS_SHARE),
    httpHeadersTimeoutMs: Number(raw.HTTP_HEADERS_TIMEOUT_MS),
    httpRequestTimeoutMs: Number(raw.HTTP_REQUEST_TIMEOUT_MS),
    httpKeepAliveTimeoutMs: Number(raw.HTTP_KEEP_ALIVE_TIMEOUT_MS),
    overloadRssBytes: Number(raw.OVERLOAD_RSS_BYTES),
    overloadSampleIntervalMs: Number(raw.OVERLOAD_SAMPLE_INTERVAL_MS),
    overloadMaxInFlight: Number(raw.OVERLOAD_MAX_IN_FLIGHT),
    reconcileIntervalMs: Number(raw.RECONCILE_INTERVAL_MS),
    reconcileGiveUpHours: Number(raw.RECONCILE_GIVE_UP_HOURS),
    evidenceLog: raw.EVIDENCE_LOG === 'on',
    evidenceDir: evidenceDir === '' ? join(isAbsolute(dataDir) ? dataDir : join(projectRoot, dataDir), 'evidence') : isAbsolute(evidenceDir) ? evidenceDir : join(projectRoot, evidenceDir),
    evidenceSealIntervalMs: Number(raw.EVIDENCE_SEAL_INTERVAL_MS),
    evidenceCheckpointSeconds: Number(raw.EVIDENCE_CHECKPOINT_SECONDS),
    evidenceSegmentBytes: Number(raw.EVIDENCE_SEGMENT_BYTES),
    evidenceRetentionDays: Number(raw.EVIDENCE_RETENTION_DAYS),
    evidenceExportMaxRecords: Number(raw.EVIDENCE_EXPORT_MAX_RECORDS),
    evidenceTsaUrl: String(raw.EVIDENCE_TSA_URL)
  }
}

/** KEY_PREFIX without its hash tag's braces. */
export function keyName (keyPrefix: string): string {
  return keyPrefix.replace(/^\{(.*)\}$/, '$1')
}

/**
 * BullMQ's key prefix for one queue (delivery and callback queues): hash-tagged by the queue, so
 * a queue's keys share a slot (BullMQ's scripts need it on a Redis Cluster) and different queues
 * spread over the cluster's masters, apart from the gateway's own keys.
 */
export function queuePrefix (config: { keyPrefix: string }, queueName: string): string {
  return `{${keyName(config.keyPrefix)}:q:${queueName}}`
}

/** The delivery policy of every receiver whose registry entry does not set its own. */
export function defaultDeliveryPolicy (config: Config): { attempts: number, backoffMs: number, timeoutMs: number, syncTimeoutMs: number } {
  return { attempts: config.deliveryAttempts, backoffMs: config.deliveryBackoffMs, timeoutMs: config.deliveryTimeoutMs, syncTimeoutMs: config.syncTimeoutMs }
}
