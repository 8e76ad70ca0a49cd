import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq'
import type { Logger } from 'pino'
import type { MessageStore, RecordedError } from '../messages/message-store.js'
import type { Registry } from '../registry.js'
import type { DeliveryError } from './adapter.js'
import { asDeliveryError, deliverMessage, type DeliveryDeps } from './deliver-message.js'
import { queueNameFor, retryDelayMs, type DeliveryJobData } from './delivery-queues.js'

export interface DeliveryWorkersOptions extends DeliveryDeps {
  store: MessageStore
  registry: Registry
  connection: ConnectionOptions
  prefix: string
  concurrency: number
  logger: Logger
}

/** Carries the delay the processor chose to the backoff strategy, so the record and BullMQ agree. */
class RetryLater extends Error {
  readonly delayMs: number
  constructor (cause: DeliveryError, delayMs: number) {
    super(cause.message, { cause })
    this.name = 'RetryLater'
    this.delayMs = delayMs
  }
}

export function recordedError (err: DeliveryError): RecordedError {
  const e: RecordedError = { code: err.code, message: err.message, at: new Date().toISOString(), transient: err.transient }
  if (err.upstreamStatus !== undefined) e.upstreamStatus = err.upstreamStatus
  return e
}

/**
 * One BullMQ worker per receiving system: takes queued messages, delivers them through the
 * adapter, records the outcome. Transient failures are retried by BullMQ alone (the adapters
 * never retry); permanent failures and spent retries end in the dead letters.
 */
export class DeliveryWorkers {
  private readonly opts: DeliveryWorkersOptions
  private readonly workers: Worker<DeliveryJobData>[] = []

  constructor (opts: DeliveryWorkersOptions) {
    this.opts = opts
  }

  start (): void {
    for (const receiver of this.opts.registry.receivers()) {
      const worker = new Worker<DeliveryJobData>(queueNameFor(receiver.id), async (job) => await this.process(job), {
        connection: this.opts.connection,
        prefix: this.opts.prefix,
        concurrency: this.opts.concurrency,
        settings: {
          backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) =>
            err instanceof RetryLater ? err.delayMs : retryDelayMs(attemptsMade, receiver.endpoint.delivery.backoffMs)
        }
      })
      worker.on('error', (err) => this.opts.logger.error({ err, queue: worker.name }, 'delivery worker error'))
      this.workers.push(worker)
    }
  }

  /** Waits for in-flight deliveries to finish, then stops. */
  async close (): Promise<void> {
    await Promise.allSettled(this.workers.map(async (w) => await w.close()))
    this.workers.length = 0
  }

  private async process (job: Job<DeliveryJobData>): Promise<void> {
    const { store, registry, logger } = this.opts
    const { messageId } = job.data
    const log = logger.child({ messageId, queue: job.queueName, jobId: job.id })
    const record = await store.get(messageId)
    if (record === undefined) {
      log.error('no record for queued message (expired?); dropping job')
      throw new UnrecoverableError('LT_RECORD_MISSING')
    }
    // Already delivered (a replay or a duplicate job after a crash): never deliver twice.
    if (record.status === 'delivered') return
    const policy = registry.get(record.to)?.endpoint?.delivery
    if (policy === undefined) throw new UnrecoverableError(`${record.to} has no endpoint`)
    const attempt = job.attemptsMade + 1
    const attempts = job.opts.attempts ?? policy.attempts
    const logCtx = { correlationId: record.correlationId, service: record.service, attempt }
    await store.transition(messageId, 'delivering', { fields: { attempts: attempt }, unset: ['nextAttemptAt'] })
    try {
      const reply = await deliverMessage(record, policy.timeoutMs, this.opts)
      await store.transition(messageId, 'delivered', { fields: { reply, deliveredAt: new Date().toISOString() }, unset: ['lastError'] })
      log.info(logCtx, 'message delivered')
    } catch (cause) {
      const err = asDeliveryError(cause)
      const lastError = recordedError(err)
      if (!err.transient || attempt >= attempts) {
        await store.transition(messageId, 'dead', { fields: { lastError }, error: err.code })
        log.warn({ ...logCtx, code: err.code, transient: err.transient }, 'message dead')
        throw new UnrecoverableError(`${err.code}: ${err.message}`)
      }
      const delayMs = retryDelayMs(attempt, policy.backoffMs, err.retryAfterMs)
      await store.transition(messageId, 'retrying', {
        fields: { lastError, nextAttemptAt: new Date(Date.now() + delayMs).toISOString() },
        error: err.code
      })
      log.info({ ...logCtx, code: err.code, delayMs }, 'delivery failed, will retry')
      throw new RetryLater(err, delayMs)
    }
  }
}
