import { statusMeaning } from '../error-catalogue.js'

/** HTTP statuses a route may answer with the one error shape (schemas/error.json). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 502 | 503

/** What a status says before its codes, where there is more to say than the codes. */
const LEAD: Partial<Record<ErrorStatus, string>> = {
  422: 'The message is refused; `details` holds the JSON pointer of each bad field. ',
  429: 'Wait `Retry-After` seconds; the `RateLimit-Policy` and `RateLimit` headers show the limit and what is left. ',
  503: 'Retry after `Retry-After` seconds (with the same messageId). '
}

/** What each status means at the gateway: its codes and when each is given, from the error catalogue (README, Errors). */
function meaningOf (status: ErrorStatus): string {
  return `${LEAD[status] ?? ''}${statusMeaning(status)}`
}

interface ErrorResponse { description: string, $ref: string, headers?: Record<string, { type: 'string' | 'integer', description: string }> }

const retryAfterHeader = { type: 'integer', description: 'Seconds to wait before trying again.' } as const
/** Headers of the answers that tell a client to wait (the IETF draft's RateLimit fields, draft-ietf-httpapi-ratelimit-headers). */
const HEADERS: Partial<Record<ErrorStatus, ErrorResponse['headers']>> = {
  429: {
    'retry-after': retryAfterHeader,
    'ratelimit-policy': { type: 'string', description: 'The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds).' },
    ratelimit: { type: 'string', description: 'What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets).' }
  },
  503: { 'retry-after': retryAfterHeader }
}

/** 429 of every operators' endpoint (admin API, /metrics). */
export const ADMIN_BLOCKED = 'LT_RATE_LIMITED: too many wrong admin tokens from this client address (ADMIN_SIGN_IN_MAX_FAILURES); every token is refused until `Retry-After` seconds have passed.'

/**
 * Response schemas for the error replies a route can give, each `$ref` to the shared error
 * schema with a description of its codes (`meaning` overrides one status's text for this route).
 * Declared per route so the OpenAPI document and the serializer agree on every error body.
 */
export function errorResponses (statuses: readonly ErrorStatus[], meaning: Partial<Record<ErrorStatus, string>> = {}): Record<number, ErrorResponse> {
  const responses: Record<number, ErrorResponse> = {}
  for (const status of statuses) {
    responses[status] = { description: meaning[status] ?? meaningOf(status), $ref: 'error.json#' }
    const headers = HEADERS[status]
    if (headers !== undefined) responses[status].headers = headers
  }
  return responses
}

/** Routes of the participants: an API key, or an OAuth2 access token (either one). */
export const participantSecurity: Array<Record<string, string[]>> = [{ apiKey: [] }, { oauth2: [] }]
