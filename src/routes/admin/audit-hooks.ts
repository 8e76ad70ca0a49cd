import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AuditActor } from '../../admin/audit-log.js'

/** A change route's audit: its action, and what it acts on (from the request). */
export interface AuditSpec {
  action: string
  target: (request: FastifyRequest) => string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on admin routes that change something: each request leaves an audit record. */
    audit?: AuditSpec
  }
  interface FastifyRequest {
    /** Who is making an admin request, once authenticated. */
    adminActor?: AuditActor
    /** What the audit record of this request should add (e.g. what a replay selected); never a secret. */
    auditDetail?: Record<string, unknown>
  }
}

/**
 * Hooks of the admin API: once the admin token is accepted, the request's actor is known; every
 * route with `config.audit` then leaves an audit record before its answer goes out, whatever
 * the outcome. Requests without the admin token leave none (they change nothing, and recording
 * them would let anyone fill the trail); they are in the access log.
 */
export function auditAdminChanges (app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => { request.adminActor = 'admin-token' })
  app.addHook('onSend', async (request, reply, payload) => {
    const spec = request.routeOptions.config.audit
    if (spec === undefined || request.adminActor === undefined) return payload
    const statusCode = reply.statusCode
    try {
      await app.audit.append({
        actor: request.adminActor,
        action: spec.action,
        target: spec.target(request),
        clientAddress: request.ip,
        outcome: statusCode < 400 ? 'success' : statusCode < 500 ? 'refused' : 'failed',
        statusCode,
        ...(request.auditDetail !== undefined ? { detail: request.auditDetail } : {})
      })
    } catch (err) {
      // The change is made already; failing its answer would only hide that. Log loudly instead.
      request.log.error({ err, action: spec.action }, 'audit record could not be written')
    }
    return payload
  })
}
