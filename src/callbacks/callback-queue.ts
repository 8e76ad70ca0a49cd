import { Queue, type ConnectionOptions } from 'bullmq'
import { queuePrefix, type Config } from '../config.js'
import type { Envelope, MessageRecord, RecordedError } from '../messages/message-store.js'
import { RecordCipher } from '../crypto/record-cipher.js'

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
  /** The outcome to post, when the gateway has no data keys; otherwise `sealed`. */
  payload?: CallbackPayload
  /** The outcome sealed with the data keys (it carries the reply: citizen data), see {@link callbackSealContext}. */
  sealed?: string
  /** The message record's id in the store (differs from the sender's messageId for a sender-scoped id). */
  recordId?: string
  /** The sender's messageId and the event, readable without opening the payload. */
  messageId?: string
  event?: CallbackEvent
}

/** Where a sealed callback payload may be opened: its record and event. */
export function callbackSealContext (recordId: string, event: CallbackEvent): string {
  return `callback|${recordId}|${event}`
}

/** The payload of a callback job, opened with `cipher` when it was sealed. */
export function callbackPayloadOf (data: CallbackJobData, cipher: RecordCipher): CallbackPayload {
  if (data.payload !== undefined) return data.payload
  if (data.sealed === undefined || data.recordId === undefined || data.event === undefined) throw new Error('a callback job without its payload')
  return JSON.parse(cipher.open(data.sealed, callbackSealContext(data.recordId, data.event))) as CallbackPayload
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
  private readonly cipher: RecordCipher
  private opened: Queue<CallbackJobData> | undefined

  constructor (opts: { connection: ConnectionOptions, prefix: string, attempts: number, retentionDays: number, cipher?: RecordCipher }) {
    this.connection = opts.connection
    this.prefix = opts.prefix
    this.attempts = opts.attempts
    this.retentionDays = opts.retentionDays
    this.cipher = opts.cipher ?? RecordCipher.fromEnv('')
  }

  /** The callback queue as configured (CALLBACK_ATTEMPTS, retention, DATA_KEYS), for a gateway or a worker process. */
  static fromConfig (connection: ConnectionOptions, config: Config, cipher?: RecordCipher): CallbackQueue {
    return new CallbackQueue({ connection, prefix: queuePrefix(config, CALLBACK_QUEUE), attempts: config.callbackAttempts, retentionDays: config.messageRetentionDays, ...(cipher !== undefined ? { cipher } : {}) })
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
    const payload = callbackPayload(record, event)
    const data: CallbackJobData = this.cipher.enabled
      ? { url, sealed: this.cipher.seal(JSON.stringify(payload), callbackSealContext(record.messageId, event)), recordId: record.messageId, messageId: payload.messageId, event }
      : { url, payload, recordId: record.messageId, messageId: payload.messageId, event }
    await this.queue.add('callback', data, {
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
