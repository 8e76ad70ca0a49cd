import type { Redis } from 'ioredis'
import type { DeliveryError } from './adapter.js'

export type BreakerState = 'closed' | 'open' | 'half-open'

export interface BreakerStatus {
  receiver: string
  state: BreakerState
  /** Consecutive transient failures counted against the receiver. */
  failures: number
  openedAt?: string
  /** When an open breaker lets one probe call through. */
  retryAt?: string
  lastError?: string
}

export type Admission = { allowed: true } | { allowed: false, retryAt: number }

export interface CircuitBreakersOptions {
  redis: Redis
  prefix: string
  /** Consecutive transient failures that open the breaker. */
  failureThreshold: number
  /** How long an open breaker refuses calls before it lets one probe through. */
  cooldownMs: number
  now?: () => number
}

interface Snapshot { failures: number, retryAt: number, openedAt: number, lastError: string, readAt: number }

/** How long a process trusts its last reading of a breaker: one Redis read per receiver per window, not per call. */
const SNAPSHOT_MS = 250

// KEYS[1] breaker hash, KEYS[2] probe lock. ARGV: threshold, cooldown ms, now ms, error code.
// Counts one failure; at the threshold (or when the probe failed) opens the breaker for a cool-down.
const FAILURE_SCRIPT = `
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
redis.call('HSET', KEYS[1], 'lastError', ARGV[4])
local probing = redis.call('DEL', KEYS[2])
if failures >= tonumber(ARGV[1]) or probing == 1 then
  local retryAt = tonumber(ARGV[3]) + tonumber(ARGV[2])
  if redis.call('HEXISTS', KEYS[1], 'openedAt') == 0 or probing == 1 then redis.call('HSET', KEYS[1], 'openedAt', ARGV[3]) end
  redis.call('HSET', KEYS[1], 'retryAt', retryAt)
end
-- A closed breaker forgets old failures: only a run of failures within a few cool-downs opens it.
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 4)
return redis.call('HMGET', KEYS[1], 'failures', 'retryAt', 'openedAt')
`

/**
 * One circuit breaker per receiving system, shared by every gateway and worker process through
 * Redis. After `failureThreshold` consecutive transient failures (timeouts, connection errors,
 * 5xx) the breaker opens: sync calls fall back to the queue at once and queued deliveries wait,
 * without spending attempts, until the cool-down ends. Then one call is let through as a probe;
 * its success closes the breaker, its failure opens it for another cool-down.
 */
export class CircuitBreakers {
  private readonly redis: Redis
  private readonly prefix: string
  private readonly threshold: number
  private readonly cooldownMs: number
  private readonly now: () => number
  private readonly snapshots = new Map<string, Snapshot>()

  constructor (opts: CircuitBreakersOptions) {
    this.redis = opts.redis
    this.prefix = opts.prefix
    this.threshold = opts.failureThreshold
    this.cooldownMs = opts.cooldownMs
    this.now = opts.now ?? Date.now
    if (!('ltBreakerFailure' in opts.redis)) opts.redis.defineCommand('ltBreakerFailure', { numberOfKeys: 2, lua: FAILURE_SCRIPT })
  }

  private key (receiver: string): string { return `${this.prefix}:breaker:${receiver}` }
  private probeKey (receiver: string): string { return `${this.prefix}:breaker:${receiver}:probe` }

  /** Whether a failure counts against the receiver's health (a refusal means it is up). */
  static counts (err: DeliveryError): boolean {
    return err.code === 'LT_UPSTREAM_TIMEOUT' || err.code === 'LT_UPSTREAM_UNAVAILABLE'
  }

  /** May a call to `receiver` go now? While open, no; after the cool-down, one caller wins the probe. */
  async admit (receiver: string): Promise<Admission> {
    const s = await this.snapshot(receiver)
    if (s.failures < this.threshold && s.retryAt === 0) return { allowed: true }
    const now = this.now()
    if (now < s.retryAt) return { allowed: false, retryAt: s.retryAt }
    // Half-open: the first caller takes the probe lock; the others wait for its outcome.
    const won = await this.redis.set(this.probeKey(receiver), '1', 'PX', this.cooldownMs, 'NX')
    if (won === 'OK') return { allowed: true }
    return { allowed: false, retryAt: now + Math.min(this.cooldownMs, 5000) }
  }

  async recordSuccess (receiver: string): Promise<void> {
    const s = await this.snapshot(receiver)
    if (s.failures === 0 && s.retryAt === 0) return
    await this.redis.del(this.key(receiver), this.probeKey(receiver))
    this.snapshots.set(receiver, { failures: 0, retryAt: 0, openedAt: 0, lastError: '', readAt: this.now() })
  }

  async recordFailure (receiver: string, code: string): Promise<void> {
    const now = this.now()
    const [failures, retryAt, openedAt] = await (this.redis as unknown as BreakerScripts).ltBreakerFailure(
      this.key(receiver), this.probeKey(receiver), this.threshold, this.cooldownMs, now, code)
    this.snapshots.set(receiver, { failures: Number(failures), retryAt: Number(retryAt ?? 0), openedAt: Number(openedAt ?? 0), lastError: code, readAt: now })
  }

  /** Closes the breaker by hand (an operator knows the receiver is back). */
  async reset (receiver: string): Promise<void> {
    await this.redis.del(this.key(receiver), this.probeKey(receiver))
    this.snapshots.delete(receiver)
  }

  /** The breaker as admins see it, read fresh from Redis. */
  async status (receiver: string): Promise<BreakerStatus> {
    this.snapshots.delete(receiver)
    const s = await this.snapshot(receiver)
    const open = s.failures >= this.threshold || s.retryAt > 0
    const state: BreakerState = !open ? 'closed' : this.now() < s.retryAt ? 'open' : 'half-open'
    const status: BreakerStatus = { receiver, state, failures: s.failures }
    if (open && s.openedAt > 0) status.openedAt = new Date(s.openedAt).toISOString()
    if (open && s.retryAt > 0) status.retryAt = new Date(s.retryAt).toISOString()
    if (s.lastError !== '') status.lastError = s.lastError
    return status
  }

  private async snapshot (receiver: string): Promise<Snapshot> {
    const now = this.now()
    const cached = this.snapshots.get(receiver)
    if (cached !== undefined && now - cached.readAt < SNAPSHOT_MS) return cached
    const [failures, retryAt, openedAt, lastError] = await this.redis.hmget(this.key(receiver), 'failures', 'retryAt', 'openedAt', 'lastError')
    const s = { failures: Number(failures ?? 0), retryAt: Number(retryAt ?? 0), openedAt: Number(openedAt ?? 0), lastError: lastError ?? '', readAt: now }
    this.snapshots.set(receiver, s)
    return s
  }
}

interface BreakerScripts {
  ltBreakerFailure: (...args: Array<string | number>) => Promise<[string, string | null, string | null]>
}
