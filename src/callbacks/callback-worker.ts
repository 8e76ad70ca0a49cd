import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq'
import type { Logger } from 'pino'
import { Agent, request } from 'undici'
import type { MessageStore } from '../messages/message-store.js'
import type { Registry } from '../registry.js'
import { retryDelayMs } from '../backoff.js'
import { RecordCipher } from '../crypto/record-cipher.js'
import { CALLBACK_QUEUE, callbackPayloadOf, type CallbackJobData } from './callback-queue.js'
import { CALLBACK_HEADERS, signCallback, signStandardWebhook, STANDARD_WEBHOOK_HEADERS, webhookId } from './callback-signature.js'

export interface CallbackWorkerOptions {
  store: MessageStore
  registry: Registry
  connection: ConnectionOptions
  prefix: string
  concurrency: number
  attempts: number
  backoffMs: number
  timeoutMs: number
  logger: Logger
  /** Opens sealed callback payloads (DATA_KEYS). */
  cipher?: RecordCipher
}

/**
 * Posts the outcome of settled messages to their senders' callbackUrl, signed with the sender's
 * callback secret and timestamped at each attempt. A 2xx answer is success; anything else, or
 * no answer in time, is retried with backoff. Redirects are not followed.
 */
export class CallbackWorker {
  private readonly opts: CallbackWorkerOptions
  private readonly agent: Agent
  private readonly cipher: RecordCipher
  private worker: Worker<CallbackJobData> | undefined

  constructor (opts: CallbackWorkerOptions) {
    this.opts = opts
    this.cipher = opts.cipher ?? RecordCipher.fromEnv('')
    this.agent = new Agent({ connect: { timeout: opts.timeoutMs }, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs })
  }

  start (): void {
    this.worker = new Worker<CallbackJobData>(CALLBACK_QUEUE, async (job) => await this.process(job), {
      connection: this.opts.connection,
      prefix: this.opts.prefix,
      concurrency: this.opts.concurrency,
      // Like deliveries: a dead worker's callbacks are taken up again, more than once if need be.
      maxStalledCount: 10,
      settings: { backoffStrategy: (attemptsMade: number) => retryDelayMs(attemptsMade, this.opts.backoffMs) }
    })
    this.worker.on('error', (err) => this.opts.logger.error({ err }, 'callback worker error'))
    this.worker.on('failed', (job, err) => { if (job !== undefined) void this.settleAbandoned(job, err) })
  }

  async close (): Promise<void> {
    await this.worker?.close()
    await this.agent.close()
  }

  /** A callback job BullMQ failed outside an attempt (its workers died too often): shown as failed. */
  private async settleAbandoned (job: Job<CallbackJobData>, err: Error): Promise<void> {
    try {
      if (await job.getState() !== 'failed') return
      const payload = callbackPayloadOf(job.data, this.cipher)
      const { event } = payload
      const recordId = job.data.recordId ?? payload.messageId
      const current = (await this.opts.store.get(recordId))?.callback
      if (current?.event !== event || current.status !== 'pending') return
      await this.opts.store.annotate(recordId, { callback: { ...current, status: 'failed', lastError: `the callback job failed: ${err.message}` } })
    } catch (e) {
      this.opts.logger.error({ err: e, messageId: job.data.messageId ?? job.data.payload?.messageId }, 'could not settle an abandoned callback job')
    }
  }

  private async process (job: Job<CallbackJobData>): Promise<void> {
    const { store, registry, logger } = this.opts
    const { url } = job.data
    const payload = callbackPayloadOf(job.data, this.cipher)
    const recordId = job.data.recordId ?? payload.messageId
    const attempt = job.attemptsMade + 1
    const log = logger.child({ messageId: payload.messageId, correlationId: payload.correlationId, event: payload.event, attempt })
    const sender = registry.get(payload.from)
    const secret = sender?.callbackSecret
    // Checked again at sending: the registry may have dropped the secret or the URL prefix since.
    if (sender === undefined || secret === undefined || !registry.callbackAllowed(sender, url)) {
      const problem = 'the callback URL or secret is no longer registered for the sender'
      await store.annotate(recordId, { callback: { event: payload.event, status: 'failed', attempts: attempt, lastError: problem } })
      throw new UnrecoverableError(problem)
    }
    const body = JSON.stringify(payload)
    const timestamp = Math.floor(Date.now() / 1000)
    const id = webhookId(payload)
    let problem: string
    try {
      const res = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json',
          [CALLBACK_HEADERS.event]: payload.event,
          [CALLBACK_HEADERS.messageId]: payload.messageId,
          [CALLBACK_HEADERS.timestamp]: String(timestamp),
          [CALLBACK_HEADERS.signature]: signCallback(secret, timestamp, body),
          [STANDARD_WEBHOOK_HEADERS.id]: id,
          [STANDARD_WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [STANDARD_WEBHOOK_HEADERS.signature]: signStandardWebhook(secret, id, timestamp, body)
        },
        body
      })
      await res.body.dump()
      if (res.statusCode >= 200 && res.statusCode < 300) {
        await store.annotate(recordId, { callback: { event: payload.event, status: 'sent', attempts: attempt, sentAt: new Date().toISOString() } })
        log.info({ statusCode: res.statusCode }, 'callback sent')
        return
      }
      problem = `the callback URL answered ${res.statusCode}`
    } catch (err) {
      problem = `the callback URL could not be reached: ${(err as Error).message}`
    }
    const spent = attempt >= (job.opts.attempts ?? this.opts.attempts)
    await store.annotate(recordId, { callback: { event: payload.event, status: spent ? 'failed' : 'pending', attempts: attempt, lastError: problem } })
    log.warn({ problem, spent }, spent ? 'callback failed; attempts spent' : 'callback failed; will retry')
    throw new Error(problem)
  }
}
