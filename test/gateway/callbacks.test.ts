import { createHmac } from 'node:crypto'
import t from 'tap'
import { buildRegistry } from '../../src/registry.js'
import { verifyCallback } from '../../docs/examples/verify-callback.js'
import { startCallbackReceiver, type ReceivedCallback, callbacksTo } from '../helpers/callback-receiver.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'

const receiver = await startCallbackReceiver(t)
const p = await startPlatform(t, {
  workers: true,
  env: { CALLBACK_BACKOFF_MS: '50' },
  editRegistry: callbacksTo(receiver)
})
const [applicant] = sampleCitizens(p.mock(IDS.population), 1)
if (applicant === undefined) throw new Error('no sample citizen')
const h29 = p.mock(IDS.h29)
const population = p.mock(IDS.population)
const portalSecret = p.env.CALLBACK_SECRET_G22_DVCQG as string

/** Computed here, independently of the gateway's code: HMAC-SHA256 of "<timestamp>.<raw body>". */
function expectedSignature (secret: string, timestamp: string, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`
}

async function callbacksFor (messageId: string, count = 1): Promise<ReceivedCallback[]> {
  return await eventually(async () => {
    const got = receiver.received.filter((c) => c.headers['x-lienthong-message-id'] === messageId)
    return got.length >= count ? got : undefined
  }, 15_000, `${count} callback(s) for ${messageId}`)
}

async function stateWhen (messageId: string, key: string, done: (s: any) => boolean): Promise<any> {
  return await eventually(async () => {
    const s = await p.state(messageId, key)
    return done(s.body) ? s.body : undefined
  }, 15_000, `message ${messageId}`)
}

t.test('a delivered async message is reported to its callbackUrl, signed', async (t) => {
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant), { callbackUrl: `${receiver.url}dvcqg`, correlationId: 'hs-cb-1' })
  const id = String(msg.header.messageId)
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  const [cb] = await callbacksFor(id)
  if (cb === undefined) throw new Error('no callback')
  t.equal(cb.path, '/callbacks/dvcqg')
  t.equal(cb.headers['content-type'], 'application/json')
  t.equal(cb.headers['x-lienthong-event'], 'message.delivered')
  const timestamp = String(cb.headers['x-lienthong-timestamp'])
  t.ok(Math.abs(Number(timestamp) - Date.now() / 1000) < 60, 'a current timestamp')
  t.equal(cb.headers['x-lienthong-signature'], expectedSignature(portalSecret, timestamp, cb.rawBody), 'signed with the sender\'s secret')
  t.not(cb.headers['x-lienthong-signature'], expectedSignature(p.env.CALLBACK_SECRET_H29_MOTCUA as string, timestamp, cb.rawBody), 'not with another participant\'s')
  t.same(verifyCallback(cb.rawBody, cb.headers, portalSecret), { ok: true }, 'the integrator guide\'s verifier accepts it')
  t.match(verifyCallback(cb.rawBody, cb.headers, p.env.CALLBACK_SECRET_H29_MOTCUA as string), { ok: false }, 'and refuses it under another secret')
  t.match(cb.body, { event: 'message.delivered', messageId: id, service: 'dossier.submit', from: IDS.portal, to: IDS.h29, correlationId: 'hs-cb-1', status: 'delivered', attempts: 1 })
  t.match(cb.body.reply.body.dossierCode, /^000\.00\.01\.H29-\d{6}-\d{4}$/, 'the reply travels with the callback')
  t.equal(cb.body.reply.header.inReplyTo, id)
  const state = await stateWhen(id, KEYS.dvcqg, (s) => s.callback?.status === 'sent')
  t.match(state.callback, { event: 'message.delivered', status: 'sent', attempts: 1 })
})

t.test('a callback that fails is retried until the receiver takes it', async (t) => {
  receiver.failNext(2, 503)
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant), { callbackUrl: `${receiver.url}retry` })
  const id = String(msg.header.messageId)
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  const got = await callbacksFor(id, 3)
  t.same(got.map((c) => c.answeredWith), [503, 503, 204])
  t.equal(new Set(got.map((c) => c.rawBody)).size, 1, 'the same body each time')
  for (const c of got) t.equal(c.headers['x-lienthong-signature'], expectedSignature(portalSecret, String(c.headers['x-lienthong-timestamp']), c.rawBody))
  const state = await stateWhen(id, KEYS.dvcqg, (s) => s.callback?.status === 'sent')
  t.equal(state.callback.attempts, 3)
  t.equal(state.attempts, 1, 'one delivery')
  t.equal(h29.effects().filter((e: any) => e.maHoSo === state.reply.body.dossierCode).length, 1, 'the retried callback did not register the dossier again')
})

t.test('a dead message is reported with its reason', async (t) => {
  h29.setFaults({ failNext: 1, failStatus: 403 })
  t.teardown(() => { h29.setFaults({ failNext: 0, failStatus: 503 }) })
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant), { callbackUrl: `${receiver.url}dead` })
  const id = String(msg.header.messageId)
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  const [cb] = await callbacksFor(id)
  t.equal(cb?.headers['x-lienthong-event'], 'message.dead')
  t.match(cb?.body, { event: 'message.dead', messageId: id, status: 'dead', lastError: { code: 'LT_UPSTREAM_REJECTED' } })
  t.notOk('reply' in (cb?.body ?? {}), 'no reply on a dead message')
})

t.test('a sync message whose receiver is down falls back to the queue; the reply arrives by callback', async (t) => {
  population.setFaults({ down: true })
  const msg = envelope('citizen.verify', IDS.h29, IDS.population,
    { citizenId: applicant.citizenId, fullName: applicant.fullName, dateOfBirth: applicant.dateOfBirth },
    { callbackUrl: `${receiver.url}h29` })
  const id = String(msg.header.messageId)
  const res = await p.send(msg, KEYS.h29)
  t.equal(res.statusCode, 202, 'the sender is not kept waiting')
  t.equal(res.body.statusUrl, `/v1/messages/${id}`)
  population.setFaults({ down: false })
  const [cb] = await callbacksFor(id)
  t.equal(cb?.headers['x-lienthong-signature'], expectedSignature(p.env.CALLBACK_SECRET_H29_MOTCUA as string, String(cb?.headers['x-lienthong-timestamp']), cb?.rawBody ?? ''))
  t.same(cb?.body.reply.body, { result: 'match', mismatchedFields: [] })
  const state = await stateWhen(id, KEYS.h29, (s) => s.status === 'delivered')
  t.same(state.reply.body, cb?.body.reply.body, 'the same reply on the status link')
})

t.test('a callbackUrl outside the sender\'s registered prefixes is refused', async (t) => {
  const bad = [
    'http://127.0.0.1:6379/',
    `${receiver.url.replace('/callbacks/', '/elsewhere/')}`,
    receiver.url.replace('http://127.0.0.1', 'http://127.0.0.1@10.0.0.1'),
    receiver.url.replace('http://', 'https://')
  ]
  for (const callbackUrl of bad) {
    const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant), { callbackUrl })
    const res = await p.send(msg, KEYS.dvcqg)
    t.equal(res.statusCode, 422, callbackUrl)
    t.equal(res.body.code, 'LT_CALLBACK_URL_FORBIDDEN')
    t.same(res.body.details, [{ pointer: '/header/callbackUrl', problem: 'not under a callback URL registered for you' }])
    t.equal((await p.state(String(msg.header.messageId), KEYS.dvcqg)).statusCode, 404, 'not recorded')
  }
})

t.test('a registry naming a callback secret that the environment lacks does not start', async (t) => {
  const doc = { participants: [{ id: IDS.h29, name: 'x', callbackSecretEnv: 'CALLBACK_SECRET_MISSING' }] }
  t.throws(() => buildRegistry(doc, {}), /callback secret needs environment variable CALLBACK_SECRET_MISSING/)
  t.throws(() => buildRegistry(doc, { CALLBACK_SECRET_MISSING: 'short' }), /16 characters/)
  t.equal(buildRegistry(doc, { CALLBACK_SECRET_MISSING: 'x'.repeat(32) }).get(IDS.h29)?.callbackSecret, 'x'.repeat(32))
})

t.test('a registered prefix is a directory: sibling paths and other origins are not under it', async (t) => {
  const doc = { participants: [{ id: IDS.h29, name: 'x', callbackSecretEnv: 'CB_SECRET', callbackUrls: ['https://motcua.example.vn/cb'] }] }
  const registry = buildRegistry(doc, { CB_SECRET: 'x'.repeat(32) })
  const sender = registry.get(IDS.h29)
  if (sender === undefined) throw new Error('no participant')
  t.ok(registry.callbackAllowed(sender, 'https://motcua.example.vn/cb'))
  t.ok(registry.callbackAllowed(sender, 'https://motcua.example.vn/cb/hs/1?x=1'))
  t.notOk(registry.callbackAllowed(sender, 'https://motcua.example.vn/cb-other'), 'a sibling path')
  t.notOk(registry.callbackAllowed(sender, 'https://motcua.example.vn/cb/../admin'), 'dot segments are resolved before the comparison')
  t.notOk(registry.callbackAllowed(sender, 'https://motcua.example.vn:8443/cb'), 'another port')
  t.notOk(registry.callbackAllowed(sender, 'http://motcua.example.vn/cb'), 'another scheme')
  t.notOk(registry.callbackAllowed(sender, 'https://user@motcua.example.vn/cb'), 'credentials in the URL')
})
