import type { RedisClient } from '../redis-connection.js'
import type { Participant, Registry } from '../registry.js'
import { vietnamDay } from '../identifiers/index.js'

/** A participant's use of its daily quota of one service, after counting a message. */
export interface QuotaUsage {
  service: string
  limit: number
  /** Messages counted today, this one included. */
  used: number
  /** Seconds until the day ends in Vietnam and the count starts again. */
  resetSeconds: number
  exceeded: boolean
}

/**
 * Daily quotas per participant and service (e.g. citizen lookups), counted in Redis so every
 * gateway process shares them: one counter per participant, service and day (Vietnam time),
 * which expires once its day is over.
 */
export class DailyQuotas {
  private readonly redis: RedisClient
  private readonly prefix: string
  private readonly registry: Registry
  private readonly now: () => number

  constructor (opts: { redis: RedisClient, keyPrefix: string, registry: Registry, now?: () => number }) {
    this.redis = opts.redis
    this.prefix = `${opts.keyPrefix}:quota`
    this.registry = opts.registry
    this.now = opts.now ?? Date.now
  }

  /** Counts one message of `service` from `sender`; undefined when the service has no quota for it. */
  async consume (sender: Participant, service: string): Promise<QuotaUsage | undefined> {
    const limit = this.registry.dailyQuotaFor(sender, service)
    if (limit === undefined) return undefined
    const now = this.now()
    const { day, endsAtMs } = vietnamDay(now)
    const key = this.key(sender, service, day)
    // An hour past the day's end: a process whose clock runs a little behind still finds it.
    const results = await this.redis.multi().incr(key).expireat(key, Math.ceil(endsAtMs / 1000) + 3600).exec()
    const [err, used] = results?.[0] ?? [new Error('the quota count was not run')]
    if (err !== null) throw err
    return { service, limit, used: Number(used), resetSeconds: (endsAtMs - now) / 1000, exceeded: Number(used) > limit }
  }

  /** Takes back a message counted by {@link consume} that turned out to cost nothing (a re-post). */
  async refund (sender: Participant, service: string): Promise<void> {
    if (this.registry.dailyQuotaFor(sender, service) === undefined) return
    await this.redis.decr(this.key(sender, service, vietnamDay(this.now()).day))
  }

  private key (sender: Participant, service: string, day: string): string {
    return `${this.prefix}:${day}:${service}:${sender.id}`
  }
}
