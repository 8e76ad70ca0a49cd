import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { MessageStore, RecordedError } from '../messages/message-store.js'
import type { DeliveryQueues } from './delivery-queues.js'

export interface SweeperOptions {
  redis: Redis
  store: MessageStore
  queues: DeliveryQueues
  logger: Logger
  intervalMs: number
  /** A message `accepted` this long without a queue job is queued. */
  afterMs: number
  /** Sync deliveries take at most this long; one left `delivering` much longer lost its gateway process. */
  syncTimeoutMs: number
}

const BATCH = 500

/**
 * Finds recorded messages no queue job stands for and queues them: a gateway process that
 * stopped between recording a message and queueing it, or in the middle of a sync delivery,
 * leaves them behind. One sweeper runs at a time across all worker processes (a Redis lock).
 */
export class Sweeper {
  private readonly opts: SweeperOptions
  private timer: NodeJS.Timeout | undefined
  private running: Promise<number> | undefined

  constructor (opts: SweeperOptions) {
    this.opts = opts
  }

  start (): void {
    this.timer = setInterval(() => {
      if (this.running !== undefined) return
      this.running = this.sweep()
        .catch((err: unknown) => { this.opts.logger.error({ err }, 'sweep failed'); return 0 })
        .finally(() => { this.running = undefined })
    }, this.opts.intervalMs)
    this.timer.unref()
  }

  async close (): Promise<void> {
    clearInterval(this.timer)
    await this.running
  }

  /** One pass; resolves with the number of messages it queued. */
  async sweep (now: number = Date.now()): Promise<number> {
    const { redis, store, queues, logger } = this.opts
    const lockKey = `${store.pendingKey}:sweeper`
    if (await redis.set(lockKey, '1', 'PX', Math.max(this.opts.intervalMs, 5000), 'NX') !== 'OK') return 0
    let queued = 0
    try {
      const ids = await redis.zrangebyscore(store.pendingKey, '-inf', now - this.opts.afterMs, 'LIMIT', 0, BATCH)
      for (const id of ids) {
        const record = await store.get(id)
        if (record === undefined) {
          await redis.zrem(store.pendingKey, id)
          continue
        }
        const log = logger.child({ messageId: id, correlationId: record.correlationId })
        if (record.status === 'delivering' && record.mode === 'sync') {
          // Its gateway process died mid-call (a live one gives up after the sync timeout).
          if (now - Date.parse(record.updatedAt) < Math.max(this.opts.afterMs, this.opts.syncTimeoutMs * 2)) continue
          const lastError: RecordedError = { code: 'LT_SYNC_INTERRUPTED', message: 'the sync delivery was interrupted; delivering through the queue', at: new Date(now).toISOString(), transient: true }
          if (!await store.transition(id, 'accepted', { from: ['delivering'], fields: { lastError }, error: lastError.code })) continue
        } else if (record.status !== 'accepted') {
          await redis.zrem(store.pendingKey, id)
          continue
        }
        await queues.enqueue(record.to, id)
        if (await store.transition(id, 'queued', { from: ['accepted'] })) {
          queued++
          log.warn({ service: record.service, to: record.to }, 'recorded message was never queued; queued by the sweeper')
        }
      }
    } finally {
      await redis.del(lockKey)
    }
    return queued
  }
}
