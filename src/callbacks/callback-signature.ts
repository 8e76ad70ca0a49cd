import { createHmac } from 'node:crypto'

/** Headers of a callback request; the integrator guide tells receivers how to check them. */
export const CALLBACK_HEADERS = {
  event: 'x-lienthong-event',
  messageId: 'x-lienthong-message-id',
  timestamp: 'x-lienthong-timestamp',
  signature: 'x-lienthong-signature'
} as const

/** The same callback's Standard Webhooks headers (https://www.standardwebhooks.com/). */
export const STANDARD_WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature'
} as const

/**
 * Standard Webhooks' `v1,` and the base64 HMAC-SHA256 of `<webhook-id>.<timestamp>.<raw body>`.
 * The key is the callback secret's bytes as they are (the libraries' "raw" secret format; in the
 * `whsec_` format the same key is `whsec_` + the secret in base64).
 */
export function signStandardWebhook (secret: string, webhookId: string, timestampSeconds: number, rawBody: string): string {
  return `v1,${createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${webhookId}.${timestampSeconds}.${rawBody}`).digest('base64')}`
}

/**
 * The callback event's webhook-id: the same on every retry of one callback (receivers de-duplicate
 * on it), another for another event or for the same event again after an admin replay (its
 * `occurredAt` differs).
 */
export function webhookId (payload: { messageId: string, event: string, occurredAt: string }): string {
  return `${payload.messageId}.${payload.event.replace('message.', '')}.${Date.parse(payload.occurredAt)}`
}

/**
 * `v1=` and the hex HMAC-SHA256, keyed with the participant's callback secret, of
 * `<timestamp>.<raw body>`: the timestamp is signed too, so an old callback cannot be replayed
 * with a fresh one.
 */
export function signCallback (secret: string, timestampSeconds: number, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex')}`
}
