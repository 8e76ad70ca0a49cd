import type { FastifyInstance } from 'fastify'
import { errorResponses } from '../error-responses.js'

const overdueStep = {
  type: 'object',
  additionalProperties: false,
  required: ['messageId', 'flowId', 'step', 'service', 'receiver', 'status', 'dueAt'],
  properties: {
    messageId: { type: 'string', description: 'The step message (its record id).' },
    flowId: { type: 'string', description: 'The procedure group\'s message (its record id).' },
    step: { type: 'string' },
    round: { type: 'integer' },
    service: { type: 'string' },
    receiver: { type: 'string' },
    status: { type: 'string' },
    attempts: { type: 'integer' },
    dueAt: { type: 'string', format: 'date-time', description: 'Its legal deadline (working days of its procedure).' },
    overdueAt: { type: 'string', format: 'date-time', description: 'When the workers found it past the deadline.' },
    lastError: { type: 'object', additionalProperties: true }
  }
} as const

/** The procedure groups, for admins: their steps past the legal deadline. */
export default async function flowAdminRoutes (app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { at?: string } }>('/admin/api/flows/overdue', {
    schema: {
      tags: ['admin'],
      summary: 'Procedure-group steps past their legal deadline',
      description: 'Steps of birth.register and death.register flows not settled by their deadline (their procedure\'s working days, weekends and public holidays excluded), oldest deadline first, up to 1,000. The same count is the `lt_flow_steps_overdue` metric.',
      security: [{ adminToken: [] }],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { at: { type: 'string', format: 'date-time', description: 'Overdue as of this time (default now): e.g. what will be overdue by Friday if nothing moves.' } }
      },
      response: {
        200: { description: 'The overdue steps.', type: 'object', additionalProperties: false, required: ['steps'], properties: { steps: { type: 'array', items: overdueStep } } },
        ...errorResponses([400, 401, 429, 500, 503])
      }
    }
  }, async (request) => {
    const steps = []
    const at = request.query.at === undefined ? Date.now() : Date.parse(request.query.at)
    for (const id of await app.flows.overdueSteps(at)) {
      const r = await app.store.get(id)
      if (r === undefined || r.flowId === undefined || r.status === 'delivered' || r.status === 'dead') continue
      steps.push({
        messageId: r.messageId,
        flowId: r.flowId,
        step: r.flowStep ?? '',
        ...(r.flowRound !== undefined ? { round: r.flowRound } : {}),
        service: r.service,
        receiver: r.to,
        status: r.status,
        attempts: r.attempts,
        dueAt: r.dueAt ?? '',
        ...(r.overdueAt !== undefined ? { overdueAt: r.overdueAt } : {}),
        ...(r.lastError !== undefined ? { lastError: r.lastError } : {})
      })
    }
    return { steps }
  })
}
