import type { FastifyInstance } from 'fastify'
import { checkReadiness } from '../../observability/readiness.js'

const liveBody = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok'] }
  }
} as const

const readyBody = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'checks', 'liveWorkers', 'degradedReceivers'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    checks: {
      type: 'object',
      additionalProperties: false,
      required: ['redis', 'workers'],
      properties: {
        redis: { type: 'string', enum: ['ok', 'unreachable'] },
        workers: { type: 'string', enum: ['ok', 'none', 'unknown'], description: 'none: no delivery worker has a current heartbeat; unknown: Redis could not tell.' }
      }
    },
    liveWorkers: { type: 'integer', minimum: 0, description: 'Delivery worker processes whose heartbeat is current.' },
    degradedReceivers: {
      type: 'array',
      items: { type: 'string' },
      description: 'Receivers whose circuit breaker is open or half-open (the gateway holds calls to them back); reported only, they do not make the gateway unready.'
    }
  }
} as const

export default async function healthRoutes (app: FastifyInstance): Promise<void> {
  app.get('/health/live', {
    schema: { tags: ['health'], summary: 'The process is up (what a container health check should ask)', response: { 200: liveBody } }
  }, async () => ({ status: 'ok' }))

  app.get('/health/ready', {
    schema: {
      tags: ['health'],
      summary: 'Ready to accept messages: Redis reachable and at least one delivery worker alive',
      response: {
        200: { ...readyBody, description: 'Ready: Redis answers and at least one delivery worker is alive.' },
        503: { ...readyBody, description: 'Not ready: `checks` tells which dependency is missing.' }
      }
    }
  }, async (_request, reply) => {
    const report = await checkReadiness({
      pingRedis: async () => await app.redis.ping(),
      countLiveWorkers: async () => await app.workerLiveness.countLive(),
      // Receivers whose circuit breaker is not closed: the gateway is not calling them now.
      degradedReceivers: async () => await app.breakers.degraded(app.registry.receivers().map((r) => r.id))
    })
    return await reply.code(report.status === 'ok' ? 200 : 503).send(report)
  })
}
