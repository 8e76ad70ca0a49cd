/**
 * The contract between the gateway and the adapters in `adapters/<system>/`.
 * An adapter turns one standard message into calls on its system's native HTTP API
 * and turns the native answer back into the service's standard reply body.
 */
export interface DeliveryRequest {
  /** The sender's messageId (logs and correlation; never sent upstream as a key). */
  messageId: string
  /**
   * The message's idempotency key at the receiver, derived from the sender and its messageId
   * (`receiverIdempotencyKey`): adapters pass it to the upstream as its idempotency key, so two
   * senders' equal messageIds never meet in a receiver's idempotency memory.
   */
  idempotencyKey: string
  service: string
  version: string
  /** Sender and receiver participant identifiers (`VN:GOV:<agency code>:<system>`). */
  from: string
  to: string
  correlationId?: string
  /** The validated standard body (schemas/services/<service>.v<version>.json). */
  body: Record<string, unknown>
  /** citizen.lookup only: the record fields the sender is allowed to see. */
  allowedFields?: string[]
  /** dossier.submit: the dossier code the gateway issued; the receiving system registers the dossier under it. */
  dossierCode?: string
}

export interface DeliveryOptions {
  /** Total time allowed for this delivery attempt; the adapter fails with LT_UPSTREAM_TIMEOUT past it. */
  timeoutMs: number
}

/**
 * What a receiver says of a message it may have received (looked up by its idempotency key):
 * `applied` with the standard reply body it answered; `not-received` (it has no record of it, so
 * delivering it again is safe); `refused` (it received it and refused it).
 */
export type Confirmation =
  | { outcome: 'applied', reply: Record<string, unknown> }
  | { outcome: 'not-received' }
  | { outcome: 'refused', upstreamCode?: string }

export interface Adapter {
  /** Which kind of system this adapter speaks to, e.g. `population`. */
  readonly kind: string
  /** Delivers one message and resolves with the standard reply body, or rejects with a {@link DeliveryError}. */
  deliver (request: DeliveryRequest, options: DeliveryOptions): Promise<Record<string, unknown>>
  /**
   * Asks the receiver whether it received `request` (by its idempotency key, through the system's
   * own lookup of a request by its id). Rejects with a {@link DeliveryError} when the receiver
   * cannot say now (down, slow). Systems without such a lookup leave it out.
   */
  confirm? (request: DeliveryRequest, options: DeliveryOptions): Promise<Confirmation>
  /** Closes the adapter's connection pool. */
  close (): Promise<void>
}

export type DeliveryErrorCode =
  | 'LT_UPSTREAM_TIMEOUT' // no answer within the attempt's time
  | 'LT_UPSTREAM_UNAVAILABLE' // connection refused/reset, 5xx, or the system says it is busy
  | 'LT_UPSTREAM_RATE_LIMITED' // 429
  | 'LT_UPSTREAM_REJECTED' // the system refused the message (4xx other than 408/429, or a native business error)
  | 'LT_UPSTREAM_INVALID_REPLY' // the answer could not be understood
  | 'LT_CIRCUIT_OPEN' // not called: the receiver's circuit breaker is open after repeated failures

/**
 * A failed delivery. `transient` decides the retry: transient failures are retried with
 * backoff by the queue; permanent ones go straight to the dead letters.
 */
export class DeliveryError extends Error {
  readonly code: DeliveryErrorCode
  readonly transient: boolean
  /** HTTP status the upstream answered with, when it answered. */
  readonly upstreamStatus?: number
  /** The upstream's own error code (e.g. a native `maKetQua`), when it gave one. */
  readonly upstreamCode?: string
  /** From a 429's Retry-After, in milliseconds. */
  readonly retryAfterMs?: number

  constructor (code: DeliveryErrorCode, message: string, opts: { transient?: boolean, upstreamStatus?: number, upstreamCode?: string, retryAfterMs?: number, cause?: unknown } = {}) {
    super(message, { cause: opts.cause })
    this.name = 'DeliveryError'
    this.code = code
    this.transient = opts.transient ?? (code !== 'LT_UPSTREAM_REJECTED' && code !== 'LT_UPSTREAM_INVALID_REPLY')
    if (opts.upstreamStatus !== undefined) this.upstreamStatus = opts.upstreamStatus
    if (opts.upstreamCode !== undefined) this.upstreamCode = opts.upstreamCode
    if (opts.retryAfterMs !== undefined) this.retryAfterMs = opts.retryAfterMs
  }
}

/** Any error as a DeliveryError: unknown errors count as transient, so nothing is dropped on a bug's say-so. */
export function asDeliveryError (err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err
  return new DeliveryError('LT_UPSTREAM_UNAVAILABLE', (err as Error)?.message ?? String(err), { transient: true, cause: err })
}
