import { DelayedError, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq'
import type { Logger } from 'pino'
import type { CallbackEvent, CallbackQueue } from '../callbacks/callback-queue.js'
import type { Envelope, MessageRecord, MessageStore, RecordedError } from '../messages/message-store.js'
import type { Registry } from '../registry.js'
import { deliveryProof, receiptMessage, type Receipts } from '../receipts/receipts.js'
import { settledExchange, type ExchangeLog, type ExchangeRecord } from '../monitoring/exchange-log.js'
import { verifiedCitizenId, type VerifyGuard } from '../limits/verify-guard.js'
import { asDeliveryError, type DeliveryError } from '../../adapters/contract.js'
import { confirmDelivery, deliverMessage, recordedError, type DeliveryDeps } from './deliver-message.js'
import { finishedJobRetention, jobMessageId, queueNameFor, type DeliveryJobData, type DeliveryQueues } from './delivery-queues.js'
import { retryDelayMs } from '../backoff.js'
import { queuePrefix } from '../config.js'
import type { FlowRunner, FlowSettler } from '../flows/flow-runner.js'

export interface DeliveryWorkersOptions extends DeliveryDeps {
  store: MessageStore
  registry: Registry
  connection: ConnectionOptions
  /** The gateway's key prefix (config.keyPrefix); each queue's own is `queuePrefix`. */
  keyPrefix: string
  concurrency: number
  /** A worker's lock on a job; once it lapses (the worker died) another worker takes the job up. */
  lockMs: number
  /** How often stalled jobs (their lock lapsed) are looked for. */
  stalledIntervalMs: number
  /** How long messages are kept (MESSAGE_RETENTION_DAYS): failed jobs, the dead letters, as long. */
  retentionDays: number
  callbacks: CallbackQueue
  /** The delivery queues, to wake a job waiting for the message just ended. */
  queues: DeliveryQueues
  /** Signs delivery receipts (none: delivered messages carry no receipt). */
  receipts?: Receipts
  /** Operational monitoring: one record per settled message (none: not recorded). */
  exchanges?: ExchangeLog
  /** citizen.verify: gives back the sender's no-match slot when a queued verification matched or died. */
  verifyGuard?: VerifyGuard
  /** Runs the procedure groups: their messages, their steps' outcomes and supplements (none: no flows). */
  flows?: FlowRunner
  logger: Logger
}

/** How long a message waiting for its dossier's previous change sleeps unless that one wakes it. */
const ORDER_WAIT_MS = 5000

/** Times a job may be taken up again after its worker died before BullMQ gives up on it. */
const MAX_STALLED = 10

/** Carries the delay the processor chose to the backoff strategy, so the record and BullMQ agree. */
class RetryLater extends Error {
  readonly delayMs: number
  constructor (cause: DeliveryError, delayMs: number) {
    super(cause.message, { cause })
    this.name = 'RetryLater'
    this.delayMs = delayMs
  }
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
      const name = queueNameFor(receiver.id)
      const worker = new Worker<DeliveryJobData>(name, async (job, token) => await this.process(job, token), {
        connection: this.opts.connection,
        prefix: queuePrefix({ keyPrefix: this.opts.keyPrefix }, name),
        concurrency: this.opts.concurrency,
        lockDuration: this.opts.lockMs,
        stalledInterval: this.opts.stalledIntervalMs,
        maxStalledCount: MAX_STALLED,
        ...finishedJobRetention(this.opts.retentionDays),
        settings: {
          backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) =>
            err instanceof RetryLater ? err.delayMs : retryDelayMs(attemptsMade, receiver.endpoint.delivery.backoffMs)
        }
      })
      worker.on('error', (err) => this.opts.logger.error({ err, queue: worker.name }, 'delivery worker error'))
      worker.on('failed', (job, err) => { if (job !== undefined) void this.settleAbandoned(job, err) })
      this.workers.push(worker)
    }
  }

  /** Waits for in-flight deliveries to finish, then stops. */
  async close (): Promise<void> {
    await Promise.allSettled(this.workers.map(async (w) => await w.close()))
    this.workers.length = 0
  }

  private async process (job: Job<DeliveryJobData>, token?: string): Promise<void> {
    const { store, registry, logger } = this.opts
    const messageId = jobMessageId(job)
    const record = await store.get(messageId)
    const log = logger.child({ messageId, correlationId: record?.correlationId, queue: job.queueName })
    if (record === undefined) {
      log.error('no record for queued message (expired?); dropping job')
      throw new UnrecoverableError('LT_RECORD_MISSING')
    }
    // Already settled: a duplicate job, or this job taken up again after its worker died between
    // recording the outcome and finishing the job. Never deliver twice; make sure the callback is queued.
    if (record.status === 'delivered') {
      await this.registerDossier(record, record.reply)
      await this.queueCallback(record, 'message.delivered')
      await this.wakeNext(record)
      await this.flowStepSettled(record, log)
      return
    }
    if (record.status === 'unconfirmed') throw new UnrecoverableError('LT_OUTCOME_UNCONFIRMED: the reconciler is asking the receiver whether it applied the message')
    if (record.status === 'dead') {
      await this.queueCallback(record, 'message.dead')
      await this.wakeNext(record)
      await this.flowStepSettled(record, log)
      throw new UnrecoverableError(`${record.lastError?.code ?? 'LT_DEAD'}: already in the dead letters`)
    }
    const { flows } = this.opts
    if (flows?.handles(record.service) === true) {
      // A procedure group or a supplement: the gateway runs it itself, no adapter is called.
      await flows.process(record, this.flowSettler(log))
      return
    }
    const policy = registry.get(record.to)?.endpoint?.delivery
    if (policy === undefined) throw new UnrecoverableError(`${record.to} has no endpoint`)
    const attempt = job.attemptsMade + 1
    const attempts = job.opts.attempts ?? policy.attempts
    const logCtx = { service: record.service, to: record.to, attempt }
    if (record.previousMessageId !== undefined && token !== undefined && await this.waitsForPrevious(record.previousMessageId)) {
      // The dossier's previous change is still on its way: the receiver must get them in order.
      // Sleep without spending an attempt; the previous one wakes this job when it ends.
      await job.moveToDelayed(Date.now() + ORDER_WAIT_MS, token)
      // It may have ended in between, too late to find this job asleep.
      if (!await this.waitsForPrevious(record.previousMessageId)) await job.promote().catch(() => {})
      throw new DelayedError()
    }
    const admission = await this.opts.breakers.admit(record.to).catch(() => ({ allowed: true as const }))
    if (!admission.allowed) {
      if (token === undefined) throw new Error('BullMQ gave the processor no lock token')
      // The receiver's breaker is open: wait for its probe without spending an attempt. Spread the
      // wake-ups, and record the wait once: an outage must not grow every message's history.
      const at = admission.retryAt + Math.round(Math.random() * 2000)
      const nextAttemptAt = new Date(at).toISOString()
      if (record.status === 'retrying' && record.lastError?.code === 'LT_CIRCUIT_OPEN') {
        await store.annotate(messageId, { nextAttemptAt })
      } else {
        await store.transition(messageId, 'retrying', {
          fields: { nextAttemptAt, lastError: { code: 'LT_CIRCUIT_OPEN', message: `${record.to} is failing; waiting for it to recover`, at: new Date().toISOString(), transient: true } },
          error: 'LT_CIRCUIT_OPEN'
        })
      }
      await job.moveToDelayed(at, token)
      log.info({ ...logCtx, retryAt: nextAttemptAt }, 'circuit open; delivery postponed')
      throw new DelayedError()
    }
    if (!await store.transition(messageId, 'delivering', { from: ['accepted', 'queued', 'retrying', 'delivering'], fields: { attempts: attempt }, unset: ['nextAttemptAt'] })) {
      // Settled meanwhile (an admin, the sweeper, another worker): nothing to deliver.
      log.info({ ...logCtx, status: await store.status(messageId) }, 'message settled before its attempt; not delivered')
      return
    }
    let reply: MessageRecord['reply']
    const called = performance.now()
    try {
      reply = await deliverMessage(record, policy.timeoutMs, this.opts, { admitted: true })
    } catch (cause) {
      const err = asDeliveryError(cause)
      const lastError = recordedError(err)
      // Retries spent without an answer: the receiver may have applied the message and lost its
      // answer. Ask it (its lookup by the idempotency key) before telling the sender "dead".
      const confirmed = err.transient && attempt >= attempts ? await this.confirm(record, policy.timeoutMs, log) : undefined
      if (confirmed === 'unknown') {
        // It cannot say now: neither delivered nor dead until it can (the reconciler keeps asking).
        if (await store.transition(messageId, 'unconfirmed', { from: ['delivering'], fields: { lastError }, error: err.code })) {
          log.warn({ ...logCtx, code: err.code }, 'retries spent and the receiver cannot say whether it applied the message; unconfirmed')
        }
        throw new UnrecoverableError(`${err.code}: ${err.message} (outcome unconfirmed)`)
      }
      if (typeof confirmed === 'object') {
        reply = confirmed.reply
      } else if (!err.transient || attempt >= attempts) {
        await this.settleDead(record, lastError, attempt, ['delivering'], err.code === 'LT_CIRCUIT_OPEN' ? undefined : performance.now() - called, log)
        throw new UnrecoverableError(`${err.code}: ${err.message}`)
      } else {
        const delayMs = retryDelayMs(attempt, policy.backoffMs, err.retryAfterMs)
        await store.transition(messageId, 'retrying', {
          from: ['delivering'],
          fields: { lastError, nextAttemptAt: new Date(Date.now() + delayMs).toISOString() },
          error: err.code
        })
        log.info({ ...logCtx, code: err.code, delayMs }, 'delivery failed, will retry')
        throw new RetryLater(err, delayMs)
      }
    }
    if (await this.settleDelivered(record, reply, attempt, performance.now() - called, log)) {
      log.info(logCtx, 'message delivered')
    } else {
      // The receiver has it, but the record moved to an outcome meanwhile (an admin, the sweeper).
      log.warn({ ...logCtx, status: await store.status(messageId) }, 'delivered, but the message was settled meanwhile; its record keeps that outcome')
    }
  }

  /**
   * Delivered. What follows the transition is bookkeeping: if it fails, the job runs again, finds
   * the message delivered and finishes the bookkeeping without delivering it again.
   */
  private async settleDelivered (record: MessageRecord, reply: MessageRecord['reply'], attempt: number, upstreamMs: number | undefined, log: Logger, from?: MessageRecord['status'][]): Promise<boolean> {
    const proof = deliveryProof(this.opts.receipts, receiptMessage(record), reply)
    // The dossier's holder first: whoever sees the message delivered may act on the dossier at once.
    await this.registerDossier(record, reply)
    const moved = await this.opts.store.transition(record.messageId, 'delivered', {
      ...(from === undefined ? {} : { from }),
      fields: { reply, ...proof },
      unset: ['lastError'],
      // A procedure group's step: its reply feeds the steps after it, kept until the group ends.
      replyHasPersonalData: this.opts.schemas.versionsOf(record.service)?.get(record.version)?.personalData === true && record.flowId === undefined
    })
    if (!moved) return false
    if (reply?.body.result === 'match') await this.releaseVerification(record)
    await this.monitor(record, 'delivered', { attempts: attempt, ...(upstreamMs === undefined ? {} : { upstreamMs }), reply, settledAt: new Date(proof.deliveredAt) })
    await this.queueCallback({ ...record, status: 'delivered', attempts: attempt, reply, ...proof }, 'message.delivered')
    await this.wakeNext(record)
    await this.flowStepSettled(record, log)
    return true
  }

  /** Dead, only from `from`: never over an outcome another process recorded meanwhile. */
  private async settleDead (record: MessageRecord, lastError: RecordedError, attempt: number, from: MessageRecord['status'][], upstreamMs: number | undefined, log: Logger): Promise<boolean> {
    if (!await this.opts.store.transition(record.messageId, 'dead', { from, fields: { lastError }, error: lastError.code })) return false
    log.warn({ service: record.service, to: record.to, attempt, code: lastError.code, transient: lastError.transient }, 'message dead')
    await this.releaseVerification(record)
    await this.monitor(record, 'dead', { attempts: attempt, errorCode: lastError.code, ...(upstreamMs === undefined ? {} : { upstreamMs }) })
    await this.queueCallback({ ...record, status: 'dead', attempts: attempt, lastError }, 'message.dead')
    await this.wakeNext(record)
    await this.flowStepSettled(record, log)
    return true
  }

  /** How a flow's message (or a supplement) ends: as every message ends here. */
  private flowSettler (log: Logger): FlowSettler {
    return {
      delivered: async (record, reply, from) => await this.settleDelivered(record, reply, Math.max(record.attempts, 1), undefined, log, from),
      dead: async (record, lastError, from) => await this.settleDead(record, lastError, Math.max(record.attempts, 1), from, undefined, log),
      // Settled by a process that died before its callback was queued: queue it (once: its job id).
      settled: async (record) => { if (record.status === 'delivered' || record.status === 'dead') await this.queueCallback(record, record.status === 'delivered' ? 'message.delivered' : 'message.dead') }
    }
  }

  /** A step of a procedure group settled: its flow moves on (a failure here retries the job, which finds the step settled). */
  private async flowStepSettled (record: MessageRecord, log: Logger): Promise<void> {
    if (record.flowId === undefined || this.opts.flows === undefined) return
    await this.opts.flows.stepSettled(record, this.flowSettler(log))
  }

  /**
   * Refuses the procedure groups that waited for documents past their time, and flags the steps
   * past their legal deadline: the flow supervisor's round, at `now`.
   */
  async superviseFlows (now: number): Promise<{ refused: number, flagged: number, resumed: number }> {
    const { flows, logger } = this.opts
    if (flows === undefined) return { refused: 0, flagged: 0, resumed: 0 }
    let refused = 0
    for (const id of await flows.dueSupplements(now)) {
      if (await flows.expireSupplement(id, now, this.flowSettler(logger.child({ messageId: id })))) refused++
    }
    const resumed = await flows.resumeQuiet(now, this.flowSettler(logger))
    return { refused, flagged: await flows.flagOverdue(now), resumed }
  }

  /**
   * Asks the receiver again about an `unconfirmed` message: applied → delivered with the reply it
   * recovers; not applied → dead (the sender may send it again); still unknown → left as it is,
   * or dead with LT_OUTCOME_UNKNOWN once `giveUpAt` (ms) has passed. Resolves with what it found.
   */
  async reconcile (messageId: string, giveUpAt: number): Promise<'delivered' | 'dead' | 'unknown' | 'settled'> {
    const { store, registry, logger } = this.opts
    const record = await store.get(messageId)
    if (record?.status !== 'unconfirmed') return 'settled'
    const log = logger.child({ messageId, correlationId: record.correlationId })
    const timeoutMs = registry.get(record.to)?.endpoint?.delivery.timeoutMs ?? 10_000
    const confirmed = await this.confirm(record, timeoutMs, log)
    if (typeof confirmed === 'object') {
      return await this.settleDelivered(record, confirmed.reply, record.attempts, undefined, log, ['unconfirmed']) ? 'delivered' : 'settled'
    }
    if (confirmed === 'unknown' && Date.now() < giveUpAt) return 'unknown'
    const lastError: RecordedError = confirmed === 'unknown'
      ? { code: 'LT_OUTCOME_UNKNOWN', message: `${record.to} could not say whether it applied the message before the gateway gave up asking; check with it before sending again`, at: new Date().toISOString(), transient: true }
      : { ...(record.lastError ?? { code: 'LT_NOT_APPLIED', transient: true }), message: `${record.lastError?.message ?? 'delivery failed'}; ${record.to} confirms it did not apply the message`, at: new Date().toISOString() }
    return await this.settleDead(record, lastError, record.attempts, ['unconfirmed'], undefined, log) ? 'dead' : 'settled'
  }

  /**
   * A delivered dossier.submit names the dossier code its one-stop system registered: from now
   * on that system (the receiver) holds the dossier, and only it may change its status.
   */
  private async registerDossier (record: MessageRecord, reply: MessageRecord['reply']): Promise<void> {
    const code = reply?.body.dossierCode
    if (!this.opts.schemas.policyOf(record.service, record.version).dossierHolder || typeof code !== 'string') return
    // Only a code of the agency the dossier was submitted to: a receiver must not claim another
    // province's dossier by answering with its code.
    if (code.slice(0, 13) !== record.envelope.body.receivingAgency) {
      this.opts.logger.warn({ messageId: record.messageId, queue: record.to }, 'dossier code of another agency in a dossier.submit reply; no holder recorded')
      return
    }
    await this.opts.store.recordDossierHolder(code, record.to)
  }

  private async waitsForPrevious (previousMessageId: string): Promise<boolean> {
    const previous = await this.opts.store.status(previousMessageId)
    return previous !== undefined && previous !== 'delivered' && previous !== 'dead'
  }

  /** Records a settled message for operational monitoring; a failure to record is logged, never the delivery's. */
  private async monitor (record: MessageRecord, outcome: ExchangeRecord['outcome'], opts: Parameters<typeof settledExchange>[2]): Promise<void> {
    await this.opts.exchanges?.append(settledExchange(record, outcome, opts)).catch((err: unknown) => {
      this.opts.logger.error({ err, messageId: record.messageId }, 'could not write the monitoring record')
    })
  }

  /**
   * Whether the receiver applied the message (its lookup by the idempotency key): its reply, or
   * `not-applied` (it never had it, or refused it; also: the receiver offers no lookup and the
   * service has no effect to apply), or `unknown` (it could not answer).
   */
  private async confirm (record: MessageRecord, timeoutMs: number, log: Logger): Promise<{ reply: Envelope } | 'not-applied' | 'unknown'> {
    try {
      const confirmed = await confirmDelivery(record, timeoutMs, this.opts)
      if (confirmed === undefined) return 'not-applied'
      log.info({ outcome: confirmed.outcome }, 'asked the receiver whether it had the message')
      return confirmed.outcome === 'applied' ? { reply: confirmed.reply } : 'not-applied'
    } catch (err) {
      log.warn({ code: asDeliveryError(err).code }, 'the receiver could not say whether it had the message')
      return 'unknown'
    }
  }

  /** citizen.verify: a match, or no answer at all, teaches the sender nothing: its slot goes back. */
  private async releaseVerification (record: MessageRecord): Promise<void> {
    const citizenId = verifiedCitizenId(record.envelope, this.opts.schemas.policyOf(record.service, record.version))
    if (citizenId === undefined) return
    await this.opts.verifyGuard?.release(record.from, citizenId).catch((err: unknown) => {
      this.opts.logger.error({ err, messageId: record.messageId }, 'could not release a verification slot')
    })
  }

  /** Wakes the dossier's next change, asleep until this message ended. */
  private async wakeNext (record: MessageRecord): Promise<void> {
    if (!this.opts.schemas.policyOf(record.service, record.version).dossierLifecycle) return
    const next = await this.opts.store.nextMessageId(record.messageId)
    if (next === undefined) return
    const job = await this.opts.queues.for(record.to).getJob(next)
    // Not asleep (already running, or not yet looked at): nothing to wake.
    if (job !== undefined && await job.isDelayed()) await job.promote().catch(() => {})
  }

  private async queueCallback (record: MessageRecord, event: CallbackEvent): Promise<void> {
    if (record.envelope.header.callbackUrl === undefined) return
    // Shown on the message's state until the callback worker reports (so marked before queueing).
    if (record.callback?.event !== event) await this.opts.store.annotate(record.messageId, { callback: { event, status: 'pending', attempts: 0 } })
    await this.opts.callbacks.enqueue(record, event)
  }

  /**
   * A job BullMQ failed without the processor settling its message: it stalled (its worker died)
   * more often than allowed. The message must not sit unfinished: it goes to the dead letters,
   * from where an admin can replay it.
   */
  private async settleAbandoned (job: Job<DeliveryJobData>, err: Error): Promise<void> {
    try {
      if (await job.getState() !== 'failed') return
      const { store } = this.opts
      const record = await store.get(jobMessageId(job))
      if (record === undefined || record.status === 'delivered' || record.status === 'dead' || record.status === 'unconfirmed') return
      const lastError: RecordedError = { code: 'LT_DELIVERY_ABANDONED', message: `the delivery job failed outside a delivery attempt: ${err.message}`, at: new Date().toISOString(), transient: true }
      if (await store.transition(record.messageId, 'dead', { from: [record.status], fields: { lastError }, error: lastError.code })) {
        this.opts.logger.warn({ messageId: record.messageId, correlationId: record.correlationId, reason: err.message }, 'abandoned delivery job; message dead')
        await this.monitor(record, 'dead', { attempts: record.attempts, errorCode: lastError.code })
        await this.queueCallback({ ...record, status: 'dead', lastError }, 'message.dead')
      }
    } catch (e) {
      this.opts.logger.error({ err: e, messageId: job.id }, 'could not settle an abandoned delivery job')
    }
  }
}
