import closeWithGrace from 'close-with-grace'
import { describeRedis, redisConfigured } from './redis-connection.js'
import { defaultDeliveryPolicy, loadConfig } from './config.js'
import { startWorkerRuntime } from './runtime/worker-runtime.js'
import { devKeysRefusal, missingKeysRefusal } from './dev-keys.js'
import { createLogger } from './logger.js'
import { MessageSchemas } from './message-schemas.js'
import { Metrics } from './observability/metrics.js'
import { FailureThrottle, startMetricsServer } from './observability/metrics-server.js'
import { schemasDir } from './project-paths.js'
import { loadRegistry } from './registry.js'
import { SigningKeys } from './signing/signing-keys.js'

/** The delivery worker process (production): takes queued messages and delivers them. */
const config = loadConfig()
const logger = createLogger(config.logLevel)
if (!redisConfigured(config)) {
  logger.fatal('REDIS_URL (or REDIS_SENTINELS, or REDIS_CLUSTER_NODES) is not set. Workers need the Redis the gateway uses; for a local all-in-one run use `npm start`.')
  process.exit(1)
}
const registry = await loadRegistry(config.registryFile, process.env, defaultDeliveryPolicy(config))
const refusal = devKeysRefusal(config.production, registry.participants()) ?? missingKeysRefusal(config.production, config)
if (refusal !== undefined) {
  logger.fatal(refusal)
  process.exit(1)
}
const schemas = await MessageSchemas.load(schemasDir)
const metrics = new Metrics()
const signingKeys = await SigningKeys.fromJson(config.signingKeys)
if (!signingKeys.canSign) logger.warn('SIGNING_KEYS is not set: delivered messages get no signed delivery receipt')
const runtime = startWorkerRuntime({ config, registry, schemas, logger, signingKeys, metrics })
// This process's own series (upstream latency and errors, Node.js); the cluster-wide ones are on the gateway's /metrics.
const metricsServer = config.metricsPort > 0
  ? await startMetricsServer({ metrics, host: config.host, port: config.metricsPort, adminToken: config.adminToken, logger, throttle: new FailureThrottle({ maxFailures: config.adminSignInMaxFailures, blockSeconds: config.adminSignInBlockSeconds }) })
  : undefined
logger.info({ redis: describeRedis(config), queues: registry.receivers().length, concurrency: config.workerConcurrency, workerId: runtime.heartbeat.workerId, metrics: metricsServer?.url }, 'delivery workers started')
closeWithGrace({ delay: 30_000 }, async ({ err, signal }) => {
  if (err !== undefined) logger.error({ err }, 'closing after an error')
  else logger.info({ signal }, 'closing: finishing in-flight deliveries')
  await runtime.close()
  await metricsServer?.close()
})
