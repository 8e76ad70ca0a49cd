import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'

/** Longer values are not ours (the envelope schema caps both at 128) and would bloat every line. */
const MAX_ID_LENGTH = 128

/**
 * Fastify's request log lines, with the line that opens a request at `debug`: it is written
 * before the body is read, so it cannot carry the messageId. At `info` a request leaves one
 * line, `request completed`, which carries it.
 */
export class GatewayLogController extends LogController {
  override incomingRequest (request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return
    request.log.debug({ req: request }, 'incoming request')
  }
}

function idOf (value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH ? value : undefined
}

/**
 * Once the body is parsed: binds the message's `messageId` and `correlationId` to the request's
 * logger (and the reply's, which writes `request completed`), so every later line of the request
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
