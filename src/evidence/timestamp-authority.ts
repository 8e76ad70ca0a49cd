import { randomBytes } from 'node:crypto'
import { request } from 'undici'

/**
 * RFC 3161 time stamps for the evidence log's checkpoints: the request (DER, by hand: it is four
 * fields), the response's status and token, and what a token says (the imprint it stamps and its
 * time). The token's CMS signature is the authority's; `npm run evidence -- verify --tsa-ca` has
 * OpenSSL (`openssl ts -verify`) check it against the authority's certificate.
 */

const SHA256_OID = Buffer.from('0609608648016503040201', 'hex')

function length (n: number): Buffer {
  if (n < 0x80) return Buffer.of(n)
  const bytes: number[] = []
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff)
  return Buffer.of(0x80 | bytes.length, ...bytes)
}

function tlv (tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content)
  return Buffer.concat([Buffer.of(tag), length(body.length), body])
}

/** A DER TimeStampReq for a SHA-256 digest, asking for the authority's certificate, with a nonce. */
export function timeStampRequest (digest: Buffer, nonce: Buffer): Buffer {
  // A positive INTEGER: a leading zero when the top bit is set.
  const nonceInt = (nonce[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), nonce]) : nonce
  return tlv(0x30,
    tlv(0x02, Buffer.of(1)),
    tlv(0x30, tlv(0x30, SHA256_OID, Buffer.of(0x05, 0x00)), tlv(0x04, digest)),
    tlv(0x02, nonceInt),
    Buffer.of(0x01, 0x01, 0xff))
}

/** A TLV: its tag, where its header begins (`at`), and its content (`start`…`end`). */
interface Tlv { tag: number, at: number, start: number, end: number, next: number }

function read (der: Buffer, at: number): Tlv {
  const tag = der[at]
  let len = der[at + 1]
  if (tag === undefined || len === undefined) throw new Error('DER: truncated')
  let start = at + 2
  if (len & 0x80) {
    const count = len & 0x7f
    len = 0
    for (let i = 0; i < count; i++) len = len * 256 + (der[start + i] ?? 0)
    start += count
  }
  if (start + len > der.length) throw new Error('DER: truncated')
  return { tag, at, start, end: start + len, next: start + len }
}

/** The children of a constructed TLV. */
function children (der: Buffer, node: Tlv): Tlv[] {
  const out: Tlv[] = []
  for (let at = node.start; at < node.end; at = out.at(-1)?.next ?? node.end) out.push(read(der, at))
  return out
}

/** The status (0 granted, 1 granted with modifications, else refused) and the token of a TimeStampResp. */
export function parseTimeStampResponse (der: Buffer): { status: number, token: Buffer | undefined } {
  const [statusInfo, token] = children(der, read(der, 0))
  if (statusInfo === undefined) throw new Error('TimeStampResp: no status')
  const status = children(der, statusInfo)[0]
  if (status === undefined) throw new Error('TimeStampResp: no status')
  return { status: der.readUIntBE(status.start, Math.min(6, status.end - status.start)), token: token === undefined ? undefined : der.subarray(token.at, token.end) }
}

/** What a TimeStampToken stamps: the hashed message (hex) and the time it gives (RFC 3339). */
export function inspectTimeStampToken (token: Buffer): { imprint: string, genTime: string } {
  // ContentInfo { contentType, [0] SignedData { version, digestAlgorithms, encapContentInfo { type, [0] OCTET STRING TSTInfo } … } }
  const contentInfo = read(token, 0)
  const explicit = children(token, contentInfo)[1]
  if (explicit === undefined) throw new Error('TimeStampToken: no content')
  const signedData = children(token, explicit)[0]
  if (signedData === undefined) throw new Error('TimeStampToken: no SignedData')
  const encap = children(token, signedData)[2]
  if (encap === undefined) throw new Error('TimeStampToken: no encapsulated content')
  const eContent = children(token, encap)[1]
  const octets = eContent === undefined ? undefined : children(token, eContent)[0]
  if (octets === undefined) throw new Error('TimeStampToken: no TSTInfo')
  const tstInfo = children(token, read(token, octets.start))
  // TSTInfo { version, policy, messageImprint { alg, hashedMessage }, serialNumber, genTime, … }
  const imprint = tstInfo[2] === undefined ? undefined : children(token, tstInfo[2])[1]
  const genTime = tstInfo[4]
  if (imprint === undefined || genTime === undefined) throw new Error('TimeStampToken: no imprint or time')
  const g = token.subarray(genTime.start, genTime.end).toString('ascii')
  const time = `${g.slice(0, 4)}-${g.slice(4, 6)}-${g.slice(6, 8)}T${g.slice(8, 10)}:${g.slice(10, 12)}:${g.slice(12)}`.replace(/Z$/, '') + 'Z'
  return { imprint: token.subarray(imprint.start, imprint.end).toString('hex'), genTime: time }
}

/** Stamps digests at an RFC 3161 authority over HTTP (application/timestamp-query); resolves with the token, base64 DER. */
export function rfc3161Timestamper (url: string, timeoutMs = 10_000): (digest: Buffer) => Promise<string> {
  return async (digest) => {
    const nonce = randomBytes(8)
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: timeStampRequest(digest, nonce),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs
    })
    const body = Buffer.from(await res.body.arrayBuffer())
    if (res.statusCode !== 200) throw new Error(`time-stamp authority ${url} answered HTTP ${res.statusCode}`)
    const { status, token } = parseTimeStampResponse(body)
    if (status > 1 || token === undefined) throw new Error(`time-stamp authority ${url} refused (status ${status})`)
    if (inspectTimeStampToken(token).imprint !== digest.toString('hex')) throw new Error(`time-stamp authority ${url} stamped another digest`)
    return token.toString('base64')
  }
}
