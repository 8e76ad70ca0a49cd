import { Queue, type ConnectionOptions } from 'bullmq'
import type { Config } from '../config.js'
import { queuePrefix } from '../delivery/delivery-queues.js'
import type { Envelope, MessageRecord, RecordedError } from '../messages/message-store.js'

export const CALLBACK_QUEUE = 'callbacks'

export type CallbackEvent = 'message.delivered' | 'message.dead'

/** What the gateway posts to a sender's callbackUrl (documented in docs/integrator-guide.md). */
export interface CallbackPayload {
  event: CallbackEvent
  messageId: string
  service: string
  version: string
  from: string
  to: string
  correlationId?: string
  status: 'delivered' | 'dead'
  attempts: number
  occurredAt: string
  deliveredAt?: string
  reply?: Envelope
  /** Delivered: base64url SHA-256 of `reply` in canonical JSON (RFC 8785). */
  replyHash?: string
  /** Delivered: the gateway's signed delivery receipt (compact JWS), when it has signing keys. */
  receipt?: string
  lastError?: Pick<RecordedError, 'code' | 'message'>
}

export interface CallbackJobData {
  url: string
  payload: CallbackPayload
  /** The message record's id in the store (differs from payload.messageId for a sender-scoped id); absent in older jobs. */
  recordId?: string
}

/** The outcome of a settled message as its callback tells it. */
export function callbackPayload (record: MessageRecord, event: CallbackEvent): CallbackPayload {
  const payload: CallbackPayload = {
    event,
    // The sender's own messageId, also when the record is kept under its sender-scoped id.
    messageId: record.envelope.header.messageId,
    service: record.service,
    version: record.version,
    from: record.from,
    to: record.to,
    status: event === 'message.delivered' ? 'delivered' : 'dead',
    attempts: record.attempts,
    occurredAt: new Date().toISOString()
  }
  if (record.correlationId !== undefined) payload.correlationId = record.correlationId
  if (record.deliveredAt !== undefined) payload.deliveredAt = record.deliveredAt
  if (event === 'message.delivered' && record.reply !== undefined) payload.reply = record.reply
  if (event === 'message.delivered' && record.replyHash !== undefined) payload.replyHash = record.replyHash
  if (event === 'message.delivered' && record.deliveryReceipt !== undefined) payload.receipt = record.deliveryReceipt
  if (event === 'message.dead' && record.lastError !== undefined) payload.lastError = { code: record.lastError.code, message: record.lastError.message }
  return payload
}

/** BullMQ job ids may not contain `:`; one callback job per message and event. */
export function callbackJobId (messageId: string, event: CallbackEvent): string {
  return `${messageId}.${event.replace('message.', '')}`
}

/**
 * The queue of outcome callbacks. Retried by BullMQ with backoff like deliveries; a callback
 * whose attempts are spent stays in the failed set for the admins to see and retry.
 */
export class CallbackQueue {
  private readonly connection: ConnectionOptions
  private readonly prefix: string
  private readonly attempts: number
  private readonly retentionDays: number
  private opened: Queue<CallbackJobData> | undefined

  constructor (opts: { connection: ConnectionOptions, prefix: string, attempts: number, retentionDays: number }) {
    this.connection = opts.connection
    this.prefix = opts.prefix
    this.attempts = opts.attempts
    this.retentionDays = opts.retentionDays
  }

  /** The callback queue as configured (CALLBACK_ATTEMPTS, retention), for a gateway or a worker process. */
  static fromConfig (connection: ConnectionOptions, config: Config): CallbackQueue {
    return new CallbackQueue({ connection, prefix: queuePrefix(config), attempts: config.callbackAttempts, retentionDays: config.messageRetentionDays })
  }

  /** The BullMQ queue, opened on first use (a process that never sends a callback opens none). */
  get queue (): Queue<CallbackJobData> {
    this.opened ??= new Queue<CallbackJobData>(CALLBACK_QUEUE, { connection: this.connection, prefix: this.prefix })
    return this.opened
  }

  /** Queues the callback of a settled message; a no-op when that message's callback for `event` is already queued. */
  async enqueue (record: MessageRecord, event: CallbackEvent): Promise<boolean> {
    const url = record.envelope.header.callbackUrl
    if (url === undefined) return false
    await this.queue.add('callback', { url, payload: callbackPayload(record, event), recordId: record.messageId }, {
      jobId: callbackJobId(record.messageId, event),
      attempts: this.attempts,
      backoff: { type: 'lt-backoff' },
      removeOnComplete: { age: 86_400, count: 10_000 },
      removeOnFail: { age: this.retentionDays * 86_400 }
    })
    return true
  }

  /** Forgets a message's callback for `event`, so a replayed message can report its new outcome. */
  async forget (messageId: string, event: CallbackEvent): Promise<void> {
    const job = await this.queue.getJob(callbackJobId(messageId, event))
    // A callback being sent right now is locked: it finishes, and a later one of the same event
    // is not sent (at least once, not once per outcome).
    if (job !== undefined) await job.remove().catch(() => {})
  }

  async close (): Promise<void> {
    await this.opened?.close()
    this.opened = undefined
  }
}
