import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { registerClusterMetrics } from '../observability/cluster-metrics.js'
import { statusClass } from '../observability/metrics.js'
import { bindMessageContext, UNMATCHED_ROUTE } from '../observability/request-logging.js'
import { WorkerLiveness } from '../observability/worker-heartbeat.js'
import { toGatewayError } from './error-handler.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Reads the delivery workers' heartbeats (readiness, metrics). */
    workerLiveness: WorkerLiveness
  }
  interface FastifyRequest {
    /** The `LT_*` code of the error answer, once one is sent (the access log line says it). */
    errorCode: string | undefined
  }
}

/** The start of every error body (schemas/error.json: `statusCode` first, then `code`), however it was sent. */
const ERROR_CODE = /^\{"statusCode":\d{3},"code":"([A-Z0-9_]{1,64})"/

/**
 * What the gateway tells about itself: every request's message context bound to its log lines,
 * request latency by route pattern, refusals at intake by code, and the cluster-wide series
 * read from Redis at scrape time.
 */
export default fp(async (app) => {
  const { metrics } = app
  const workerLiveness = new WorkerLiveness(app.redis, app.config.keyPrefix)
  app.decorate('workerLiveness', workerLiveness)
  registerClusterMetrics(metrics, { redis: app.redis, store: app.store, queues: app.queues, registry: app.registry, liveness: workerLiveness, breakers: app.breakers, flows: app.flows })

  app.decorateRequest('errorCode', undefined)

  // Callback-style hooks: these run on every request and need no promise.
  // The request id is the gateway's (a UUID, app.ts): told to the client so a support request can quote it.
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    void reply.header('x-request-id', request.id)
    done()
  })

  app.addHook('preValidation', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    bindMessageContext(request, reply)
    done()
  })

  // Read off the body sent rather than set where errors are made: answers the error handler gives,
  // stored answers (a re-posted message that died) and routes that reply with an error body themselves.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode >= 400 && typeof payload === 'string') request.errorCode = ERROR_CODE.exec(payload)?.[1]
    done(null, payload)
  })

  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    metrics.httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_class: statusClass(reply.statusCode) },
      reply.elapsedTime / 1000
    )
    done()
  })

  app.addHook('onError', (request: FastifyRequest, _reply: FastifyReply, err: FastifyError, done: HookHandlerDoneFunction) => {
    if (request.method === 'POST' && request.routeOptions.url === '/v1/messages') {
      metrics.messagesRefused.inc({ service: knownService(request), code: toGatewayError(err).code })
    }
    done()
  })

  /** The posted service when it is one the gateway has: a label must not take any value a client sends. */
  function knownService (request: FastifyRequest): string {
    const service = (request.body as { header?: { service?: unknown } } | undefined)?.header?.service
    return typeof service === 'string' && app.schemas.versionsOf(service) !== undefined ? service : 'unknown'
  }
}, { name: 'observability', dependencies: ['gateway-services'] })
