import type { FastifyRequest } from 'fastify'
import { bearerTokenOf, isAdminToken } from '../admin/admin-token.js'
import { errors } from '../errors.js'
import type { AdminSignInThrottle } from './rate-limits.js'

/**
 * onRequest hook of the operators' endpoints (admin API, /metrics): `Authorization: Bearer
 * $ADMIN_TOKEN`, a credential separate from the participants' API keys. Wrong tokens count
 * against the client address (`throttle`); a blocked address is refused even the right one.
 */
export function adminAuthHook (token: string, throttle: AdminSignInThrottle): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    if (token === '') throw errors.unauthenticated('admin access is disabled: set ADMIN_TOKEN')
    const presented = bearerTokenOf(request.headers.authorization)
    if (presented === undefined) throw errors.unauthenticated('send the admin token as Authorization: Bearer <token>')
    const blocked = await throttle.refusal(request)
    if (blocked !== undefined) throw blocked
    if (!isAdminToken(presented, token)) {
      await throttle.failed(request)
      throw errors.unauthenticated('send the admin token as Authorization: Bearer <token>')
    }
    // The operator got it right: the address's earlier slips no longer count towards a block.
    await throttle.succeeded(request)
  }
}
