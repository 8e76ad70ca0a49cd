import { randomUUID } from 'node:crypto'
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { SigningKeys } from '../../src/signing/signing-keys.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { envelope, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { receiverIdempotencyKey } from '../../src/messages/message-store.js'

// The sample registry's development client of VN:GOV:000.00.00.H29:motcua (config/registry.json; README).
const CLIENT = { id: 'h29-dev-client', secret: 'lts_dev_h29_motcua_Vb3Nq8Ze5Rw1Yc6Tj0Hk' }
const ADMIN = 'test-admin-token-0123456789-credentials'
const oldKey = await SigningKeys.generate()
const p = await startPlatform(t, { env: { ADMIN_TOKEN: ADMIN, SIGNING_KEYS: JSON.stringify([oldKey]) } })
const [citizen] = sampleCitizens(p.mock(IDS.population), 1)
if (citizen === undefined) throw new Error('no sample citizen')
const verifyBody = { citizenId: citizen.citizenId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth }

function basic (id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`
}

async function tokenRequest (form: string, headers: Record<string, string> = { authorization: basic(CLIENT.id, CLIENT.secret) }, app = p.app): Promise<{ statusCode: number, headers: Record<string, unknown>, body: any }> {
  const res = await app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: form })
  return { statusCode: res.statusCode, headers: res.headers, body: res.json() }
}

async function token (scope?: string, app = p.app): Promise<string> {
  const res = await tokenRequest(`grant_type=client_credentials${scope !== undefined ? `&scope=${encodeURIComponent(scope)}` : ''}`, undefined, app)
  if (res.statusCode !== 200) throw new Error(`token request answered ${res.statusCode}: ${JSON.stringify(res.body)}`)
  return res.body.access_token
}

async function call (method: 'GET' | 'POST', url: string, bearer: string, payload?: object, app = p.app): Promise<{ statusCode: number, headers: Record<string, unknown>, body: any }> {
  const res = await app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload !== undefined ? { payload } : {}) })
  return { statusCode: res.statusCode, headers: res.headers, body: res.json() }
}

/** A token with the gateway's claims, changed by `claims`/`header`, signed with `jwk`. */
async function craft (jwk: JWK, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const payload = { iss: 'lienthong', aud: 'lienthong', sub: IDS.h29, client_id: CLIENT.id, scope: 'citizen.verify', iat: now, exp: now + 300, jti: randomUUID(), ...claims }
  return await new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: oldKey.kid as string, typ: 'at+jwt', ...header }).sign(await importJWK(jwk, 'EdDSA'))
}

t.test('client credentials give a short-lived signed access token', async (t) => {
  const res = await tokenRequest('grant_type=client_credentials')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['cache-control'], 'no-store', 'RFC 6749 §5.1: never cached')
  t.equal(res.body.token_type, 'Bearer')
  t.equal(res.body.expires_in, 300)
  t.same(res.body.scope.split(' ').sort(), ['birth.register', 'citizen.lookup', 'citizen.verify', 'death.register', 'dossier.status', 'dossier.supplement', 'enterprise.lookup'], 'default scope: every service of the participant')
  const header = decodeProtectedHeader(res.body.access_token)
  t.same(header, { alg: 'EdDSA', kid: oldKey.kid, typ: 'at+jwt' })
  const claims = decodeJwt(res.body.access_token)
  t.equal(claims.sub, IDS.h29)
  t.equal(claims.aud, 'lienthong')
  t.equal(claims.client_id, CLIENT.id)
  t.equal((claims.exp as number) - (claims.iat as number), 300)
  t.match(claims.jti, /^[0-9a-f-]{36}$/)

  const jwks = await p.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })
  t.equal(jwks.statusCode, 200)
  const keys = jwks.json().keys
  t.same(keys.map((k: JWK) => k.kid), [oldKey.kid])
  t.notOk('d' in keys[0], 'the private part is never published')
  t.equal(keys[0].alg, 'EdDSA')

  const form = await tokenRequest(`grant_type=client_credentials&client_id=${CLIENT.id}&client_secret=${CLIENT.secret}`, {})
  t.equal(form.statusCode, 200, 'client_secret_post works too')
})

t.test('an access token works where an API key does', async (t) => {
  const bearer = await token()
  const services = await call('GET', '/v1/services', bearer)
  t.equal(services.statusCode, 200)
  t.equal(services.body.services.length, 7, 'every service of its rights')
  const sent = await call('POST', '/v1/messages', bearer, envelope('citizen.verify', IDS.h29, IDS.population, verifyBody))
  t.equal(sent.statusCode, 200)
  t.equal(sent.body.body.result, 'match')
  const state = await call('GET', `/v1/messages/${String(sent.body.header.inReplyTo)}`, bearer)
  t.equal(state.statusCode, 200)
  t.equal(state.body.status, 'delivered')
  t.equal((await call('GET', '/v1/services', KEYS.h29)).statusCode, 200, 'the API key still works beside it')
})

t.test('a token\'s scope limits the services', async (t) => {
  const bearer = await token('citizen.verify')
  const services = await call('GET', '/v1/services', bearer)
  t.same(services.body.services.map((s: { service: string }) => s.service), ['citizen.verify'], 'the catalog shows the scope only')
  t.equal((await call('POST', '/v1/messages', bearer, envelope('citizen.verify', IDS.h29, IDS.population, verifyBody))).statusCode, 200)
  const outside = await call('POST', '/v1/messages', bearer, envelope('enterprise.lookup', IDS.h29, IDS.business, { enterpriseCode: '0300588569' }))
  t.equal(outside.statusCode, 403)
  t.equal(outside.body.code, 'LT_SCOPE_FORBIDDEN')
  t.same(outside.body.details.map((d: { pointer: string }) => d.pointer), ['/header/service'])
  t.match(outside.headers['www-authenticate'], /error="insufficient_scope"/)
  t.equal(p.mock(IDS.business).received().length, 0, 'nothing reached the receiver')

  // A message sent with a wider credential is not readable with a narrower token.
  const lookup = await call('POST', '/v1/messages', KEYS.h29, envelope('enterprise.lookup', IDS.h29, IDS.business, { enterpriseCode: '0300588569' }))
  t.equal(lookup.statusCode, 200)
  const state = await call('GET', `/v1/messages/${String(lookup.body.header.inReplyTo)}`, bearer)
  t.equal(state.statusCode, 403)
  t.equal(state.body.code, 'LT_SCOPE_FORBIDDEN')

  const wider = await tokenRequest('grant_type=client_credentials&scope=citizen.verify%20dossier.submit')
  t.equal(wider.statusCode, 400, 'a scope beyond the participant\'s rights is refused')
  t.equal(wider.body.error, 'invalid_scope')
  t.equal(wider.body.code, 'LT_OAUTH_INVALID_SCOPE')
})

t.test('forged, expired, wrong-audience and foreign tokens are refused', async (t) => {
  const genuine = await token('citizen.verify')
  const [h, payload, signature] = genuine.split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: IDS.h62 })).toString('base64url')}.${signature}`
  const widened = `${h}.${Buffer.from(JSON.stringify({ ...claims, scope: 'citizen.verify citizen.lookup enterprise.lookup' })).toString('base64url')}.${signature}`
  const otherKey = await SigningKeys.generate()
  const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${payload}.`
  const now = Math.floor(Date.now() / 1000)
  const cases: Array<[string, string]> = [
    ['the sub changed after signing', tampered],
    ['the scope widened after signing', widened],
    ['signed by another key under the gateway\'s kid', await craft(otherKey)],
    ['signed by another key with its own kid', await craft(otherKey, {}, { kid: otherKey.kid })],
    ['no signature (alg none)', unsigned + 'x'],
    ['expired', await craft(oldKey, { iat: now - 400, exp: now - 60 })],
    ['for another audience', await craft(oldKey, { aud: 'https://lgsp.other-province.gov.vn' })],
    ['from another issuer', await craft(oldKey, { iss: 'someone-else' })],
    ['not an access token (typ JWT)', await craft(oldKey, {}, { typ: 'JWT' })],
    ['for a client the gateway does not know', await craft(oldKey, { client_id: 'nobody' })],
    ['naming a participant its client does not belong to', await craft(oldKey, { sub: IDS.h62 })]
  ]
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, verifyBody)
  for (const [what, bad] of cases) {
    const res = await call('POST', '/v1/messages', bad, msg)
    t.equal(res.statusCode, 401, what)
    t.equal(res.body.code, 'LT_TOKEN_INVALID', what)
    t.match(res.headers['www-authenticate'], /^Bearer realm="lienthong", error="invalid_token"$/, what)
    t.equal((await call('GET', '/v1/services', bad)).statusCode, 401, `${what}: GET too`)
  }
  t.equal(p.mock(IDS.population).received().filter((r) => r.idempotencyKey === receiverIdempotencyKey(String(msg.header.from), String(msg.header.messageId))).length, 0, 'none reached the receiver')
  const expired = await call('GET', '/v1/services', await craft(oldKey, { iat: now - 400, exp: now - 60 }))
  t.match(expired.body.message, /expired/, 'the message says why')
  t.equal((await call('GET', '/v1/services', await craft(oldKey))).statusCode, 200, 'the same crafting with the real key and claims passes (the cases differ only in what they name)')
})

t.test('the token endpoint refuses bad clients and requests per RFC 6749 §5.2', async (t) => {
  const wrong = await tokenRequest('grant_type=client_credentials', { authorization: basic(CLIENT.id, 'lts_not_the_secret') })
  t.equal(wrong.statusCode, 401)
  t.match(wrong.body, { error: 'invalid_client', statusCode: 401, code: 'LT_OAUTH_INVALID_CLIENT' })
  t.type(wrong.body.error_description, 'string')
  t.match(wrong.headers['www-authenticate'], /^Basic realm="lienthong"/)
  t.equal(wrong.headers['cache-control'], 'no-store')
  t.equal((await tokenRequest('grant_type=client_credentials', {})).body.error, 'invalid_client', 'no credentials')
  t.equal((await tokenRequest('grant_type=client_credentials', { authorization: basic('h29-dev-1', KEYS.h29) })).body.error, 'invalid_client', 'an API key is not a client secret')
  t.equal((await tokenRequest('grant_type=client_credentials', { authorization: basic('h62-other', CLIENT.secret) })).body.error, 'invalid_client', 'the secret of another client id')
  t.equal((await tokenRequest('grant_type=client_credentials', { authorization: `Bearer ${KEYS.h29}` })).statusCode, 401, 'not Basic')

  const password = await tokenRequest('grant_type=password&username=a&password=b')
  t.equal(password.statusCode, 400)
  t.equal(password.body.error, 'unsupported_grant_type')
  t.equal((await tokenRequest('scope=citizen.verify')).body.error, 'invalid_request', 'no grant_type')
  const both = await tokenRequest(`grant_type=client_credentials&client_id=${CLIENT.id}&client_secret=${CLIENT.secret}`)
  t.equal(both.body.error, 'invalid_request', 'Basic and form credentials at once')
  const text = await p.app.inject({ method: 'POST', url: '/oauth2/token', headers: { authorization: basic(CLIENT.id, CLIENT.secret), 'content-type': 'text/plain' }, payload: 'grant_type=client_credentials' })
  t.equal(text.statusCode, 400)
  t.equal(text.json().error, 'invalid_request', 'an unreadable body')
})

t.test('signing keys rotate without downtime; every process verifies every published key', async (t) => {
  const beforeRotation = await token('citizen.verify')
  const newKey = await SigningKeys.generate('ES256')
  // Step 1 of a rotation: a second process (the same Redis) publishes the new key second; the old one still signs.
  // Step 2: the new key signs; the old one stays published until its tokens have expired.
  const rotated = await buildApp({ config: loadConfig({ ...p.redis.env, LOG_LEVEL: 'silent', SIGNING_KEYS: JSON.stringify([newKey, oldKey]) }), registry: p.registry, logger: false })
  t.teardown(async () => { await rotated.close() })
  await rotated.ready()
  const published = (await rotated.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys.map((k: JWK) => k.kid)
  t.same(published, [newKey.kid, oldKey.kid])
  t.equal((await call('GET', '/v1/services', beforeRotation, undefined, rotated)).statusCode, 200, 'a token signed by the old key still verifies')
  const afterRotation = await token('citizen.verify', rotated)
  t.same(decodeProtectedHeader(afterRotation), { alg: 'ES256', kid: newKey.kid, typ: 'at+jwt' }, 'the new key signs')
  t.equal((await call('GET', '/v1/services', afterRotation, undefined, rotated)).statusCode, 200)
  t.equal((await call('GET', '/v1/services', afterRotation)).statusCode, 401, 'a process that does not publish the new key yet refuses it: publish first, sign later')
})

t.test('without SIGNING_KEYS the gateway issues no tokens', async (t) => {
  const off = await buildApp({ config: loadConfig({ ...p.redis.env, LOG_LEVEL: 'silent' }), registry: p.registry, logger: false })
  t.teardown(async () => { await off.close() })
  const res = await tokenRequest('grant_type=client_credentials', undefined, off)
  t.equal(res.statusCode, 503)
  t.match(res.body, { error: 'temporarily_unavailable', code: 'LT_OAUTH_DISABLED' })
  t.same((await off.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json(), { keys: [] })
  t.equal((await call('GET', '/v1/services', await craft(oldKey), undefined, off)).statusCode, 401, 'and accepts none')
})

t.test('a token used before is still refused once it expires (verdicts are not cached past exp)', async (t) => {
  const shortLived = await buildApp({ config: loadConfig({ ...p.redis.env, LOG_LEVEL: 'silent', SIGNING_KEYS: JSON.stringify([oldKey]), TOKEN_TTL_SECONDS: '10' }), registry: p.registry, logger: false })
  t.teardown(async () => { await shortLived.close() })
  const bearer = await token('citizen.verify', shortLived)
  const exp = decodeJwt(bearer).exp as number
  t.equal((await call('GET', '/v1/services', bearer, undefined, shortLived)).statusCode, 200, 'verified and remembered')
  // Past exp and the 5 s of clock tolerance.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, (exp + 5) * 1000 - Date.now()) + 200))
  const late = await call('GET', '/v1/services', bearer, undefined, shortLived)
  t.equal(late.statusCode, 401)
  t.equal(late.body.code, 'LT_TOKEN_INVALID')
})
