import { randomUUID } from 'node:crypto'
import t from 'tap'
import { dossierBody } from '../helpers/dossiers.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { receiverIdempotencyKey, senderScopedId } from '../../src/messages/message-store.js'
import { startCallbackReceiver, callbacksTo } from '../helpers/callback-receiver.js'

// Idempotency belongs to each sender: another sender reusing a messageId learns nothing (no 409,
// no one else's answer, not even from a receiver's idempotency memory), and a messageId in upper
// case is the same message.
const ADMIN = 'idempotency-scope-admin-token-0123456789'
const callbacks = await startCallbackReceiver(t)
const p = await startPlatform(t, {
  workers: true,
  env: { ADMIN_TOKEN: ADMIN, CALLBACK_BACKOFF_MS: '50' },
  editRegistry: callbacksTo(callbacks)
})
const population = p.mock(IDS.population)
const [citizen] = sampleCitizens(population, 1)
if (citizen === undefined) throw new Error('no sample citizen')

t.test('a messageId another sender used is a new message for this one, with its own answer', async (t) => {
  const id = randomUUID()
  const h29 = envelope('citizen.verify', IDS.h29, IDS.population, { ...citizen }, { messageId: id })
  const first = await p.send(h29, KEYS.h29)
  t.equal(first.statusCode, 200)
  t.equal(first.body.body.result, 'match')

  // H62 reuses H29's messageId with other content: not a 409, and the answer is for H62's own question.
  const h62 = envelope('citizen.verify', IDS.h62, IDS.population, { ...citizen, fullName: 'Tên Sai Hoàn Toàn' }, { messageId: id })
  const second = await p.send(h62, KEYS.h62)
  t.equal(second.statusCode, 200, 'no 409 tells H62 that the id exists')
  t.same(second.body.body, { result: 'no-match' }, 'not H29\'s answer, from the gateway or the receiver')
  t.equal(second.body.header.inReplyTo, id)

  // The receiver got two different idempotency keys: H62's never finds H29's answer there.
  const keys = population.received().map((r: any) => r.idempotencyKey)
  t.ok(keys.includes(receiverIdempotencyKey(IDS.h29, id)), 'H29\'s message went with its own key')
  t.ok(keys.includes(receiverIdempotencyKey(IDS.h62, id)), 'H62\'s went with another')
  t.notOk(keys.includes(id), 'neither with the bare messageId')

  // Each sees its own message under the same id.
  const mine = await p.state(id, KEYS.h29)
  const theirs = await p.state(id, KEYS.h62)
  t.equal(mine.body.from, IDS.h29)
  t.equal(theirs.body.from, IDS.h62)
  t.equal(theirs.body.messageId, id)
  t.same(theirs.body.reply.body, { result: 'no-match' })

  // Idempotency still holds within each sender.
  const again = await p.send(h62, KEYS.h62)
  t.same(again.body, second.body, 'H62\'s re-post gets H62\'s first answer')
  const changed = await p.send({ ...h62, body: { ...h62.body, fullName: 'Tên Khác Nữa' } }, KEYS.h62)
  t.equal(changed.statusCode, 409, 'different content under H62\'s own id is H62\'s conflict')
  t.equal(changed.body.code, 'LT_MESSAGE_ID_CONFLICT')
})

t.test('the first sender\'s conflict check is unchanged by the second sender', async (t) => {
  const id = randomUUID()
  t.equal((await p.send(envelope('citizen.verify', IDS.h62, IDS.population, { ...citizen }, { messageId: id }), KEYS.h62)).statusCode, 200)
  const other = await p.send(envelope('citizen.verify', IDS.h29, IDS.population, { ...citizen, fullName: 'Tên Sai Hoàn Toàn' }, { messageId: id }), KEYS.h29)
  t.equal(other.statusCode, 200)
  t.same(other.body.body, { result: 'no-match', mismatchedFields: ['fullName'] })
})

t.test('an upper-case copy of a messageId is the same message', async (t) => {
  const id = randomUUID()
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, { ...citizen }, { messageId: id })
  const first = await p.send(msg, KEYS.h29)
  const calls = population.received().length
  const upper = await p.send({ ...msg, header: { ...msg.header, messageId: id.toUpperCase() } }, KEYS.h29)
  t.equal(upper.statusCode, 200)
  t.same(upper.body, first.body, 'the first answer, replayed')
  t.equal(population.received().length, calls, 'nothing sent to the receiver again')
  const state = await p.state(id.toUpperCase(), KEYS.h29)
  t.equal(state.statusCode, 200)
  t.equal(state.body.messageId, id)
  const changed = await p.send({ ...msg, header: { ...msg.header, messageId: id.toUpperCase() }, body: { ...msg.body, fullName: 'Tên Sai Hoàn Toàn' } }, KEYS.h29)
  t.equal(changed.statusCode, 409)
})

t.test('async messages under a reused messageId are delivered apart, callbacks and all', async (t) => {
  const id = randomUUID()
  const code = `000.00.01.H29-261122-${String(1000 + Math.floor(Math.random() * 8000))}`
  const status = envelope('dossier.status', IDS.h29, IDS.portal, { dossierCode: code, status: 2, changedAt: '2026-11-23T08:15:00+07:00' }, { messageId: id })
  const submit = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(citizen, 'H29'), { messageId: id })
  const a = await p.send(status, KEYS.h29)
  const b = await p.send(submit, KEYS.dvcqg)
  t.equal(a.statusCode, 202)
  t.equal(b.statusCode, 202)
  t.equal(b.body.messageId, id, 'the sender hears its own messageId')
  t.equal(b.body.statusUrl, `/v1/messages/${id}`)
  const settled = async (key: string): Promise<any> => await eventually(async () => {
    const s = await p.state(id, key)
    return s.body.status === 'delivered' ? s.body : undefined
  }, 15_000, 'delivered')
  t.equal((await settled(KEYS.h29)).service, 'dossier.status')
  const submitted = await settled(KEYS.dvcqg)
  t.equal(submitted.service, 'dossier.submit')
  t.match(submitted.reply.body.dossierCode, /^000\.00\.01\.H29-/)
})

t.test('the gateway\'s own ids are out of senders\' reach: version 8 messageIds are refused', async (t) => {
  // The attack: H62 takes the id under which H29's X would be kept apart, before H29 needs it.
  const x = randomUUID()
  const preempt = envelope('citizen.verify', IDS.h62, IDS.population, { ...citizen }, { messageId: senderScopedId(IDS.h29, x) })
  const res = await p.send(preempt, KEYS.h62)
  t.equal(res.statusCode, 422)
  t.equal(res.body.code, 'LT_SCHEMA_INVALID')
  t.equal(res.body.details[0].pointer, '/header/messageId')
  // H62 uses X first; H29's X is then kept apart, under the id H62 could not take.
  t.equal((await p.send(envelope('citizen.verify', IDS.h62, IDS.population, { ...citizen }, { messageId: x }), KEYS.h62)).statusCode, 200)
  const mine = await p.send(envelope('citizen.verify', IDS.h29, IDS.population, { ...citizen, fullName: 'Tên Sai Hoàn Toàn' }, { messageId: x }), KEYS.h29)
  t.equal(mine.statusCode, 200, 'no 409')
  t.same(mine.body.body, { result: 'no-match', mismatchedFields: ['fullName'] }, 'H29\'s own answer')
  for (const version of ['1', '4', '7']) {
    const id = randomUUID().replace(/^(.{14})./, `$1${version}`)
    t.equal((await p.send(envelope('citizen.verify', IDS.h29, IDS.population, { ...citizen }, { messageId: id }), KEYS.h29)).statusCode, 200, `version ${version} is taken`)
  }
})

t.test('once the first sender\'s record has expired, the receiver still keeps the two senders apart', async (t) => {
  const x = randomUUID()
  const first = await p.send(envelope('citizen.verify', IDS.h29, IDS.population, { ...citizen }, { messageId: x }), KEYS.h29)
  t.equal(first.body.body.result, 'match')
  // As MESSAGE_RETENTION_DAYS would: H29's record is gone from the gateway, not from the receiver's memory.
  await p.app.redis.del(`{lt}:msg:${x}`)
  const second = await p.send(envelope('citizen.verify', IDS.h62, IDS.population, { ...citizen, fullName: 'Tên Sai Hoàn Toàn' }, { messageId: x }), KEYS.h62)
  t.equal(second.statusCode, 200)
  t.same(second.body.body, { result: 'no-match' }, 'H62\'s own answer, not H29\'s replayed by the receiver')
  const keys = population.received().map((r: any) => r.idempotencyKey)
  t.ok(keys.includes(receiverIdempotencyKey(IDS.h62, x)))
  t.notOk(keys.includes(x), 'the bare messageId never reaches a receiver')
})

t.test('a message kept apart goes the whole way: dead, its callback, the dead letter, replay, delivered', async (t) => {
  const x = randomUUID()
  const status = (from: string, agency: string, value: number): ReturnType<typeof envelope> =>
    envelope('dossier.status', from, IDS.portal, { dossierCode: `${agency}-261122-${String(1000 + Math.floor(Math.random() * 8000))}`, status: value, changedAt: '2026-11-23T08:15:00+07:00' }, { messageId: x, callbackUrl: `${callbacks.url}scope` })
  const portal = p.mock(IDS.portal)
  const h29 = status(IDS.h29, '000.00.01.H29', 2)
  t.equal((await p.send(h29, KEYS.h29)).statusCode, 202)
  await eventually(async () => (await p.state(x, KEYS.h29)).body.status === 'delivered' ? true : undefined, 15_000, 'H29\'s delivered')

  // H62's message under the same messageId: the portal refuses it once (permanent), so it dies.
  portal.setFaults({ failNext: 1, failStatus: 403 })
  const h62 = status(IDS.h62, '000.00.01.H62', 2)
  t.equal((await p.send(h62, KEYS.h62)).statusCode, 202)
  const dead = await eventually(async () => {
    const s = await p.state(x, KEYS.h62)
    return s.body.status === 'dead' ? s.body : undefined
  }, 15_000, 'H62\'s dead')
  t.equal(dead.messageId, x)
  const deadCallback = await eventually(async () => callbacks.received.find((c) => c.body?.event === 'message.dead' && c.body?.from === IDS.h62 && c.body?.messageId === x), 15_000, 'the dead callback')
  t.equal(deadCallback.headers['x-lienthong-message-id'], x, 'the callback names H62\'s own messageId')

  const admin = async (method: 'GET' | 'POST', url: string): Promise<any> => (await p.app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN}` } })).json()
  const letters = (await admin('GET', '/admin/api/dead-letters?limit=100')).deadLetters
  const letter = letters.find((d: any) => d.senderMessageId === x)
  t.ok(letter, 'the operator finds it by the sender\'s messageId')
  t.equal(letter.from, IDS.h62)
  t.not(letter.messageId, x, 'kept under its own record id')
  t.equal(letter.messageId, senderScopedId(IDS.h62, x))
  t.match(await admin('POST', `/admin/api/dead-letters/${String(letter.messageId)}/replay`), { messageId: letter.messageId, status: 'queued' })

  const delivered = await eventually(async () => {
    const s = await p.state(x, KEYS.h62)
    return s.body.status === 'delivered' ? s.body : undefined
  }, 15_000, 'H62\'s delivered after replay')
  t.equal(delivered.from, IDS.h62)
  const ok = await eventually(async () => callbacks.received.find((c) => c.body?.event === 'message.delivered' && c.body?.from === IDS.h62 && c.body?.messageId === x), 15_000, 'the delivered callback')
  t.equal(ok.body.status, 'delivered')
  t.equal((await p.state(x, KEYS.h29)).body.from, IDS.h29, 'H29 still sees its own')
  const applied = portal.effects().filter((e: any) => e.idempotencyKey === receiverIdempotencyKey(IDS.h62, x))
  t.equal(applied.length, 1, 'applied once at the portal, under H62\'s own key')
})

t.test('a dossier change\'s predecessor is shown only when it is the caller\'s own', async (t) => {
  const code = `000.00.01.H29-261122-${String(1000 + Math.floor(Math.random() * 8000))}`
  const first = envelope('dossier.status', IDS.h29, IDS.portal, { dossierCode: code, status: 2, changedAt: '2026-11-23T08:15:00+07:00' })
  const second = envelope('dossier.status', IDS.h29, IDS.portal, { dossierCode: code, status: 4, changedAt: '2026-11-23T08:16:00+07:00' })
  t.equal((await p.send(first, KEYS.h29)).statusCode, 202)
  t.equal((await p.send(second, KEYS.h29)).statusCode, 202)
  const state = await p.state(String(second.header.messageId), KEYS.h29)
  t.equal(state.body.previousMessageId, first.header.messageId, 'its own previous change, by its messageId')
  // The previous change recorded under another sender: not shown.
  const record = await p.app.store.get(String(second.header.messageId))
  await p.app.redis.hset(`{lt}:msg:${String(first.header.messageId)}`, 'from', IDS.h62)
  t.teardown(async () => { await p.app.redis.hset(`{lt}:msg:${String(first.header.messageId)}`, 'from', IDS.h29) })
  t.equal(record?.previousMessageId, first.header.messageId)
  t.notOk('previousMessageId' in (await p.state(String(second.header.messageId), KEYS.h29)).body, 'another sender\'s id is not shown')
})
