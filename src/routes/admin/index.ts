import type { Queue } from 'bullmq'
import type { RedisClient } from '../../redis-connection.js'
import type { FastifyInstance } from 'fastify'
import { errors } from '../../errors.js'
import { adminAuthHook } from '../../plugins/admin-auth.js'
import { DeadLetters } from '../../delivery/dead-letters.js'
import { queueNameFor } from '../../delivery/delivery-queues.js'
import { ADMIN_BLOCKED, errorResponses, type ErrorStatus } from '../error-responses.js'
import { auditAdminChanges } from './audit-hooks.js'
import credentialRoutes from './credentials.js'
import monitoringRoutes from './monitoring.js'
import evidenceRoutes from './evidence.js'
import flowAdminRoutes from './flows.js'

/** Error replies of admin routes: the admin token, not an API key, is what 401 is about. */
function adminErrors (statuses: readonly ErrorStatus[], notFound = 'LT_NOT_FOUND: no receiver with this id.') {
  return errorResponses([...statuses, 429, 503], { 401: 'LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset).', 404: notFound, 429: ADMIN_BLOCKED })
}
const noDeadLetter = 'LT_MESSAGE_NOT_FOUND: no dead letter with this messageId.'
// Listings are described, not constrained: a response schema would also drop fields when serializing.
const listing = (description: string) => ({ description, type: 'object', additionalProperties: true })
const pausedReply = {
  description: 'The receiver\'s queue is paused or resumed.',
  type: 'object',
  additionalProperties: false,
  required: ['receiver', 'paused'],
  properties: { receiver: { type: 'string' }, paused: { type: 'boolean' } }
} as const
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

/**
 * Jobs per minute over the last 5 and 60 minutes. BullMQ keeps finished jobs in sorted sets
 * scored by when they finished, so a count by score is exact (within the completed jobs' retention:
 * an hour, at most 10,000 per queue).
 */
async function perMinute (redis: RedisClient, queue: Queue, type: 'completed' | 'failed'): Promise<{ last5m: number, last60m: number }> {
  const now = Date.now()
  const key = queue.keys[type] as string
  const [last5, last60] = await Promise.all([redis.zcount(key, now - 5 * 60_000, '+inf'), redis.zcount(key, now - 60 * 60_000, '+inf')])
  return { last5m: Math.round(last5 / 5 * 10) / 10, last60m: Math.round(last60 / 60 * 10) / 10 }
}

interface ReplaySelection {
  messageIds?: string[]
  receiver?: string
  service?: string
  since?: string
  until?: string
  limit?: number
  all?: true
}

/**
 * Admin API (queues and dead letters), behind its own credential: `Authorization: Bearer $ADMIN_TOKEN`.
 * Bearer only: the dashboard's session cookie is not accepted here, so no page can make a
 * browser change queues or dead letters on the operator's behalf (no CSRF surface).
 */
export default async function adminRoutes (app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', adminAuthHook(app.config.adminToken, app.limits.adminSignIn))
  auditAdminChanges(app)
  const byReceiver = (request: { params: unknown }): string => (request.params as { receiver: string }).receiver
  const byMessageId = (request: { params: unknown }): string => (request.params as { messageId: string }).messageId
  const deadLetters = new DeadLetters({ redis: app.redis, store: app.store, queues: app.queues, callbacks: app.callbacks })

  function receiverOrThrow (id: string): string {
    if (app.registry.get(id)?.endpoint === undefined) throw errors.notFound(`no receiver ${id}`)
    return id
  }

  app.get('/admin/api/queues', {
    schema: { tags: ['admin'], summary: 'Delivery queues and their counts', security: [{ adminToken: [] }], response: { 200: listing('Each receiver\'s queue: counts and whether paused.'), ...adminErrors([401, 500]) } }
  }, async () => {
    const queues = []
    for (const receiver of app.registry.receivers()) {
      const queue = app.queues.for(receiver.id)
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized')
      const circuit = (await app.breakers.status(receiver.id)).state
      const rates = { completedPerMinute: await perMinute(app.redis, queue, 'completed'), failedPerMinute: await perMinute(app.redis, queue, 'failed') }
      queues.push({ receiver: receiver.id, name: receiver.name, queue: queueNameFor(receiver.id), paused: await queue.isPaused(), circuit, counts, rates })
    }
    return { queues }
  })

  app.get('/admin/api/participants', {
    schema: {
      tags: ['admin'],
      summary: 'Participants and their access rights (read-only; the registry file is the source)',
      description: 'Each participant\'s credentials as the credential store holds them (id, kind, source, created, last used, expiry, state; never a secret or its hash: the same view as its credentials endpoint), rights per service and receiver, callback URL prefixes, whether a callback secret is set, and each receiver\'s endpoint and delivery policy (never its credentials).',
      security: [{ adminToken: [] }],
      response: { 200: listing('Every participant of the registry.'), ...adminErrors([401, 500]) }
    }
  }, async () => {
    const credentials = await app.credentials.listAll()
    return {
      participants: app.registry.participants().map((p) => ({
        id: p.id,
        name: p.name,
        credentials: credentials.get(p.id) ?? [],
        rights: p.rights,
        callbackUrls: p.callbackUrls ?? [],
        callbackSecret: p.callbackSecret !== undefined,
        ...(p.endpoint !== undefined
          ? { endpoint: { kind: p.endpoint.kind, baseUrl: p.endpoint.baseUrl, services: p.endpoint.services, ...(p.endpoint.agencyCode !== undefined ? { agencyCode: p.endpoint.agencyCode } : {}), delivery: p.endpoint.delivery } }
          : {})
      }))
    }
  })

  app.get('/admin/api/circuit-breakers', {
    schema: {
      tags: ['admin'],
      summary: 'Circuit breakers of the receiving systems',
      description: 'closed: calls go through; open: after repeated failures, sync calls fall back to the queue at once and queued deliveries wait until retryAt; half-open: one probe call decides.',
      security: [{ adminToken: [] }],
      response: { 200: listing('Each receiver\'s breaker: state, consecutive failures, openedAt, retryAt, lastError.'), ...adminErrors([401, 500]) }
    }
  }, async () => ({ breakers: await Promise.all(app.registry.receivers().map(async (r) => await app.breakers.status(r.id))) }))

  app.post<{ Params: { receiver: string } }>('/admin/api/circuit-breakers/:receiver/reset', {
    config: { audit: { action: 'circuit-breaker.reset', target: byReceiver } },
    schema: { tags: ['admin'], summary: 'Close a receiver\'s circuit breaker now (the receiver is known to be back)', security: [{ adminToken: [] }], params: receiverParams, response: { 200: listing('The breaker, now closed.'), ...adminErrors([400, 401, 404, 500]) } }
  }, async (request) => {
    await app.breakers.reset(receiverOrThrow(request.params.receiver))
    return await app.breakers.status(request.params.receiver)
  })

  app.post<{ Params: { receiver: string } }>('/admin/api/queues/:receiver/pause', {
    config: { audit: { action: 'queue.pause', target: byReceiver } },
    schema: { tags: ['admin'], summary: 'Pause delivery to a receiver (messages are still accepted and queued)', security: [{ adminToken: [] }], params: receiverParams, response: { 200: pausedReply, ...adminErrors([400, 401, 404, 413, 415, 500]) } }
  }, async (request) => {
    await app.queues.for(receiverOrThrow(request.params.receiver)).pause()
    return { receiver: request.params.receiver, paused: true }
  })

  app.post<{ Params: { receiver: string } }>('/admin/api/queues/:receiver/resume', {
    config: { audit: { action: 'queue.resume', target: byReceiver } },
    schema: { tags: ['admin'], summary: 'Resume delivery to a receiver', security: [{ adminToken: [] }], params: receiverParams, response: { 200: pausedReply, ...adminErrors([400, 401, 404, 413, 415, 500]) } }
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
      },
      response: { 200: listing('Dead letters, newest first, each with its last error.'), ...adminErrors([400, 401, 500]) }
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
    schema: { tags: ['admin'], summary: 'One dead letter: its record, last error and every attempt', security: [{ adminToken: [] }], params: messageIdParams, response: { 200: listing('The dead letter\'s record, with its history.'), ...adminErrors([400, 401, 404, 500], noDeadLetter) } }
  }, async (request) => {
    const record = await app.store.get(request.params.messageId)
    if (record?.status !== 'dead') throw errors.messageNotFound(`no dead letter ${request.params.messageId}`)
    const { contentHash: _hash, evidenceIds: _ids, ...rest } = record
    return { ...rest, senderMessageId: record.envelope.header.messageId, history: await app.store.history(record.messageId) }
  })

  app.post<{ Body: ReplaySelection }>('/admin/api/dead-letters/replay', {
    config: { audit: { action: 'dead-letters.replay-selection', target: () => 'dead-letters' } },
    schema: {
      tags: ['admin'],
      summary: 'Replay a selection of dead letters (same messageIds)',
      description: 'Either `messageIds`, or filters (receiver, service, since, until; at most `limit`, default 100), or `all: true` for every dead letter up to `limit`.',
      security: [{ adminToken: [] }],
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          messageIds: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'string', format: 'uuid' } },
          receiver: { type: 'string', maxLength: 60 },
          service: { type: 'string', maxLength: 60 },
          since: { type: 'string', format: 'date-time' },
          until: { type: 'string', format: 'date-time' },
          limit: { type: 'integer', minimum: 1, maximum: 1000 },
          all: { type: 'boolean', const: true }
        }
      },
      response: { 200: listing('`replayed`: the messageIds queued again; `skipped`: those that were not dead letters.'), ...adminErrors([400, 401, 413, 415, 422, 500]) }
    }
  }, async (request) => {
    const b = request.body
    request.auditDetail = { selection: b }
    if (b.messageIds !== undefined) {
      if (Object.keys(b).length > 1) throw errors.schemaInvalid('give either messageIds or filters, not both', [{ pointer: '/messageIds', problem: 'not with filters' }])
      return await deadLetters.replayMany({ messageIds: b.messageIds })
    }
    const filtered = b.receiver !== undefined || b.service !== undefined || b.since !== undefined || b.until !== undefined
    if (!filtered && b.all !== true) throw errors.schemaInvalid('name messageIds, a filter, or all: true', [{ pointer: '', problem: 'no selection' }])
    return await deadLetters.replayMany({
      limit: b.limit ?? 100,
      ...(b.receiver !== undefined ? { receiver: b.receiver } : {}),
      ...(b.service !== undefined ? { service: b.service } : {}),
      ...(b.since !== undefined ? { since: Date.parse(b.since) } : {}),
      ...(b.until !== undefined ? { until: Date.parse(b.until) } : {})
    })
  })

  app.post<{ Params: { messageId: string } }>('/admin/api/dead-letters/:messageId/replay', {
    config: { audit: { action: 'dead-letter.replay', target: byMessageId } },
    schema: {
      tags: ['admin'],
      summary: 'Replay one dead letter (same messageId)',
      security: [{ adminToken: [] }],
      params: messageIdParams,
      response: {
        202: { description: 'Queued again, with its full attempts.', type: 'object', additionalProperties: false, required: ['messageId', 'status'], properties: { messageId: { type: 'string' }, status: { type: 'string', enum: ['queued'] } } },
        ...adminErrors([400, 401, 404, 413, 415, 500], noDeadLetter)
      }
    }
  }, async (request, reply) => {
    if (!await deadLetters.replay(request.params.messageId)) throw errors.messageNotFound(`no dead letter ${request.params.messageId}`)
    return await reply.code(202).send({ messageId: request.params.messageId, status: 'queued' })
  })

  app.delete<{ Params: { messageId: string } }>('/admin/api/dead-letters/:messageId', {
    config: { audit: { action: 'dead-letter.purge', target: byMessageId } },
    schema: { tags: ['admin'], summary: 'Purge one dead letter (its record stays, status dead)', security: [{ adminToken: [] }], params: messageIdParams, response: { 204: { description: 'Purged.', type: 'null' }, ...adminErrors([400, 401, 404, 500], noDeadLetter) } }
  }, async (request, reply) => {
    if (!await deadLetters.purge(request.params.messageId)) throw errors.messageNotFound(`no dead letter ${request.params.messageId}`)
    return await reply.code(204).send()
  })

  await app.register(credentialRoutes)
  await app.register(monitoringRoutes)
  await app.register(evidenceRoutes)
  await app.register(flowAdminRoutes)
}
