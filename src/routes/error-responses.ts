/** HTTP statuses a route may answer with the one error shape (schemas/error.json). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 502 | 503

/** What each status means at the gateway, with the stable codes it carries (README, Errors). */
const MEANING: Readonly<Record<ErrorStatus, string>> = {
  400: 'LT_MALFORMED_JSON (the body is not JSON, not UTF-8, or empty), LT_JSON_TOO_DEEP (objects and arrays nested more than 32 deep) or LT_BAD_REQUEST (a path or query parameter is not valid).',
  401: 'LT_UNAUTHENTICATED (no `Authorization: Bearer <API key or access token>`, or a key the gateway does not know, revoked or expired) or LT_TOKEN_INVALID (an access token that is expired, forged, for another audience, or whose client secret was revoked).',
  403: 'LT_SENDER_MISMATCH (header.from is not the participant the key belongs to), LT_SERVICE_FORBIDDEN (no right to this service, or to this receiver), LT_SCOPE_FORBIDDEN (the access token\'s scope does not include the service) or LT_DOSSIER_FORBIDDEN (the dossier or agency is not the sender\'s).',
  404: 'LT_NOT_FOUND: no such resource.',
  409: 'LT_MESSAGE_ID_CONFLICT: the messageId was already used for different content.',
  410: 'LT_REPLY_EXPIRED: a re-post of a message whose reply carried citizen data and was kept only REPLY_RETENTION_HOURS; the message state keeps its hash. Send a new message to ask again.',
  413: 'LT_BODY_TOO_LARGE: the request is larger than the gateway accepts (BODY_LIMIT_BYTES).',
  415: 'LT_UNSUPPORTED_MEDIA_TYPE: send the body as `Content-Type: application/json` in UTF-8 (no charset, or `charset=utf-8`).',
  422: 'The message is refused; `details` holds the JSON pointer of each bad field. LT_SCHEMA_INVALID, LT_IDENTIFIER_INVALID, LT_UNKNOWN_SERVICE, LT_UNKNOWN_VERSION, LT_UNKNOWN_RECEIVER, LT_STATUS_TRANSITION_FORBIDDEN, LT_CALLBACK_URL_FORBIDDEN.',
  429: 'LT_RATE_LIMITED: more requests than your rate limit allows; wait `Retry-After` seconds. The `RateLimit-Policy` and `RateLimit` headers show the limit and what is left.',
  500: 'LT_INTERNAL: the gateway failed; the reply shows no internals and the failure is logged.',
  502: 'Sync service: LT_UPSTREAM_REJECTED (the receiver refused the message) or LT_UPSTREAM_INVALID_REPLY (it answered with something the gateway cannot read). The message is recorded as dead.',
  503: 'LT_UNAVAILABLE (the gateway cannot reach its store) or LT_OVERLOADED (more load than it can take); retry after `Retry-After` seconds (with the same messageId).'
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
    responses[status] = { description: meaning[status] ?? MEANING[status], $ref: 'error.json#' }
    const headers = HEADERS[status]
    if (headers !== undefined) responses[status].headers = headers
  }
  return responses
}

/** Routes of the participants: an API key, or an OAuth2 access token (either one). */
export const participantSecurity: Array<Record<string, string[]>> = [{ apiKey: [] }, { oauth2: [] }]
