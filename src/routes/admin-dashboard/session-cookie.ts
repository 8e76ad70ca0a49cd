import type { FastifyRequest } from 'fastify'

/** The cookie holding the dashboard session (no `__Host-` prefix: that needs Path=/ and HTTPS). */
export const SESSION_COOKIE = 'lt_admin_session'

/** The value of cookie `name` in a Cookie header. Session values are base64url and dots: no decoding. */
export function readCookie (header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=')
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim()
  }
  return undefined
}

/** `Secure` when the browser reached us over HTTPS (directly or through a TLS-terminating proxy). */
function secureAttribute (request: FastifyRequest): string {
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https' ? '; Secure' : ''
}

/**
 * Set-Cookie for a session: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page makes the browser send it), Path=/admin (the gateway's other routes never see it).
 */
export function sessionCookie (request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/admin; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secureAttribute(request)}`
}

/** Set-Cookie that removes the session from the browser. */
export function clearedSessionCookie (request: FastifyRequest): string {
  return `${SESSION_COOKIE}=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict${secureAttribute(request)}`
}
