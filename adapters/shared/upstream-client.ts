import { Pool, errors as undiciErrors } from 'undici'
import { DeliveryError } from '../contract.js'

/** Connection pool settings for one upstream system. */
export interface UpstreamClientOptions {
  /** Short name used in error messages, e.g. `population`. */
  system: string
  baseUrl: string
  /** Sockets kept to the upstream (default 10). */
  connections?: number
  /** Time to open a TCP connection (default 5 s): an upstream that cannot be reached fails fast. */
  connectTimeoutMs?: number
  /** Time to the response headers (default 30 s); each call is usually bounded sooner by its own budget. */
  headersTimeoutMs?: number
  /** Longest silence while reading a body (default 30 s). */
  bodyTimeoutMs?: number
  /** Pulls the native error code out of a refusal body, for {@link DeliveryError.upstreamCode}. */
  nativeCodeOf?: (body: unknown) => string | undefined
}

export interface UpstreamCallOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  body?: unknown
  headers?: Record<string, string>
  /** Sent as `Idempotency-Key`, so a retried delivery is applied once. */
  idempotencyKey?: string
  /** The delivery attempt's deadline; aborting it ends the call with LT_UPSTREAM_TIMEOUT. */
  signal: AbortSignal
  /** Non-2xx statuses the caller interprets itself (e.g. a native "not found" 404). */
  passStatuses?: number[]
}

export interface UpstreamReply {
  status: number
  headers: IncomingHttpHeaders
  /** The parsed JSON body (null for an empty body). */
  body: unknown
}

/** Response headers as undici gives them. */
export type IncomingHttpHeaders = Record<string, string | string[] | undefined>

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])

/**
 * One undici Pool per upstream plus the mapping of HTTP outcomes to {@link DeliveryError}:
 * connection errors, 5xx and timeouts are transient; 429 is rate limiting (with Retry-After);
 * 408 is a timeout; any other 4xx is a permanent refusal; a body that is not JSON is an invalid reply.
 * It never retries: retries belong to the queue alone.
 */
export class UpstreamClient {
  readonly system: string
  readonly #pool: Pool
  readonly #prefix: string
  readonly #nativeCodeOf: (body: unknown) => string | undefined

  constructor (options: UpstreamClientOptions) {
    const url = new URL(options.baseUrl)
    this.system = options.system
    this.#prefix = url.pathname.replace(/\/+$/, '')
    this.#nativeCodeOf = options.nativeCodeOf ?? (() => undefined)
    this.#pool = new Pool(url.origin, {
      connections: options.connections ?? 10,
      connectTimeout: options.connectTimeoutMs ?? 5_000,
      headersTimeout: options.headersTimeoutMs ?? 30_000,
      bodyTimeout: options.bodyTimeoutMs ?? 30_000
    })
  }

  async call (options: UpstreamCallOptions): Promise<UpstreamReply> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey
    let payload: string | undefined
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body)
      headers['content-type'] = 'application/json; charset=utf-8'
    }

    let status: number
    let responseHeaders: IncomingHttpHeaders
    let text: string
    try {
      const response = await this.#pool.request({
        method: options.method,
        path: this.#prefix + options.path,
        headers,
        body: payload,
        signal: options.signal
      })
      status = response.statusCode
      responseHeaders = response.headers
      // Always read the body to the end, so the socket goes back to the pool.
      text = await response.body.text()
    } catch (err) {
      throw this.#transportError(err, options.signal)
    }

    const parsed = parseJson(text)
    if ((status >= 200 && status < 300) || options.passStatuses?.includes(status) === true) {
      if (parsed === INVALID) {
        throw new DeliveryError('LT_UPSTREAM_INVALID_REPLY', `${this.system} answered ${status} with a body that is not JSON`, { upstreamStatus: status })
      }
      return { status, headers: responseHeaders, body: parsed }
    }
    throw this.#statusError(status, responseHeaders, parsed === INVALID ? undefined : parsed)
  }

  async close (): Promise<void> {
    await this.#pool.close()
  }

  #transportError (err: unknown, signal: AbortSignal): DeliveryError {
    if (signal.aborted) {
      return new DeliveryError('LT_UPSTREAM_TIMEOUT', `${this.system} did not answer within the delivery's time budget`, { cause: err })
    }
    const code = (err as { code?: unknown }).code
    if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
      return new DeliveryError('LT_UPSTREAM_TIMEOUT', `${this.system} timed out (${code})`, { cause: err })
    }
    if (err instanceof undiciErrors.InvalidArgumentError) {
      // Our own request was malformed: retrying the same request cannot help.
      return new DeliveryError('LT_UPSTREAM_REJECTED', `request to ${this.system} could not be built`, { transient: false, cause: err })
    }
    return new DeliveryError('LT_UPSTREAM_UNAVAILABLE', `${this.system} could not be reached${typeof code === 'string' ? ` (${code})` : ''}`, { cause: err })
  }

  #statusError (status: number, headers: IncomingHttpHeaders, body: unknown): DeliveryError {
    const upstreamCode = body === undefined ? undefined : this.#nativeCodeOf(body)
    const opts = { upstreamStatus: status, ...(upstreamCode !== undefined ? { upstreamCode } : {}) }
    if (status === 429) {
      const retryAfterMs = retryAfterToMs(headers['retry-after'])
      return new DeliveryError('LT_UPSTREAM_RATE_LIMITED', `${this.system} is rate limiting`, { ...opts, transient: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) })
    }
    if (status === 408) return new DeliveryError('LT_UPSTREAM_TIMEOUT', `${this.system} timed out reading the request`, { ...opts, transient: true })
    if (status >= 500) return new DeliveryError('LT_UPSTREAM_UNAVAILABLE', `${this.system} answered ${status}`, { ...opts, transient: true })
    if (status >= 400) return new DeliveryError('LT_UPSTREAM_REJECTED', `${this.system} refused the request (${status}${upstreamCode !== undefined ? `, ${upstreamCode}` : ''})`, { ...opts, transient: false })
    return new DeliveryError('LT_UPSTREAM_INVALID_REPLY', `${this.system} answered an unexpected status ${status}`, opts)
  }
}

const INVALID = Symbol('invalid JSON')

function parseJson (text: string): unknown {
  if (text.trim() === '') return null
  try {
    return JSON.parse(text)
  } catch {
    return INVALID
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterToMs (value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value
  if (raw === undefined || raw.trim() === '') return undefined
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000
  const at = Date.parse(raw)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

/** The delivery's deadline: one signal shared by every call of one attempt (login included). */
export function deadlineSignal (timeoutMs: number): AbortSignal {
  return AbortSignal.timeout(Math.max(1, timeoutMs))
}

/** A refusal because the standard body lacks what the translation needs (the gateway's schemas should have caught it). */
export function badBody (system: string, problem: string): DeliveryError {
  return new DeliveryError('LT_UPSTREAM_REJECTED', `cannot translate the message for ${system}: ${problem}`, { transient: false })
}

/** An answer that does not have the native shape we expect. */
export function invalidReply (system: string, problem: string, upstreamStatus?: number): DeliveryError {
  return new DeliveryError('LT_UPSTREAM_INVALID_REPLY', `${system} answered in an unexpected shape: ${problem}`, upstreamStatus !== undefined ? { upstreamStatus } : {})
}

export function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A required non-empty string field of the standard body, or a permanent refusal. */
export function requiredString (system: string, body: Record<string, unknown>, field: string): string {
  const value = body[field]
  if (typeof value !== 'string' || value === '') throw badBody(system, `${field} must be a non-empty string`)
  return value
}

/** An optional string field of the standard body. */
export function optionalString (system: string, body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw badBody(system, `${field} must be a string`)
  return value
}
