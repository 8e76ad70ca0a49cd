import fp from 'fastify-plugin'
import { closeConnections, connectRedis, duplicateConnection, ReplicaWait, type RedisClient } from '../redis-connection.js'
import { defaultDeliveryPolicy, type Config } from '../config.js'
import { MessageSchemas } from '../message-schemas.js'
import { loadRegistry, type Registry } from '../registry.js'
import { schemasDir } from '../project-paths.js'
import type { MessageStore } from '../messages/message-store.js'
import { MessageIntake } from '../intake/message-intake.js'
import type { AdapterPool } from '../delivery/adapter-pool.js'
import type { DeliveryQueues } from '../delivery/delivery-queues.js'
import type { CircuitBreakers } from '../delivery/circuit-breaker.js'
import type { CallbackQueue } from '../callbacks/callback-queue.js'
import { Metrics } from '../observability/metrics.js'
import { DailyQuotas } from '../limits/daily-quotas.js'
import type { Receipts } from '../receipts/receipts.js'
import type { ExchangeLog } from '../monitoring/exchange-log.js'
import { SigningKeys } from '../signing/signing-keys.js'
import type { EvidenceLog } from '../evidence/evidence-log.js'
import { Catalogs } from '../catalogs/catalogs.js'
import type { FlowRunner } from '../flows/flow-runner.js'
import { createMessageServices } from '../runtime/message-services.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    redis: RedisClient
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
    /** The procedure groups: their steps, for a flow message's state. */
    flows: FlowRunner
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
  const redis = connectRedis(config, {
    // Fail a request quickly when Redis is away instead of queueing it in memory forever.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: true,
    // The commands that concurrent requests send in one turn of the event loop go out as one
    // pipeline (one write, one read): the accept path's round trips are shared between requests.
    // BullMQ is on a connection of its own (below, unless WAIT is on): ioredis copies every script
    // defined on a connection onto each of its auto-pipelines, and BullMQ defines some forty.
    enableAutoPipelining: true,
    // With REDIS_WAIT_REPLICAS a WAIT sent again on a new connection (to a promoted master) would
    // confirm writes that died with the old one: commands in flight at a disconnect fail instead
    // (503, and the sender posts again).
    ...(config.redisWaitReplicas > 0 ? { autoResendUnfulfilledCommands: false } : {})
  })
  redis.on('error', (err) => app.log.error({ err }, 'redis error'))
  // With REDIS_WAIT_REPLICAS the job's add and the WAIT share one connection: two connections may
  // be on two masters for a moment of a failover, and a WAIT on the new one would confirm an add
  // made on the old one, which the failover then drops.
  const queueRedis = config.redisWaitReplicas > 0 ? redis : duplicateConnection(redis, { enableAutoPipelining: false })
  if (queueRedis !== redis) queueRedis.on('error', (err) => app.log.error({ err }, 'redis error (queues)'))
  const signingKeys = await SigningKeys.fromJson(config.signingKeys)
  const metrics = opts.metrics ?? new Metrics()
  const services = createMessageServices({ config, registry, schemas, catalogs, redis, queueConnection: queueRedis, signingKeys, metrics, logger: app.log })
  const { cipher, evidence, store, queues, adapters, breakers, callbacks, receipts, exchanges, verifyGuard, flows } = services
  if (!cipher.enabled) app.log.warn('DATA_KEYS is not set: envelopes and replies (citizen data) are stored in Redis in clear')
  if (!receipts.enabled) app.log.warn('SIGNING_KEYS is not set: answers carry no signed receipt and no access tokens are issued')
  const quotas = new DailyQuotas({ redis, keyPrefix: config.keyPrefix, registry })
  const intake = new MessageIntake({ registry, schemas, store, queues, adapters, breakers, syncTimeoutMs: config.syncTimeoutMs, quotas, receipts, exchanges, verifyGuard, catalogs, flows, ...(config.redisWaitReplicas > 0 ? { replicas: new ReplicaWait(redis, config.redisWaitReplicas, config.redisWaitTimeoutMs) } : {}) })

  app.decorate('config', config)
  app.decorate<RedisClient>('redis', redis)
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
  app.decorate('flows', flows)

  app.addHook('onClose', async () => {
    await services.close()
    await closeConnections(redis, queueRedis)
  })
}, { name: 'gateway-services' })
