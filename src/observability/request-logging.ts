import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'

/** Longer values are not ours (the envelope schema caps both at 128) and would bloat every line. */
const MAX_ID_LENGTH = 128

/** The route pattern of requests no route matched: one value, whatever URL was asked. */
export const UNMATCHED_ROUTE = 'unmatched'

/**
 * Fastify's request log lines, with the line that opens a request at `debug` (it is written
 * before the credential is checked and the body read, so it can say neither who nor what) and
 * the line that closes it as the access log: one line per request at `info`, `request completed`,
 * that says who did what ({@link accessLogFields}).
 */
export class GatewayLogController extends LogController {
  override incomingRequest (request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return
    request.log.debug({ req: request }, 'incoming request')
  }

  override requestCompleted (error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return
    // reply.log carries reqId, and messageId and correlationId once known (bindMessageContext).
    const log = reply.log as FastifyReply['log'] & { isLevelEnabled?: (level: string) => boolean }
    if (error !== null && error !== undefined) {
      log.error({ ...accessLogFields(request, reply), err: error }, 'request errored')
    } else if (log.isLevelEnabled?.('info') !== false) {
      log.info(accessLogFields(request, reply), 'request completed')
    }
  }
}

/** What the access log line says of a request, beside the `reqId` and message ids its logger carries. */
export interface AccessLogFields {
  method: string
  /** The route pattern (`/v1/messages/:messageId`), never the URL a client typed. */
  route: string
  statusCode: number
  /** The `LT_*` code of a refused request. */
  code?: string
  /** Milliseconds (two decimals) from the request's arrival to the answer's last byte. */
  responseTime: number
  /** The TCP peer (the gateway reads no X-Forwarded-For: behind a proxy, this is the proxy). */
  clientAddress: string
  /** The authenticated participant, and the id (never the secret) of the credential it used. */
  participant?: string
  credentialId?: string
  /** The client's own X-Request-Id, cut to {@link MAX_ID_LENGTH} safe characters. */
  clientRequestId?: string
  /** The posted message's service and receiver, when they are ones the gateway knows. */
  service?: string
  receiver?: string
}

const UNSAFE_ID_CHARACTERS = /[^\w.:@/+=-]/g

/** A client-chosen request id as it may be logged: at most 128 characters, anything unusual replaced by `_`. */
export function clientRequestIdOf (value: string | string[] | undefined): string | undefined {
  const id = Array.isArray(value) ? value[0] : value
  if (id === undefined || id.length === 0) return undefined
  return id.slice(0, MAX_ID_LENGTH).replace(UNSAFE_ID_CHARACTERS, '_')
}

/**
 * The access log line's fields. Every value is the gateway's own or checked against what it
 * knows: a service or receiver the client named is logged only when it exists, so a line never
 * carries arbitrary client text (apart from the sanitised clientRequestId).
 */
export function accessLogFields (request: FastifyRequest, reply: FastifyReply): AccessLogFields {
  const fields: AccessLogFields = {
    method: request.method,
    route: request.routeOptions.url ?? UNMATCHED_ROUTE,
    statusCode: reply.statusCode,
    // Rounded: a float's digits (12.345678901234) could pass for a personal ID, which the log
    // masking would then rewrite into invalid JSON.
    responseTime: Math.round(reply.elapsedTime * 100) / 100,
    clientAddress: request.ip
  }
  // Plugins registered before the decorators (Swagger UI) have requests without these fields.
  const { errorCode, participant, credential } = request as Partial<Pick<FastifyRequest, 'errorCode' | 'participant' | 'credential'>>
  if (errorCode != null) fields.code = errorCode
  if (participant != null) fields.participant = participant.id
  if (credential != null) fields.credentialId = credential.id
  const clientRequestId = clientRequestIdOf(request.headers['x-request-id'])
  if (clientRequestId !== undefined) fields.clientRequestId = clientRequestId
  const header = (request.body as { header?: { service?: unknown, to?: unknown } } | undefined)?.header
  if (header !== undefined && header !== null) {
    const { schemas, registry } = request.server
    if (typeof header.service === 'string' && schemas.versionsOf(header.service) !== undefined) fields.service = header.service
    if (typeof header.to === 'string' && registry.get(header.to) !== undefined) fields.receiver = header.to
  }
  return fields
}

function idOf (value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH ? value : undefined
}

/**
 * Once the body is parsed: binds the message's `messageId` and `correlationId` to the request's
 * logger (and the reply's, which writes the access line), so every later line of the request
 * carries them. The messageId comes from a posted envelope or from a `:messageId` path parameter.
 */
export function bindMessageContext (request: FastifyRequest, reply: FastifyReply): void {
  const header = (request.body as { header?: { messageId?: unknown, correlationId?: unknown } } | undefined)?.header
  const messageId = idOf(header?.messageId) ?? idOf((request.params as { messageId?: unknown } | undefined)?.messageId)
  if (messageId === undefined) return
  const correlationId = idOf(header?.correlationId)
  const log = request.log.child(correlationId === undefined ? { messageId } : { messageId, correlationId })
  request.log = log
  reply.log = log
}
