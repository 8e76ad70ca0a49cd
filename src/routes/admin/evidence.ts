import type { FastifyInstance } from 'fastify'
import { errors, retryAfter } from '../../errors.js'
import { EvidenceError, type EvidenceBundle } from '../../evidence/evidence-log.js'
import { errorResponses } from '../error-responses.js'

const looseObject = { type: 'object', additionalProperties: true } as const

const bundleSchema = {
  description: 'A self-contained evidence bundle (one JSON document): verify it offline with `npm run evidence -- verify <file>`.',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'keys', 'manifest', 'records', 'checkpoints'],
  properties: {
    format: { type: 'string', enum: ['lienthong-evidence-bundle/1'] },
    keys: { ...looseObject, description: 'The gateway\'s public keys (its /.well-known/jwks.json) when it exported; pin them with `--jwks`.' },
    manifest: { type: 'string', description: 'Compact JWS (typ lienthong-evidence-manifest+jwt): the scope and, for a message, its status and event count.' },
    records: {
      type: 'array',
      description: 'Evidence records: { v, seq, id, at, event, messageId?, n?, detail, prev, hash }; `hash` is the base64url SHA-256 of the record\'s RFC 8785 JSON without it, `prev` the hash of the record before.',
      items: looseObject
    },
    checkpoints: {
      type: 'array',
      description: 'Signed checkpoints ({ checkpoint: compact JWS, typ lienthong-evidence-checkpoint+jwt, over fromSeq, toSeq, head, Merkle root and the previous checkpoint; timestamp?: RFC 3161 token, base64 DER }).',
      items: looseObject
    },
    proofs: {
      type: 'array',
      description: 'A message\'s bundle: each record\'s RFC 6962 Merkle audit path into its checkpoint (the other records of the chain are not included).',
      items: looseObject
    }
  }
} as const

const errorText = {
  404: 'LT_NOT_FOUND: no such message in the store (its record expired, or it never was: try the time-range export), or the evidence log is off (EVIDENCE_LOG=off, or no SIGNING_KEYS).',
  422: 'LT_EVIDENCE_RANGE_TOO_LARGE: the range holds more records than one export may (EVIDENCE_EXPORT_MAX_RECORDS): narrow it.',
  503: 'LT_EVIDENCE_NOT_SEALED: the events asked for are being sealed by another process; retry after `Retry-After` seconds. LT_UNAVAILABLE: Redis is away.'
}

function evidenceOf (app: FastifyInstance): NonNullable<FastifyInstance['evidence']> {
  if (app.evidence === undefined) throw errors.notFound('the evidence log is off (EVIDENCE_LOG=off, or no SIGNING_KEYS to sign its checkpoints)')
  return app.evidence
}

function asGatewayError (err: unknown): unknown {
  if (!(err instanceof EvidenceError)) return err
  if (err.code === 'LT_EVIDENCE_RANGE_TOO_LARGE') return errors.evidenceRangeTooLarge(err.message, [{ pointer: '/querystring/since', problem: 'the range is too wide' }])
  if (err.code === 'LT_EVIDENCE_NOT_SEALED') return retryAfter(errors.evidenceNotSealed(err.message), 2)
  return errors.notFound(err.message)
}

/**
 * Evidence exports: every event of one message, or of a time range, from the tamper-evident log,
 * with the signed checkpoints that seal them. Each export is an admin action: audited, and so
 * itself in the evidence log.
 */
export default async function evidenceRoutes (app: FastifyInstance): Promise<void> {
  app.get<{ Params: { messageId: string } }>('/admin/api/evidence/messages/:messageId', {
    config: { audit: { action: 'evidence.export-message', target: (r) => (r.params as { messageId: string }).messageId } },
    schema: {
      tags: ['admin'],
      summary: 'The evidence of one message, as a verifiable bundle',
      description: 'Every event of the message (accepted, each attempt and its outcome, delivered with the reply hash, dead, replayed, purged), each with the Merkle proof that ties it to a signed checkpoint, and a signed manifest of its status and event count, so a missing event shows. Identifiers and hashes only. The messageId is the record\'s id (as the dead letters and the monitoring records give it).',
      security: [{ adminToken: [] }],
      params: { type: 'object', additionalProperties: false, required: ['messageId'], properties: { messageId: { type: 'string', format: 'uuid' } } },
      response: { 200: bundleSchema, ...errorResponses([400, 401, 404, 429, 500, 503], errorText) }
    }
  }, async (request): Promise<EvidenceBundle> => {
    const evidence = evidenceOf(app)
    const id = request.params.messageId.toLowerCase()
    const record = await app.store.get(id)
    if (record === undefined) throw errors.notFound(`no message ${id} in the store; export a time range instead`)
    const ids = record.evidenceIds?.split(',') ?? []
    if (ids.length === 0) throw errors.notFound(`message ${id} was recorded while the evidence log was off`)
    return await evidence.exportMessage(id, ids, record.status).catch((err: unknown) => { throw asGatewayError(err) })
  })

  app.get<{ Querystring: { since: string, until?: string } }>('/admin/api/evidence', {
    config: { audit: { action: 'evidence.export-range', target: (r) => { const q = r.query as { since?: string, until?: string }; return `${q.since ?? ''}/${q.until ?? ''}` } } },
    schema: {
      tags: ['admin'],
      summary: 'The evidence of a time range, as a verifiable bundle',
      description: 'Every record of the checkpoints that cover events between `since` and `until` (default: now), whole, so the chain, each record\'s link to the one before and each checkpoint\'s Merkle root can be recomputed. Admin actions are in it too.',
      security: [{ adminToken: [] }],
      querystring: {
        type: 'object',
        additionalProperties: false,
        required: ['since'],
        properties: {
          since: { type: 'string', format: 'date-time' },
          until: { type: 'string', format: 'date-time' }
        }
      },
      response: { 200: bundleSchema, ...errorResponses([400, 401, 404, 422, 429, 500, 503], errorText) }
    }
  }, async (request): Promise<EvidenceBundle> => {
    const evidence = evidenceOf(app)
    const since = Date.parse(request.query.since)
    const until = request.query.until === undefined ? Date.now() : Date.parse(request.query.until)
    if (since > until) throw errors.badRequest('the request parameters are not valid', [{ pointer: '/querystring/since', problem: 'is after until' }])
    return await evidence.exportRange(since, until, app.config.evidenceExportMaxRecords).catch((err: unknown) => { throw asGatewayError(err) })
  })
}
