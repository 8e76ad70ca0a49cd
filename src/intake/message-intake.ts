import type { Catalogs } from '../catalogs/catalogs.js'
import { errors, retryAfter, type ErrorDetail, type GatewayError } from '../errors.js'
import { personalIdAgreementProblem, vietnamDateStamp, vietnamDay, type Sex } from '../identifiers/index.js'
import { onlyIdentifierErrors, toDetails, type MessageSchemas, type ServiceDefinition } from '../message-schemas.js'
import { levelOneCode, type Participant, type Registry } from '../registry.js'
import { allowedPredecessors, describeStatus, INITIAL_STATUSES } from '../dossier-lifecycle.js'
import type { AdapterPool } from '../delivery/adapter-pool.js'
import type { CircuitBreakers } from '../delivery/circuit-breaker.js'
import { asDeliveryError } from '../../adapters/contract.js'
import { deliverMessage, recordedError } from '../delivery/deliver-message.js'
import type { DeliveryQueues } from '../delivery/delivery-queues.js'
import type { DailyQuotas, QuotaUsage } from '../limits/daily-quotas.js'
import { verifiedCitizenId, type VerifyGuard } from '../limits/verify-guard.js'
import { deliveryProof, receiptMessage, type Receipts } from '../receipts/receipts.js'
import { settledExchange, type ExchangeLog } from '../monitoring/exchange-log.js'
import type { FlowRunner } from '../flows/flow-runner.js'
import { SUPPLEMENT_SERVICE } from '../flows/flow-definitions.js'
import { contentHash, type Envelope, type MessageRecord, type MessageStore, type StatusGuard, type StoredResponse } from '../messages/message-store.js'
import type { ReplicaWait } from '../redis-connection.js'

export interface IntakeDeps {
  registry: Registry
  schemas: MessageSchemas
  store: MessageStore
  queues: DeliveryQueues
  adapters: AdapterPool
  breakers: CircuitBreakers
  /** Upper bound on how long a sync sender waits before its message falls back to the queue. */
  syncTimeoutMs: number
  /** Daily quotas per sender and service (none: no quotas). */
  quotas?: DailyQuotas
  /** Signs the receipts of accepted and delivered messages (none: answers carry no receipt). */
  receipts?: Receipts
  /** Operational monitoring: one record per settled message (none: not recorded). */
  exchanges?: ExchangeLog
  /** citizen.verify: no-match answers per sender and ID number (none: unlimited). */
  verifyGuard?: VerifyGuard
  /** Dossiers: their agency and procedure are checked against the shared catalogs (none: not checked). */
  catalogs?: Catalogs
  /** The procedure groups: checked before one is accepted, and a supplement before it is (none: no flows). */
  flows?: FlowRunner
  /** REDIS_WAIT_REPLICAS: a queued message is answered only once replicas hold it (none: not waited for). */
  replicas?: ReplicaWait
}

export interface SubmitOptions {
  /** Told how much of its daily quota the sender has used, when the service has one. */
  onQuota?: (usage: QuotaUsage) => void
  /** The request body's hash (X-Lienthong-Request-Hash) and size, recorded with a new message. */
  requestHash?: string
  requestBytes?: number
}

/** The answer to a posted message, and the receipt (a compact JWS) that goes with a 200 or 202. */
export interface SubmitResult extends StoredResponse {
  receipt?: string
}

/**
 * How far ahead of the gateway's clock a sender's `sentAt` may be: clocks drift, but a message
 * cannot have been sent in the future (year 9999 is a forged or broken timestamp). Old `sentAt`s
 * are fine: a sender may re-post a message long after it was first sent.
 */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000

/** True when `sentAt` (RFC 3339, already checked by the envelope schema) is more than {@link MAX_CLOCK_AHEAD_MS} after `now`. */
export function sentInFuture (sentAt: string, now: number): boolean {
  // Date.parse reads RFC 3339 with any offset; a leap second (…:60) reads as NaN and passes.
  return Date.parse(sentAt) > now + MAX_CLOCK_AHEAD_MS
}

export function statusUrl (messageId: string): string {
  return `/v1/messages/${messageId}`
}

/**
 * Takes one posted message from an authenticated sender: validates it, checks the sender's
 * rights, records it (idempotent on messageId), then delivers it now (sync services) or
 * queues it (async services). Answers with the HTTP status and body to send back.
 */
export class MessageIntake {
  private readonly deps: IntakeDeps

  constructor (deps: IntakeDeps) {
    this.deps = deps
  }

  async submit (envelope: Envelope, sender: Participant, opts: SubmitOptions = {}): Promise<SubmitResult> {
    const { header } = envelope
    const definition = this.validate(envelope)
    this.authorize(envelope, sender)
    // A supplement: the procedure group it brings documents to.
    const suppliedFlow = await this.checkFlow(envelope, sender)
    // Counted once valid and authorized, before it is recorded: a refused message costs no quota.
    await this.consumeQuota(envelope, sender, opts)
    await this.admitVerification(envelope, sender)

    const guard = this.statusGuard(envelope, sender)
    const record: Omit<MessageRecord, 'createdAt' | 'updatedAt' | 'status' | 'attempts'> = {
      messageId: header.messageId,
      service: header.service,
      version: header.version,
      from: header.from,
      to: header.to,
      mode: definition.mode,
      contentHash: contentHash(envelope),
      envelope
    }
    if (header.correlationId !== undefined) record.correlationId = header.correlationId
    if (opts.requestHash !== undefined) record.requestHash = opts.requestHash
    if (opts.requestBytes !== undefined) record.requestBytes = opts.requestBytes
    // About when the store records it (within a millisecond): the sync path's monitoring record starts here.
    const acceptedAt = new Date().toISOString()
    const agency = envelope.body.receivingAgency
    const dossierCodeFor = definition.issuesDossierCode && typeof agency === 'string' ? { agency, day: vietnamDateStamp(new Date(acceptedAt)) } : undefined
    const created = await this.deps.store.create(record, guard, dossierCodeFor)
    if (created.outcome !== 'created') {
      await this.deps.quotas?.refund(sender, header.service)
      await this.releaseVerification(envelope)
    }
    if (created.outcome === 'exists') {
      if (created.contentHash !== record.contentHash) {
        throw errors.messageIdConflict('this messageId was already used for a message with different content', [{ pointer: '/header/messageId', problem: 'already used for different content' }])
      }
      return await this.replay(created.id, header.messageId)
    }
    if (created.outcome === 'not-entitled') throw dossierForbidden(sender, '/body/dossierCode')
    if (created.outcome === 'exhausted') {
      // The codes start again with the next Vietnam day.
      const now = Date.now()
      const seconds = (vietnamDay(now).endsAtMs - now) / 1000
      throw retryAfter(errors.dossierCodesExhausted(`${String(agency)} has been issued its 9,999 dossier codes of today (Vietnam time); send it again after midnight`, [{ pointer: '/body/receivingAgency', problem: 'no dossier code left today' }]), seconds)
    }
    if (created.outcome === 'forbidden') {
      const status = envelope.body.status as number
      const code = String(envelope.body.dossierCode)
      if (created.currentStatus === undefined) {
        throw errors.statusTransitionForbidden(
          `the gateway has no status of dossier ${code} yet; its first status must be one of ${INITIAL_STATUSES.map(describeStatus).join(', ')}`,
          [{ pointer: '/body/status', problem: 'not an initial status of the dossier lifecycle' }]
        )
      }
      throw errors.statusTransitionForbidden(
        `dossier ${code} is in status ${describeStatus(created.currentStatus)}; it cannot move to ${describeStatus(status)}`,
        [{ pointer: '/body/status', problem: `not allowed after status ${created.currentStatus}` }]
      )
    }
    if (created.dossierCode !== undefined) record.dossierCode = created.dossierCode
    // Accepted in time: its group is not refused for want of documents while it is on its way.
    if (suppliedFlow !== undefined) await this.deps.flows?.supplementAccepted(suppliedFlow.messageId, created.id)
    if (definition.mode === 'async') return this.withReceipt(record, await this.enqueue(header.to, created.id, header.messageId, created.dossierCode))
    return await this.deliverNow({ ...record, messageId: created.id, status: 'accepted', attempts: 0, createdAt: acceptedAt, updatedAt: acceptedAt })
  }

  /** Envelope → service → body → identifiers agreeing with each other. */
  private validate (envelope: Envelope): ServiceDefinition {
    const { header, body } = envelope
    if (sentInFuture(header.sentAt, Date.now())) {
      throw errors.schemaInvalid('header.sentAt is in the future', [{ pointer: '/header/sentAt', problem: `is more than ${MAX_CLOCK_AHEAD_MS / 60_000} minutes ahead of the gateway's clock` }])
    }
    const versions = this.deps.schemas.versionsOf(header.service)
    if (versions === undefined) {
      throw errors.unknownService(`no service ${header.service}; GET /v1/services lists the services you may use`, [{ pointer: '/header/service', problem: 'unknown service' }])
    }
    const definition = versions.get(header.version)
    if (definition === undefined) {
      throw errors.unknownVersion(`service ${header.service} has no version ${header.version}; versions: ${[...versions.keys()].join(', ')}`, [{ pointer: '/header/version', problem: 'unknown version' }])
    }
    if (!definition.validateRequest(body)) {
      const ajvErrors = definition.validateRequest.errors
      const details = toDetails(ajvErrors, '/body')
      throw onlyIdentifierErrors(ajvErrors)
        ? errors.identifierInvalid('an identifier in the message is not valid', details)
        : errors.schemaInvalid(`the body does not match the ${header.service} v${header.version} schema`, details)
    }
    const details = identifierAgreement(body, '/body')
    if (details.length > 0) throw errors.identifierInvalid('identifiers in the message contradict each other', details)
    return definition
  }

  private authorize (envelope: Envelope, sender: Participant): void {
    const { header, body } = envelope
    const { registry } = this.deps
    if (header.from !== sender.id) {
      throw errors.senderMismatch(`your API key belongs to ${sender.id}; header.from must name it`, [{ pointer: '/header/from', problem: 'is not the authenticated participant' }])
    }
    if (registry.rightFor(sender, header.service) === undefined) {
      throw errors.serviceForbidden(`${sender.id} has no right to use ${header.service}`, [{ pointer: '/header/service', problem: 'not among your access rights' }])
    }
    const receiver = registry.get(header.to)
    if (receiver?.endpoint === undefined || !receiver.endpoint.services.includes(header.service)) {
      throw errors.unknownReceiver(`${header.to} does not serve ${header.service}`, [{ pointer: '/header/to', problem: `no such receiver of ${header.service}` }])
    }
    if (!registry.mayUse(sender, header.service, header.to)) {
      throw errors.serviceForbidden(`${sender.id} may not send ${header.service} to ${header.to}`, [{ pointer: '/header/to', problem: 'not among your access rights' }])
    }
    if (header.callbackUrl !== undefined && !registry.callbackAllowed(sender, header.callbackUrl)) {
      const problem = sender.callbackSecret === undefined ? 'no callback secret is registered for you' : 'not under a callback URL registered for you'
      throw errors.callbackUrlForbidden(`the gateway posts callbacks only to URLs registered for ${sender.id}`, [{ pointer: '/header/callbackUrl', problem }])
    }
    // A one-stop system registers dossiers only for agencies of its own province.
    const agency = body.receivingAgency
    const own = receiver.endpoint.agencyCode
    if (typeof agency === 'string' && own !== undefined && levelOneCode(agency) !== levelOneCode(own)) {
      throw errors.unknownReceiver(`${header.to} serves agencies under ${own}, not ${agency}`, [{ pointer: '/body/receivingAgency', problem: `not an agency served by ${header.to}` }])
    }
    this.checkCatalogs(body)
    // The sender acts only for its own agencies (its right's `agencies`; default its province).
    if (typeof agency === 'string' && !registry.actsForAgency(sender, header.service, agency)) throw dossierForbidden(sender, '/body/receivingAgency')
    const handling = body.handlingAgency
    if (typeof handling === 'string' && !registry.actsForAgency(sender, header.service, handling)) throw dossierForbidden(sender, '/body/handlingAgency')
  }

  /**
   * A procedure group needs a system for each of its steps; a supplement, a group of the sender's
   * that waits for documents (another sender's dossier is answered as forbidden, whether it exists or not).
   */
  private async checkFlow (envelope: Envelope, sender: Participant): Promise<MessageRecord | undefined> {
    const { flows } = this.deps
    if (flows === undefined) return undefined
    const { service } = envelope.header
    const missing = flows.missingReceivers(service)
    if (missing.length > 0) {
      throw errors.unknownReceiver(`${service} cannot run here: no system in the registry serves ${missing.join(', ')}`, [{ pointer: '/header/service', problem: 'a step of this procedure group has no receiving system' }])
    }
    if (service !== SUPPLEMENT_SERVICE) return undefined
    // A re-post of a supplement already accepted gets its first answer (the store replays it).
    if (await this.deps.store.getForSender(sender.id, envelope.header.messageId) !== undefined) return undefined
    const code = String(envelope.body.dossierCode)
    const flow = await flows.flowOfDossier(code, sender.id)
    if (flow === undefined) throw dossierForbidden(sender, '/body/dossierCode')
    if ((await flows.waitingSteps(flow)).length === 0) {
      throw errors.supplementNotRequested(`dossier ${code} is not waiting for documents (its procedure group is ${flow.flowState ?? flow.status})`, [{ pointer: '/body/dossierCode', problem: 'not waiting for documents' }])
    }
    return flow
  }

  /** A dossier's receiving agency and procedure are in the shared catalogs, and the agency handles the procedure. */
  private checkCatalogs (body: Record<string, unknown>): void {
    const { catalogs } = this.deps
    if (catalogs === undefined) return
    const agency = body.receivingAgency
    const procedure = body.procedureCode
    if (typeof agency === 'string' && catalogs.agency(agency) === undefined) {
      throw errors.unknownAgency(`${agency} is not in the agencies catalog`, [{ pointer: '/body/receivingAgency', problem: 'no such agency (GET /v1/catalogs/agencies)' }])
    }
    if (typeof procedure === 'string' && catalogs.procedure(procedure) === undefined) {
      throw errors.unknownProcedure(`${procedure} is not in the procedures catalog`, [{ pointer: '/body/procedureCode', problem: 'no such procedure (GET /v1/catalogs/procedures)' }])
    }
    if (typeof agency === 'string' && typeof procedure === 'string' && !catalogs.agencyHandles(agency, procedure)) {
      throw errors.procedureNotHandled(`${agency} does not handle ${procedure} (${catalogs.procedure(procedure)?.name ?? ''})`, [{ pointer: '/body/procedureCode', problem: `not a procedure ${agency} handles` }])
    }
  }

  private async consumeQuota (envelope: Envelope, sender: Participant, opts: SubmitOptions): Promise<void> {
    const usage = await this.deps.quotas?.consume(sender, envelope.header.service)
    if (usage === undefined) return
    opts.onQuota?.(usage)
    if (usage.exceeded) {
      const hours = Math.ceil(usage.resetSeconds / 3600)
      throw retryAfter(errors.quotaExceeded(`${sender.id} has used its daily quota of ${usage.limit} ${usage.service} messages; it starts again at midnight Vietnam time (in about ${hours} hour${hours === 1 ? '' : 's'})`), usage.resetSeconds)
    }
  }

  /**
   * citizen.verify: a slot of the sender's no-match allowance for this ID number, taken before the
   * message is recorded (so a refusal records nothing) and given back by a match.
   */
  private async admitVerification (envelope: Envelope, sender: Participant): Promise<void> {
    const citizenId = verifiedCitizenId(envelope, this.deps.schemas.policyOf(envelope.header.service, envelope.header.version))
    const guard = this.deps.verifyGuard
    if (guard === undefined || citizenId === undefined) return
    const admission = await guard.reserve(sender.id, citizenId)
    if (admission.allowed) return
    await this.deps.quotas?.refund(sender, envelope.header.service)
    const hours = Math.ceil(admission.retryAfterSeconds / 3600)
    throw retryAfter(errors.verifyLocked(
      `${sender.id} has had ${guard.maxMismatches} verifications of this ID number that did not match; it may verify it again in about ${hours} hour${hours === 1 ? '' : 's'}`,
      [{ pointer: '/body/citizenId', problem: 'too many verifications of this number did not match' }]
    ), admission.retryAfterSeconds)
  }

  private async releaseVerification (envelope: Envelope): Promise<void> {
    const citizenId = verifiedCitizenId(envelope, this.deps.schemas.policyOf(envelope.header.service, envelope.header.version))
    if (citizenId !== undefined) await this.deps.verifyGuard?.release(envelope.header.from, citizenId)
  }

  /**
   * dossier.status: who may change the dossier, and from which statuses, checked by the store
   * atomically with recording the change. The holder the gateway registered decides; for a dossier
   * it has not registered, the agency in the dossier code.
   */
  private statusGuard (envelope: Envelope, sender: Participant): StatusGuard | undefined {
    const { service } = envelope.header
    const { dossierCode, status } = envelope.body
    if (!this.deps.schemas.policyOf(service, envelope.header.version).dossierLifecycle || typeof dossierCode !== 'string' || typeof status !== 'number') return undefined
    const { registry } = this.deps
    return {
      dossierCode,
      status,
      allowedFrom: allowedPredecessors(status),
      mayStart: INITIAL_STATUSES.includes(status),
      sender: sender.id,
      anyDossier: registry.rightFor(sender, service)?.agencies?.includes('*') === true,
      agencyEntitled: registry.actsForAgency(sender, service, dossierAgency(dossierCode))
    }
  }

  /** Queues the record `id`; answers with the sender's own `messageId`. */
  private async enqueue (receiverId: string, id: string, messageId: string, dossierCode: string | undefined): Promise<StoredResponse> {
    await this.deps.queues.enqueue(receiverId, id)
    // The record and the job on a replica before the 202: a failover now would otherwise lose what
    // the sender was told is accepted. Not confirmed: 503, the record stays `accepted` (the sweeper
    // still queues it) and the sender's re-post waits again.
    await this.confirmReplicated(receiverId, id, messageId)
    // Not applied: a worker already took the message further; report where it is now.
    const status = await this.deps.store.transition(id, 'queued', { from: ['accepted'] }) ? 'queued' : await this.deps.store.status(id) ?? 'queued'
    return accepted(messageId, status, dossierCode)
  }

  /** REDIS_WAIT_REPLICAS: throws 503 LT_NOT_REPLICATED unless replicas hold the record and its job. */
  private async confirmReplicated (receiverId: string, id: string, messageId: string): Promise<void> {
    if (this.deps.replicas !== undefined && !await this.deps.replicas.confirm([this.deps.store.recordKey(id), this.deps.queues.queueKey(receiverId)])) {
      throw retryAfter(errors.notReplicated(`${messageId} is recorded and queued, but no replica confirmed it within the time allowed; post the same message again`), 1)
    }
  }

  /**
   * The answer to a re-post of a message already recorded: the same answer, and nothing delivered
   * again. Its receipt is about the message as first recorded (its request hash).
   */
  private async replay (id: string, messageId: string): Promise<SubmitResult> {
    const record = await this.deps.store.get(id)
    if (record === undefined) throw errors.unavailable('the message record expired while being read; post it again')
    if (record.replyExpiredAt !== undefined) {
      throw errors.replyExpired(`the reply to ${messageId} carried citizen data and was kept until ${record.replyExpiredAt}; GET its state for the reply's hash, or send a new message to ask again`, [{ pointer: '/header/messageId', problem: 'its reply has expired' }])
    }
    if (record.response !== undefined) return this.withReceipt(record, record.response)
    // Recorded but never queued (the process stopped in between): queue it now; the jobId makes this safe.
    if (record.status === 'accepted') return this.withReceipt(record, await this.enqueue(record.to, id, messageId, record.dossierCode))
    // The re-post of a message answered 503 LT_NOT_REPLICATED that a worker took up meanwhile:
    // still no 202 until a replica holds it.
    if (record.mode === 'async') await this.confirmReplicated(record.to, id, messageId)
    return this.withReceipt(record, accepted(messageId, record.status, record.dossierCode))
  }

  /**
   * A 200 or 202 answer with its receipt: a delivered message's delivery receipt (signed once, at
   * delivery), else a receipt of the status the answer reports, signed now.
   */
  private withReceipt (record: Pick<MessageRecord, 'envelope' | 'requestHash' | 'deliveryReceipt'>, response: StoredResponse): SubmitResult {
    if (response.statusCode !== 200 && response.statusCode !== 202) return response
    if (record.deliveryReceipt !== undefined) return { ...response, receipt: record.deliveryReceipt }
    // No signing key: nothing to sign, so no claims to build (every accepted message comes here).
    if (this.deps.receipts?.enabled !== true) return response
    const status = (response.body as { status?: unknown }).status
    const receipt = this.deps.receipts.sign({ ...receiptMessage(record), status: typeof status === 'string' ? status : 'accepted', at: new Date().toISOString() })
    return receipt === undefined ? response : { ...response, receipt }
  }

  /** Records a settled message for operational monitoring; its failure never changes the answer. */
  private async monitor (record: MessageRecord, outcome: 'delivered' | 'dead', opts: Parameters<typeof settledExchange>[2]): Promise<void> {
    await this.deps.exchanges?.append(settledExchange(record, outcome, opts)).catch(() => {})
  }

  private async deliverNow (record: MessageRecord): Promise<SubmitResult> {
    const { store, registry } = this.deps
    const id = record.messageId
    const policy = registry.get(record.to)?.endpoint?.delivery
    const timeoutMs = Math.min(policy?.syncTimeoutMs ?? this.deps.syncTimeoutMs, this.deps.syncTimeoutMs)
    await store.transition(id, 'delivering', { from: ['accepted'], fields: { attempts: 1 } })
    const called = performance.now()
    try {
      const reply = await deliverMessage(record, timeoutMs, this.deps)
      const upstreamMs = performance.now() - called
      const response: StoredResponse = { statusCode: 200, body: reply }
      const proof = deliveryProof(this.deps.receipts, receiptMessage(record), reply)
      // The record, a match's release of its no-match slot and the monitoring record are written
      // together (one round trip): none depends on another.
      await Promise.all([
        store.transition(id, 'delivered', { fields: { reply, response, ...proof }, replyHasPersonalData: this.deps.schemas.versionsOf(record.service)?.get(record.version)?.personalData === true }),
        reply.body.result === 'match' ? this.releaseVerification(record.envelope) : undefined,
        this.monitor(record, 'delivered', { attempts: 1, upstreamMs, reply, settledAt: new Date(proof.deliveredAt) })
      ])
      return proof.deliveryReceipt === undefined ? response : { ...response, receipt: proof.deliveryReceipt }
    } catch (cause) {
      const err = asDeliveryError(cause)
      const lastError = recordedError(err)
      if (err.transient) {
        // The receiver is down or slow: the sender gets 202 and the queue delivers it later.
        await store.transition(id, 'accepted', { from: ['delivering'], fields: { lastError }, error: err.code })
        return this.withReceipt(record, await this.enqueue(record.to, id, record.envelope.header.messageId, record.dossierCode))
      }
      const refusal = err.code === 'LT_UPSTREAM_INVALID_REPLY'
        ? errors.upstreamInvalidReply(`${record.to} answered with a reply the gateway cannot read`)
        : errors.upstreamRejected(`${record.to} refused the message: ${err.message}`)
      refusal.messageId = record.envelope.header.messageId
      const response: StoredResponse = { statusCode: refusal.statusCode, body: refusal.toBody() }
      await store.transition(id, 'dead', { fields: { lastError, response }, error: err.code })
      // No answer about the citizen came back: nothing was learnt.
      await this.releaseVerification(record.envelope)
      await this.monitor(record, 'dead', { attempts: 1, errorCode: err.code, upstreamMs: performance.now() - called })
      return response
    }
  }
}

/** The agency in a dossier code `<agency>-<yymmdd>-<NNNN>` (Circular 01/2018/TT-VPCP). */
function dossierAgency (dossierCode: string): string {
  return dossierCode.slice(0, 13)
}

/**
 * The one answer to a change of a dossier that is not the sender's: it names neither the
 * dossier's holder nor its state, so it tells the same whether the dossier exists or not.
 */
function dossierForbidden (sender: Participant, pointer: string): GatewayError {
  return errors.dossierForbidden(`${sender.id} may not act on this dossier or agency`, [{ pointer, problem: 'not a dossier or agency of yours' }])
}

/**
 * Finds every object in the body that carries a personal ID beside a date of birth (and maybe
 * a gender) and checks that they agree: the ID encodes the birth year and sex.
 */
export function identifierAgreement (value: unknown, pointer: string): ErrorDetail[] {
  const details: ErrorDetail[] = []
  if (value === null || typeof value !== 'object') return details
  if (Array.isArray(value)) {
    value.forEach((item, i) => details.push(...identifierAgreement(item, `${pointer}/${i}`)))
    return details
  }
  const obj = value as Record<string, unknown>
  if (typeof obj.citizenId === 'string' && typeof obj.dateOfBirth === 'string') {
    const sex = obj.gender === 'male' || obj.gender === 'female' ? obj.gender as Sex : undefined
    const problem = personalIdAgreementProblem(obj.citizenId, obj.dateOfBirth, sex)
    if (problem !== null) details.push({ pointer: `${pointer}/citizenId`, problem })
  }
  for (const [key, child] of Object.entries(obj)) {
    if (child !== null && typeof child === 'object') details.push(...identifierAgreement(child, `${pointer}/${key}`))
  }
  return details
}

/** The 202 answer: where the message stands, its status link, and the dossier code the gateway issued it. */
function accepted (messageId: string, status: string, dossierCode: string | undefined): StoredResponse {
  return { statusCode: 202, body: { messageId, status, statusUrl: statusUrl(messageId), ...(dossierCode !== undefined ? { dossierCode } : {}) } }
}
