import { createHmac } from 'node:crypto'

/** Headers of a callback request; the integrator guide tells receivers how to check them. */
export const CALLBACK_HEADERS = {
  event: 'x-lienthong-event',
  messageId: 'x-lienthong-message-id',
  timestamp: 'x-lienthong-timestamp',
  signature: 'x-lienthong-signature'
} as const

/**
 * `v1=` and the hex HMAC-SHA256, keyed with the participant's callback secret, of
 * `<timestamp>.<raw body>`: the timestamp is signed too, so an old callback cannot be replayed
 * with a fresh one.
 */
export function signCallback (secret: string, timestampSeconds: number, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex')}`
}
