import type { IncomingMessage, ServerResponse } from 'node:http'
import { getHeapStatistics } from 'node:v8'
import fp from 'fastify-plugin'
import underPressure from '@fastify/under-pressure'
import type { FastifyRequest } from 'fastify'
import { errors, retryAfter, type GatewayError } from '../errors.js'

declare module 'fastify' {
  interface FastifyInstance {
    overload: {
      /** Stops counting `request` as in flight: it now waits on a receiver, not on the gateway (sync calls). */
      release: (request: FastifyRequest) => void
    }
  }
}

/** Seconds a client is told to wait: load passes quickly, and other gateway instances may have room now. */
const RETRY_AFTER_SECONDS = 1

/**
 * One refusal for every overloaded request: building an Error (its stack trace) per refusal is
 * work the gateway has no time for. Safe to share: it is thrown from onRequest hooks, before a
 * messageId is known, so the error handler adds nothing to it.
 */
const OVERLOADED: GatewayError = retryAfter(errors.overloaded(`the gateway is overloaded; try again in ${RETRY_AFTER_SECONDS} s`), RETRY_AFTER_SECONDS)
const overloaded = (): GatewayError => OVERLOADED

// The same refusal written straight to the socket, with the headers every JSON answer carries.
const RAW_REFUSAL_BODY = JSON.stringify(OVERLOADED.toBody())
const RAW_REFUSAL_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': Buffer.byteLength(RAW_REFUSAL_BODY),
  'retry-after': String(RETRY_AFTER_SECONDS),
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer'
}

function exempt (request: FastifyRequest): boolean {
  return request.url.startsWith('/health/')
}

/**
 * Overload protection: a request is answered at once with 503 LT_OVERLOADED and Retry-After,
 * before authentication or parsing, instead of waiting in line until its client times out,
 *  - while the event loop lags, or the heap or the resident memory is over its threshold
 *    (@fastify/under-pressure, sampled every OVERLOAD_SAMPLE_INTERVAL_MS);
 *  - when OVERLOAD_MAX_IN_FLIGHT requests are already being handled. By Little's law a request
 *    waits about (requests in flight) / (requests answered per second): the cap bounds that wait
 *    where the event loop's lag, sampled, reacts too late. A sync message stops counting once
 *    it waits on its receiver (the gateway's CPU is not what it waits for).
 * The health endpoints are exempt: a busy gateway is alive, and a load balancer learns of the
 * overload from the 503s.
 */
export default fp(async (app) => {
  const { config } = app
  const maxHeapUsedBytes = Math.floor(config.overloadHeapUsedRatio * getHeapStatistics().heap_size_limit)
  // The first samples measure the start itself (compiling schemas, connecting): not overload.
  // Judge only once two samples have been taken after the app is ready.
  let judgeFrom = Infinity
  app.addHook('onReady', async () => { judgeFrom = performance.now() + 3 * config.overloadSampleIntervalMs })
  await app.register(underPressure, {
    maxEventLoopDelay: config.overloadEventLoopDelayMs,
    maxHeapUsedBytes,
    maxRssBytes: config.overloadRssBytes,
    sampleInterval: config.overloadSampleIntervalMs,
    pressureHandler: async (request: FastifyRequest) => {
      if (exempt(request) || performance.now() < judgeFrom) return
      throw overloaded()
    }
  })

  const maxInFlight = config.overloadMaxInFlight
  let inFlight = 0
  // Keyed by the raw request: counted once, whether it came in on a socket or through inject().
  const counted = new WeakSet<IncomingMessage>()
  const count = (req: IncomingMessage, res: ServerResponse): void => {
    inFlight++
    counted.add(req)
    // 'close' comes in every case, also when the client went away before the answer was
    // written (Fastify's onResponse does not run then: a slot would be lost for good).
    res.once('close', () => { if (counted.delete(req)) inFlight-- })
  }
  const release = (request: FastifyRequest): void => { if (counted.delete(request.raw)) inFlight-- }
  const full = (): boolean => maxInFlight > 0 && inFlight >= maxInFlight

  // Requests through Fastify's hooks (inject(), and the rare one the socket-level gate let by).
  if (maxInFlight > 0) {
    app.addHook('onRequest', async (request, reply) => {
      if (exempt(request) || counted.has(request.raw)) return
      if (full()) throw overloaded()
      count(request.raw, reply.raw)
    })
  }

  // The fast path: requests on a socket are judged before Fastify sees them. A refusal that
  // goes through routing, the security headers, the error handler and the metrics costs a good
  // part of what accepting a message costs, and an overloaded gateway has that to spare least.
  let refused = 0
  const gate = (req: IncomingMessage, res: ServerResponse): boolean => {
    if ((req.url ?? '').startsWith('/health/')) return false
    if (full() || (performance.now() >= judgeFrom && app.isUnderPressure())) {
      refused++
      // Answer once the request's body is in (and thrown away): an answer written while the
      // client still sends makes it wait on TCP acknowledgements (~200 ms each, measured).
      const refuse = (): void => { res.writeHead(503, RAW_REFUSAL_HEADERS).end(RAW_REFUSAL_BODY) }
      if (req.complete) refuse()
      else req.once('end', refuse).resume()
      return true
    }
    if (maxInFlight > 0) count(req, res)
    return false
  }
  const handlers = app.server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>
  app.server.removeAllListeners('request')
  app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!gate(req, res)) for (const handler of handlers) handler.call(app.server, req, res)
  })
  // Socket-level refusals leave no request log line: one line a second says how many there were.
  const report = setInterval(() => {
    if (refused === 0) return
    app.log.warn({ refused, inFlight }, 'overloaded: requests refused with 503 LT_OVERLOADED in the last second')
    refused = 0
  }, 1000)
  report.unref()
  app.addHook('onClose', async () => { clearInterval(report) })

  app.decorate('overload', { release })
}, { name: 'overload', dependencies: ['gateway-services', 'error-handler'] })
