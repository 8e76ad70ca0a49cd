import { Queue, type ConnectionOptions, type JobsOptions, type WorkerOptions } from 'bullmq'
import { queuePrefix } from '../config.js'
import type { DeliveryPolicy, Registry } from '../registry.js'

/**
 * What a delivery job carries: nothing but its id, the record's id in the message store, which
 * holds the rest. A job queued before carries that id in its data too.
 */
export interface DeliveryJobData {
  messageId?: string
}

/** The record id a delivery job stands for. */
export function jobMessageId (job: { id?: string | undefined, data: DeliveryJobData }): string {
  const id = job.data.messageId ?? job.id
  if (id === undefined) throw new Error('a delivery job without an id')
  return id
}

/** The custom backoff type: exponential with jitter, or the upstream's Retry-After. */
export const BACKOFF_TYPE = 'lt-backoff'

/** BullMQ queue names may not contain `:`, which participant identifiers use. */
export function queueNameFor (receiverId: string): string {
  return `deliver.${receiverId.replace(/:/g, '.')}`
}

/**
 * A job's own options, all it stores beside the messageId (every queued message carries them, so
 * they are kept short): what is the same for every job, how long finished ones are kept, is the
 * workers' ({@link finishedJobRetention}).
 */
export function jobOptions (messageId: string, policy: DeliveryPolicy): JobsOptions {
  return {
    // The messageId is the jobId: adding the same message twice queues it once.
    jobId: messageId,
    attempts: policy.attempts,
    backoff: { type: BACKOFF_TYPE }
  }
}

/**
 * How long the delivery workers keep finished jobs. Completed jobs are only bookkeeping (the
 * message store keeps the outcome); failed ones are the dead letters and stay for replay as long
 * as their messages are kept.
 */
export function finishedJobRetention (retentionDays: number): Pick<WorkerOptions, 'removeOnComplete' | 'removeOnFail'> {
  return {
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: retentionDays * 86_400 }
  }
}

interface PendingAdd {
  messageId: string
  settle: (err?: unknown) => void
}

/** One BullMQ queue per receiving system. */
export class DeliveryQueues {
  private readonly queues = new Map<string, Queue<DeliveryJobData>>()
  /** The adds of this turn of the event loop, per receiver, not yet sent. */
  private readonly batches = new Map<string, PendingAdd[]>()
  private readonly registry: Registry
  private readonly connection: ConnectionOptions
  private readonly keyPrefix: string

  /** `keyPrefix`: the gateway's (config.keyPrefix); each queue's own is {@link queuePrefix}. */
  constructor (opts: { registry: Registry, connection: ConnectionOptions, keyPrefix: string }) {
    this.registry = opts.registry
    this.connection = opts.connection
    this.keyPrefix = opts.keyPrefix
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

  /**
   * Queues a message for delivery to `receiverId` (a no-op when that messageId is already queued).
   * The adds of one turn of the event loop go to each queue as one `addBulk` (one pipeline: one
   * round trip); each caller is answered once its own job is in Redis, or with the batch's error
   * (its record stays `accepted`: the sweeper or the sender's re-post queues it again).
   */
  async enqueue (receiverId: string, messageId: string): Promise<void> {
    const queue = this.for(receiverId)
    let batch = this.batches.get(receiverId)
    if (batch === undefined) {
      batch = []
      this.batches.set(receiverId, batch)
      setImmediate(() => { this.flush(receiverId, queue) })
    }
    const pending = batch
    await new Promise<void>((resolve, reject) => {
      pending.push({ messageId, settle: (err) => { if (err === undefined) resolve(); else reject(err) } })
    })
  }

  private flush (receiverId: string, queue: Queue<DeliveryJobData>): void {
    const batch = this.batches.get(receiverId) ?? []
    this.batches.delete(receiverId)
    const policy = this.registry.get(receiverId)?.endpoint?.delivery as DeliveryPolicy
    const jobs = batch.map(({ messageId }) => ({ name: 'deliver', data: {}, opts: jobOptions(messageId, policy) }))
    queue.addBulk(jobs).then(
      () => { for (const entry of batch) entry.settle() },
      (err: unknown) => { for (const entry of batch) entry.settle(err ?? new Error('addBulk failed')) }
    )
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
