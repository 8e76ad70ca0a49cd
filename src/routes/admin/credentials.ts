import type { FastifyInstance } from 'fastify'
import { errors } from '../../errors.js'
import type { CredentialKind } from '../../credentials/credential-store.js'
import { errorResponses, type ErrorStatus } from '../error-responses.js'

function adminErrors (statuses: readonly ErrorStatus[], notFound: string) {
  return errorResponses(statuses, { 401: 'LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset).', 404: notFound })
}
const noParticipant = 'LT_NOT_FOUND: no participant with this id in the registry.'

const credentialView = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'participantId', 'kind', 'source', 'createdAt', 'state'],
  properties: {
    id: { type: 'string', description: 'The credential id; for a client secret, the OAuth2 client_id.' },
    participantId: { type: 'string' },
    kind: { type: 'string', enum: ['api-key', 'client-secret'] },
    source: { type: 'string', enum: ['registry', 'admin'], description: 'registry: seeded from the registry file; admin: issued through this API.' },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: 'string', format: 'date-time', description: 'Last authentication with it (written at most once a minute per gateway process).' },
    expiresAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: 'string', format: 'date-time' },
    state: { type: 'string', enum: ['active', 'expired', 'revoked', 'removed-from-registry'] }
  }
} as const

const participantParams = {
  type: 'object',
  additionalProperties: false,
  required: ['participantId'],
  properties: { participantId: { type: 'string', maxLength: 60 } }
} as const

/**
 * Credentials without editing files: issue (the secret is shown once), list, revoke. Every
 * gateway process sees a change within a second. Registered inside the admin API, so its
 * admin-token hook and audit hooks apply.
 */
export default async function credentialRoutes (app: FastifyInstance): Promise<void> {
  function participantOrThrow (id: string): string {
    if (app.registry.get(id) === undefined) throw errors.notFound(`no participant ${id}`)
    return id
  }

  app.get<{ Params: { participantId: string } }>('/admin/api/participants/:participantId/credentials', {
    schema: {
      tags: ['admin'],
      summary: 'A participant\'s API keys and client secrets (never the secrets or their hashes)',
      security: [{ adminToken: [] }],
      params: participantParams,
      response: {
        200: { description: 'Oldest first.', type: 'object', additionalProperties: false, required: ['credentials'], properties: { credentials: { type: 'array', items: credentialView } } },
        ...adminErrors([400, 401, 404, 500], noParticipant)
      }
    }
  }, async (request) => ({ credentials: await app.credentials.list(participantOrThrow(request.params.participantId)) }))

  app.post<{ Params: { participantId: string }, Body: { kind: CredentialKind, expiresAt?: string } }>('/admin/api/participants/:participantId/credentials', {
    config: { audit: { action: 'credential.issue', target: (request) => (request.params as { participantId: string }).participantId } },
    // An unknown participant is 404 whatever the body; a malformed id is left to the params schema (400).
    preValidation: async (request) => {
      const id = (request.params as { participantId: string }).participantId
      if (id.length <= 60) participantOrThrow(id)
    },
    schema: {
      tags: ['admin'],
      summary: 'Issue an API key or an OAuth2 client secret (shown once)',
      description: 'The answer holds the secret: this is the only time it is shown, since the gateway keeps only its SHA-256. Hand it to the participant over a secure channel. A client secret\'s credential id is its OAuth2 client_id.',
      security: [{ adminToken: [] }],
      params: participantParams,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['kind'],
        properties: {
          kind: { type: 'string', enum: ['api-key', 'client-secret'] },
          expiresAt: { type: 'string', format: 'date-time', description: 'When it stops working; none: until revoked.' }
        }
      },
      response: {
        201: {
          description: 'Issued. `secret` is shown this once.',
          type: 'object',
          additionalProperties: false,
          required: ['credential', 'secret'],
          properties: { credential: credentialView, secret: { type: 'string' } }
        },
        ...adminErrors([400, 401, 404, 413, 415, 422, 500], noParticipant)
      }
    }
  }, async (request, reply) => {
    const participantId = participantOrThrow(request.params.participantId)
    const { kind, expiresAt } = request.body
    if (expiresAt !== undefined && Date.parse(expiresAt) <= Date.now()) {
      throw errors.schemaInvalid('expiresAt is in the past', [{ pointer: '/expiresAt', problem: 'must be in the future' }])
    }
    const issued = await app.credentials.issue(participantId, kind, expiresAt === undefined ? undefined : new Date(expiresAt).toISOString())
    request.auditDetail = { credentialId: issued.credential.id, kind, ...(expiresAt !== undefined ? { expiresAt } : {}) }
    return await reply.code(201).header('cache-control', 'no-store').send(issued)
  })

  app.delete<{ Params: { participantId: string, credentialId: string } }>('/admin/api/participants/:participantId/credentials/:credentialId', {
    config: { audit: { action: 'credential.revoke', target: (request) => { const p = request.params as { participantId: string, credentialId: string }; return `${p.participantId}/${p.credentialId}` } } },
    schema: {
      tags: ['admin'],
      summary: 'Revoke a credential (at once; every gateway process within a second)',
      description: 'Revoking a client secret also ends the access tokens issued to it. Revoking twice is harmless: the first revocation time stays. A key seeded from the registry file stays revoked even though the file still lists it.',
      security: [{ adminToken: [] }],
      params: {
        type: 'object',
        additionalProperties: false,
        required: ['participantId', 'credentialId'],
        properties: { participantId: { type: 'string', maxLength: 60 }, credentialId: { type: 'string', maxLength: 128 } }
      },
      response: { 200: { ...credentialView, description: 'The credential, revoked.' }, ...adminErrors([400, 401, 404, 500], 'LT_NOT_FOUND: no such participant, or it has no credential with this id.') }
    }
  }, async (request) => {
    const { participantId, credentialId } = request.params
    const revoked = await app.credentials.revoke(participantOrThrow(participantId), credentialId)
    if (revoked === undefined) throw errors.notFound(`${participantId} has no credential ${credentialId}`)
    return revoked
  })

  app.get<{ Querystring: { since?: string, until?: string, limit?: string } }>('/admin/api/audit', {
    schema: {
      tags: ['admin'],
      summary: 'Audit records of admin changes, newest first',
      description: 'Every change made through the admin API (credentials, queues, dead letters, circuit breakers) and every dashboard sign-in and sign-out: who (`actor`), what (`action`, `target`, `detail`), when (`at`), from where (`clientAddress`), and the `outcome`. Kept AUDIT_RETENTION_DAYS.',
      security: [{ adminToken: [] }],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          since: { type: 'string', format: 'date-time' },
          until: { type: 'string', format: 'date-time' },
          limit: { type: 'string', pattern: '^[1-9][0-9]{0,3}$', description: 'At most this many (default 100, up to 9999).' }
        }
      },
      response: {
        200: {
          description: 'Audit records, newest first.',
          type: 'object',
          additionalProperties: false,
          required: ['records'],
          properties: {
            records: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['id', 'at', 'actor', 'action', 'target', 'clientAddress', 'outcome', 'statusCode'],
                properties: {
                  id: { type: 'string', description: 'Redis stream entry id (orders the records).' },
                  at: { type: 'string', format: 'date-time' },
                  actor: { type: 'string', enum: ['admin-token', 'admin-session', 'registry-file'] },
                  action: { type: 'string' },
                  target: { type: 'string' },
                  clientAddress: { type: 'string' },
                  outcome: { type: 'string', enum: ['success', 'refused', 'failed'] },
                  statusCode: { type: 'integer' },
                  detail: { type: 'object', additionalProperties: true }
                }
              }
            }
          }
        },
        ...adminErrors([400, 401, 500], 'LT_NOT_FOUND')
      }
    }
  }, async (request) => {
    const q = request.query
    return {
      records: await app.audit.list({
        limit: q.limit === undefined ? 100 : Number(q.limit),
        ...(q.since !== undefined ? { since: Date.parse(q.since) } : {}),
        ...(q.until !== undefined ? { until: Date.parse(q.until) } : {})
      })
    }
  })
}
