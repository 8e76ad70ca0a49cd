import { createHash } from 'node:crypto'
import t from 'tap'
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose'
import { canonicalJson } from '../../src/receipts/receipts.js'
import { startCallbackReceiver, callbacksTo } from '../helpers/callback-receiver.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// What the gateway can prove of an exchange: the hash of the exact request bytes on every answer,
// and signed receipts that bind a message to its request and its reply, checked here the way an
// integrator would, with the published keys and a JOSE library, hashing what it sent and received.
const callbacks = await startCallbackReceiver(t)
const p = await startPlatform(t, {
  workers: true,
  env: { CALLBACK_BACKOFF_MS: '50' },
  editRegistry: callbacksTo(callbacks)
})
const [citizen] = sampleCitizens(p.mock(IDS.population), 1)
if (citizen === undefined) throw new Error('no sample citizen')

const sha256 = (bytes: string): string => createHash('sha256').update(bytes).digest('base64url')
const jwks = createLocalJWKSet((await p.app.inject({ url: '/.well-known/jwks.json' })).json() as JSONWebKeySet)

async function post (raw: string, key: string = KEYS.h29): Promise<{ statusCode: number, headers: Record<string, unknown>, body: any }> {
  const res = await p.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: raw })
  return { statusCode: res.statusCode, headers: res.headers, body: res.json() }
}

async function verifyReceipt (receipt: unknown): Promise<Record<string, unknown>> {
  if (typeof receipt !== 'string') throw new Error('no receipt')
  const { payload } = await jwtVerify(receipt, jwks, { typ: 'lienthong-receipt+jwt', issuer: p.config.tokenAudience })
  return payload
}

t.test('a sync answer: the request hash of the bytes sent, and a receipt over the request and the reply', async (t) => {
  const message = envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth })
  // Spacing of the sender's own: the hash is of these bytes, not of a re-serialisation.
  const raw = JSON.stringify(message, null, 1)
  const res = await post(raw)
  t.equal(res.statusCode, 200)
  const hash = sha256(raw)
  t.equal(res.headers['x-lienthong-request-hash'], hash)
  t.equal(res.headers['x-road-request-hash'], hash)
  t.equal(res.headers['x-road-id'], message.header.messageId)
  t.equal(res.body.header.requestHash, hash, 'the reply envelope names the request it answers')

  const claims = await verifyReceipt(res.headers['x-lienthong-receipt'])
  t.match(claims, { messageId: message.header.messageId, sender: IDS.h29, receiver: IDS.population, service: 'citizen.verify', requestHash: hash, status: 'delivered' })
  t.equal(claims.replyHash, sha256(canonicalJson(res.body)), 'the reply hash is of the reply received, in canonical JSON')

  const state = await p.state(String(message.header.messageId))
  t.equal(state.body.requestHash, hash)
  t.equal(state.body.replyHash, claims.replyHash)
  t.equal(state.body.deliveryReceipt, res.headers['x-lienthong-receipt'])

  // The same bytes again: the same reply and the same receipt, nothing asked of the receiver twice.
  const again = await post(raw)
  t.equal(again.headers['x-lienthong-receipt'], res.headers['x-lienthong-receipt'])
  t.equal(again.headers['x-lienthong-request-hash'], hash)
})

t.test('a queued message: a receipt of its acceptance, then a delivery receipt in its state and its callback', async (t) => {
  const message = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(citizen, 'H29'), { callbackUrl: `${callbacks.url}receipts` })
  const raw = JSON.stringify(message)
  const res = await post(raw, KEYS.dvcqg)
  t.equal(res.statusCode, 202)
  const accepted = await verifyReceipt(res.headers['x-lienthong-receipt'])
  t.match(accepted, { messageId: message.header.messageId, sender: IDS.portal, receiver: IDS.h29, service: 'dossier.submit', requestHash: sha256(raw), status: res.body.status })
  t.notOk('replyHash' in accepted, 'nothing delivered yet, no reply hash')

  const state = await eventually(async () => {
    const s = await p.state(String(message.header.messageId), KEYS.dvcqg)
    return s.body.status === 'delivered' ? s.body : undefined
  }, 15_000, 'delivered')
  const delivered = await verifyReceipt(state.deliveryReceipt)
  t.match(delivered, { messageId: message.header.messageId, requestHash: sha256(raw), status: 'delivered', at: state.deliveredAt })
  t.equal(delivered.replyHash, sha256(canonicalJson(state.reply)))
  t.equal(state.reply.header.requestHash, sha256(raw))

  const callback = await eventually(async () => callbacks.received.find((c) => c.headers['x-lienthong-message-id'] === message.header.messageId), 15_000, 'the callback')
  const payload = JSON.parse(callback.rawBody)
  t.equal(payload.receipt, state.deliveryReceipt, 'the callback carries the delivery receipt')
  t.equal(payload.replyHash, sha256(canonicalJson(payload.reply)))
})

t.test('a refused message still names the bytes it answers, and gets no receipt', async (t) => {
  const raw = JSON.stringify(envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: 'not an id' }))
  const res = await post(raw)
  t.equal(res.statusCode, 422)
  t.equal(res.headers['x-lienthong-request-hash'], sha256(raw))
  t.notOk(res.headers['x-lienthong-receipt'])
})

t.test('a forged receipt does not verify', async (t) => {
  const res = await post(JSON.stringify(envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth })))
  const [h, body, sig] = String(res.headers['x-lienthong-receipt']).split('.')
  const claims = JSON.parse(Buffer.from(String(body), 'base64url').toString())
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sender: IDS.h62 })).toString('base64url')}.${sig}`
  await t.rejects(verifyReceipt(forged))
})

t.test('without signing keys answers still carry the request hash, and no receipt', async (t) => {
  const bare = await startPlatform(t, { env: { SIGNING_KEYS: '' } })
  const raw = JSON.stringify(envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth }))
  const res = await bare.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${KEYS.h29}`, 'content-type': 'application/json' }, payload: raw })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['x-lienthong-request-hash'], sha256(raw))
  t.notOk(res.headers['x-lienthong-receipt'])
})

t.test('X-Road-Id echoes only a well-formed messageId', async (t) => {
  const bad = envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId }, { messageId: 'not-a-uuid\u00e9' })
  const res = await post(JSON.stringify(bad))
  t.equal(res.statusCode, 422)
  t.notOk(res.headers['x-road-id'], 'not echoed')
  t.ok(res.headers['x-lienthong-request-hash'])
})
