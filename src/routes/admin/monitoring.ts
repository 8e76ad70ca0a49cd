import type { FastifyInstance } from 'fastify'
import { errors } from '../../errors.js'
import { toCsv } from '../../monitoring/exchange-log.js'
import { errorResponses } from '../error-responses.js'

interface MonitoringQuery {
  since?: string
  until?: string
  participant?: string
  service?: string
  outcome?: 'delivered' | 'dead'
  after?: string
  limit?: string
  format?: 'json' | 'jsonl' | 'csv'
}

const exchangeRecord = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'messageId', 'sender', 'receiver', 'service', 'version', 'mode', 'outcome', 'attempts', 'acceptedAt', 'settledAt', 'totalMs', 'instance'],
  properties: {
    id: { type: 'string', description: 'Redis stream entry id: orders the records; pass the last one as `after` for the next page.' },
    messageId: { type: 'string', description: 'The sender\'s messageId.' },
    sender: { type: 'string' },
    receiver: { type: 'string' },
    service: { type: 'string' },
    version: { type: 'string' },
    mode: { type: 'string', enum: ['sync', 'async'] },
    outcome: { type: 'string', enum: ['delivered', 'dead'] },
    errorCode: { type: 'string', description: 'Dead: the error it ended with.' },
    attempts: { type: 'integer' },
    requestBytes: { type: 'integer', description: 'Size of the request body as received.' },
    replyBytes: { type: 'integer', description: 'Delivered: size of the reply envelope.' },
    requestHash: { type: 'string', description: 'X-Lienthong-Request-Hash of the request.' },
    acceptedAt: { type: 'string', format: 'date-time' },
    settledAt: { type: 'string', format: 'date-time' },
    totalMs: { type: 'number', description: 'From acceptance to delivery or death.' },
    upstreamMs: { type: 'number', description: 'The last attempt\'s call to the receiver.' },
    instance: { type: 'string', description: 'The gateway or worker process that settled it (`<host>/<pid>`).' }
  }
} as const

/**
 * Operational monitoring (X-Road's operational monitoring data): one record per settled message,
 * by time range, participant, service and outcome, as JSON, JSON Lines or CSV.
 */
export default async function monitoringRoutes (app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: MonitoringQuery }>('/admin/api/monitoring', {
    schema: {
      tags: ['admin'],
      summary: 'Operational monitoring records: one per settled message',
      description: 'Every message that reached delivered or dead: sender, receiver, service, sizes, the time from acceptance to its end and of the last call to the receiver, attempts, outcome, request hash and the process that settled it. Identifiers, sizes and times only: never message content. Oldest first; `next` (JSON) or the `Link` header gives the next page. `format=csv` or `jsonl` for export. Kept MONITORING_RETENTION_DAYS.',
      security: [{ adminToken: [] }],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          since: { type: 'string', format: 'date-time' },
          until: { type: 'string', format: 'date-time' },
          participant: { type: 'string', maxLength: 60, description: 'As sender or receiver.' },
          service: { type: 'string', maxLength: 64 },
          outcome: { type: 'string', enum: ['delivered', 'dead'] },
          after: { type: 'string', pattern: '^[0-9]{1,15}-[0-9]{1,10}$', description: 'The `id` of the last record of the previous page.' },
          limit: { type: 'string', pattern: '^([1-9][0-9]{0,3}|10000)$', description: 'At most this many (default 1000, up to 10000).' },
          format: { type: 'string', enum: ['json', 'jsonl', 'csv'], description: 'json (default), jsonl or csv.' }
        }
      },
      response: {
        200: {
          description: 'The records (JSON); with format=jsonl one record per line (application/x-ndjson), with format=csv a header line and one line per record (text/csv).',
          type: 'object',
          additionalProperties: false,
          required: ['records'],
          properties: {
            records: { type: 'array', items: exchangeRecord },
            next: { type: 'string', description: 'More may follow: pass it as `after`.' }
          }
        },
        ...errorResponses([400, 401, 429, 500, 503], { 401: 'LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset).' })
      }
    }
  }, async (request, reply) => {
    const q = request.query
    const since = q.since === undefined ? undefined : Date.parse(q.since)
    const until = q.until === undefined ? undefined : Date.parse(q.until)
    if (since !== undefined && until !== undefined && since > until) {
      throw errors.badRequest('the request parameters are not valid', [{ pointer: '/querystring/since', problem: 'is after until' }])
    }
    const { records, next } = await app.exchanges.query({
      limit: q.limit === undefined ? 1000 : Number(q.limit),
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(q.participant !== undefined ? { participant: q.participant } : {}),
      ...(q.service !== undefined ? { service: q.service } : {}),
      ...(q.outcome !== undefined ? { outcome: q.outcome } : {}),
      ...(q.after !== undefined ? { after: q.after } : {})
    })
    if (next !== undefined) {
      const params = new URLSearchParams(Object.entries({ ...q, after: next }).map(([k, v]): [string, string] => [k, String(v)]))
      void reply.header('link', `</admin/api/monitoring?${params.toString()}>; rel="next"`)
    }
    if (q.format === 'csv') return await reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="lienthong-monitoring.csv"').serializer((p: string) => p).send(toCsv(records))
    if (q.format === 'jsonl') return await reply.type('application/x-ndjson').serializer((p: string) => p).send(records.map((r) => JSON.stringify(r)).join('\n') + (records.length > 0 ? '\n' : ''))
    return next === undefined ? { records } : { records, next }
  })
}
