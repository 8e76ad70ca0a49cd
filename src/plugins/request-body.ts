import { isUtf8 } from 'node:buffer'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import fp from 'fastify-plugin'
import { errors } from '../errors.js'
import { requestHash } from '../receipts/receipts.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** base64url SHA-256 of the JSON body's bytes as received; null without a JSON body. */
    bodyHash: string | null
    /** The JSON body's size in bytes; null without one. */
    bodyBytes: number | null
  }
}

/**
 * Deepest nesting of objects and arrays a JSON body may have. A message is a few levels deep
 * (envelope, body, a list of documents, one document); the limit only has to keep code that
 * walks a body recursively (NFC normalisation, identifier checks, hashing) far from the stack's end.
 */
export const MAX_JSON_DEPTH = 32

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b
const CLOSE_BRACE = 0x7d
const CLOSE_BRACKET = 0x5d

/**
 * True when `json` nests objects or arrays deeper than `limit`: one pass over the bytes, counting
 * brackets outside strings. Bytes of a multi-byte UTF-8 character are all ≥ 0x80, so they are
 * never taken for a bracket or a quote. Malformed JSON is left for the parser to refuse.
 */
export function jsonNestingExceeds (json: Uint8Array, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < json.length; i++) {
    const c = json[i]
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) {
      inString = true
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--
    }
  }
  return false
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i

/** The charset a Content-Type header declares, lower-cased; undefined when it declares none. */
export function declaredCharset (contentType: string | undefined): string | undefined {
  if (contentType === undefined || !contentType.includes(';')) return undefined
  return CHARSET.exec(contentType)?.[1]?.toLowerCase()
}

/** True when a request announces a body (RFC 9112 §6.3: Content-Length other than 0, or Transfer-Encoding). */
export function announcesBody (request: { headers: IncomingHttpHeaders }): boolean {
  const { headers } = request
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0')
}

/** How long a refused client has to take its answer before its connection is cut. */
const CLOSE_GRACE_MS = 1000

/**
 * Answers a request whose body the gateway will not read, then closes the connection: the
 * answer says `Connection: close`, and the socket is destroyed shortly after the answer is out,
 * so a client that keeps sending cannot make the gateway read (and discard) an endless upload.
 */
export function closeAfterAnswer (req: IncomingMessage, res: ServerResponse, answer: () => void): void {
  req.removeAllListeners('data')
  req.pause()
  if (!res.headersSent) res.setHeader('connection', 'close')
  answer()
  cutSoon(req, res)
}

function cutSoon (req: IncomingMessage, res: ServerResponse): void {
  const cut = (): void => { setTimeout(() => { req.socket?.destroy() }, CLOSE_GRACE_MS).unref() }
  if (res.writableFinished) cut()
  else res.once('finish', cut)
}

/**
 * What the gateway reads of a request body, and when it reads none of it.
 *
 * - JSON only, in UTF-8 (RFC 8259 §8.1): a declared charset other than UTF-8 is refused (415)
 *   rather than decoded as something it is not, and bytes that are not UTF-8 are refused (400)
 *   rather than replaced by U+FFFD.
 * - Nested at most {@link MAX_JSON_DEPTH} deep (400 `LT_JSON_TOO_DEEP`), checked before parsing.
 * - Hashed (SHA-256 of the exact bytes, `request.bodyHash`) before anything else: the request
 *   hash that answers and receipts carry is of what arrived, whatever is refused later.
 * - Parsed by Fastify's own JSON parser (prototype poisoning refused as before).
 * - A request refused before its body was read (no or a wrong credential, a content type the
 *   gateway does not take) is answered with `Connection: close`: Node then closes the socket
 *   once the answer is written instead of reading the rest of the upload to keep the connection
 *   alive, so an unauthenticated client cannot make the gateway read megabytes.
 */
export default fp(async (app) => {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.decorateRequest('bodyHash', null)
  app.decorateRequest('bodyBytes', null)
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    request.bodyHash = requestHash(body as Buffer)
    request.bodyBytes = (body as Buffer).length
    const charset = declaredCharset(request.headers['content-type'])
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      done(errors.unsupportedMediaType(`send the message as UTF-8 (Content-Type: application/json; charset=utf-8), not ${charset}`), undefined)
      return
    }
    const bytes = body as Buffer
    if (!isUtf8(bytes)) {
      done(errors.malformedJson('the body is not valid UTF-8'), undefined)
      return
    }
    if (jsonNestingExceeds(bytes, MAX_JSON_DEPTH)) {
      done(errors.jsonTooDeep(`the body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`), undefined)
      return
    }
    parseJson(request, bytes.toString('utf8'), done)
  })

  // A callback hook: it runs on every answer and needs no promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    // `complete`: the whole request, body included, has arrived (and so was read or is buffered).
    if (reply.statusCode >= 400 && !request.raw.complete && announcesBody(request)) {
      void reply.header('connection', 'close')
      // Node would read the rest to discard it: cut the connection once the answer is out.
      if (request.raw.socket !== undefined && typeof request.raw.socket.destroy === 'function') cutSoon(request.raw, reply.raw)
    }
    done(null, payload)
  })
}, { name: 'request-body' })
