import type { RedisClient } from '../redis-connection.js'
import type { CallbackQueue } from '../callbacks/callback-queue.js'
import type { MessageRecord, MessageStore } from '../messages/message-store.js'
import type { DeliveryQueues } from './delivery-queues.js'

export interface DeadLetterFilter {
  receiver?: string
  service?: string
  /** Died at or after (ms since epoch). */
  since?: number
  /** Died before (ms since epoch). */
  until?: number
  limit: number
}

export interface DeadLetter {
  /** The record's id: what replay and purge take. */
  messageId: string
  /** The messageId its sender posted (differs from `messageId` when another sender had used it first). */
  senderMessageId: string
  service: string
  from: string
  to: string
  diedAt: string
  attempts: number
  lastError?: MessageRecord['lastError']
}

/**
 * The dead letters: messages whose retries are spent or whose failure was permanent, indexed
 * by time of death. Replay keeps the messageId, so the receiver's idempotency still holds.
 */
export class DeadLetters {
  private readonly redis: RedisClient
  private readonly store: MessageStore
  private readonly queues: DeliveryQueues
  private readonly callbacks: CallbackQueue

  constructor (opts: { redis: RedisClient, store: MessageStore, queues: DeliveryQueues, callbacks: CallbackQueue }) {
    this.redis = opts.redis
    this.store = opts.store
    this.queues = opts.queues
    this.callbacks = opts.callbacks
  }

  /** Newest first, filtered by receiver, service and time of death. */
  async list (filter: DeadLetterFilter): Promise<DeadLetter[]> {
    const max = filter.until === undefined ? '+inf' : `(${filter.until}`
    const min = filter.since === undefined ? '-inf' : String(filter.since)
    const out: DeadLetter[] = []
    let offset = 0
    const page = 200
    while (out.length < filter.limit) {
      const ids = await this.redis.zrevrangebyscore(this.store.deadKey, max, min, 'WITHSCORES', 'LIMIT', offset, page)
      if (ids.length === 0) break
      offset += page
      for (let i = 0; i < ids.length && out.length < filter.limit; i += 2) {
        const record = await this.store.get(ids[i] as string)
        if (record === undefined || record.status !== 'dead') continue
        if (filter.receiver !== undefined && record.to !== filter.receiver) continue
        if (filter.service !== undefined && record.service !== filter.service) continue
        const entry: DeadLetter = {
          messageId: record.messageId,
          senderMessageId: record.envelope.header.messageId,
          service: record.service,
          from: record.from,
          to: record.to,
          diedAt: new Date(Number(ids[i + 1])).toISOString(),
          attempts: record.attempts
        }
        if (record.lastError !== undefined) entry.lastError = record.lastError
        out.push(entry)
      }
    }
    return out
  }

  /**
   * Queues a dead message again under the same messageId, with its full attempts. False when it
   * is not dead. The message is claimed first (dead → accepted, atomically), so of two
   * concurrent replays one wins; once claimed it is in the sweeper's pending list, so a failure
   * past this point leaves it to the sweeper, not stuck.
   */
  async replay (messageId: string): Promise<boolean> {
    const record = await this.store.get(messageId)
    if (record?.status !== 'dead') return false
    if (!await this.store.transition(messageId, 'accepted', { from: ['dead'], unset: ['response', 'nextAttemptAt', 'callback'] })) return false
    // The sender hears the new outcome: its earlier `dead` callback is forgotten.
    await this.callbacks.forget(messageId, 'message.dead')
    // The failed job holds the jobId: retry it from scratch, or queue a new one if it is gone.
    const job = await this.queues.for(record.to).getJob(messageId)
    const state = job === undefined ? 'missing' : await job.getState()
    if (state === 'failed') {
      await job?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true })
    } else if (state === 'missing' || state === 'completed' || state === 'unknown') {
      if (state !== 'missing') await job?.remove()
      await this.queues.enqueue(record.to, messageId)
    } // waiting, delayed or active: a job already stands for the message

    await this.store.transition(messageId, 'queued', { from: ['accepted'] })
    return true
  }

  /**
   * Replays a selection: the listed messageIds, or every dead letter matching the filter (up
   * to its limit). Resolves with the replayed ids and those that were not dead letters.
   */
  async replayMany (selection: { messageIds: string[] } | DeadLetterFilter): Promise<{ replayed: string[], skipped: string[] }> {
    const ids = 'messageIds' in selection ? selection.messageIds : (await this.list(selection)).map((d) => d.messageId)
    const replayed: string[] = []
    const skipped: string[] = []
    for (const id of new Set(ids)) {
      // One message's trouble does not stop the others; it is reported as skipped.
      const ok = await this.replay(id).catch(() => false)
      ;(ok ? replayed : skipped).push(id)
    }
    return { replayed, skipped }
  }

  /** Drops a dead message from the dead letters and its failed job; its record stays (status dead). */
  async purge (messageId: string): Promise<boolean> {
    const record = await this.store.get(messageId)
    if (record?.status !== 'dead') return false
    const job = await this.queues.for(record.to).getJob(messageId)
    if (job !== undefined) await job.remove()
    if (await this.redis.zrem(this.store.deadKey, messageId) !== 1) return false
    await this.store.recordEvent(messageId, 'purged')
    return true
  }
}
