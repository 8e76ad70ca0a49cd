import t from 'tap'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { SigningKeys } from '../../src/signing/signing-keys.js'
import { canonicalJson, Receipts, RECEIPT_TYPE, replyHash, requestHash } from '../../src/receipts/receipts.js'

const subject = {
  messageId: '5f0c1c7e-4b7a-4c8e-9a51-2f0d8a6c1e01',
  sender: 'VN:GOV:000.00.00.H29:motcua',
  receiver: 'VN:GOV:000.00.00.G01:dancu',
  service: 'citizen.verify',
  requestHash: requestHash('{"header":{}}'),
  status: 'delivered',
  at: '2026-12-02T10:00:00.000Z',
  replyHash: replyHash({ header: { messageId: 'x' }, body: { result: 'match' } })
}

for (const alg of ['EdDSA', 'ES256'] as const) {
  t.test(`a ${alg} receipt verifies offline with the published keys and its typ`, async (t) => {
    const keys = await SigningKeys.fromJson(JSON.stringify([await SigningKeys.generate(alg)]))
    const receipt = new Receipts(keys, 'lienthong').sign(subject)
    if (receipt === undefined) throw new Error('no receipt')
    const { payload, protectedHeader } = await jwtVerify(receipt, createLocalJWKSet(keys.jwks()), { typ: RECEIPT_TYPE, issuer: 'lienthong' })
    t.equal(protectedHeader.alg, alg)
    t.equal(protectedHeader.kid, keys.current().kid)
    t.match(payload, subject)
    t.ok(Math.abs((payload.iat ?? 0) - Date.now() / 1000) < 5)

    // A changed claim, signature kept: refused.
    const [h, p, s] = receipt.split('.')
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(String(p), 'base64url').toString()), status: 'dead' })).toString('base64url')
    await t.rejects(jwtVerify(`${h}.${forged}.${s}`, createLocalJWKSet(keys.jwks())), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' })
    // An access token's typ is not a receipt's.
    await t.rejects(jwtVerify(receipt, createLocalJWKSet(keys.jwks()), { typ: 'at+jwt' }), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' })
  })
}

t.test('another key set does not verify it', async (t) => {
  const keys = await SigningKeys.fromJson(JSON.stringify([await SigningKeys.generate()]))
  const other = await SigningKeys.fromJson(JSON.stringify([await SigningKeys.generate()]))
  const receipt = new Receipts(keys, 'lienthong').sign(subject) ?? ''
  await t.rejects(jwtVerify(receipt, createLocalJWKSet(other.jwks())))
})

t.test('without signing keys there is no receipt', async (t) => {
  const receipts = new Receipts(await SigningKeys.fromJson(''), 'lienthong')
  t.equal(receipts.enabled, false)
  t.equal(receipts.sign(subject), undefined)
})

t.test('canonical JSON (RFC 8785): member order, whitespace and number forms do not change it', async (t) => {
  t.equal(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1e21, y: -0, x: 0.1 } }), '{"a":[true,null,"x"],"b":1,"c":{"x":0.1,"y":0,"z":1e+21}}')
  t.equal(canonicalJson(JSON.parse('{ "é": "Nguyễn\\u0020Văn", "e": "\\u000f" }')), '{"e":"\\u000f","é":"Nguyễn Văn"}')
  // Sorted by UTF-16 code units: U+1F600 (a surrogate pair, D83D…) sorts before U+FB01.
  t.equal(canonicalJson({ ﬁ: 1, '\u{1F600}': 2 }), '{"\u{1F600}":2,"\uFB01":1}')
  t.equal(replyHash({ a: 1, b: 2 }), replyHash(JSON.parse('{"b":2,"a":1}')))
  t.not(replyHash({ a: 1, b: 2 }), replyHash({ a: 1, b: 3 }))
  t.throws(() => canonicalJson({ a: Number.NaN }))
})

t.test('the request hash is the SHA-256 of the exact bytes, base64url', async (t) => {
  t.equal(requestHash('abc'), 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0')
  t.not(requestHash('{"a":1}'), requestHash('{ "a": 1 }'), 'whitespace counts: it is the bytes received')
})
