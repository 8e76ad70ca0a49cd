import type { FastifyInstance } from 'fastify'
import { adminAuthHook } from '../../plugins/admin-auth.js'
import { ADMIN_BLOCKED } from '../error-responses.js'

const errorRef = { $ref: 'error.json#' }

/** Prometheus scrape endpoint, behind the admin token like the rest of the operators' surface. */
export default async function metricsRoutes (app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', adminAuthHook(app.config.adminToken, app.limits.adminSignIn))

  app.get('/metrics', {
    schema: {
      tags: ['admin'],
      summary: 'Prometheus metrics',
      description: 'This process\'s request and upstream latency, refusals at intake, Node.js process series, and the cluster-wide series read from Redis: messages by outcome, retries, dead letters, queue depth per receiver, live workers. Prometheus text format 0.0.4.',
      security: [{ adminToken: [] }],
      response: {
        200: { description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: { type: 'string' } } } },
        401: errorRef,
        429: { description: ADMIN_BLOCKED, ...errorRef },
        503: errorRef
      }
    }
  }, async (_request, reply) => {
    const text = await app.metrics.render()
    return await reply.type(app.metrics.contentType).send(text)
  })
}
