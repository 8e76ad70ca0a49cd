import { createHmac } from 'node:crypto'
import t from 'tap'
import { TOLERANCE_SECONDS, verifyCallback } from '../../docs/examples/verify-callback.js'

const secret = 'whsec_h29_5d1e0c7a9b2f4e68'
const now = 1_795_400_000
const body = JSON.stringify({ event: 'message.delivered', messageId: '332ed400-d58a-458e-a97a-c62612062c37', service: 'dossier.submit', status: 'delivered', note: 'Lâm Hữu Trung' })

// Signed here from the documented recipe, independently of the code under test.
function sign (timestamp: number | string, raw: string | Buffer, key = secret): string {
  const mac = createHmac('sha256', key)
  mac.update(Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8')]))
  return `v1=${mac.digest('hex')}`
}

function headers (timestamp: number | string, signature: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-lienthong-event': 'message.delivered',
    'x-lienthong-message-id': '332ed400-d58a-458e-a97a-c62612062c37',
    'x-lienthong-timestamp': String(timestamp),
    'x-lienthong-signature': signature
  }
}

t.test('a genuine callback verifies, as a string, as bytes, and through fetch Headers', async (t) => {
  const h = headers(now, sign(now, body))
  t.same(verifyCallback(body, h, secret, now), { ok: true })
  t.same(verifyCallback(Buffer.from(body, 'utf8'), h, secret, now), { ok: true })
  t.same(verifyCallback(body, new Headers(h), secret, now), { ok: true })
  const mixedCase = { 'X-Lienthong-Timestamp': String(now), 'X-Lienthong-Signature': sign(now, body).toUpperCase().replace('V1=', 'v1=') }
  t.same(verifyCallback(body, mixedCase, secret, now), { ok: true }, 'header names and hex digits in any case')
  t.same(verifyCallback(body, h, secret, now + TOLERANCE_SECONDS), { ok: true }, 'at the edge of the window')
  t.same(verifyCallback(body, h, secret, now - TOLERANCE_SECONDS), { ok: true }, 'a clock behind the gateway\'s')
})

t.test('a tampered body is refused', async (t) => {
  const h = headers(now, sign(now, body))
  t.same(verifyCallback(body.replace('delivered', 'dead'), h, secret, now), { ok: false, reason: 'signature-mismatch' })
  t.same(verifyCallback(`${body} `, h, secret, now), { ok: false, reason: 'signature-mismatch' }, 'one byte more')
  // Same characters, other bytes: a body re-serialized or re-normalized does not verify.
  t.same(verifyCallback(body.normalize('NFD'), h, secret, now), { ok: false, reason: 'signature-mismatch' })
  t.same(verifyCallback(JSON.stringify(JSON.parse(body), null, 1), h, secret, now), { ok: false, reason: 'signature-mismatch' })
})

t.test('another secret, or another timestamp under the same signature, is refused', async (t) => {
  t.same(verifyCallback(body, headers(now, sign(now, body, 'whsec_other')), secret, now), { ok: false, reason: 'signature-mismatch' })
  t.same(verifyCallback(body, headers(now + 1, sign(now, body)), secret, now), { ok: false, reason: 'signature-mismatch' }, 'the timestamp is signed')
})

t.test('a stale or future timestamp is refused even with a good signature', async (t) => {
  const old = now - TOLERANCE_SECONDS - 1
  t.same(verifyCallback(body, headers(old, sign(old, body)), secret, now), { ok: false, reason: 'stale-timestamp' })
  const ahead = now + TOLERANCE_SECONDS + 1
  t.same(verifyCallback(body, headers(ahead, sign(ahead, body)), secret, now), { ok: false, reason: 'stale-timestamp' })
})

t.test('missing and malformed headers', async (t) => {
  const good = sign(now, body)
  t.same(verifyCallback(body, { 'x-lienthong-signature': good }, secret, now), { ok: false, reason: 'missing-timestamp' })
  t.same(verifyCallback(body, headers('', good), secret, now), { ok: false, reason: 'missing-timestamp' })
  for (const ts of ['17954e5', '-1795400000', '1795400000.5', ' 1795400000', '2026-11-23T10:00:00Z']) {
    t.same(verifyCallback(body, headers(ts, good), secret, now), { ok: false, reason: 'malformed-timestamp' }, `timestamp ${ts}`)
  }
  t.same(verifyCallback(body, { 'x-lienthong-timestamp': String(now) }, secret, now), { ok: false, reason: 'missing-signature' })
  const hex = good.slice(3)
  for (const sig of [hex, `v0=${hex}`, `v1=${hex.slice(2)}`, `v1=${hex}00`, `v1=${'z'.repeat(64)}`, `sha256=${hex}`, `v1=${hex},v1=${hex}`]) {
    t.same(verifyCallback(body, headers(now, sig), secret, now), { ok: false, reason: 'malformed-signature' }, `signature ${sig.slice(0, 12)}…`)
  }
  const twice = { 'x-lienthong-timestamp': String(now), 'x-lienthong-signature': [good, good] }
  t.same(verifyCallback(body, twice, secret, now), { ok: false, reason: 'malformed-signature' }, 'the header sent twice')
})
