import type { FastifyInstance } from 'fastify'

const healthBody = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    checks: { type: 'object', additionalProperties: { type: 'string' } }
  }
} as const

export default async function healthRoutes (app: FastifyInstance): Promise<void> {
  app.get('/health/live', {
    schema: { tags: ['health'], summary: 'The process is up', response: { 200: healthBody } }
  }, async () => ({ status: 'ok' }))

  app.get('/health/ready', {
    schema: { tags: ['health'], summary: 'Ready to accept messages (Redis reachable)', response: { 200: healthBody, 503: healthBody } }
  }, async (_request, reply) => {
    let redis = 'ok'
    try {
      await Promise.race([
        app.redis.ping(),
        new Promise((_resolve, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref())
      ])
    } catch {
      redis = 'unreachable'
    }
    const ok = redis === 'ok'
    return await reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: { redis } })
  })
}
