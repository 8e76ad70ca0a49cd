import { randomUUID } from 'node:crypto'
import t from 'tap'
import { dossierBody } from '../helpers/dossiers.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// Idempotency belongs to each sender: another sender reusing a messageId learns nothing (no 409,
// no one else's answer, not even from a receiver's idempotency memory), and a messageId in upper
// case is the same message.
const p = await startPlatform(t, { workers: true })
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
  t.ok(keys.includes(id), 'H29\'s message went with its messageId')
  t.equal(keys.filter((k: string) => k !== id).length >= 1, true, 'H62\'s went with another key')

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
