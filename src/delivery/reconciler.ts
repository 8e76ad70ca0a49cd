import type { RedisClient } from '../redis-connection.js'
import type { Logger } from 'pino'
import type { MessageStore } from '../messages/message-store.js'
import type { DeliveryWorkers } from './delivery-worker.js'
import { Periodic } from '../periodic.js'
import { withRedisLock } from '../redis-lock.js'

export interface ReconcilerOptions {
  redis: RedisClient
  store: MessageStore
  workers: DeliveryWorkers
  logger: Logger
  /** How often the receivers are asked about the unconfirmed messages. */
  intervalMs: number
  /** How long a message may stay unconfirmed before it is given up (dead, LT_OUTCOME_UNKNOWN). */
  giveUpMs: number
}

const BATCH = 200

/**
 * Keeps asking the receivers about the messages whose retries were spent while the receiver
 * could not say whether it had applied them (`unconfirmed`): applied → delivered with its
 * reply, not applied → dead, still unknown after `giveUpMs` → dead with LT_OUTCOME_UNKNOWN, so a
 * message the receiver applied is not reported dead while there is a chance to learn otherwise.
 * One reconciler runs at a time across the worker processes (a Redis lock).
 */
export class Reconciler {
  private readonly opts: ReconcilerOptions
  private readonly periodic: Periodic

  constructor (opts: ReconcilerOptions) {
    this.opts = opts
    this.periodic = new Periodic(opts.intervalMs, async () => await this.pass(), (err) => { this.opts.logger.error({ err }, 'reconciliation failed') })
  }

  start (): void {
    this.periodic.start()
  }

  async close (): Promise<void> {
    await this.periodic.close()
  }

  /** One pass over the unconfirmed messages; resolves with what became of them. */
  async pass (): Promise<Record<'delivered' | 'dead' | 'unknown' | 'settled', number>> {
    const { redis, store, workers } = this.opts
    const counts = { delivered: 0, dead: 0, unknown: 0, settled: 0 }
    const lockKey = `${store.unconfirmedKey}:reconciler`
    await withRedisLock(redis, lockKey, Math.max(this.opts.intervalMs * 2, 30_000), async () => {
      const entries = await redis.zrange(store.unconfirmedKey, 0, BATCH - 1, 'WITHSCORES')
      for (let i = 0; i + 1 < entries.length; i += 2) {
        const id = entries[i] as string
        try {
          counts[await workers.reconcile(id, Number(entries[i + 1]) + this.opts.giveUpMs)]++
        } catch (err) {
          this.opts.logger.error({ err, messageId: id }, 'could not reconcile an unconfirmed message')
        }
      }
      const done = counts.delivered + counts.dead + counts.unknown + counts.settled
      if (done > 0) this.opts.logger.info(counts, 'unconfirmed messages reconciled')
    })
    return counts
  }
}
