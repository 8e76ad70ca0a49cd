import { createHmac } from 'node:crypto'
import type { RedisClient } from '../redis-connection.js'

/** A service whose no-match answers are limited (policy `noMatchLimit`): the ID number a message asks about (else undefined). */
export function verifiedCitizenId (envelope: { body: Record<string, unknown> }, policy: { noMatchLimit: boolean }): string | undefined {
  const id = envelope.body.citizenId
  return policy.noMatchLimit && typeof id === 'string' ? id : undefined
}

/** Whether a sender may ask one more verification of a citizen ID number. */
export type VerifyAdmission = { allowed: true } | { allowed: false, retryAfterSeconds: number }

// Reserve one of the sender's no-match slots for this ID number, atomically: INCR, and refuse (and
// take the reservation back) past the limit. The window starts at the first reservation.
const RESERVE_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
if n > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  local ttl = redis.call('TTL', KEYS[1])
  if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) ttl = tonumber(ARGV[2]) end
  return ttl
end
return -1
`

const RELEASE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 and tonumber(redis.call('GET', KEYS[1])) > 0 then redis.call('DECR', KEYS[1]) end
return 0
`

interface GuardScripts {
  ltVerifyReserve: (key: string, max: number, windowSeconds: number) => Promise<number>
  ltVerifyRelease: (key: string) => Promise<number>
}

/**
 * Limits citizen.verify guessing: a sender may get at most `maxMismatches` no-match answers for
 * one citizen ID number within `windowSeconds`; then its verifications of that number are refused
 * until the window ends. Without it, a sender that knows an ID number and a name finds the date of
 * birth by trying the days of the year (the rate limit allows hundreds of tries a minute).
 *
 * Each verification reserves a slot before the receiver is asked, and a `match` gives it back,
 * so parallel guesses cannot all slip through; a no-match (or an answer that never came) keeps
 * it. The counter's key is an HMAC of the sender and the ID number: RedisClient holds no ID in clear.
 */
export class VerifyGuard {
  private readonly redis: RedisClient
  private readonly prefix: string
  private readonly secret: string
  readonly maxMismatches: number
  readonly windowSeconds: number

  constructor (opts: { redis: RedisClient, keyPrefix: string, maxMismatches: number, windowSeconds: number, secret?: string }) {
    this.redis = opts.redis
    this.prefix = `${opts.keyPrefix}:verify-guard`
    // The HMAC key only keeps ID numbers out of Redis's key space; a stable default is enough for that.
    this.secret = opts.secret ?? 'lienthong verify guard'
    this.maxMismatches = opts.maxMismatches
    this.windowSeconds = opts.windowSeconds
    if (!('ltVerifyReserve' in opts.redis)) {
      opts.redis.defineCommand('ltVerifyReserve', { numberOfKeys: 1, lua: RESERVE_SCRIPT })
      opts.redis.defineCommand('ltVerifyRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT })
    }
  }

  private get scripts (): GuardScripts {
    return this.redis as unknown as GuardScripts
  }

  /** Takes a slot for one verification of `citizenId` by `sender`, or says how long until it may ask again. */
  async reserve (sender: string, citizenId: string): Promise<VerifyAdmission> {
    const ttl = await this.scripts.ltVerifyReserve(this.key(sender, citizenId), this.maxMismatches, this.windowSeconds)
    return ttl < 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, ttl) }
  }

  /** Gives a slot back: the verification matched, or never reached the receiver. */
  async release (sender: string, citizenId: string): Promise<void> {
    await this.scripts.ltVerifyRelease(this.key(sender, citizenId))
  }

  private key (sender: string, citizenId: string): string {
    return `${this.prefix}:${createHmac('sha256', this.secret).update(`${sender}\n${citizenId}`).digest('base64url')}`
  }
}
