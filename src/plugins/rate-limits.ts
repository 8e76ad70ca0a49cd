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

/**
 * The library's Redis store under our key prefix. Its own `child` (one store per route) would put
 * the route in every key; our keys already say what they count.
 */
function redisStore (redis: RedisClient, prefix: string): FastifyRateLimitStoreCtor {
  // A function, not an arrow: the plugin calls it with `new` (an object returned from a constructor replaces `this`).
  function make (params: { continueExceeding?: boolean, exponentialBackoff?: boolean }): RedisStore {
    const store = new RedisStore(params.continueExceeding === true, params.exponentialBackoff === true, redis, prefix)
    store.child = make as RedisStore['child']
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
