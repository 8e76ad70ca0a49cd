import { createHash } from 'node:crypto'
import { canonicalJson } from '../canonical-json.js'
import type { SigningKeys } from '../signing/signing-keys.js'

export { canonicalJson }

/**
 * The JWS `typ` of a receipt: a verifier that checks it never takes an access token (`at+jwt`,
 * signed with the same keys) for a receipt, nor a receipt for a token.
 */
export const RECEIPT_TYPE = 'lienthong-receipt+jwt'

/** What a receipt says, signed: who sent what to whom, its hashes, and where it stood when. */
export interface ReceiptClaims {
  /** The gateway that signed it (TOKEN_AUDIENCE, the `iss` of its access tokens too). */
  iss: string
  /** Seconds since the epoch, when it was signed. */
  iat: number
  /** The sender's own messageId. */
  messageId: string
  sender: string
  receiver: string
  service: string
  /** base64url SHA-256 of the request body bytes the gateway recorded ({@link requestHash}); absent for a message recorded before hashes were kept. */
  requestHash?: string
  /** The message's status the receipt attests: `delivered`, or where an accepted message stood (`queued`, …). */
  status: string
  /** RFC 3339: when the status was reached (for `delivered`, the delivery time). */
  at: string
  /** Delivered: base64url SHA-256 of the reply envelope in canonical JSON ({@link replyHash}). */
  replyHash?: string
}

/** base64url SHA-256 of the exact bytes of a request body: `X-Lienthong-Request-Hash`. */
export function requestHash (body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('base64url')
}

/** base64url SHA-256 of a reply envelope in canonical JSON: the same for the 200 answer, the message state and the callback. */
export function replyHash (reply: unknown): string {
  return createHash('sha256').update(canonicalJson(reply)).digest('base64url')
}

export type ReceiptSubject = Omit<ReceiptClaims, 'iss' | 'iat'>

/**
 * Signs receipts with the gateway's signing keys (the set published at /.well-known/jwks.json):
 * a compact JWS whose payload is {@link ReceiptClaims}, verifiable offline with any JOSE library.
 * Without signing keys (SIGNING_KEYS unset) it signs nothing and answers carry no receipt.
 */
export class Receipts {
  private readonly keys: SigningKeys
  private readonly issuer: string

  constructor (keys: SigningKeys, issuer: string) {
    this.keys = keys
    this.issuer = issuer
  }

  get enabled (): boolean {
    return this.keys.canSign
  }

  /** The receipt for `subject`, or undefined when the gateway has no signing key. */
  sign (subject: ReceiptSubject): string | undefined {
    if (!this.keys.canSign) return undefined
    const claims: ReceiptClaims = { iss: this.issuer, iat: Math.floor(Date.now() / 1000), ...subject }
    return this.keys.signCompact(claims, RECEIPT_TYPE)
  }
}

/** What a delivery adds to a message's record: when, the reply's hash, and the receipt that binds them to the request. */
export interface DeliveryProof {
  deliveredAt: string
  replyHash: string
  deliveryReceipt?: string
}

/** The message a receipt is about: its sender's own messageId, parties, service and request hash. */
export interface ReceiptMessage {
  messageId: string
  sender: string
  receiver: string
  service: string
  requestHash?: string
}

/** What a receipt names of a recorded message: the sender's own messageId (not a sender-scoped record id). */
export function receiptMessage (record: { envelope: { header: { messageId: string, from: string, to: string, service: string } }, requestHash?: string }): ReceiptMessage {
  const { header } = record.envelope
  const message: ReceiptMessage = { messageId: header.messageId, sender: header.from, receiver: header.to, service: header.service }
  if (record.requestHash !== undefined) message.requestHash = record.requestHash
  return message
}

/** The proof of a delivery of `message` whose receiver answered `reply`, signed when keys are set. */
export function deliveryProof (receipts: Receipts | undefined, message: ReceiptMessage, reply: unknown, at: Date = new Date()): DeliveryProof {
  const deliveredAt = at.toISOString()
  const proof: DeliveryProof = { deliveredAt, replyHash: replyHash(reply) }
  const receipt = receipts?.sign({ ...message, status: 'delivered', at: deliveredAt, replyHash: proof.replyHash })
  if (receipt !== undefined) proof.deliveryReceipt = receipt
  return proof
}
