import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AdminSessions } from '../../admin/admin-session.js'
import { bearerTokenOf, isAdminToken } from '../../admin/admin-token.js'
import { errors, type GatewayError } from '../../errors.js'
import type { AdminSignInThrottle } from '../../plugins/rate-limits.js'
import { readCookie, SESSION_COOKIE } from './session-cookie.js'

/** How a request proved it comes from the operator, if it did. */
export type AdminCredential = 'bearer' | 'session'

export function adminCredentialOf (request: FastifyRequest, adminToken: string, sessions: AdminSessions): AdminCredential | undefined {
  const bearer = bearerTokenOf(request.headers.authorization)
  if (bearer !== undefined) return isAdminToken(bearer, adminToken) ? 'bearer' : undefined
  return sessions.isValid(readCookie(request.headers.cookie, SESSION_COOKIE)) ? 'session' : undefined
}

/** A browser navigating (as opposed to a script or the dashboard's own API calls). */
export function wantsHtml (request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html')
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * A cookie-authenticated request that changes something must come from the dashboard's own
 * pages. SameSite=Strict already keeps the cookie off cross-site requests; Sec-Fetch-Site
 * (sent by every current browser) refuses the rest, e.g. a request from a sibling subdomain.
 */
function crossSiteChange (request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site']
  return !SAFE_METHODS.has(request.method) && site !== undefined && site !== 'same-origin'
}

/**
 * Replies with `error` in the gateway's error shape. Used from hooks that guard third-party
 * routes: those routes bring their own error handler, which would reshape a thrown error.
 */
export async function replyWithError (reply: FastifyReply, error: GatewayError): Promise<FastifyReply> {
  if (error.statusCode === 401) void reply.header('www-authenticate', 'Bearer realm="lienthong"')
  if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds))
  return await reply.code(error.statusCode).type('application/json; charset=utf-8').send(error.toBody())
}

/**
 * onRequest guard of the dashboard: the admin token as a Bearer header or a session cookie.
 * Without either, a browser is sent to the login form and anything else gets a 401.
 */
export function requireAdmin (adminToken: string, sessions: AdminSessions, throttle: AdminSignInThrottle) {
  return async function requireAdminHook (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    // A Bearer token is a guess until checked: wrong ones count against the client address.
    const bearer = bearerTokenOf(request.headers.authorization) !== undefined
    const blocked = bearer ? await throttle.refusal(request) : undefined
    if (blocked !== undefined) return await replyWithError(reply, blocked)
    const credential = adminCredentialOf(request, adminToken, sessions)
    if (credential === undefined) {
      if (bearer) await throttle.failed(request)
      if (wantsHtml(request)) return await reply.redirect('/admin/login', 303)
      return await replyWithError(reply, errors.unauthenticated('sign in at /admin/login or send the admin token as Authorization: Bearer <token>'))
    }
    if (credential === 'session' && crossSiteChange(request)) {
      return await replyWithError(reply, errors.crossSiteRequest('the dashboard only accepts changes from its own pages'))
    }
    return undefined
  }
}
