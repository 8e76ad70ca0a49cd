import { closeConnections, connectRedis, duplicateConnection } from '../redis-connection.js'
import type { Logger } from 'pino'
import type { Config } from '../config.js'
import type { MessageSchemas } from '../message-schemas.js'
import type { Registry } from '../registry.js'
import { CallbackWorker } from '../callbacks/callback-worker.js'
import { Metrics } from '../observability/metrics.js'
import { WorkerHeartbeat } from '../observability/worker-heartbeat.js'
import { queuePrefix } from '../config.js'
import { CALLBACK_QUEUE } from '../callbacks/callback-queue.js'
import { DeliveryWorkers } from '../delivery/delivery-worker.js'
import { Sweeper } from '../delivery/sweeper.js'
import { createMessageServices } from './message-services.js'
import { Reconciler } from '../delivery/reconciler.js'
import { FlowSupervisor } from '../delivery/flow-supervisor.js'
import type { SigningKeys } from '../signing/signing-keys.js'
import { EvidenceArchive } from '../evidence/evidence-archive.js'
import { EvidenceSealer } from '../evidence/evidence-sealer.js'

export interface WorkerRuntime {
  workers: DeliveryWorkers
  sweeper: Sweeper
  /** Asks the receivers about unconfirmed messages until they can say. */
  reconciler: Reconciler
  /** Refuses dossiers whose documents did not come in time; flags overdue steps. */
  flowSupervisor: FlowSupervisor
  /** Chains, seals and archives the evidence log (absent when it is off). */
  sealer: EvidenceSealer | undefined
  heartbeat: WorkerHeartbeat
  /** Lets in-flight deliveries and callbacks finish, then closes the workers, adapters and Redis. */
  close: () => Promise<void>
}

/**
 * Starts the delivery workers of every receiving system, the callback worker and the sweeper,
 * with their own Redis connection and adapters, and their heartbeat. `metrics`: where their
 * upstream calls are measured (the process's registry; a private one when not given).
 * `signingKeys`: the gateway's keys (SIGNING_KEYS), which sign delivery receipts.
 */
export function startWorkerRuntime (opts: { config: Config, registry: Registry, schemas: MessageSchemas, logger: Logger, signingKeys: SigningKeys, metrics?: Metrics }): WorkerRuntime {
  const { config, registry, schemas, logger } = opts
  const metrics = opts.metrics ?? new Metrics({ processMetrics: false })
  // A worker never gives up a Redis command (maxRetriesPerRequest null: BullMQ's workers need it).
  // The deliveries' own commands (records, breakers, monitoring) are auto-pipelined: a worker runs
  // many deliveries at once, and their commands of one turn of the event loop go out as one
  // write. BullMQ has a connection of its own, without: ioredis copies every script defined on a
  // connection onto each of its auto-pipelines, and BullMQ defines some forty.
  const redis = connectRedis(config, { maxRetriesPerRequest: null, enableAutoPipelining: true })
  redis.on('error', (err) => logger.error({ err }, 'redis error (worker)'))
  const queueRedis = duplicateConnection(redis, { enableAutoPipelining: false })
  queueRedis.on('error', (err) => logger.error({ err }, 'redis error (worker queues)'))
  const services = createMessageServices({ config, registry, schemas, redis, queueConnection: queueRedis, signingKeys: opts.signingKeys, metrics, logger })
  const { cipher, evidence, store, adapters, breakers, callbacks, queues, receipts, exchanges, verifyGuard, flows } = services
  // The evidence log is chained, sealed and archived by the workers (one at a time: a lock).
  const sealer = evidence === undefined
    ? undefined
    : new EvidenceSealer({
      log: evidence,
      archive: new EvidenceArchive({ log: evidence, redis, dir: config.evidenceDir, segmentBytes: config.evidenceSegmentBytes, retentionDays: config.evidenceRetentionDays, keys: opts.signingKeys }),
      logger,
      sealIntervalMs: config.evidenceSealIntervalMs,
      checkpointMs: config.evidenceCheckpointSeconds * 1000
    })
  const workers = new DeliveryWorkers({
    store,
    registry,
    schemas,
    adapters,
    breakers,
    callbacks,
    queues,
    receipts,
    exchanges,
    verifyGuard,
    flows,
    logger,
    connection: queueRedis,
    keyPrefix: config.keyPrefix,
    concurrency: config.workerConcurrency,
    lockMs: config.workerLockMs,
    stalledIntervalMs: config.workerStalledIntervalMs,
    retentionDays: config.messageRetentionDays
  })
  const callbackWorker = new CallbackWorker({
    store,
    registry,
    logger,
    connection: queueRedis,
    prefix: queuePrefix(config, CALLBACK_QUEUE),
    concurrency: config.workerConcurrency,
    attempts: config.callbackAttempts,
    backoffMs: config.callbackBackoffMs,
    timeoutMs: config.callbackTimeoutMs,
    cipher
  })
  const sweeper = new Sweeper({ redis, store, queues, registry, logger, intervalMs: config.sweepIntervalMs, afterMs: config.sweepAfterMs, syncTimeoutMs: config.syncTimeoutMs })
  const reconciler = new Reconciler({ redis, store, workers, logger, intervalMs: config.reconcileIntervalMs, giveUpMs: config.reconcileGiveUpHours * 3_600_000 })
  const flowSupervisor = new FlowSupervisor({ redis, prefix: config.keyPrefix, workers, logger, intervalMs: config.reconcileIntervalMs })
  workers.start()
  callbackWorker.start()
  flowSupervisor.start()
  sweeper.start()
  reconciler.start()
  sealer?.start()
  const heartbeat = new WorkerHeartbeat({ redis, keyPrefix: config.keyPrefix, logger, info: { queues: registry.receivers().length } })
  heartbeat.start()
  return {
    workers,
    sweeper,
    reconciler,
    flowSupervisor,
    sealer,
    heartbeat,
    close: async () => {
      // Gone from readiness first: while in-flight deliveries finish, it takes no new ones.
      await heartbeat.stop()
      await sweeper.close()
      await reconciler.close()
      await flowSupervisor.close()
      await Promise.allSettled([workers.close(), callbackWorker.close()])
      // Last: what the deliveries that just finished appended is sealed and archived too.
      await sealer?.close()
      await services.close()
      await closeConnections(redis, queueRedis)
    }
  }
}
