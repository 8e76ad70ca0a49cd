import { createHash, timingSafeEqual } from 'node:crypto'

function digest (value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

/**
 * Whether `presented` is the operator's ADMIN_TOKEN. Compares digests, so the comparison takes
 * the same time whatever was sent and whatever its length. An empty ADMIN_TOKEN matches nothing.
 */
export function isAdminToken (presented: string, adminToken: string): boolean {
  if (adminToken === '') return false
  return timingSafeEqual(digest(presented), digest(adminToken))
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerTokenOf (authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1]
}

/** True when `authorization` is `Bearer <token>`. An empty token never matches: it means "admin access off". */
export function adminTokenMatches (authorization: string | undefined, token: string): boolean {
  return isAdminToken(bearerTokenOf(authorization) ?? '', token)
}
