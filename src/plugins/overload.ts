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

function overloaded (): GatewayError {
  return retryAfter(errors.overloaded(`the gateway is overloaded; try again in ${RETRY_AFTER_SECONDS} s`), RETRY_AFTER_SECONDS)
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
  const counted = new WeakSet<FastifyRequest>()
  const release = (request: FastifyRequest): void => { if (counted.delete(request)) inFlight-- }
  if (maxInFlight > 0) {
    app.addHook('onRequest', async (request, reply) => {
      if (exempt(request)) return
      if (inFlight >= maxInFlight) throw overloaded()
      inFlight++
      counted.add(request)
      // 'close' comes in every case, also when the client went away before the answer was
      // written (Fastify's onResponse does not run then: a slot would be lost for good).
      reply.raw.once('close', () => { release(request) })
    })
    app.addHook('onResponse', async (request) => { release(request) })
  }
  app.decorate('overload', { release })
}, { name: 'overload', dependencies: ['gateway-services', 'error-handler'] })
