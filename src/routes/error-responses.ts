/** HTTP statuses a route may answer with the one error shape (schemas/error.json). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 502 | 503

/** What each status means at the gateway, with the stable codes it carries (README, Errors). */
const MEANING: Readonly<Record<ErrorStatus, string>> = {
  400: 'LT_MALFORMED_JSON (the body is not JSON, not UTF-8, or empty), LT_JSON_TOO_DEEP (objects and arrays nested more than 32 deep) or LT_BAD_REQUEST (a path or query parameter is not valid).',
  401: 'LT_UNAUTHENTICATED (no `Authorization: Bearer <API key or access token>`, or a key the gateway does not know, revoked or expired) or LT_TOKEN_INVALID (an access token that is expired, forged, for another audience, or whose client secret was revoked).',
  403: 'LT_SENDER_MISMATCH (header.from is not the participant the key belongs to), LT_SERVICE_FORBIDDEN (no right to this service, or to this receiver), LT_SCOPE_FORBIDDEN (the access token\'s scope does not include the service) or LT_DOSSIER_FORBIDDEN (the dossier or agency is not the sender\'s).',
  404: 'LT_NOT_FOUND: no such resource.',
  409: 'LT_MESSAGE_ID_CONFLICT: the messageId was already used for different content.',
  413: 'LT_BODY_TOO_LARGE: the request is larger than the gateway accepts (BODY_LIMIT_BYTES).',
  415: 'LT_UNSUPPORTED_MEDIA_TYPE: send the body as `Content-Type: application/json` in UTF-8 (no charset, or `charset=utf-8`).',
  422: 'The message is refused; `details` holds the JSON pointer of each bad field. LT_SCHEMA_INVALID, LT_IDENTIFIER_INVALID, LT_UNKNOWN_SERVICE, LT_UNKNOWN_VERSION, LT_UNKNOWN_RECEIVER, LT_STATUS_TRANSITION_FORBIDDEN, LT_CALLBACK_URL_FORBIDDEN.',
  500: 'LT_INTERNAL: the gateway failed; the reply shows no internals and the failure is logged.',
  502: 'Sync service: LT_UPSTREAM_REJECTED (the receiver refused the message) or LT_UPSTREAM_INVALID_REPLY (it answered with something the gateway cannot read). The message is recorded as dead.',
  503: 'LT_UNAVAILABLE: the gateway cannot take the request now; retry later with the same messageId.'
}

/**
 * Response schemas for the error replies a route can give, each `$ref` to the shared error
 * schema with a description of its codes (`meaning` overrides one status's text for this route).
 * Declared per route so the OpenAPI document and the serializer agree on every error body.
 */
export function errorResponses (statuses: readonly ErrorStatus[], meaning: Partial<Record<ErrorStatus, string>> = {}): Record<number, { description: string, $ref: string }> {
  const responses: Record<number, { description: string, $ref: string }> = {}
  for (const status of statuses) responses[status] = { description: meaning[status] ?? MEANING[status], $ref: 'error.json#' }
  return responses
}

/** Routes of the participants: an API key, or an OAuth2 access token (either one). */
export const participantSecurity: Array<Record<string, string[]>> = [{ apiKey: [] }, { oauth2: [] }]
