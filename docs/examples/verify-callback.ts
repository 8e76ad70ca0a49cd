// Verifies a lienthong callback: the HMAC-SHA256 signature over "<timestamp>.<raw body>",
// keyed with your callback secret, and the timestamp's freshness. Node 20+, no dependencies.
// Copy this file into your system; see docs/integrator-guide.md, "Callbacks".
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Callbacks older or newer than this (seconds, against your clock) are refused: a replay guard. */
export const TOLERANCE_SECONDS = 300

export type VerificationFailure =
  | 'missing-timestamp'
  | 'malformed-timestamp'
  | 'missing-signature'
  | 'malformed-signature'
  | 'signature-mismatch'
  | 'stale-timestamp'

export type Verification = { ok: true } | { ok: false, reason: VerificationFailure }

/** Request headers as node:http gives them (lower-case names) or as fetch's `Headers`. */
export type CallbackHeaders = Headers | Record<string, string | string[] | undefined>

function header (headers: CallbackHeaders, name: string): string | string[] | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined
  const record = headers as Record<string, string | string[] | undefined>
  const key = Object.keys(record).find((k) => k.toLowerCase() === name)
  return key === undefined ? undefined : record[key]
}

/**
 * Checks that a callback comes from the gateway and is fresh.
 *
 * @param rawBody the request body exactly as received (bytes, or the same bytes as a UTF-8
 *   string): never a re-serialized object, whose bytes may differ from what was signed
 * @param headers the request headers
 * @param secret your callback secret (the value the operator configured for your system)
 * @param nowSeconds your clock, in Unix seconds
 */
export function verifyCallback (rawBody: string | Buffer, headers: CallbackHeaders, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): Verification {
  const timestamp = header(headers, 'x-lienthong-timestamp')
  if (timestamp === undefined || timestamp === '') return { ok: false, reason: 'missing-timestamp' }
  if (typeof timestamp !== 'string' || !/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'malformed-timestamp' }

  const signature = header(headers, 'x-lienthong-signature')
  if (signature === undefined || signature === '') return { ok: false, reason: 'missing-signature' }
  const match = typeof signature === 'string' ? /^v1=([0-9a-fA-F]{64})$/.exec(signature.trim()) : null
  if (match === null) return { ok: false, reason: 'malformed-signature' }

  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest()
  const given = Buffer.from(match[1] as string, 'hex')
  // Constant time: how much of a forged signature matched must not show in the response time.
  if (!timingSafeEqual(expected, given)) return { ok: false, reason: 'signature-mismatch' }

  // Checked after the signature, so "stale" means a genuine callback replayed or a skewed clock.
  if (Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) return { ok: false, reason: 'stale-timestamp' }
  return { ok: true }
}
