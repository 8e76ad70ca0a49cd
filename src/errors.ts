import type { ErrorBody } from './generated/error.js'
import { HTTP_ERRORS, type HttpErrorName } from './error-catalogue.js'

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

/**
 * A maker of every refusal of the error catalogue (src/error-catalogue.ts), by meaning: e.g.
 * `errors.schemaInvalid(message, details)`. Tests and integrators rely on these codes.
 */
export const errors = Object.fromEntries(
  Object.entries(HTTP_ERRORS).map(([name, entry]) => [name, kind(entry.status, entry.code)])
) as Record<HttpErrorName, (message: string, details?: ErrorDetail[]) => GatewayError>

/** Fastify's own error for a request it could not start to handle. */
export const FastifyErrorCodes = {
  bodyTooLarge: 'FST_ERR_CTP_BODY_TOO_LARGE',
  invalidMediaType: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  emptyJsonBody: 'FST_ERR_CTP_EMPTY_JSON_BODY',
  invalidJsonBody: 'FST_ERR_CTP_INVALID_JSON_BODY',
  invalidContentLength: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH'
} as const
