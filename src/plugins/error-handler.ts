import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { errors, GatewayError, type ErrorBody } from '../errors.js'
import { HTTP_ERRORS } from '../error-catalogue.js'
import { onlyIdentifierErrors, toDetails } from '../message-schemas.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The messageId of the posted message, once known, to put on error replies and log lines. */
    messageId?: string
  }
}

// ioredis's own words for a command it could not get to Redis, and network errors underneath.
const REDIS_GONE_MESSAGES = new Set(['Connection is closed.', "Stream isn't writeable and enableOfflineQueue options is false"])
const CLUSTER_MOVING = ['Too many Cluster redirections', 'Failed to refresh slots cache', 'None of startup nodes is available', "Cluster isn't ready"]
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'])

/**
 * True for the errors of a Redis that cannot be reached right now (restarting, failing over,
 * still loading its append-only file): the request did not fail for what it asked, so the
 * sender should re-post it (503), which the messageId makes safe.
 */
export function isStoreUnavailable (err: Error): boolean {
  if (err.name === 'MaxRetriesPerRequestError' || REDIS_GONE_MESSAGES.has(err.message)) return true
  // A cluster whose slots are moving (a master failing over): ioredis gave up following them.
  if (CLUSTER_MOVING.some((words) => err.message.startsWith(words))) return true
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true
  // Redis answers LOADING while it reads its data back after a restart; CLUSTERDOWN while a
  // cluster has slots without a master; READONLY from a master just demoted to a replica.
  return err.name === 'ReplyError' && /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY)\b/.test(err.message)
}

/** Maps anything thrown in a request to the one error shape; a 5xx never shows internals. */
export function toGatewayError (err: FastifyError | GatewayError | Error): GatewayError {
  if (err instanceof GatewayError) return err
  if (isStoreUnavailable(err)) return errors.unavailable('the gateway cannot reach its message store right now; post the same message again shortly')
  const e = err as FastifyError
  if (e.validation !== undefined) {
    const prefix = e.validationContext === 'body' ? '' : `/${e.validationContext ?? 'request'}`
    const details = toDetails(e.validation as never, prefix)
    if (e.validationContext !== 'body') return errors.badRequest('the request parameters are not valid', details)
    return onlyIdentifierErrors(e.validation as never)
      ? errors.identifierInvalid('an identifier in the message is not valid', details)
      : errors.schemaInvalid('the message does not match the envelope schema', details)
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.bodyTooLarge('the message is larger than the gateway accepts')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedMediaType('send the message as Content-Type: application/json')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.malformedJson('the request has Content-Type application/json but no body')
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return errors.malformedJson(`the body is not valid JSON: ${e.message}`)
  }
  if (err instanceof SyntaxError) return errors.malformedJson(`the body is not valid JSON: ${err.message}`)
  const status = e.statusCode ?? 500
  if (status >= 400 && status < 500) return new GatewayError(status, HTTP_ERRORS.badRequest.code, e.message)
  return errors.internal('the gateway failed to handle the request; it has been logged')
}

export default fp(async (app) => {
  app.setErrorHandler(async (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const gatewayError = toGatewayError(err)
    // request.log carries the messageId once known (plugins/observability.ts).
    // An overload refusal is the gateway working as meant: one short line, not an error with its stack.
    if (gatewayError.statusCode >= 500 && gatewayError.code !== 'LT_OVERLOADED') request.log.error({ err }, 'request failed')
    else request.log.debug({ code: gatewayError.code }, 'request refused')
    if (gatewayError.messageId === undefined && request.messageId !== undefined) gatewayError.messageId = request.messageId
    if (gatewayError.statusCode === 401) void reply.header('www-authenticate', 'Bearer realm="lienthong"')
    // RFC 6750 §3.1: tell a token's holder why, so its client fetches a new token rather than retrying.
    if (gatewayError.code === 'LT_TOKEN_INVALID') void reply.header('www-authenticate', 'Bearer realm="lienthong", error="invalid_token"')
    if (gatewayError.code === 'LT_SCOPE_FORBIDDEN') void reply.header('www-authenticate', 'Bearer realm="lienthong", error="insufficient_scope"')
    if (gatewayError.retryAfterSeconds !== undefined) void reply.header('retry-after', String(gatewayError.retryAfterSeconds))
    else if (gatewayError.statusCode === 503) void reply.header('retry-after', '1')
    const body: ErrorBody = gatewayError.toBody()
    return await reply.code(gatewayError.statusCode).type('application/json; charset=utf-8').send(body)
  })

  app.setNotFoundHandler(async (request, reply) => {
    const body = errors.notFound(`no route ${request.method} ${request.url.split('?')[0] ?? ''}`).toBody()
    return await reply.code(404).send(body)
  })
}, { name: 'error-handler' })
