import { randomBytes } from 'node:crypto'
import { describeRedis, redisConfigured } from './redis-connection.js'
import { join, relative } from 'node:path'
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { defaultDeliveryPolicy, loadConfig } from './config.js'
import { devKeysRefusal } from './dev-keys.js'
import { startWorkerRuntime } from './runtime/worker-runtime.js'
import { localCredentials } from './local/local-credentials.js'
import { startMockSystems } from './local/mock-systems.js'
import { REDIS_INSTALL_HINT, redisServerAvailable, startRedisServer, type PrivateRedis } from './local/redis-server.js'
import { createLogger, loggerOptions } from './logger.js'
import { MessageSchemas } from './message-schemas.js'
import { schemasDir } from './project-paths.js'
import { loadRegistry } from './registry.js'
import { localKeys } from './local/local-keys.js'

/**
 * `npm start`: the whole platform on one machine, on defaults. A private redis-server
 * (data under ./data/redis, append-only file on) unless REDIS_URL is set, the mock external
 * systems of the registry, the gateway and the delivery workers, in this one process.
 */

// The mock systems and the adapters must share credentials; for a local run, invent them
// unless the environment gives them (production takes every secret from the environment).
Object.assign(process.env, localCredentials(process.env))
process.env.ADMIN_TOKEN ??= randomBytes(16).toString('hex')
// The signing and data keys of local runs, kept under DATA_DIR (keys.json, mode 600): what this
// run seals and signs stays readable and verifiable after a restart.
if (process.env.SIGNING_KEYS === undefined || process.env.DATA_KEYS === undefined) {
  const keys = await localKeys(loadConfig().dataDir)
  process.env.SIGNING_KEYS ??= keys.signingKeys
  process.env.DATA_KEYS ??= keys.dataKeys
}

const config = loadConfig()
const logger = createLogger(config.logLevel)
const registry = await loadRegistry(config.registryFile, process.env, defaultDeliveryPolicy(config))
const refusal = devKeysRefusal(config.production, registry.participants())
if (refusal !== undefined) {
  console.error(refusal)
  process.exit(1)
}
let redis: PrivateRedis | undefined
if (!redisConfigured(config)) {
  if (!redisServerAvailable()) {
    console.error(REDIS_INSTALL_HINT)
    process.exit(1)
  }
  // A password even on loopback: any local user or a browser page could otherwise reach it.
  redis = await startRedisServer({ dir: join(config.dataDir, 'redis'), durable: true, password: randomBytes(24).toString('hex') })
  config.redisUrl = redis.url
}
const schemas = await MessageSchemas.load(schemasDir)
const mocks = await startMockSystems(registry)
const app = await buildApp({ config, registry, logger: loggerOptions(config.logLevel) })
// The workers share the gateway's process, and so its metrics: they appear on its /metrics.
const workers = startWorkerRuntime({ config, registry, schemas, logger, signingKeys: app.signingKeys, metrics: app.metrics })

closeWithGrace({ delay: 15_000 }, async ({ err }) => {
  if (err !== undefined) logger.error({ err }, 'closing after an error')
  await app.close()
  await workers.close()
  await Promise.allSettled([...mocks.values()].map(async (m) => await m.close()))
  await redis?.stop()
})

await app.listen({ host: config.host, port: config.port })

const base = `http://${config.host}:${config.port}`
const population = [...mocks.entries()].find(([, m]) => m.kind === 'population')
const citizen = population?.[1].sample(1)[0]
const [dd, mm, yyyy] = String(citizen?.ngaySinh ?? '17/05/1990').split('/')
const sample = {
  header: {
    messageId: '<a new UUID each time, e.g. from uuidgen>',
    service: 'citizen.verify',
    version: '1',
    from: 'VN:GOV:000.00.00.H29:motcua',
    to: population?.[0] ?? 'VN:GOV:000.00.00.G01:dancu',
    sentAt: new Date().toISOString()
  },
  body: { citizenId: citizen?.soDinhDanh, fullName: citizen?.hoVaTen, dateOfBirth: `${yyyy ?? ''}-${mm ?? ''}-${dd ?? ''}` }
}
const lines = [
  '',
  'lienthong is running',
  `  gateway          ${base}   (API reference: ${base}/docs)`,
  `  redis            ${describeRedis(config)}${redis !== undefined ? `   (private, password generated for this run, data in ${relative(process.cwd(), join(config.dataDir, 'redis')) || '.'})` : ''}`,
  `  admin API        ${base}/admin/api/queues   (Authorization: Bearer ${config.adminToken})`,
  `  queue dashboard  ${base}/admin/queues   (sign in with the admin token)`,
  `  metrics          ${base}/metrics   (same token)`,
  `  OAuth2 tokens    ${base}/oauth2/token   (keys: ${base}/.well-known/jwks.json)`,
  `  delivery workers ${registry.receivers().length} queues, concurrency ${config.workerConcurrency}`,
  `  evidence log     ${workers.sealer === undefined ? 'off' : `archived in ${relative(process.cwd(), config.evidenceDir) || '.'}   (verify: npm run evidence -- verify ${relative(process.cwd(), config.evidenceDir) || '.'})`}`,
  ...[...mocks.entries()].map(([id, m]) => `  mock ${m.kind.padEnd(17)} ${m.url}   ${id}`),
  '',
  'Try it (sample key of VN:GOV:000.00.00.H29:motcua from config/registry.json):',
  `curl -s ${base}/v1/messages -H 'Authorization: Bearer lt_dev_h29_motcua_7Qk2mV9xLp4Rt8Wz' -H 'Content-Type: application/json' --data-binary @- <<JSON`,
  // An unquoted heredoc: the shell fills in a fresh messageId each time.
  JSON.stringify(sample, null, 2).replace('"<a new UUID each time, e.g. from uuidgen>"', '"$(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen)"'),
  'JSON',
  '',
  'Or with an OAuth2 access token (sample client of the same participant):',
  `curl -s -u h29-dev-client:lts_dev_h29_motcua_Vb3Nq8Ze5Rw1Yc6Tj0Hk -d grant_type=client_credentials ${base}/oauth2/token`,
  ''
]
console.log(lines.join('\n'))
