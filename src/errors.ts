import type { ErrorBody } from './generated/error.js'

export type { ErrorBody }
/** One bad field: where it is (JSON pointer into the posted document) and what is wrong. */
export type ErrorDetail = NonNullable<ErrorBody['details']>[number]

/**
 * A refusal the gateway means to give: carries the HTTP status, a stable `LT_*` code,
 * and the bad fields. The error handler turns it into an {@link ErrorBody}.
 */
export class GatewayError extends Error {
  readonly statusCode: number
  readonly code: string
  readonly details: ErrorDetail[] | undefined
  messageId: string | undefined
  /** 429 and 503: when the client may try again, sent as the Retry-After header (seconds). */
  retryAfterSeconds: number | undefined

  constructor (statusCode: number, code: string, message: string, details?: ErrorDetail[]) {
    super(message)
    this.name = 'GatewayError'
    this.statusCode = statusCode
    this.code = code
    this.details = details
  }

  toBody (): ErrorBody {
    const body: ErrorBody = { statusCode: this.statusCode, code: this.code, message: this.message }
    if (this.details !== undefined && this.details.length > 0) body.details = this.details
    if (this.messageId !== undefined) body.messageId = this.messageId
    return body
  }
}

function kind (statusCode: number, code: string) {
  return (message: string, details?: ErrorDetail[]) => new GatewayError(statusCode, code, message, details)
}

/** `error`, telling the client to wait `seconds` (at least 1) before trying again. */
export function retryAfter<E extends GatewayError> (error: E, seconds: number): E {
  error.retryAfterSeconds = Math.max(1, Math.ceil(seconds))
  return error
}

/** Every code the gateway answers with, by meaning. Tests and integrators rely on these names. */
export const errors = {
  unauthenticated: kind(401, 'LT_UNAUTHENTICATED'),
  tokenInvalid: kind(401, 'LT_TOKEN_INVALID'),
  scopeForbidden: kind(403, 'LT_SCOPE_FORBIDDEN'),
  senderMismatch: kind(403, 'LT_SENDER_MISMATCH'),
  serviceForbidden: kind(403, 'LT_SERVICE_FORBIDDEN'),
  dossierForbidden: kind(403, 'LT_DOSSIER_FORBIDDEN'),
  crossSiteRequest: kind(403, 'LT_CROSS_SITE_REQUEST'),
  notFound: kind(404, 'LT_NOT_FOUND'),
  messageNotFound: kind(404, 'LT_MESSAGE_NOT_FOUND'),
  methodNotAllowed: kind(405, 'LT_METHOD_NOT_ALLOWED'),
  messageIdConflict: kind(409, 'LT_MESSAGE_ID_CONFLICT'),
  replyExpired: kind(410, 'LT_REPLY_EXPIRED'),
  malformedJson: kind(400, 'LT_MALFORMED_JSON'),
  jsonTooDeep: kind(400, 'LT_JSON_TOO_DEEP'),
  bodyTooLarge: kind(413, 'LT_BODY_TOO_LARGE'),
  unsupportedMediaType: kind(415, 'LT_UNSUPPORTED_MEDIA_TYPE'),
  schemaInvalid: kind(422, 'LT_SCHEMA_INVALID'),
  identifierInvalid: kind(422, 'LT_IDENTIFIER_INVALID'),
  unknownService: kind(422, 'LT_UNKNOWN_SERVICE'),
  unknownVersion: kind(422, 'LT_UNKNOWN_VERSION'),
  unknownReceiver: kind(422, 'LT_UNKNOWN_RECEIVER'),
  statusTransitionForbidden: kind(422, 'LT_STATUS_TRANSITION_FORBIDDEN'),
  callbackUrlForbidden: kind(422, 'LT_CALLBACK_URL_FORBIDDEN'),
  evidenceRangeTooLarge: kind(422, 'LT_EVIDENCE_RANGE_TOO_LARGE'),
  rateLimited: kind(429, 'LT_RATE_LIMITED'),
  quotaExceeded: kind(429, 'LT_QUOTA_EXCEEDED'),
  verifyLocked: kind(429, 'LT_VERIFY_LOCKED'),
  upstreamRejected: kind(502, 'LT_UPSTREAM_REJECTED'),
  upstreamInvalidReply: kind(502, 'LT_UPSTREAM_INVALID_REPLY'),
  unavailable: kind(503, 'LT_UNAVAILABLE'),
  overloaded: kind(503, 'LT_OVERLOADED'),
  evidenceNotSealed: kind(503, 'LT_EVIDENCE_NOT_SEALED'),
  internal: kind(500, 'LT_INTERNAL'),
  // The token endpoint's refusals (RFC 6749 §5.2): their bodies also carry the RFC's `error`.
  oauthInvalidRequest: kind(400, 'LT_OAUTH_INVALID_REQUEST'),
  oauthInvalidClient: kind(401, 'LT_OAUTH_INVALID_CLIENT'),
  oauthUnsupportedGrantType: kind(400, 'LT_OAUTH_UNSUPPORTED_GRANT_TYPE'),
  oauthInvalidScope: kind(400, 'LT_OAUTH_INVALID_SCOPE'),
  oauthDisabled: kind(503, 'LT_OAUTH_DISABLED')
} as const

/** Fastify's own error for a request it could not start to handle. */
export const FastifyErrorCodes = {
  bodyTooLarge: 'FST_ERR_CTP_BODY_TOO_LARGE',
  invalidMediaType: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  emptyJsonBody: 'FST_ERR_CTP_EMPTY_JSON_BODY',
  invalidJsonBody: 'FST_ERR_CTP_INVALID_JSON_BODY',
  invalidContentLength: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH'
} as const
