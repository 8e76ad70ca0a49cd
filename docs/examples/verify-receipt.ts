// Checking a lienthong receipt offline: the signature against the gateway's published keys, and
// that it is about the bytes you sent and the reply you got. Node 20+, one library: `jose`
// (npm install jose). See docs/integrator-guide.md, "Receipts".
//
// Run against `npm start` (posts a citizen.verify and checks its receipt):
//   npx tsx docs/examples/verify-receipt.ts
// Environment: LIENTHONG_URL (default http://127.0.0.1:8080), LIENTHONG_API_KEY (default the
// development key of VN:GOV:000.00.00.H29:motcua).
import { createHash, randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose'

/** What a receipt attests (its JWS payload). */
export interface ReceiptClaims extends JWTPayload {
  messageId: string
  sender: string
  receiver: string
  service: string
  requestHash?: string
  status: string
  at: string
  replyHash?: string
}

export type ReceiptCheck =
  | { ok: true, claims: ReceiptClaims }
  | { ok: false, reason: 'bad-signature' | 'request-hash-mismatch' | 'reply-hash-mismatch' | 'not-your-message', detail?: string }

/** base64url SHA-256: how the gateway writes the request and reply hashes. */
export function sha256 (bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url')
}

/**
 * RFC 8785 canonical JSON for the values a reply holds (members sorted, no whitespace, strings and
 * numbers as JSON.stringify writes them). The `canonicalize` package on npm does the same.
 */
export function canonicalJson (value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const obj = value as Record<string, unknown>
  return `{${Object.keys(obj).sort().filter((k) => obj[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
}

/**
 * Checks `receipt` (the X-Lienthong-Receipt header, or deliveryReceipt of a message state):
 * signed by a key of `keys` (the gateway's /.well-known/jwks.json), issued by `issuer`, about
 * `messageId`; `sentBody` (the exact bytes you posted) matches its request hash; `reply` (the
 * reply envelope you received, parsed) matches its reply hash.
 */
export async function checkReceipt (receipt: string, keys: JWTVerifyGetKey, expect: { issuer: string, messageId: string, sentBody?: string | Uint8Array, reply?: unknown }): Promise<ReceiptCheck> {
  let claims: ReceiptClaims
  try {
    // typ: a receipt, never an access token signed with the same keys.
    claims = (await jwtVerify<ReceiptClaims>(receipt, keys, { typ: 'lienthong-receipt+jwt', issuer: expect.issuer })).payload
  } catch (err) {
    return { ok: false, reason: 'bad-signature', detail: (err as Error).message }
  }
  if (claims.messageId !== expect.messageId) return { ok: false, reason: 'not-your-message' }
  if (expect.sentBody !== undefined && claims.requestHash !== sha256(expect.sentBody)) return { ok: false, reason: 'request-hash-mismatch' }
  if (expect.reply !== undefined && claims.replyHash !== sha256(canonicalJson(expect.reply))) return { ok: false, reason: 'reply-hash-mismatch' }
  return { ok: true, claims }
}

async function main (): Promise<void> {
  const baseUrl = process.env.LIENTHONG_URL ?? 'http://127.0.0.1:8080'
  const apiKey = process.env.LIENTHONG_API_KEY ?? 'lt_dev_h29_motcua_7Qk2mV9xLp4Rt8Wz'
  const messageId = randomUUID()
  // Keep the exact bytes you send: the receipt's request hash is of them.
  const body = JSON.stringify({
    header: { messageId, service: 'enterprise.lookup', version: '1', from: 'VN:GOV:000.00.00.H29:motcua', to: 'VN:GOV:000.00.00.G13:dkkd', sentAt: new Date().toISOString() },
    body: { enterpriseCode: '0171635289' }
  })
  const res = await fetch(`${baseUrl}/v1/messages`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body })
  const receipt = res.headers.get('x-lienthong-receipt')
  const reply = await res.json()
  if (receipt === null) throw new Error(`no receipt (status ${res.status}): ${JSON.stringify(reply)}`)
  const keys = createRemoteJWKSet(new URL('/.well-known/jwks.json', baseUrl))
  const check = await checkReceipt(receipt, keys, { issuer: 'lienthong', messageId, sentBody: body, ...(res.status === 200 ? { reply } : {}) })
  console.log(JSON.stringify(check, null, 2))
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
