import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Config } from '../config.js'
import type { MessageSchemas } from '../message-schemas.js'
import type { Registry } from '../registry.js'
import { MessageStore } from '../messages/message-store.js'
import { AdapterPool } from './adapter-pool.js'
import { DeliveryWorkers } from './delivery-worker.js'

export interface WorkerRuntime {
  workers: DeliveryWorkers
  /** Lets in-flight deliveries finish, then closes the workers, adapters and Redis. */
  close: () => Promise<void>
}

/** Starts the delivery workers of every receiving system, with their own Redis connection and adapters. */
export function startWorkerRuntime (opts: { config: Config, registry: Registry, schemas: MessageSchemas, logger: Logger }): WorkerRuntime {
  const { config, registry, schemas, logger } = opts
  // BullMQ workers block on Redis and must never give up a command: maxRetriesPerRequest null.
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null })
  redis.on('error', (err) => logger.error({ err }, 'redis error (worker)'))
  const store = new MessageStore(redis, config.keyPrefix, config.messageRetentionDays)
  const adapters = new AdapterPool(registry)
  const workers = new DeliveryWorkers({
    store, registry, schemas, adapters, logger,
    connection: redis,
    prefix: `${config.keyPrefix}:q`,
    concurrency: config.workerConcurrency
  })
  workers.start()
  return {
    workers,
    close: async () => {
      await workers.close()
      await adapters.close()
      await redis.quit().catch(() => redis.disconnect())
    }
  }
}
