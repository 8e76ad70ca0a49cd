import type { IncomingMessage, ServerResponse } from 'node:http'
import { getHeapStatistics } from 'node:v8'
import fp from 'fastify-plugin'
import underPressure from '@fastify/under-pressure'
import type { FastifyRequest } from 'fastify'
import { errors, retryAfter, type GatewayError } from '../errors.js'
import { announcesBody, closeAfterAnswer } from './request-body.js'

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

/**
 * Not judged: the health endpoints (a busy gateway is alive, and load balancers learn of overload
 * from the 503s), and the operators' endpoints, so an operator can get in to see and act on an
 * overload. These are few, behind the admin token, and their wrong tokens are throttled.
 */
function exemptPath (url: string): boolean {
  return url.startsWith('/health/') || url.startsWith('/admin/') || url === '/admin' || url.startsWith('/metrics')
}
function exempt (request: FastifyRequest): boolean {
  return exemptPath(request.url)
}

/** Bytes of a refused request's body the gateway reads (and throws away) before it answers. */
const REFUSED_BODY_READ_MAX = 64 * 1024

/**
 * Requests in hand: at most `max` in all, and at most `perAddress` from one client address (its
 * /64 for IPv6), so one client's burst cannot take every slot from the others.
 */
export class InFlight {
  readonly max: number
  readonly perAddress: number
  private total = 0
  private readonly byAddress = new Map<string, number>()

  constructor (max: number, addressShare: number) {
    this.max = max
    this.perAddress = max > 0 && addressShare < 1 ? Math.max(1, Math.ceil(max * addressShare)) : 0
  }

  get count (): number { return this.total }

  /** True when a request from `address` must be refused now. */
  full (address: string): boolean {
    if (this.max <= 0) return false
    return this.total >= this.max || (this.perAddress > 0 && (this.byAddress.get(addressKey(address)) ?? 0) >= this.perAddress)
  }

  acquire (address: string): void {
    this.total++
    const key = addressKey(address)
    this.byAddress.set(key, (this.byAddress.get(key) ?? 0) + 1)
  }

  release (address: string): void {
    this.total--
    const key = addressKey(address)
    const n = (this.byAddress.get(key) ?? 1) - 1
    if (n <= 0) this.byAddress.delete(key)
    else this.byAddress.set(key, n)
  }
}

function addressKey (address: string): string {
  return address.includes(':') && !address.startsWith('::ffff:') ? address.split(':').slice(0, 4).join(':') : address
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

  const inFlight = new InFlight(config.overloadMaxInFlight, config.overloadAddressShare)
  // Keyed by the raw request: counted once, whether it came in on a socket or through inject().
  const counted = new WeakMap<IncomingMessage, string>()
  const count = (req: IncomingMessage, res: ServerResponse): void => {
    const address = req.socket?.remoteAddress ?? ''
    inFlight.acquire(address)
    counted.set(req, address)
    // 'close' comes in every case, also when the client went away before the answer was
    // written (Fastify's onResponse does not run then: a slot would be lost for good).
    res.once('close', () => { uncount(req) })
  }
  const uncount = (req: IncomingMessage): void => {
    const address = counted.get(req)
    if (address === undefined) return
    counted.delete(req)
    inFlight.release(address)
  }
  const release = (request: FastifyRequest): void => { uncount(request.raw) }

  // Requests through Fastify's hooks (inject(), and the rare one the socket-level gate let by).
  if (inFlight.max > 0) {
    app.addHook('onRequest', async (request, reply) => {
      if (exempt(request) || counted.has(request.raw) || waiting.has(request.raw)) return
      if (inFlight.full(request.ip)) throw overloaded()
      count(request.raw, reply.raw)
    })
  }

  // The fast path: requests on a socket are judged before Fastify sees them. A refusal that
  // goes through routing, the security headers, the error handler and the metrics costs a good
  // part of what accepting a message costs, and an overloaded gateway has that to spare least.
  let refused = 0
  // Requests let in whose body is still arriving: they count once it is in. A client trickling
  // its upload holds no slot meanwhile (HTTP_REQUEST_TIMEOUT_MS bounds how long it may take).
  const waiting = new WeakSet<IncomingMessage>()
  const gate = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (exemptPath(req.url ?? '')) return false
    const address = req.socket.remoteAddress ?? ''
    if (inFlight.full(address) || (performance.now() >= judgeFrom && app.isUnderPressure())) {
      refused++
      refuseRaw(req, res)
      return true
    }
    if (inFlight.max > 0) {
      if (req.complete || !announcesBody(req)) {
        count(req, res)
      } else {
        waiting.add(req)
        req.once('end', () => { if (waiting.delete(req) && !res.writableEnded && !res.destroyed) count(req, res) })
        res.once('close', () => { waiting.delete(req) })
      }
    }
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
    app.log.warn({ refused, inFlight: inFlight.count }, 'overloaded: requests refused with 503 LT_OVERLOADED in the last second')
    refused = 0
  }, 1000)
  report.unref()
  app.addHook('onClose', async () => { clearInterval(report) })

  app.decorate('overload', { release })

  /**
   * The 503 written straight to the socket. A small body is read first (and thrown away): an
   * answer written while the client still sends makes it wait on TCP acknowledgements (~200 ms
   * each, measured). A large or endless one is not: answer at once and close the connection.
   */
  function refuseRaw (req: IncomingMessage, res: ServerResponse): void {
    const refuse = (): void => { if (!res.headersSent) res.writeHead(503, RAW_REFUSAL_HEADERS).end(RAW_REFUSAL_BODY) }
    if (req.complete || !announcesBody(req)) {
      refuse()
      return
    }
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared <= REFUSED_BODY_READ_MAX) {
      let read = 0
      req.on('data', (chunk: Buffer) => {
        read += chunk.length
        if (read > REFUSED_BODY_READ_MAX) closeAfterAnswer(req, res, refuse)
      })
      req.once('end', refuse)
      // A client that announced a small body and never sends it: answer after a second.
      setTimeout(() => { if (!req.complete) closeAfterAnswer(req, res, refuse) }, 1000).unref()
      return
    }
    closeAfterAnswer(req, res, refuse)
  }
}, { name: 'overload', dependencies: ['gateway-services', 'error-handler'] })
