import { localCredentials } from '../../src/local/local-credentials.js'
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import pino, { type DestinationStream } from 'pino'
import type { RunningMock } from '../../adapters/index.js'
import { buildApp } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { createLogger, jsonLoggerOptions } from '../../src/logger.js'
import { startWorkerRuntime, type WorkerRuntime } from '../../src/runtime/worker-runtime.js'
import { startMockSystems } from '../../src/local/mock-systems.js'
import { startRedisServer, type PrivateRedis } from '../../src/local/redis-server.js'
import { startRedisTopology, TOPOLOGY_KINDS, type RedisTopology, type TopologyKind } from '../../src/local/redis-topology.js'
import { MessageSchemas } from '../../src/message-schemas.js'
import { schemasDir, projectRoot } from '../../src/project-paths.js'
import { buildRegistry, type DeliveryPolicy, type Registry, type RegistryDocument } from '../../src/registry.js'
import { SigningKeys } from '../../src/signing/signing-keys.js'
import { RecordCipher } from '../../src/crypto/record-cipher.js'
import { CredentialStore } from '../../src/credentials/credential-store.js'
import { Redis } from 'ioredis'

/** The sample registry's development keys (config/registry.json; README). */
export const KEYS = {
  h29: 'lt_dev_h29_motcua_7Qk2mV9xLp4Rt8Wz',
  h62: 'lt_dev_h62_motcua_3Hf6nB1cJd5Ys0Ue',
  dvcqg: 'lt_dev_g22_dvcqg_9Xa4Tq7Lm2Pv6Kr1'
} as const

export const IDS = {
  h29: 'VN:GOV:000.00.00.H29:motcua',
  h62: 'VN:GOV:000.00.00.H62:motcua',
  portal: 'VN:GOV:000.00.00.G22:dvcqg',
  population: 'VN:GOV:000.00.00.G01:dancu',
  business: 'VN:GOV:000.00.00.G13:dkkd'
} as const

interface Teardown { teardown: (fn: () => unknown) => void }

export interface Platform {
  app: FastifyInstance
  config: Config
  registry: Registry
  /** The test's private Redis: one server, or the topology LT_TEST_REDIS names ({@link startTestTopology}). */
  redis: RedisTopology
  mocks: Map<string, RunningMock>
  mock: (id: string) => RunningMock
  /** The secrets the registry was built with (upstream credentials, callback secrets). */
  env: Record<string, string>
  /** The registry document, its endpoints pointing at the mocks (for worker processes). */
  registryDoc: RegistryDocument
  workers?: WorkerRuntime
  startWorkers: () => WorkerRuntime
  /** POSTs a message with `key` (inject: the gateway's full HTTP stack without a socket). */
  send: (envelope: unknown, key?: string) => Promise<{ statusCode: number, body: any }>
  state: (messageId: string, key?: string) => Promise<{ statusCode: number, body: any }>
}

/** A test's private Redis on its own port and data dir. */
export async function startTestRedis (t: Teardown): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'lt-redis-'))
  const redis = await startRedisServer({ dir })
  t.teardown(async () => {
    await redis.stop()
    await rm(dir, { recursive: true, force: true })
  })
  return redis
}

/**
 * The Redis topology the tests run on: `LT_TEST_REDIS` (single, sentinel or cluster; default
 * single). test/topologies/ runs the message-store and delivery tests again on the other two.
 */
export function testTopology (): TopologyKind {
  const kind = (process.env.LT_TEST_REDIS ?? 'single') as TopologyKind
  if (!TOPOLOGY_KINDS.includes(kind)) throw new Error(`LT_TEST_REDIS must be one of ${TOPOLOGY_KINDS.join(', ')}`)
  return kind
}

/** A test's private Redis topology ({@link testTopology}) on its own ports and data dirs. */
export async function startTestTopology (t: Teardown, kind: TopologyKind = testTopology()): Promise<RedisTopology> {
  const dir = await mkdtemp(join(tmpdir(), `lt-redis-${kind}-`))
  const topology = await startRedisTopology({ kind, dir, failover: false })
  t.teardown(async () => {
    await topology.stop()
    await rm(dir, { recursive: true, force: true })
  })
  return topology
}

/**
 * The whole platform for one test file: a private redis-server, every mock system on a free
 * port (real HTTP), the gateway app, and optionally the delivery workers.
 */
export interface PlatformOptions {
  workers?: boolean
  delivery?: Partial<DeliveryPolicy>
  env?: Record<string, string>
  /** Where the gateway and the workers write their JSON log lines, with the project's logger options (default: no logs). */
  logStream?: DestinationStream
  /** Level of the lines written to `logStream` (default info). */
  logLevel?: string
  /** Changes the registry document (its endpoints already point at the mocks) before it is built. */
  editRegistry?: (doc: RegistryDocument) => void
  /** The Redis topology (default: {@link testTopology}). */
  topology?: TopologyKind
}

export async function startPlatform (t: Teardown, opts: PlatformOptions = {}): Promise<Platform> {
  const redis = await startTestTopology(t, opts.topology)
  // The workers' evidence archive: the test's own (removed after the workers' last write, teardowns run last first).
  const evidenceDir = await mkdtemp(join(tmpdir(), 'lt-evidence-'))
  t.teardown(async () => { await rm(evidenceDir, { recursive: true, force: true }) })
  const env = localCredentials()
  const doc = JSON.parse(await readFile(join(projectRoot, 'config', 'registry.json'), 'utf8')) as RegistryDocument
  const mocks = await startMockSystems(buildRegistry(doc, env), { anyPort: true, size: 2000 })
  t.teardown(async () => { await Promise.allSettled([...mocks.values()].map(async (m) => await m.close())) })
  for (const p of doc.participants) {
    if (p.endpoint !== undefined) p.endpoint.baseUrl = (mocks.get(p.id) as RunningMock).url
  }
  opts.editRegistry?.(doc)
  // Overload refusals off unless a test asks: a shared test machine (and the mocks' seeding at
  // start) lags the event loop for reasons that are not the gateway's (test/gateway/overload.test.ts).
  const config = loadConfig({ ...redis.env, LOG_LEVEL: 'silent', KEY_PREFIX: 'lt', OVERLOAD_EVENT_LOOP_DELAY_MS: '0', SIGNING_KEYS: JSON.stringify([await SigningKeys.generate()]), DATA_KEYS: RecordCipher.generateEntry('test'), EVIDENCE_DIR: evidenceDir, ...opts.env })
  const registry = buildRegistry(doc, env, {
    attempts: 5, backoffMs: 50, timeoutMs: 2000, syncTimeoutMs: 1500, ...opts.delivery
  })
  const logLevel = opts.logLevel ?? 'info'
  const logStream = opts.logStream
  const app = await buildApp({ config, registry, logger: logStream === undefined ? false : { ...jsonLoggerOptions(logLevel), stream: logStream } })
  t.teardown(async () => { await app.close() })
  await app.ready()

  const schemas = await MessageSchemas.load(schemasDir)
  const platform: Platform = {
    app,
    config,
    registry,
    redis,
    mocks,
    env,
    registryDoc: doc,
    mock: (id) => mocks.get(id) as RunningMock,
    startWorkers: () => {
      const logger = logStream === undefined ? pino({ level: 'silent' }) : createLogger(logLevel, logStream)
      // As in `npm start`: the workers share the gateway's process and metrics.
      const runtime = startWorkerRuntime({ config, registry, schemas, logger, signingKeys: app.signingKeys, metrics: app.metrics })
      t.teardown(async () => { await runtime.close() })
      platform.workers = runtime
      return runtime
    },
    send: async (envelope, key = KEYS.h29) => {
      const res = await app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${key}` }, payload: envelope as object })
      return { statusCode: res.statusCode, body: res.json() }
    },
    state: async (messageId, key = KEYS.h29) => {
      const res = await app.inject({ method: 'GET', url: `/v1/messages/${messageId}`, headers: { authorization: `Bearer ${key}` } })
      return { statusCode: res.statusCode, body: res.json() }
    }
  }
  if (opts.workers === true) platform.startWorkers()
  return platform
}

/**
 * The environment of a gateway or worker process spawned beside the platform (`src/server.ts`,
 * `src/worker.ts`): its Redis, prefix, mocks' credentials, the registry file written from
 * `p.registryDoc`, and the gateway's keys (what one process sealed and signed, the other opens
 * and verifies) and evidence archive.
 */
export function processEnv (p: Platform, registryFile: string): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    ...p.env,
    ...redisEnv(p.config),
    REGISTRY_FILE: registryFile,
    KEY_PREFIX: p.config.keyPrefix,
    DATA_KEYS: p.config.dataKeys,
    SIGNING_KEYS: p.config.signingKeys,
    EVIDENCE_DIR: p.config.evidenceDir,
    LOG_LEVEL: 'warn'
  }
}

/** An envelope with a fresh messageId. */
export function envelope (service: string, from: string, to: string, body: Record<string, unknown>, header: Record<string, unknown> = {}): { header: Record<string, unknown>, body: Record<string, unknown> } {
  return {
    header: { messageId: randomUUID(), service, version: '1', from, to, sentAt: '2026-11-22T09:30:00+07:00', ...header },
    body
  }
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T> (check: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * The credential store as a gateway holds it before Redis answers: the registry file's own
 * credentials. For tests of registry files (the Redis client is never connected).
 */
export function fileCredentials (registry: Registry): CredentialStore {
  const redis = new Redis({ lazyConnect: true })
  const store = new CredentialStore({ redis, prefix: 'unused', registry })
  redis.disconnect()
  return store
}

/** The Redis settings of `config` as environment variables (for a process spawned beside the platform). */
export function redisEnv (config: Config): Record<string, string> {
  const env: Record<string, string> = {
    REDIS_URL: config.redisUrl,
    REDIS_SENTINELS: config.redisSentinels,
    REDIS_SENTINEL_MASTER: config.redisSentinelMaster,
    REDIS_SENTINEL_PASSWORD: config.redisSentinelPassword,
    REDIS_CLUSTER_NODES: config.redisClusterNodes,
    REDIS_PASSWORD: config.redisPassword
  }
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''))
}
