import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { errors } from '../errors.js'

function digest (value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

/** True when `authorization` is `Bearer <token>`. An empty token never matches: it means "admin access off". */
export function adminTokenMatches (authorization: string | undefined, token: string): boolean {
  if (token === '') return false
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  // Compare digests: equal length whatever was sent, and constant time.
  return match !== null && timingSafeEqual(digest(match[1] as string), digest(token))
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
