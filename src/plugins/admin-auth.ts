import type { FastifyRequest } from 'fastify'
import { bearerTokenOf, isAdminToken } from '../admin/admin-token.js'
import { errors } from '../errors.js'

/** True when `authorization` is `Bearer <token>`. An empty token never matches: it means "admin access off". */
export function adminTokenMatches (authorization: string | undefined, token: string): boolean {
  return isAdminToken(bearerTokenOf(authorization) ?? '', token)
}

/**
 * onRequest hook of the operators' endpoints (admin API, /metrics): `Authorization: Bearer
 * $ADMIN_TOKEN`, a credential separate from the participants' API keys.
 */
export function adminAuthHook (token: string): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    if (token === '') throw errors.unauthenticated('admin access is disabled: set ADMIN_TOKEN')
    if (!adminTokenMatches(request.headers.authorization, token)) {
      throw errors.unauthenticated('send the admin token as Authorization: Bearer <token>')
    }
  }
}
