import type { FastifyInstance } from 'fastify'
import { errors } from '../../errors.js'
import { adminAuthHook } from '../../plugins/admin-auth.js'
import { DeadLetters } from '../../delivery/dead-letters.js'
import { queueNameFor } from '../../delivery/delivery-queues.js'

const errorRef = { $ref: 'error.json#' }
const messageIdParams = {
  type: 'object',
  additionalProperties: false,
  required: ['messageId'],
  properties: { messageId: { type: 'string', format: 'uuid' } }
} as const
const receiverParams = {
  type: 'object',
  additionalProperties: false,
  required: ['receiver'],
  properties: { receiver: { type: 'string', maxLength: 60 } }
} as const

/** Admin API (queues and dead letters), behind its own credential: `Authorization: Bearer $ADMIN_TOKEN`. */
export default async function adminRoutes (app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', adminAuthHook(app.config.adminToken))
  const deadLetters = new DeadLetters({ redis: app.redis, store: app.store, queues: app.queues })

  function receiverOrThrow (id: string): string {
    if (app.registry.get(id)?.endpoint === undefined) throw errors.notFound(`no receiver ${id}`)
    return id
  }

  app.get('/admin/api/queues', {
    schema: { tags: ['admin'], summary: 'Delivery queues and their counts', security: [{ adminToken: [] }] }
  }, async () => {
    const queues = []
    for (const receiver of app.registry.receivers()) {
      const queue = app.queues.for(receiver.id)
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'paused', 'prioritized')
      queues.push({ receiver: receiver.id, name: receiver.name, queue: queueNameFor(receiver.id), paused: await queue.isPaused(), counts })
    }
    return { queues }
  })

  app.post<{ Params: { receiver: string } }>('/admin/api/queues/:receiver/pause', {
    schema: { tags: ['admin'], summary: 'Pause delivery to a receiver (messages are still accepted and queued)', security: [{ adminToken: [] }], params: receiverParams }
  }, async (request) => {
    await app.queues.for(receiverOrThrow(request.params.receiver)).pause()
    return { receiver: request.params.receiver, paused: true }
  })

  app.post<{ Params: { receiver: string } }>('/admin/api/queues/:receiver/resume', {
    schema: { tags: ['admin'], summary: 'Resume delivery to a receiver', security: [{ adminToken: [] }], params: receiverParams }
  }, async (request) => {
    await app.queues.for(receiverOrThrow(request.params.receiver)).resume()
    return { receiver: request.params.receiver, paused: false }
  })

  app.get<{ Querystring: { receiver?: string, service?: string, since?: string, until?: string, limit?: number } }>('/admin/api/dead-letters', {
    schema: {
      tags: ['admin'],
      summary: 'Dead letters, newest first',
      security: [{ adminToken: [] }],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          receiver: { type: 'string' },
          service: { type: 'string' },
          since: { type: 'string', format: 'date-time' },
          until: { type: 'string', format: 'date-time' },
          limit: { type: 'string', pattern: '^[1-9][0-9]{0,3}$' }
        }
      }
    }
  }, async (request) => {
    const q = request.query
    const deadLettersList = await deadLetters.list({
      limit: q.limit === undefined ? 100 : Number(q.limit),
      ...(q.receiver !== undefined ? { receiver: q.receiver } : {}),
      ...(q.service !== undefined ? { service: q.service } : {}),
      ...(q.since !== undefined ? { since: Date.parse(q.since) } : {}),
      ...(q.until !== undefined ? { until: Date.parse(q.until) } : {})
    })
    return { deadLetters: deadLettersList }
  })

  app.get<{ Params: { messageId: string } }>('/admin/api/dead-letters/:messageId', {
    schema: { tags: ['admin'], summary: 'One dead letter: its record, last error and every attempt', security: [{ adminToken: [] }], params: messageIdParams, response: { 404: errorRef } }
  }, async (request) => {
    const record = await app.store.get(request.params.messageId)
    if (record?.status !== 'dead') throw errors.messageNotFound(`no dead letter ${request.params.messageId}`)
    const { contentHash: _hash, ...rest } = record
    return { ...rest, history: await app.store.history(record.messageId) }
  })

  app.post<{ Params: { messageId: string } }>('/admin/api/dead-letters/:messageId/replay', {
    schema: { tags: ['admin'], summary: 'Replay one dead letter (same messageId)', security: [{ adminToken: [] }], params: messageIdParams, response: { 404: errorRef } }
  }, async (request, reply) => {
    if (!await deadLetters.replay(request.params.messageId)) throw errors.messageNotFound(`no dead letter ${request.params.messageId}`)
    return await reply.code(202).send({ messageId: request.params.messageId, status: 'queued' })
  })

  app.delete<{ Params: { messageId: string } }>('/admin/api/dead-letters/:messageId', {
    schema: { tags: ['admin'], summary: 'Purge one dead letter (its record stays, status dead)', security: [{ adminToken: [] }], params: messageIdParams, response: { 404: errorRef } }
  }, async (request, reply) => {
    if (!await deadLetters.purge(request.params.messageId)) throw errors.messageNotFound(`no dead letter ${request.params.messageId}`)
    return await reply.code(204).send()
  })
}
