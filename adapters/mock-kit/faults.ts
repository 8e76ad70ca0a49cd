import { mulberry32, type Random } from './prng.js'

/**
 * Fault switches of a mock system. They act on business requests only; the `/__mock`
 * control endpoints always answer, so a test can switch a fault off again.
 */
export interface Faults {
  /** Added before every business answer, in milliseconds. */
  latencyMs: number
  /** Share of business requests (0..1) answered with 503. */
  errorRate: number
  /** Share of business requests (0..1) held without an answer until the client gives up or the server closes. */
  timeoutRate: number
  /**
   * Share of business requests (0..1) processed in full (effects applied, answer remembered for
   * the idempotency key) whose answer is then lost: the socket is destroyed instead of answering.
   * The client sees a connection error although the work was done, the case that only an
   * idempotency key makes safe to retry.
   */
  lostReplyRate: number
  /** When true, every business request has its socket destroyed without an answer. */
  down: boolean
  /** The next N business requests answer `failStatus`: the deterministic switch for tests. */
  failNext: number
  /** The status `failNext` answers with (503 unless set, e.g. 429 to test rate limiting). */
  failStatus: number
  /** Retry-After (seconds) sent with `failNext` answers; null sends none. */
  retryAfterSeconds: number | null
}

export const NO_FAULTS: Readonly<Faults> = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  timeoutRate: 0,
  lostReplyRate: 0,
  down: false,
  failNext: 0,
  failStatus: 503,
  retryAfterSeconds: null
})

/** What to do with one business request. */
export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'down' }
  | { kind: 'hold' }
  | { kind: 'lose-reply' }
  | { kind: 'fail', status: number, retryAfterSeconds: number | null }

/** Returns why a partial fault setting is invalid, or null. */
export function faultsProblem (partial: Record<string, unknown>): string | null {
  for (const [key, value] of Object.entries(partial)) {
    switch (key) {
      case 'latencyMs':
      case 'failNext':
        if (!Number.isInteger(value) || (value as number) < 0) return `${key} must be a non-negative integer`
        break
      case 'errorRate':
      case 'timeoutRate':
      case 'lostReplyRate':
        if (typeof value !== 'number' || value < 0 || value > 1) return `${key} must be a number from 0 to 1`
        break
      case 'down':
        if (typeof value !== 'boolean') return 'down must be a boolean'
        break
      case 'failStatus':
        if (!Number.isInteger(value) || (value as number) < 400 || (value as number) > 599) return 'failStatus must be an HTTP error status (400-599)'
        break
      case 'retryAfterSeconds':
        if (value !== null && (!Number.isInteger(value) || (value as number) < 0)) return 'retryAfterSeconds must be a non-negative integer or null'
        break
      default:
        return `unknown fault switch ${key}`
    }
  }
  return null
}

/** Holds one mock's fault switches and decides, request by request, which fault applies. */
export class FaultController {
  #faults: Faults
  // Seeded so that a run with errorRate 0.3 fails the same requests every time.
  readonly #random: Random

  constructor (initial: Partial<Faults> = {}, seed = 1) {
    this.#faults = { ...NO_FAULTS }
    this.#random = mulberry32(seed ^ 0x5eed)
    this.set(initial)
  }

  get (): Faults {
    return { ...this.#faults }
  }

  /** Merges a partial setting; throws a TypeError when it is invalid. */
  set (partial: Partial<Faults>): Faults {
    const problem = faultsProblem(partial as Record<string, unknown>)
    if (problem !== null) throw new TypeError(problem)
    this.#faults = { ...this.#faults, ...partial }
    return this.get()
  }

  /** Consumes the decision for one business request (a `failNext` count goes down by one). */
  decide (): FaultDecision {
    const f = this.#faults
    if (f.down) return { kind: 'down' }
    if (f.failNext > 0) {
      f.failNext--
      return { kind: 'fail', status: f.failStatus, retryAfterSeconds: f.retryAfterSeconds }
    }
    if (f.timeoutRate > 0 && this.#random() < f.timeoutRate) return { kind: 'hold' }
    if (f.errorRate > 0 && this.#random() < f.errorRate) return { kind: 'fail', status: 503, retryAfterSeconds: null }
    if (f.lostReplyRate > 0 && this.#random() < f.lostReplyRate) return { kind: 'lose-reply' }
    return { kind: 'none' }
  }
}

/**
 * Reads fault switches from the environment: `<prefix>_LATENCY_MS`, `<prefix>_ERROR_RATE`,
 * `<prefix>_TIMEOUT_RATE`, `<prefix>_LOST_REPLY_RATE`, `<prefix>_DOWN` (`1`/`true`) and `<prefix>_FAIL_NEXT`,
 * e.g. `faultsFromEnv('MOCK_POPULATION')`. Unset variables are left out; a malformed one throws,
 * because a fault switch that silently does nothing wastes an afternoon.
 */
export function faultsFromEnv (prefix: string, env: NodeJS.ProcessEnv = process.env): Partial<Faults> {
  const faults: Partial<Faults> = {}
  const number = (name: string): number | undefined => {
    const raw = env[`${prefix}_${name}`]
    if (raw === undefined || raw.trim() === '') return undefined
    const value = Number(raw)
    if (!Number.isFinite(value)) throw new TypeError(`${prefix}_${name} must be a number, got ${raw}`)
    return value
  }
  const latencyMs = number('LATENCY_MS')
  if (latencyMs !== undefined) faults.latencyMs = latencyMs
  const errorRate = number('ERROR_RATE')
  if (errorRate !== undefined) faults.errorRate = errorRate
  const timeoutRate = number('TIMEOUT_RATE')
  if (timeoutRate !== undefined) faults.timeoutRate = timeoutRate
  const lostReplyRate = number('LOST_REPLY_RATE')
  if (lostReplyRate !== undefined) faults.lostReplyRate = lostReplyRate
  const failNext = number('FAIL_NEXT')
  if (failNext !== undefined) faults.failNext = failNext
  const down = env[`${prefix}_DOWN`]
  if (down !== undefined && down.trim() !== '') faults.down = ['1', 'true', 'yes', 'on'].includes(down.trim().toLowerCase())
  const problem = faultsProblem(faults as Record<string, unknown>)
  if (problem !== null) throw new TypeError(`${prefix}: ${problem}`)
  return faults
}
