import type { FastifyInstance } from 'fastify'
import { errors } from '../../errors.js'
import { messageIdProblem, normalizeNfc } from '../../message-schemas.js'
import type { Envelope } from '../../messages/message-store.js'
import { statusUrl } from '../../intake/message-intake.js'
import { errorResponses, participantSecurity } from '../error-responses.js'
import { assertInScope } from '../../plugins/authentication.js'

/** The headers that bind an answer to the request it answers. */
const proofHeaders = {
  'x-lienthong-request-hash': { type: 'string', description: 'base64url SHA-256 of the exact request body bytes the gateway received (on every answer, refusals included).' },
  'x-road-id': { type: 'string', description: 'The messageId, as X-Road names it.' },
  'x-road-request-hash': { type: 'string', description: 'The same hash as X-Lienthong-Request-Hash, as X-Road names it.' }
} as const

function receiptHeader (covers: string): Record<string, { type: 'string', description: string }> {
  return {
    'x-lienthong-receipt': {
      type: 'string',
      description: `The gateway's signed receipt: a compact JWS (typ lienthong-receipt+jwt, a kid of /.well-known/jwks.json) over the messageId, sender, receiver, service, request hash (of the message as first recorded), the status and its time; here ${covers}. Absent when the gateway has no signing key.`
    }
  }
}

export default async function messageRoutes (app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.authenticate)

  app.post<{ Body: Envelope }>('/v1/messages', {
    schema: {
      tags: ['messages'],
      summary: 'Submit a message',
      description: 'Validates the envelope and its body against the service schema, checks the sender\'s rights, records the message (idempotent on header.messageId) and delivers it: sync services answer 200 with the reply envelope; async services, and sync services whose receiver is down or slow, answer 202 with a status link.',
      security: participantSecurity,
      body: { $ref: 'envelope.json#' },
      response: {
        200: { description: 'Sync service: the reply envelope.', $ref: 'envelope.json#', headers: { ...proofHeaders, ...receiptHeader('delivered: the reply hash and the delivery time') } },
        202: {
          description: 'Queued for delivery (async services, and sync services whose receiver is down or slow); the `Location` header and statusUrl name the message state to poll.',
          $ref: 'message-accepted.json#',
          headers: { location: { type: 'string', description: 'The message state: /v1/messages/{messageId}.' }, ...proofHeaders, ...receiptHeader('the status in the answer (queued, or where a re-posted message stands)') }
        },
        ...errorResponses([400, 401, 403, 409, 410, 413, 415, 422, 429, 500, 502, 503], {
          429: 'LT_RATE_LIMITED (more messages of this service than your rate limit allows; wait `Retry-After` seconds) or LT_QUOTA_EXCEEDED (your daily quota of this service is used up until midnight Vietnam time) or LT_VERIFY_LOCKED (citizen.verify: too many of your verifications of this ID number did not match; wait `Retry-After` seconds). The `RateLimit-Policy` and `RateLimit` headers show the limits and what is left.'
        })
      }
    },
    preValidation: [async (request) => {
      const header = (request.body as Partial<Envelope> | undefined)?.header
      // A UUID in upper case is the same messageId: compare (and store) them in lower case.
      if (typeof header?.messageId === 'string' && header.messageId.isWellFormed()) {
        header.messageId = header.messageId.toLowerCase()
        request.messageId = header.messageId
      }
      // Vietnamese text may arrive decomposed (NFD); validate, store and compare it in NFC.
      const illFormed = normalizeNfc(request.body)
      if (illFormed.length > 0) throw errors.schemaInvalid('text in the message is not well-formed Unicode', illFormed)
    }, app.limits.messages],
    // Every answer, refusals included, names the bytes it answers.
    onSend: (request, reply, payload, done) => {
      if (request.bodyHash !== null) void reply.header('x-lienthong-request-hash', request.bodyHash).header('x-road-request-hash', request.bodyHash)
      // Only a well-formed id: the header echoes nothing else of what the client sent.
      if (request.messageId !== undefined && messageIdProblem(request.messageId) === null) void reply.header('x-road-id', request.messageId)
      done(null, payload)
    }
  }, async (request, reply) => {
    const { header } = request.body
    // messageId and correlationId are already bound to request.log (plugins/observability.ts).
    request.log.debug({ service: header.service, to: header.to }, 'message received')
    assertInScope(request, header.service, '/header/service')
    // A sync message mostly waits on its receiver: it no longer counts against the overload cap.
    if (app.schemas.versionsOf(header.service)?.get(header.version)?.mode === 'sync') app.overload.release(request)
    const result = await app.intake.submit(request.body, request.participant, {
      ...(request.bodyHash !== null ? { requestHash: request.bodyHash } : {}),
      ...(request.bodyBytes !== null ? { requestBytes: request.bodyBytes } : {}),
      onQuota: (usage) => app.limits.report(reply, { name: `${usage.service}-daily`, quota: usage.limit, windowSeconds: 86_400, remaining: usage.limit - usage.used, resetSeconds: usage.resetSeconds })
    })
    if (result.statusCode === 202) void reply.header('location', statusUrl(header.messageId))
    if (result.receipt !== undefined) void reply.header('x-lienthong-receipt', result.receipt)
    return await reply.code(result.statusCode).send(result.body)
  })

  app.get<{ Querystring: { correlationId?: string, since?: string, until?: string, limit?: string } }>('/v1/messages', {
    onRequest: app.limits.reads,
    schema: {
      tags: ['messages'],
      summary: 'Your messages',
      description: 'The messages you sent, newest first: those accepted between `since` and `until`, with `correlationId` when given (e.g. every message of one dossier). Only your own; kept MESSAGE_RETENTION_DAYS. With an access token, only the services in its scope. `truncated`: there may be more; narrow the range (e.g. `until` = the oldest `createdAt` shown).',
      security: participantSecurity,
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          correlationId: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' },
          since: { type: 'string', format: 'date-time' },
          until: { type: 'string', format: 'date-time' },
          limit: { type: 'string', pattern: '^([1-9][0-9]{0,2}|1000)$', description: 'At most this many (default 100, up to 1000).' }
        }
      },
      response: {
        200: {
          description: 'Your messages, newest first.',
          type: 'object',
          additionalProperties: false,
          required: ['messages', 'truncated'],
          properties: {
            messages: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['messageId', 'service', 'version', 'to', 'status', 'createdAt', 'updatedAt', 'statusUrl'],
                properties: {
                  messageId: { type: 'string' },
                  service: { type: 'string' },
                  version: { type: 'string' },
                  to: { type: 'string' },
                  correlationId: { type: 'string' },
                  status: { type: 'string', enum: ['accepted', 'queued', 'delivering', 'retrying', 'delivered', 'dead'] },
                  createdAt: { type: 'string', format: 'date-time' },
                  updatedAt: { type: 'string', format: 'date-time' },
                  statusUrl: { type: 'string' }
                }
              }
            },
            truncated: { type: 'boolean', description: 'More messages may match: narrow the time range.' }
          }
        },
        ...errorResponses([400, 401, 429, 500, 503])
      }
    }
  }, async (request) => {
    const q = request.query
    const since = q.since === undefined ? undefined : Date.parse(q.since)
    const until = q.until === undefined ? undefined : Date.parse(q.until)
    if (since !== undefined && until !== undefined && since > until) {
      throw errors.badRequest('the request parameters are not valid', [{ pointer: '/querystring/since', problem: 'is after until' }])
    }
    const { messages, truncated } = await app.store.listSent(request.participant.id, {
      limit: q.limit === undefined ? 100 : Number(q.limit),
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(q.correlationId !== undefined ? { correlationId: q.correlationId } : {})
    })
    const scope = request.credential.scope
    const visible = scope === undefined ? messages : messages.filter((m) => scope.includes(m.service))
    return { messages: visible.map((m) => ({ ...m, statusUrl: statusUrl(m.messageId) })), truncated }
  })

  app.get<{ Params: { messageId: string } }>('/v1/messages/:messageId', {
    onRequest: app.limits.reads,
    schema: {
      tags: ['messages'],
      summary: 'A message\'s state',
      description: 'Status, attempts, timestamps, history, the last error and, once delivered, the reply. Only the sender sees a message.',
      security: participantSecurity,
      params: {
        type: 'object',
        additionalProperties: false,
        required: ['messageId'],
        properties: { messageId: { type: 'string', format: 'uuid' } }
      },
      response: {
        200: { description: 'Where the message stands.', $ref: 'message-state.json#' },
        ...errorResponses([400, 401, 403, 404, 429, 500, 503], { 403: 'LT_SCOPE_FORBIDDEN: the access token\'s scope does not include the message\'s service.', 404: 'LT_MESSAGE_NOT_FOUND: you sent no message with this id (another sender\'s message is answered the same way), or its record has expired (MESSAGE_RETENTION_DAYS).' })
      }
    }
  }, async (request) => {
    const messageId = request.params.messageId.toLowerCase()
    // Only the caller's own messages: another sender's is answered as missing.
    const record = await app.store.getForSender(request.participant.id, messageId)
    if (record === undefined) throw errors.messageNotFound(`no message ${messageId} sent by ${request.participant.id}`)
    assertInScope(request, record.service, '/messageId')
    const history = await app.store.history(record.messageId)
    const { envelope: _envelope, contentHash: _hash, response: _response, previousMessageId, nextMessageId: _next, evidenceIds: _ids, evidenceEvents: _events, ...state } = record
    // The dossier's previous change, named by its own sender's messageId, and only if it is the caller's:
    // another sender's record id is none of its business.
    const previous = previousMessageId === undefined ? undefined : await app.store.get(previousMessageId)
    const ownPrevious = previous?.from === request.participant.id ? { previousMessageId: previous.envelope.header.messageId } : {}
    // A procedure group: each step as it stands.
    const steps = record.dossierCode !== undefined && app.flows.handles(record.service) ? { steps: await app.flows.stepsOf(record) } : {}
    return { ...state, ...ownPrevious, ...steps, messageId, statusUrl: statusUrl(messageId), history }
  })
}
