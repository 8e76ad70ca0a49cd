import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq'
import { queuePrefix } from '../config.js'
import type { DeliveryPolicy, Registry } from '../registry.js'

/** What a delivery job carries: the record in the message store holds the rest. */
export interface DeliveryJobData {
  messageId: string
}

/** The custom backoff type: exponential with jitter, or the upstream's Retry-After. */
export const BACKOFF_TYPE = 'lt-backoff'

/** BullMQ queue names may not contain `:`, which participant identifiers use. */
export function queueNameFor (receiverId: string): string {
  return `deliver.${receiverId.replace(/:/g, '.')}`
}

export function jobOptions (messageId: string, policy: DeliveryPolicy, retentionDays: number): JobsOptions {
  return {
    // The messageId is the jobId: adding the same message twice queues it once.
    jobId: messageId,
    attempts: policy.attempts,
    backoff: { type: BACKOFF_TYPE },
    // Completed jobs are only bookkeeping (the message store keeps the outcome); failed
    // ones are the dead letters and stay for replay as long as their messages are kept.
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: retentionDays * 86_400 }
  }
}

/** One BullMQ queue per receiving system. */
export class DeliveryQueues {
  private readonly queues = new Map<string, Queue<DeliveryJobData>>()
  private readonly registry: Registry
  private readonly connection: ConnectionOptions
  private readonly keyPrefix: string
  private readonly retentionDays: number

  /** `keyPrefix`: the gateway's (config.keyPrefix); each queue's own is {@link queuePrefix}. */
  constructor (opts: { registry: Registry, connection: ConnectionOptions, keyPrefix: string, retentionDays: number }) {
    this.registry = opts.registry
    this.connection = opts.connection
    this.keyPrefix = opts.keyPrefix
    this.retentionDays = opts.retentionDays
  }

  /** The queue of `receiverId`; throws when the participant receives nothing. */
  for (receiverId: string): Queue<DeliveryJobData> {
    let queue = this.queues.get(receiverId)
    if (queue === undefined) {
      if (this.registry.get(receiverId)?.endpoint === undefined) throw new Error(`${receiverId} has no endpoint`)
      const name = queueNameFor(receiverId)
      queue = new Queue<DeliveryJobData>(name, { connection: this.connection, prefix: queuePrefix({ keyPrefix: this.keyPrefix }, name) })
      this.queues.set(receiverId, queue)
    }
    return queue
  }

  /** Queues a message for delivery to `receiverId` (a no-op when that messageId is already queued). */
  async enqueue (receiverId: string, messageId: string): Promise<void> {
    const policy = this.registry.get(receiverId)?.endpoint?.delivery as DeliveryPolicy
    await this.for(receiverId).add('deliver', { messageId }, jobOptions(messageId, policy, this.retentionDays))
  }

  /** A key of `receiverId`'s queue (its slot, its node on a cluster), e.g. to route a WAIT there. */
  queueKey (receiverId: string): string {
    return this.for(receiverId).keys.meta as string
  }

  async close (): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map(async (q) => await q.close()))
    this.queues.clear()
  }
}
