import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import { defaultDeliveryPolicy, queuePrefix, type Config } from '../config.js'
import { MessageSchemas } from '../message-schemas.js'
import { loadRegistry, type Registry } from '../registry.js'
import { schemasDir } from '../project-paths.js'
import { MessageStore } from '../messages/message-store.js'
import { MessageIntake } from '../intake/message-intake.js'
import { AdapterPool } from '../delivery/adapter-pool.js'
import { DeliveryQueues } from '../delivery/delivery-queues.js'
import { CircuitBreakers } from '../delivery/circuit-breaker.js'
import { CallbackQueue } from '../callbacks/callback-queue.js'
import { instrumentAdapter } from '../observability/instrumented-adapter.js'
import { Metrics } from '../observability/metrics.js'
import { DailyQuotas } from '../limits/daily-quotas.js'
import { Receipts } from '../receipts/receipts.js'
import { ExchangeLog } from '../monitoring/exchange-log.js'
import { VerifyGuard } from '../limits/verify-guard.js'
import { RecordCipher } from '../crypto/record-cipher.js'
import { SigningKeys } from '../signing/signing-keys.js'
import { EvidenceLog } from '../evidence/evidence-log.js'
import { evidenceLogFor } from '../evidence/evidence-setup.js'
import { Catalogs } from '../catalogs/catalogs.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    redis: Redis
    registry: Registry
    schemas: MessageSchemas
    store: MessageStore
    queues: DeliveryQueues
    adapters: AdapterPool
    intake: MessageIntake
    breakers: CircuitBreakers
    callbacks: CallbackQueue
    /** This process's metrics registry (served at /metrics). */
    metrics: Metrics
    /** The gateway's signing keys (SIGNING_KEYS), published at /.well-known/jwks.json. */
    signingKeys: SigningKeys
    /** Signs the receipts answers carry. */
    receipts: Receipts
    /** Operational monitoring records, one per settled message. */
    exchanges: ExchangeLog
    /** The shared catalogs (agencies, procedures, administrative units), read-only. */
    catalogs: Catalogs
    /** The tamper-evident evidence log (exports); undefined when EVIDENCE_LOG is off or there are no signing keys. */
    evidence: EvidenceLog | undefined
  }
}

export interface GatewayServicesOptions {
  config: Config
  /** A registry built by the caller (tests); otherwise `config.registryFile` is loaded. */
  registry?: Registry
  schemas?: MessageSchemas
  /** The process's metrics, when the caller shares them (workers in the same process); otherwise new. */
  metrics?: Metrics
}

/**
 * The gateway's shared services: Redis, the registry, the compiled schemas, the message
 * store, the delivery queues and adapters, and the intake that ties them together.
 * Closes them in reverse order when the app closes.
 */
export default fp<GatewayServicesOptions>(async (app, opts) => {
  const { config } = opts
  const registry = opts.registry ?? await loadRegistry(config.registryFile, process.env, defaultDeliveryPolicy(config))
  const schemas = opts.schemas ?? await MessageSchemas.load(schemasDir)
  const catalogs = await Catalogs.load()
  const redis = new Redis(config.redisUrl, {
    // Fail a request quickly when Redis is away instead of queueing it in memory forever.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: true
  })
  redis.on('error', (err) => app.log.error({ err }, 'redis error'))
  const cipher = RecordCipher.fromEnv(config.dataKeys)
  if (!cipher.enabled) app.log.warn('DATA_KEYS is not set: envelopes and replies (citizen data) are stored in Redis in clear')
  const signingKeys = await SigningKeys.fromJson(config.signingKeys)
  const evidence = evidenceLogFor(config, redis, signingKeys, app.log)
  const store = new MessageStore(redis, config.keyPrefix, config.messageRetentionDays, cipher, config.replyRetentionHours, evidence !== undefined)
  const queues = new DeliveryQueues({ registry, connection: redis, prefix: queuePrefix(config), retentionDays: config.messageRetentionDays })
  const metrics = opts.metrics ?? new Metrics()
  const adapters = new AdapterPool(registry, { decorate: (adapter, receiver) => instrumentAdapter(adapter, { receiver, metrics, logger: app.log }) })
  const breakers = CircuitBreakers.fromConfig(redis, config)
  const callbacks = CallbackQueue.fromConfig(redis, config, cipher)
  const quotas = new DailyQuotas({ redis, keyPrefix: config.keyPrefix, registry })
  const receipts = new Receipts(signingKeys, config.tokenAudience)
  if (!receipts.enabled) app.log.warn('SIGNING_KEYS is not set: answers carry no signed receipt and no access tokens are issued')
  const exchanges = new ExchangeLog({ redis, prefix: config.keyPrefix, retentionDays: config.monitoringRetentionDays })
  const verifyGuard = new VerifyGuard({ redis, keyPrefix: config.keyPrefix, maxMismatches: config.verifyMaxMismatches, windowSeconds: config.verifyLockSeconds })
  const intake = new MessageIntake({ registry, schemas, store, queues, adapters, breakers, syncTimeoutMs: config.syncTimeoutMs, quotas, receipts, exchanges, verifyGuard, catalogs })

  app.decorate('config', config)
  app.decorate('redis', redis)
  app.decorate('registry', registry)
  app.decorate('schemas', schemas)
  app.decorate('store', store)
  app.decorate('queues', queues)
  app.decorate('adapters', adapters)
  app.decorate('intake', intake)
  app.decorate('breakers', breakers)
  app.decorate('callbacks', callbacks)
  app.decorate('metrics', metrics)
  app.decorate('signingKeys', signingKeys)
  app.decorate('receipts', receipts)
  app.decorate('exchanges', exchanges)
  app.decorate('evidence', evidence)
  app.decorate('catalogs', catalogs)

  app.addHook('onClose', async () => {
    await Promise.allSettled([queues.close(), callbacks.close()])
    await adapters.close()
    await redis.quit().catch(() => redis.disconnect())
  })
}, { name: 'gateway-services' })
