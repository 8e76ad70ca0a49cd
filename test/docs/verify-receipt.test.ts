import type { AddressInfo } from 'node:net'
import t from 'tap'
import { createRemoteJWKSet } from 'jose'
import { checkReceipt } from '../../docs/examples/verify-receipt.js'
import { SigningKeys } from '../../src/signing/signing-keys.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'

// The guide's receipt check, as an integrator runs it: over HTTP, the keys fetched from the
// gateway's JWKS endpoint, the hashes computed from what was sent and received.
const p = await startPlatform(t, { workers: true })
await p.app.listen({ port: 0, host: '127.0.0.1' })
const baseUrl = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`
const keys = createRemoteJWKSet(new URL('/.well-known/jwks.json', baseUrl))
const [citizen] = sampleCitizens(p.mock(IDS.population), 1)
if (citizen === undefined) throw new Error('no sample citizen')

async function post (body: string, key: string): Promise<{ status: number, receipt: string, reply: any }> {
  const res = await fetch(`${baseUrl}/v1/messages`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body })
  return { status: res.status, receipt: res.headers.get('x-lienthong-receipt') ?? '', reply: await res.json() }
}

t.test('a sync answer\'s receipt: genuine, about the bytes sent and the reply received', async (t) => {
  const message = envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth })
  const body = JSON.stringify(message)
  const { status, receipt, reply } = await post(body, KEYS.h29)
  t.equal(status, 200)
  const expect = { issuer: 'lienthong', messageId: String(message.header.messageId) }
  const check = await checkReceipt(receipt, keys, { ...expect, sentBody: body, reply })
  t.ok(check.ok)
  if (check.ok) t.match(check.claims, { status: 'delivered', sender: IDS.h29, service: 'citizen.verify' })

  t.same(await checkReceipt(receipt, keys, { ...expect, sentBody: `${body} `, reply }), { ok: false, reason: 'request-hash-mismatch' }, 'other bytes')
  t.same(await checkReceipt(receipt, keys, { ...expect, sentBody: body, reply: { ...reply, body: { result: 'no-match' } } }), { ok: false, reason: 'reply-hash-mismatch' }, 'another reply')
  t.same(await checkReceipt(receipt, keys, { ...expect, messageId: '00000000-0000-4000-8000-000000000000' }), { ok: false, reason: 'not-your-message' })
  t.match(await checkReceipt(receipt, keys, { ...expect, issuer: 'someone-else' }), { ok: false, reason: 'bad-signature' })
  const other = await SigningKeys.fromJson(JSON.stringify([await SigningKeys.generate()]))
  const forged = other.signCompact({ ...JSON.parse(Buffer.from(receipt.split('.')[1] ?? '', 'base64url').toString()) }, 'lienthong-receipt+jwt')
  t.match(await checkReceipt(forged, keys, expect), { ok: false, reason: 'bad-signature' }, 'signed with a key the gateway does not publish')
})

t.test('a queued message: the acceptance receipt, then the delivery receipt of its state', async (t) => {
  const message = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(citizen, 'H29'))
  const body = JSON.stringify(message)
  const { status, receipt } = await post(body, KEYS.dvcqg)
  t.equal(status, 202)
  const expect = { issuer: 'lienthong', messageId: String(message.header.messageId), sentBody: body }
  // A worker may take the message before the answer is written: the receipt says where it stood.
  t.match(await checkReceipt(receipt, keys, expect), { ok: true, claims: { status: /^(queued|delivering|delivered)$/ } })
  const state = await eventually(async () => {
    const s: any = await (await fetch(`${baseUrl}/v1/messages/${String(message.header.messageId)}`, { headers: { authorization: `Bearer ${KEYS.dvcqg}` } })).json()
    return s.status === 'delivered' ? s : undefined
  }, 15_000, 'delivered')
  t.match(await checkReceipt(state.deliveryReceipt, keys, { ...expect, reply: state.reply }), { ok: true, claims: { status: 'delivered', at: state.deliveredAt } })
})
