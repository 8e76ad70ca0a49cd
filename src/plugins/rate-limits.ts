import fp from 'fastify-plugin'
import rateLimit, { normalizeIP, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import RedisStore from '@fastify/rate-limit/store/RedisStore.js'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RedisClient } from '../redis-connection.js'
import { errors, retryAfter, type GatewayError } from '../errors.js'
import { limitItem, policyItem, type PolicyUsage } from '../limits/ratelimit-fields.js'
import type { RateLimit } from '../registry.js'

/** Counts wrong admin tokens per client address and blocks an address that sent too many. */
export interface AdminSignInThrottle {
  /** The 429 LT_RATE_LIMITED to answer while the request's address is blocked (whatever token it sends), else undefined. */
  refusal: (request: FastifyRequest) => Promise<GatewayError | undefined>
  /** Counts a wrong token from the request's address. */
  failed: (request: FastifyRequest) => Promise<void>
  /** Forgets the address's earlier failures (the operator got it right). */
  succeeded: (request: FastifyRequest) => Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    limits: {
      /** preValidation hook of POST /v1/messages: per participant and the service the envelope names. */
      messages: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
      /** onRequest hook (after authentication) of the read routes: per participant. */
      reads: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
      /** Adds a policy's use to the reply's RateLimit-Policy and RateLimit headers. */
      report: (reply: FastifyReply, usage: PolicyUsage) => void
      adminSignIn: AdminSignInThrottle
      /** onRequest hook of POST /oauth2/token: per client address. */
      tokenRequests: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
    }
  }
}

export interface RateLimitsOptions {
  /** false: no participant limits (the benchmark's "limits off" run); the admin throttle stays. */
  enabled?: boolean
}

/** The policy a request is counted under, chosen before the limiter runs. */
interface Counted { key: string, max: number, windowMs: number }

/** A POST naming no service the gateway knows: counted together, so made-up names open no new counters. */
const UNKNOWN_SERVICE = 'unknown-service'
const READS = 'reads'

/** One count a request asked for, waiting for its batch. */
interface PendingCount {
  key: string
  timeWindow: number
  max: number
  continueExceeding: boolean
  exponentialBackoff: boolean
  done: Parameters<RedisStore['incr']>[1]
}

// The library's count (@fastify/rate-limit's RedisStore script, the same steps) for each of a batch
// of keys: ARGV holds four values per key (window ms, max, continueExceeding, exponentialBackoff);
// the answer, two per key (the count, the window's ms left).
const COUNT_BATCH_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local timeWindow = tonumber(ARGV[i * 4 - 3])
  local max = tonumber(ARGV[i * 4 - 2])
  local continueExceeding = ARGV[i * 4 - 1] == 'true'
  local exponentialBackoff = ARGV[i * 4] == 'true'
  local current = redis.call('INCR', key)
  if current == 1 or (continueExceeding and current > max) then
    redis.call('PEXPIRE', key, timeWindow)
  elseif exponentialBackoff and current > max then
    timeWindow = math.min(timeWindow * (2 ^ (current - max - 1)), (2 ^ 53) - 1)
    redis.call('PEXPIRE', key, timeWindow)
  else
    timeWindow = redis.call('PTTL', key)
  end
  out[#out + 1] = current
  out[#out + 1] = timeWindow
end
return out
`

/**
 * The counts asked for in one turn of the event loop, sent to Redis as one script call: one
 * socket write and one reply for all of them, where a round trip each cost every message a write
 * of its own (about a tenth of the gateway's CPU per accepted message, profiled under load). Each
 * key is counted as the library counts it, so what a request is told is what it would be told
 * alone. The keys share the key prefix's hash tag: one slot, so a Cluster runs the script too.
 */
class CountBatch {
  private readonly redis: RedisClient & { ltRateLimitBatch: (...args: Array<string | number>) => Promise<number[]> }
  private pending: PendingCount[] = []

  constructor (redis: RedisClient) {
    if (!('ltRateLimitBatch' in redis)) redis.defineCommand('ltRateLimitBatch', { lua: COUNT_BATCH_SCRIPT })
    this.redis = redis as CountBatch['redis']
  }

  add (count: PendingCount): void {
    this.pending.push(count)
    // setImmediate, not a microtask: the requests read in the same turn join the batch.
    if (this.pending.length === 1) setImmediate(() => { this.flush() })
  }

  private flush (): void {
    const batch = this.pending
    this.pending = []
    const args: Array<string | number> = [batch.length]
    for (const c of batch) args.push(c.key)
    for (const c of batch) args.push(c.timeWindow, c.max, String(c.continueExceeding), String(c.exponentialBackoff))
    this.redis.ltRateLimitBatch(...args).then(
      (counts) => { batch.forEach((c, i) => { c.done(null, { current: Number(counts[2 * i]), ttl: Number(counts[2 * i + 1]) }) }) },
      // Redis away: every count of the batch fails with the error, as each would alone.
      (err: Error) => { for (const c of batch) c.done(err, null) }
    )
  }
}

/**
 * The library's Redis store under our key prefix, its counts batched ({@link CountBatch}). Its
 * own `child` (one store per route) would put the route in every key; our keys already say what they count.
 */
function redisStore (redis: RedisClient, prefix: string): FastifyRateLimitStoreCtor {
  const batch = new CountBatch(redis)
  // A function, not an arrow: the plugin calls it with `new` (an object returned from a constructor replaces `this`).
  function make (params: { continueExceeding?: boolean, exponentialBackoff?: boolean }): RedisStore {
    const continueExceeding = params.continueExceeding === true
    const exponentialBackoff = params.exponentialBackoff === true
    const store = new RedisStore(continueExceeding, exponentialBackoff, redis, prefix)
    store.child = make as RedisStore['child']
    store.incr = (key, done, timeWindow, max) => { batch.add({ key: prefix + key, timeWindow, max, continueExceeding, exponentialBackoff, done }) }
    return store
  }
  return make as unknown as FastifyRateLimitStoreCtor
}

function appendHeader (reply: FastifyReply, name: string, item: string): void {
  const previous = reply.getHeader(name)
  void reply.header(name, previous === undefined ? item : `${String(previous)}, ${item}`)
}

/**
 * Rate limits shared by every gateway process (@fastify/rate-limit counting in Redis, fixed
 * windows): a participant's messages per service, its reads, and wrong admin tokens per client
 * address. Answers carry the IETF draft's RateLimit-Policy and RateLimit headers; over a
 * limit, 429 LT_RATE_LIMITED with Retry-After.
 */
export default fp<RateLimitsOptions>(async (app, opts) => {
  const { config, registry, schemas } = app
  await app.register(rateLimit, {
    global: false,
    store: redisStore(app.redis, `${config.keyPrefix}:rl:`),
    // Redis away: the request fails (503 LT_UNAVAILABLE) rather than going through unlimited.
    skipOnError: false
  })
  const counted = new WeakMap<FastifyRequest, Counted>()
  const limiter = app.createRateLimit({
    keyGenerator: (request) => (counted.get(request) as Counted).key,
    max: (request) => (counted.get(request) as Counted).max,
    timeWindow: (request) => (counted.get(request) as Counted).windowMs
  })

  function report (reply: FastifyReply, usage: PolicyUsage): void {
    appendHeader(reply, 'ratelimit-policy', policyItem(usage))
    appendHeader(reply, 'ratelimit', limitItem(usage))
  }

  async function enforce (request: FastifyRequest, reply: FastifyReply, name: string, limit: RateLimit): Promise<void> {
    counted.set(request, { key: `${request.participant.id}|${name}`, max: limit.max, windowMs: limit.windowSeconds * 1000 })
    const result = await limiter(request)
    if (result.isAllowed) return
    report(reply, { name, quota: limit.max, windowSeconds: limit.windowSeconds, remaining: result.remaining, resetSeconds: result.ttlInSeconds })
    if (result.isExceeded) {
      throw retryAfter(errors.rateLimited(`${request.participant.id} may send ${limit.max} ${name === READS ? 'reads' : `${name} messages`} per ${limit.windowSeconds} s; try again in ${Math.max(1, result.ttlInSeconds)} s`), result.ttlInSeconds)
    }
  }

  const enabled = opts.enabled !== false
  async function messages (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!enabled) return
    // The body is parsed but not yet validated: take the service only if it is one we know.
    const named = (request.body as { header?: { service?: unknown } } | undefined)?.header?.service
    const service = typeof named === 'string' && schemas.versionsOf(named) !== undefined ? named : UNKNOWN_SERVICE
    await enforce(request, reply, service, registry.rateLimitFor(request.participant, service))
  }
  async function reads (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!enabled) return
    await enforce(request, reply, READS, registry.readLimitFor(request.participant))
  }

  // Admin sign-in: N failures within the block time of the first block the address for the
  // block time from the N-th (at most N - 1 failures pass; the N-th sets the block).
  const signInKey = (request: FastifyRequest): string => `admin-sign-in|${normalizeIP(request.ip)}`
  const signIn = app.createRateLimit({
    keyGenerator: signInKey,
    max: config.adminSignInMaxFailures - 1,
    timeWindow: config.adminSignInBlockSeconds * 1000,
    continueExceeding: true
  } as Parameters<typeof app.createRateLimit>[0])
  const adminSignIn: AdminSignInThrottle = {
    refusal: async (request) => {
      const state = await signIn(request, { increment: false })
      if (state.isAllowed || !state.isExceeded || state.ttl <= 0) return undefined
      request.log.warn({ ip: request.ip }, 'admin sign-in blocked: too many wrong tokens from this address')
      return retryAfter(errors.rateLimited(`too many wrong admin tokens from this address; try again in ${Math.ceil(state.ttlInSeconds / 60)} min`), state.ttlInSeconds)
    },
    failed: async (request) => { await signIn(request) },
    succeeded: async (request) => { await app.redis.del(`${config.keyPrefix}:rl:${signInKey(request)}`) }
  }

  // Token requests per client address (IPv6: per /64), counted before the client is authenticated:
  // a loop guessing client secrets, or a client asking for a token per call, meets it.
  const tokenLimiter = app.createRateLimit({
    keyGenerator: (request) => `oauth-token|${normalizeIP(request.ip)}`,
    max: config.oauthTokenRatePerMinute,
    timeWindow: 60_000
  })
  async function tokenRequests (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const result = await tokenLimiter(request)
    if (result.isAllowed) return
    report(reply, { name: 'oauth-token', quota: config.oauthTokenRatePerMinute, windowSeconds: 60, remaining: result.remaining, resetSeconds: result.ttlInSeconds })
    if (result.isExceeded) {
      throw retryAfter(errors.rateLimited(`at most ${config.oauthTokenRatePerMinute} token requests a minute from one address; reuse your token until it nears its expiry, and try again in ${Math.max(1, result.ttlInSeconds)} s`), result.ttlInSeconds)
    }
  }

  app.decorate('limits', { messages, reads, report, adminSignIn, tokenRequests })
}, { name: 'rate-limits', dependencies: ['gateway-services'] })
