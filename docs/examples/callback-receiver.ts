// A callback endpoint for your system: verifies each callback, records it once, answers fast.
// Node 20+, no dependencies. See docs/integrator-guide.md, "Callbacks".
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { verifyCallback } from './verify-callback.js'

/** The body of a callback. */
export interface CallbackEvent {
  event: 'message.delivered' | 'message.dead'
  messageId: string
  service: string
  version: string
  from: string
  to: string
  correlationId?: string
  status: 'delivered' | 'dead'
  attempts: number
  occurredAt: string
  deliveredAt?: string
  /** message.delivered: the reply envelope. */
  reply?: { header: Record<string, unknown>, body: Record<string, unknown> }
  /** message.dead: why delivery stopped. */
  lastError?: { code: string, message: string }
}

export interface CallbackReceiverOptions {
  /** Your callback secret. */
  secret: string
  /**
   * Records the event where your system keeps its work (a table, a queue) and resolves when it
   * is stored; heavy processing belongs after that, not here. Throwing makes the receiver answer
   * 500, so the gateway posts the callback again later.
   */
  onEvent: (event: CallbackEvent) => Promise<void>
  /**
   * Has this (messageId, event) been recorded already? Delivery is at least once. The default
   * remembers in memory, which forgets on restart: use your store's unique key in production.
   */
  seen?: { has: (key: string) => boolean, add: (key: string) => unknown }
  maxBodyBytes?: number
}

class BodyTooLarge extends Error {}

async function readRaw (request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > limit) throw new BodyTooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** An HTTP server (not yet listening) that takes lienthong callbacks on any path. */
export function createCallbackReceiver (options: CallbackReceiverOptions): Server {
  const seen = options.seen ?? new Set<string>()
  const limit = options.maxBodyBytes ?? 2 * 1024 * 1024
  return createServer((request, response) => {
    const answer = (status: number, text = ''): void => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text)
    }
    if (request.method !== 'POST') { answer(405); return }
    readRaw(request, limit).then(async (raw) => {
      // Verify the bytes as received, before parsing anything.
      const verification = verifyCallback(raw, request.headers, options.secret)
      if (!verification.ok) { answer(401, verification.reason); return }
      let event: CallbackEvent
      try {
        event = JSON.parse(raw.toString('utf8')) as CallbackEvent
      } catch {
        answer(400, 'not JSON'); return
      }
      const key = `${event.messageId}:${event.event}`
      if (seen.has(key)) { answer(204); return }
      await options.onEvent(event)
      seen.add(key)
      answer(204)
    }).catch((err: unknown) => {
      answer(err instanceof BodyTooLarge ? 413 : 500)
    })
  })
}
