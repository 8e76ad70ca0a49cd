import t from 'tap'
import { Webhook } from 'standardwebhooks'
import { verifyStandardWebhook } from '../../docs/examples/verify-standard-webhook.js'
import { startCallbackReceiver, type ReceivedCallback, callbacksTo } from '../helpers/callback-receiver.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// Callbacks in the Standard Webhooks format, checked with the maintained `standardwebhooks`
// library as an agency would: a genuine callback verifies, a tampered one does not, and the
// webhook-id stays the same over retries of one event and differs between events.
const receiver = await startCallbackReceiver(t)
const p = await startPlatform(t, {
  workers: true,
  env: { CALLBACK_BACKOFF_MS: '50' },
  editRegistry: callbacksTo(receiver)
})
const [applicant] = sampleCitizens(p.mock(IDS.population), 1)
if (applicant === undefined) throw new Error('no sample citizen')
const secret = p.env.CALLBACK_SECRET_G22_DVCQG as string

async function callbacksOf (messageId: string, count: number): Promise<ReceivedCallback[]> {
  return await eventually(async () => {
    const got = receiver.received.filter((c) => c.headers['x-lienthong-message-id'] === messageId)
    return got.length >= count ? got : undefined
  }, 15_000, `${count} callbacks of ${messageId}`)
}

const headersOf = (c: ReceivedCallback): Record<string, string> => Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, String(v)]))

t.test('a callback verifies with the standardwebhooks library, the secret given raw or as whsec_', async (t) => {
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant, 'H29'), { callbackUrl: `${receiver.url}swh` })
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  const [callback] = await callbacksOf(String(msg.header.messageId), 1)
  if (callback === undefined) throw new Error('no callback')
  const headers = headersOf(callback)
  t.match(headers['webhook-signature'], /^v1,[A-Za-z0-9+/]+=*$/)
  const payload = new Webhook(secret, { format: 'raw' }).verify(callback.rawBody, headers) as Record<string, unknown>
  t.equal(payload.messageId, msg.header.messageId)
  t.equal(payload.event, 'message.delivered')
  const whsec = `whsec_${Buffer.from(secret, 'utf8').toString('base64')}`
  t.same(new Webhook(whsec).verify(callback.rawBody, headers), payload, 'the same key in the whsec_ format')

  t.throws(() => new Webhook(secret, { format: 'raw' }).verify(callback.rawBody.replace('delivered', 'dead'), headers), /No matching signature/, 'a tampered body')
  t.throws(() => new Webhook(secret, { format: 'raw' }).verify(callback.rawBody, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1) }), /No matching signature/, 'a changed timestamp')
  t.throws(() => new Webhook(secret, { format: 'raw' }).verify(callback.rawBody, { ...headers, 'webhook-id': 'another-id' }), /No matching signature/, 'another id')
  t.throws(() => new Webhook('someone-elses-secret-000000', { format: 'raw' }).verify(callback.rawBody, headers), /No matching signature/, 'another secret')

  // The guide's example (docs/examples/verify-standard-webhook.ts), with node:http's headers as they come.
  const checked = verifyStandardWebhook(Buffer.from(callback.rawBody), callback.headers, secret)
  t.match(checked, { ok: true, event: { messageId: msg.header.messageId }, webhookId: headers['webhook-id'] })
  t.same(verifyStandardWebhook(callback.rawBody.replace('delivered', 'dead'), callback.headers, secret), { ok: false, reason: 'No matching signature found' })
})

t.test('the webhook-id is the same on every retry of one event, and differs between events', async (t) => {
  receiver.failNext(2)
  const first = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant, 'H29'), { callbackUrl: `${receiver.url}swh-retry` })
  t.equal((await p.send(first, KEYS.dvcqg)).statusCode, 202)
  const tries = await callbacksOf(String(first.header.messageId), 3)
  t.same(tries.map((c) => c.answeredWith), [500, 500, 204])
  const ids = new Set(tries.map((c) => c.headers['webhook-id']))
  t.equal(ids.size, 1, 'one webhook-id over three attempts')
  for (const c of tries) t.ok(new Webhook(secret, { format: 'raw' }).verify(c.rawBody, headersOf(c)), 'each attempt signed anew and valid')

  const second = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant, 'H29'), { callbackUrl: `${receiver.url}swh-retry` })
  t.equal((await p.send(second, KEYS.dvcqg)).statusCode, 202)
  const [other] = await callbacksOf(String(second.header.messageId), 1)
  t.not(other?.headers['webhook-id'], [...ids][0], 'another event, another id')
})
