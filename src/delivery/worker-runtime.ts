import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Config } from '../config.js'
import type { MessageSchemas } from '../message-schemas.js'
import type { Registry } from '../registry.js'
import { MessageStore } from '../messages/message-store.js'
import { instrumentAdapter } from '../observability/instrumented-adapter.js'
import { Metrics } from '../observability/metrics.js'
import { WorkerHeartbeat } from '../observability/worker-heartbeat.js'
import { AdapterPool } from './adapter-pool.js'
import { DeliveryWorkers } from './delivery-worker.js'

export interface WorkerRuntime {
  workers: DeliveryWorkers
  heartbeat: WorkerHeartbeat
  /** Lets in-flight deliveries finish, then closes the workers, adapters and Redis. */
  close: () => Promise<void>
}

/**
 * Starts the delivery workers of every receiving system, with their own Redis connection and
 * adapters, and their heartbeat. `metrics`: where their upstream calls are measured (the
 * process's registry; a private one when not given).
 */
export function startWorkerRuntime (opts: { config: Config, registry: Registry, schemas: MessageSchemas, logger: Logger, metrics?: Metrics }): WorkerRuntime {
  const { config, registry, schemas, logger } = opts
  const metrics = opts.metrics ?? new Metrics({ processMetrics: false })
  // BullMQ workers block on Redis and must never give up a command: maxRetriesPerRequest null.
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null })
  redis.on('error', (err) => logger.error({ err }, 'redis error (worker)'))
  const store = new MessageStore(redis, config.keyPrefix, config.messageRetentionDays)
  const adapters = new AdapterPool(registry, { decorate: (adapter, receiver) => instrumentAdapter(adapter, { receiver, metrics, logger }) })
  const workers = new DeliveryWorkers({
    store, registry, schemas, adapters, logger,
    connection: redis,
    prefix: `${config.keyPrefix}:q`,
    concurrency: config.workerConcurrency
  })
  workers.start()
  const heartbeat = new WorkerHeartbeat({ redis, keyPrefix: config.keyPrefix, logger, info: { queues: registry.receivers().length } })
  heartbeat.start()
  return {
    workers,
    heartbeat,
    close: async () => {
      // Gone from readiness first: while in-flight deliveries finish, it takes no new ones.
      await heartbeat.stop()
      await workers.close()
      await adapters.close()
      await redis.quit().catch(() => redis.disconnect())
    }
  }
}
