import type { RedisClient } from '../redis-connection.js'
import type { Logger } from 'pino'
import type { MessageStore, RecordedError } from '../messages/message-store.js'
import type { Registry } from '../registry.js'
import type { DeliveryQueues } from './delivery-queues.js'
import { Periodic } from '../periodic.js'
import { withRedisLock } from '../redis-lock.js'

export interface SweeperOptions {
  redis: RedisClient
  store: MessageStore
  queues: DeliveryQueues
  registry: Registry
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
  private readonly periodic: Periodic

  constructor (opts: SweeperOptions) {
    this.opts = opts
    this.periodic = new Periodic(opts.intervalMs, async () => {
      await this.sweep().catch((err: unknown) => { this.opts.logger.error({ err }, 'sweep failed') })
      // Replies with citizen data past REPLY_RETENTION_HOURS go, whoever sweeps: the step is atomic per record.
      const dropped = await this.opts.store.expireReplies().catch((err: unknown) => { this.opts.logger.error({ err }, 'replies could not be expired'); return 0 })
      if (dropped > 0) this.opts.logger.info({ dropped }, 'replies with citizen data expired')
    }, (err) => { this.opts.logger.error({ err }, 'sweep failed') })
  }

  start (): void {
    this.periodic.start()
  }

  async close (): Promise<void> {
    await this.periodic.close()
  }

  /** One pass; resolves with the number of messages it queued. */
  async sweep (now: number = Date.now()): Promise<number> {
    const { redis, store } = this.opts
    const lockKey = `${store.pendingKey}:sweeper`
    const queued = await withRedisLock(redis, lockKey, Math.max(this.opts.intervalMs, 5000), async () => {
      let count = 0
      const ids = await redis.zrangebyscore(store.pendingKey, '-inf', now - this.opts.afterMs, 'LIMIT', 0, BATCH)
      for (const id of ids) {
        // One message's trouble must not stop the sweep of the others.
        try {
          if (await this.sweepOne(id, now)) count++
        } catch (err) {
          this.opts.logger.error({ err, messageId: id }, 'sweeper could not queue a message')
        }
      }
      return count
    })
    return queued ?? 0
  }

  private async sweepOne (id: string, now: number): Promise<boolean> {
    const { redis, store, queues, logger, registry } = this.opts
    const record = await store.get(id)
    if (record === undefined) {
      await redis.zrem(store.pendingKey, id)
      return false
    }
    const log = logger.child({ messageId: id, correlationId: record.correlationId })
    if (registry.get(record.to)?.endpoint === undefined) {
      // Its receiver left the registry: nothing can deliver it. Shown as dead, replayable if it returns.
      const lastError: RecordedError = { code: 'LT_UNKNOWN_RECEIVER', message: `${record.to} is no longer a receiver in the registry`, at: new Date(now).toISOString(), transient: false }
      await store.transition(id, 'dead', { from: ['accepted', 'delivering'], fields: { lastError }, error: lastError.code })
      await redis.zrem(store.pendingKey, id)
      log.error({ to: record.to }, 'recorded message for a receiver no longer in the registry; dead')
      return false
    }
    if (record.status === 'delivering' && record.mode === 'sync') {
      // Its gateway process died mid-call (a live one gives up after the sync timeout).
      if (now - Date.parse(record.updatedAt) < Math.max(this.opts.afterMs, this.opts.syncTimeoutMs * 2)) return false
      const lastError: RecordedError = { code: 'LT_SYNC_INTERRUPTED', message: 'the sync delivery was interrupted; delivering through the queue', at: new Date(now).toISOString(), transient: true }
      if (!await store.transition(id, 'accepted', { from: ['delivering'], fields: { lastError }, error: lastError.code })) return false
    } else if (record.status !== 'accepted') {
      await redis.zrem(store.pendingKey, id)
      return false
    }
    await queues.enqueue(record.to, id)
    if (!await store.transition(id, 'queued', { from: ['accepted'] })) return false
    log.warn({ service: record.service, to: record.to }, 'recorded message was never queued; queued by the sweeper')
    return true
  }
}
