import { execFile } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { exchange, GatewayRefusal, newEnvelope, sendMessage, vietnamNow, type Envelope } from '../../docs/examples/send-message.js'
import { messageExamples } from '../../src/openapi/message-examples.js'
import { projectRoot } from '../../src/project-paths.js'
import { IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { receiverIdempotencyKey } from '../../src/messages/message-store.js'

// The guide's code against the gateway on a real port, the way an integrator's system calls it.
const p = await startPlatform(t, { workers: true })
await p.app.listen({ port: 0, host: '127.0.0.1' })
const baseUrl = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`
const h29 = { baseUrl, apiKey: KEYS.h29 }

function example (service: string): (typeof messageExamples)[number] {
  const found = messageExamples.find((e) => e.service === service)
  if (found === undefined) throw new Error(`no example of ${service}`)
  return found
}

t.test('newEnvelope: a fresh messageId and the time in Vietnam', async (t) => {
  const a = newEnvelope({ service: 'citizen.verify', from: IDS.h29, to: IDS.population }, {})
  const b = newEnvelope({ service: 'citizen.verify', from: IDS.h29, to: IDS.population }, {})
  t.match(a.header.messageId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  t.not(a.header.messageId, b.header.messageId)
  t.equal(a.header.version, '1')
  t.match(vietnamNow(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/)
  t.ok(Math.abs(Date.parse(vietnamNow()) - Date.now()) < 2000, 'the same instant, written in UTC+7')
})

t.test('a sync service answers with the reply at once', async (t) => {
  const e = example('citizen.verify')
  const msg = newEnvelope({ service: e.service, from: e.request.header.from, to: e.request.header.to }, e.request.body)
  const reply = await exchange(msg, h29)
  t.same(reply.body, e.reply?.body)
  t.equal(reply.header.inReplyTo, msg.header.messageId)
})

t.test('an async service is polled until delivered', async (t) => {
  const e = example('dossier.submit')
  const msg = newEnvelope({ service: e.service, from: e.request.header.from, to: e.request.header.to, correlationId: 'DVCQG-261123-000458' }, e.request.body)
  const sent = await sendMessage(msg, { baseUrl, apiKey: KEYS.dvcqg })
  t.equal(sent.kind, 'accepted')
  if (sent.kind === 'accepted') t.equal(sent.statusUrl, `/v1/messages/${msg.header.messageId}`, 'from the Location header')
  const reply = await exchange(msg, { baseUrl, apiKey: KEYS.dvcqg, intervalMs: 100, maxWaitMs: 15_000 })
  t.match(reply.body.dossierCode, /^000\.00\.01\.H29-\d{6}-\d{4}$/)
  t.equal(reply.header.correlationId, 'DVCQG-261123-000458')
  t.equal(p.mock(IDS.h29).received().filter((r) => r.idempotencyKey === receiverIdempotencyKey(msg.header.from, msg.header.messageId) && !r.replayed).length, 1, 'delivered once, though posted twice')
})

t.test('re-posting the same message is safe; the same messageId with other content is refused', async (t) => {
  const e = example('citizen.lookup')
  const msg: Envelope = newEnvelope({ service: e.service, from: e.request.header.from, to: e.request.header.to }, e.request.body)
  const population = p.mock(IDS.population)
  const first = await sendMessage(msg, h29)
  const again = await sendMessage({ ...msg, header: { ...msg.header, sentAt: vietnamNow() } }, h29)
  t.same(again, first, 'the same answer')
  t.equal(population.received().filter((r) => r.idempotencyKey === receiverIdempotencyKey(msg.header.from, msg.header.messageId)).length, 1, 'asked the population database once')
  const changed = { ...msg, body: { ...msg.body, purpose: 'Một mục đích khác' } }
  const err = await sendMessage(changed, h29).catch((e: unknown) => e)
  t.type(err, GatewayRefusal)
  t.equal((err as GatewayRefusal).status, 409)
  t.equal((err as GatewayRefusal).code, 'LT_MESSAGE_ID_CONFLICT')
  t.same((err as GatewayRefusal).details.map((d) => d.pointer), ['/header/messageId'])
})

t.test('a refusal carries its code and the pointer of each bad field', async (t) => {
  const bad = newEnvelope({ service: 'citizen.verify', from: IDS.h29, to: IDS.population }, { citizenId: '026081949699', fullName: 'Lâm Hữu Trung', dateOfBirth: '1991-12-25' })
  const err = await exchange(bad, h29).catch((e: unknown) => e) as GatewayRefusal
  t.equal(err.status, 422)
  t.equal(err.code, 'LT_IDENTIFIER_INVALID')
  t.same(err.details.map((d) => d.pointer), ['/body/citizenId'])
  const unknownKey = await sendMessage(bad, { baseUrl, apiKey: 'lt_not_a_key' }).catch((e: unknown) => e) as GatewayRefusal
  t.equal(unknownKey.code, 'LT_UNAUTHENTICATED')
})

t.test('run as a script, it sends the guide\'s example and prints the reply', async (t) => {
  const run = promisify(execFile)
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(projectRoot, 'docs', 'examples', 'send-message.ts')], {
    cwd: projectRoot,
    env: { ...process.env, LIENTHONG_URL: baseUrl, LIENTHONG_API_KEY: KEYS.h29 }
  })
  const reply = JSON.parse(stdout)
  t.same(reply.body, { result: 'match', mismatchedFields: [] })
  t.equal(reply.header.from, IDS.population)
})
