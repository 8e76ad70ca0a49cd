import type { MessageSchemas } from '../message-schemas.js'
import type { Registry } from '../registry.js'
import { replyHeaderFor } from '../messages/reply-header.js'
import { receiverIdempotencyKey, type Envelope, type MessageRecord, type RecordedError } from '../messages/message-store.js'
import { asDeliveryError, DeliveryError, type DeliveryRequest } from '../../adapters/contract.js'
import type { AdapterPool } from './adapter-pool.js'
import { CircuitBreakers } from './circuit-breaker.js'

export interface DeliveryDeps {
  registry: Registry
  schemas: MessageSchemas
  adapters: AdapterPool
  breakers: CircuitBreakers
}

/** The standard request an adapter gets for a recorded message. */
function deliveryRequestFor (record: MessageRecord, deps: DeliveryDeps): DeliveryRequest {
  const { header, body } = record.envelope
  const request: DeliveryRequest = {
    messageId: header.messageId,
    // Derived from the sender and its messageId, never the bare messageId: one sender's messageId
    // never finds another sender's answer in a receiver's idempotency memory.
    idempotencyKey: receiverIdempotencyKey(header.from, header.messageId),
    service: header.service,
    version: header.version,
    from: header.from,
    to: header.to,
    body
  }
  if (header.correlationId !== undefined) request.correlationId = header.correlationId
  if (record.dossierCode !== undefined) request.dossierCode = record.dossierCode
  const sender = deps.registry.get(header.from)
  const fields = sender === undefined ? undefined : deps.registry.rightFor(sender, header.service)?.fields
  // A right without a field list sees the identifier alone: citizen data is opt-in.
  if (deps.schemas.policyOf(header.service, header.version).citizenFields) request.allowedFields = fields ?? ['citizenId']
  return request
}

/**
 * Delivers one recorded message through its receiver's adapter and returns the reply envelope.
 * Used by the sync path and by the queue workers alike. Rejects with a {@link DeliveryError}.
 */
export async function deliverMessage (record: MessageRecord, timeoutMs: number, deps: DeliveryDeps, opts: { admitted?: boolean } = {}): Promise<Envelope> {
  const request = deliveryRequestFor(record, deps)
  const replyBody = await callThroughBreaker(record.to, deps, opts.admitted === true, async () => await deps.adapters.for(record.to).deliver(request, { timeoutMs }))
  return replyEnvelope(record, request, replyBody, deps)
}

/**
 * Asks the receiver whether it got a message whose deliveries all failed without an answer
 * (its lookup by the idempotency key): `applied` comes with the reply envelope, as a delivery
 * would have. Undefined when the receiver's adapter has no such lookup. Rejects with a
 * {@link DeliveryError} when the receiver cannot say now.
 */
export async function confirmDelivery (record: MessageRecord, timeoutMs: number, deps: DeliveryDeps): Promise<{ outcome: 'applied', reply: Envelope } | { outcome: 'not-received' | 'refused' } | undefined> {
  const adapter = deps.adapters.for(record.to)
  if (adapter.confirm === undefined) return undefined
  const request = deliveryRequestFor(record, deps)
  const confirmation = await adapter.confirm(request, { timeoutMs })
  if (confirmation.outcome !== 'applied') return { outcome: confirmation.outcome }
  return { outcome: 'applied', reply: replyEnvelope(record, request, confirmation.reply, deps) }
}

/** The receiver's reply body, limited to what the sender may see and checked, in its envelope. */
function replyEnvelope (record: MessageRecord, request: DeliveryRequest, replyBody: Record<string, unknown>, deps: DeliveryDeps): Envelope {
  const { header } = record.envelope
  const sender = deps.registry.get(header.from)
  if (request.allowedFields !== undefined) limitCitizenFields(replyBody, request.allowedFields)
  if (deps.schemas.policyOf(header.service, header.version).matchOnly) limitMismatchDetail(replyBody, sender === undefined ? [] : deps.registry.verifyDetailFields(sender))

  const definition = deps.schemas.versionsOf(header.service)?.get(header.version)
  if (definition !== undefined && !definition.validateReply(replyBody)) {
    throw new DeliveryError('LT_UPSTREAM_INVALID_REPLY', `the ${header.service} reply does not match its schema`)
  }
  return { header: replyHeaderFor(record), body: replyBody }
}

/**
 * Calls the receiver unless its circuit breaker is open, and tells the breaker how it went.
 * `admitted`: the caller already asked the breaker (and may hold the half-open probe).
 * The breaker's own bookkeeping never decides a delivery: if Redis cannot be read, the call goes.
 */
async function callThroughBreaker<T> (receiver: string, deps: DeliveryDeps, admitted: boolean, call: () => Promise<T>): Promise<T> {
  const { breakers } = deps
  const admission = admitted ? { allowed: true as const } : await breakers.admit(receiver).catch(() => ({ allowed: true as const }))
  if (!admission.allowed) {
    throw new DeliveryError('LT_CIRCUIT_OPEN', `${receiver} failed repeatedly; the gateway calls it again after ${new Date(admission.retryAt).toISOString()}`, {
      transient: true,
      retryAfterMs: Math.max(0, admission.retryAt - Date.now())
    })
  }
  let result: T
  try {
    result = await call()
  } catch (cause) {
    const err = asDeliveryError(cause)
    await (CircuitBreakers.counts(err) ? breakers.recordFailure(receiver, err.code) : breakers.recordSuccess(receiver)).catch(() => {})
    throw err
  }
  // Not waited for: the answer does not depend on it, and the caller's own writes that follow go
  // out behind it on the same connection (in one pipeline with it, on the gateway's).
  void breakers.recordSuccess(receiver).catch(() => {})
  return result
}

/**
 * citizen.verify: the mismatched fields only for a sender with a right to field detail, and only
 * those it could look up; otherwise match / no-match alone, so the answer is no oracle for a
 * date of birth or for whether an ID number exists.
 */
function limitMismatchDetail (replyBody: Record<string, unknown>, visible: string[]): void {
  const fields = replyBody.mismatchedFields
  if (visible.length === 0 || !Array.isArray(fields)) {
    delete replyBody.mismatchedFields
    return
  }
  replyBody.mismatchedFields = fields.filter((f) => typeof f === 'string' && visible.includes(f))
}

/** Drops every citizen field the sender may not see, whatever the upstream answered. */
function limitCitizenFields (replyBody: Record<string, unknown>, allowed: string[]): void {
  const citizen = replyBody.citizen
  if (citizen === null || typeof citizen !== 'object') return
  for (const key of Object.keys(citizen)) {
    if (key !== 'citizenId' && !allowed.includes(key)) delete (citizen as Record<string, unknown>)[key]
  }
}

/** What a message's record keeps of a delivery error (its `lastError`). */
export function recordedError (err: DeliveryError): RecordedError {
  const e: RecordedError = { code: err.code, message: err.message, at: new Date().toISOString(), transient: err.transient }
  if (err.upstreamStatus !== undefined) e.upstreamStatus = err.upstreamStatus
  return e
}
