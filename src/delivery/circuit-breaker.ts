import type { RedisClient } from '../redis-connection.js'
import type { Config } from '../config.js'
import type { DeliveryError } from '../../adapters/contract.js'

export type BreakerState = 'closed' | 'open' | 'half-open'

export interface BreakerStatus {
  receiver: string
  state: BreakerState
  /** Calls and transient failures counted in the current window (10 to 20 seconds). */
  calls: number
  failures: number
  openedAt?: string
  /** When an open breaker lets one probe call through. */
  retryAt?: string
  lastError?: string
}

export type Admission = { allowed: true } | { allowed: false, retryAt: number }

export interface CircuitBreakersOptions {
  redis: RedisClient
  prefix: string
  /** Share of calls (0..1) failing transiently, within the window, that opens the breaker. */
  failureRate: number
  /** Calls the window must hold before its failure rate counts. */
  minCalls: number
  /** How long an open breaker refuses calls before it lets one probe through. */
  cooldownMs: number
  now?: () => number
}

/** Calls are counted in buckets this long; the current and the previous bucket form the window. */
export const WINDOW_MS = 10_000
/** How long a process trusts its last reading of a breaker's state: one read per receiver per window, not per call. */
const SNAPSHOT_MS = 250

// KEYS: breaker hash, probe lock, current bucket, previous bucket.
// ARGV: 1 failed (0/1), 2 error code, 3 now ms, 4 cooldown ms, 5 failure rate, 6 min calls.
// Counts one call. A failure while half-open (the probe's) reopens the breaker; a failure that
// brings the window's failure rate to the threshold opens a closed one; a success while
// half-open closes it. A failure while open changes nothing.
const RECORD_SCRIPT = `
local failed = ARGV[1] == '1'
redis.call('HINCRBY', KEYS[3], 'calls', 1)
if failed then redis.call('HINCRBY', KEYS[3], 'failures', 1) end
redis.call('PEXPIRE', KEYS[3], ${WINDOW_MS * 3})
local now = tonumber(ARGV[3])
local retryAt = tonumber(redis.call('HGET', KEYS[1], 'retryAt') or '0')
local halfOpen = retryAt > 0 and now >= retryAt
if not failed then
  -- Closed again: the window starts afresh, or the failures that opened it would reopen it.
  if halfOpen then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
  -- A probe lock taken on a stale reading of a breaker another process already closed.
  elseif retryAt == 0 then redis.call('DEL', KEYS[2]) end
  return 0
end
redis.call('HSET', KEYS[1], 'lastError', ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) * 10)
local open = false
if halfOpen then
  -- The probe (or a call let through before the breaker opened) failed: another cool-down.
  redis.call('DEL', KEYS[2])
  open = true
elseif retryAt == 0 then
  redis.call('DEL', KEYS[2])
  local c = redis.call('HMGET', KEYS[3], 'calls', 'failures')
  local p = redis.call('HMGET', KEYS[4], 'calls', 'failures')
  local calls = tonumber(c[1] or '0') + tonumber(p[1] or '0')
  local failures = tonumber(c[2] or '0') + tonumber(p[2] or '0')
  open = calls >= tonumber(ARGV[6]) and failures >= calls * tonumber(ARGV[5])
end
if open then
  redis.call('HSET', KEYS[1], 'openedAt', ARGV[3], 'retryAt', now + tonumber(ARGV[4]))
  return 1
end
return 0
`

/**
 * One circuit breaker per receiving system, shared by every gateway and worker process through
 * Redis. When, over the last 10 to 20 seconds, at least `minCalls` calls were made and the share
 * failing transiently (timeouts, connection errors, 5xx) reaches `failureRate`, the breaker opens:
 * sync calls fall back to the queue at once and queued deliveries wait, without spending attempts,
 * until the cool-down ends. Then one call is let through as a probe: its success closes the
 * breaker, its failure opens it for another cool-down. A receiver that fails some calls but
 * answers most is left to the retries.
 */
export class CircuitBreakers {
  private readonly redis: RedisClient
  private readonly prefix: string
  private readonly failureRate: number
  private readonly minCalls: number
  private readonly cooldownMs: number
  private readonly now: () => number
  private readonly snapshots = new Map<string, { retryAt: number, readAt: number }>()

  constructor (opts: CircuitBreakersOptions) {
    this.redis = opts.redis
    this.prefix = opts.prefix
    this.failureRate = opts.failureRate
    this.minCalls = opts.minCalls
    this.cooldownMs = opts.cooldownMs
    this.now = opts.now ?? Date.now
    if (!('ltBreakerRecord' in opts.redis)) opts.redis.defineCommand('ltBreakerRecord', { numberOfKeys: 4, lua: RECORD_SCRIPT })
  }

  /** The breakers as configured (BREAKER_* settings), for a gateway or a worker process. */
  static fromConfig (redis: RedisClient, config: Config): CircuitBreakers {
    return new CircuitBreakers({ redis, prefix: config.keyPrefix, failureRate: config.breakerFailureRate, minCalls: config.breakerMinCalls, cooldownMs: config.breakerCooldownMs })
  }

  private key (receiver: string): string { return `${this.prefix}:breaker:${receiver}` }
  private probeKey (receiver: string): string { return `${this.prefix}:breaker:${receiver}:probe` }
  private bucketKey (receiver: string, at: number): string { return `${this.prefix}:breaker:${receiver}:w:${Math.floor(at / WINDOW_MS)}` }

  /** Whether a failure counts against the receiver's health (a refusal means it is up). */
  static counts (err: DeliveryError): boolean {
    return err.code === 'LT_UPSTREAM_TIMEOUT' || err.code === 'LT_UPSTREAM_UNAVAILABLE'
  }

  /** May a call to `receiver` go now? While open, no; after the cool-down, one caller wins the probe. */
  async admit (receiver: string): Promise<Admission> {
    const { retryAt } = await this.snapshot(receiver)
    if (retryAt === 0) return { allowed: true }
    const now = this.now()
    if (now < retryAt) return { allowed: false, retryAt }
    // Half-open: the first caller takes the probe lock; the others wait for its outcome.
    const won = await this.redis.set(this.probeKey(receiver), '1', 'PX', this.cooldownMs, 'NX')
    if (won === 'OK') return { allowed: true }
    return { allowed: false, retryAt: now + Math.min(this.cooldownMs, 5000) }
  }

  async recordSuccess (receiver: string): Promise<void> {
    await this.record(receiver, false, '')
  }

  async recordFailure (receiver: string, code: string): Promise<void> {
    await this.record(receiver, true, code)
  }

  private async record (receiver: string, failed: boolean, code: string): Promise<void> {
    const now = this.now()
    const opened = await (this.redis as unknown as BreakerScripts).ltBreakerRecord(
      this.key(receiver), this.probeKey(receiver), this.bucketKey(receiver, now), this.bucketKey(receiver, now - WINDOW_MS),
      failed ? '1' : '0', code, now, this.cooldownMs, this.failureRate, this.minCalls)
    // What this process just learnt is fresher than its snapshot.
    if (opened === 1) this.snapshots.set(receiver, { retryAt: now + this.cooldownMs, readAt: now })
    else if (!failed) this.snapshots.delete(receiver)
  }

  /** Closes the breaker by hand (an operator knows the receiver is back). */
  async reset (receiver: string): Promise<void> {
    const now = this.now()
    await this.redis.del(this.key(receiver), this.probeKey(receiver), this.bucketKey(receiver, now), this.bucketKey(receiver, now - WINDOW_MS))
    this.snapshots.delete(receiver)
  }

  /** The breaker as admins see it, read fresh from Redis. */
  async status (receiver: string): Promise<BreakerStatus> {
    const now = this.now()
    const [[retryAt, openedAt, lastError], current, previous] = await Promise.all([
      this.redis.hmget(this.key(receiver), 'retryAt', 'openedAt', 'lastError'),
      this.redis.hmget(this.bucketKey(receiver, now), 'calls', 'failures'),
      this.redis.hmget(this.bucketKey(receiver, now - WINDOW_MS), 'calls', 'failures')
    ])
    const retry = Number(retryAt ?? 0)
    const state: BreakerState = retry === 0 ? 'closed' : now < retry ? 'open' : 'half-open'
    const status: BreakerStatus = {
      receiver,
      state,
      calls: Number(current[0] ?? 0) + Number(previous[0] ?? 0),
      failures: Number(current[1] ?? 0) + Number(previous[1] ?? 0)
    }
    if (retry > 0 && openedAt !== null) status.openedAt = new Date(Number(openedAt)).toISOString()
    if (retry > 0) status.retryAt = new Date(retry).toISOString()
    if (lastError !== null) status.lastError = lastError
    return status
  }

  /** Those of `receivers` whose breaker is not closed: the gateway holds calls to them back. */
  async degraded (receivers: string[]): Promise<string[]> {
    const states = await Promise.all(receivers.map(async (r) => await this.status(r)))
    return states.filter((b) => b.state !== 'closed').map((b) => b.receiver)
  }

  private async snapshot (receiver: string): Promise<{ retryAt: number }> {
    const now = this.now()
    const cached = this.snapshots.get(receiver)
    if (cached !== undefined && now - cached.readAt < SNAPSHOT_MS) return cached
    const retryAt = Number(await this.redis.hget(this.key(receiver), 'retryAt') ?? 0)
    const s = { retryAt, readAt: now }
    this.snapshots.set(receiver, s)
    return s
  }
}

interface BreakerScripts {
  ltBreakerRecord: (...args: Array<string | number>) => Promise<number>
}
