import t from 'tap'
import { sampleCitizens } from '../helpers/citizens.js'
import { envelope, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// GET /v1/messages: a participant lists its own messages, by correlationId and time range.
const p = await startPlatform(t)
const citizens = sampleCitizens(p.mock(IDS.population), 4)
const flow = `HS-${Date.now()}`

function verify (from: string, i: number, correlationId: string, header: Record<string, unknown> = {}): ReturnType<typeof envelope> {
  const c = citizens[i % citizens.length]
  if (c === undefined) throw new Error('no sample citizen')
  return envelope('citizen.verify', from, IDS.population, { citizenId: c.citizenId, fullName: c.fullName, dateOfBirth: c.dateOfBirth }, { correlationId, ...header })
}

async function list (query: string, key: string = KEYS.h29): Promise<{ statusCode: number, body: any }> {
  const res = await p.app.inject({ url: `/v1/messages?${query}`, headers: { authorization: `Bearer ${key}` } })
  return { statusCode: res.statusCode, body: res.json() }
}

async function sent (message: ReturnType<typeof envelope>, key: string): Promise<string> {
  const res = await p.send(message, key)
  if (res.statusCode !== 200) throw new Error(`not delivered: ${JSON.stringify(res.body)}`)
  // Distinct acceptance times, so newest-first has one order.
  await new Promise((resolve) => setTimeout(resolve, 5))
  return String(message.header.messageId)
}

const mine: string[] = []
for (let i = 0; i < 3; i++) mine.push(await sent(verify(IDS.h29, i, flow), KEYS.h29))
await sent(verify(IDS.h29, 3, `${flow}-other`), KEYS.h29)
// H62 uses the same correlationId, and one of H29's messageIds.
await sent(verify(IDS.h62, 0, flow, { messageId: mine[0] }), KEYS.h62)

t.test('by correlationId: the sender\'s own messages, newest first, with no content', async (t) => {
  const res = await list(`correlationId=${flow}`)
  t.equal(res.statusCode, 200)
  t.same(res.body.messages.map((m: any) => m.messageId), [...mine].reverse())
  t.equal(res.body.truncated, false)
  const first = res.body.messages[0]
  t.match(first, { service: 'citizen.verify', to: IDS.population, correlationId: flow, status: 'delivered', statusUrl: `/v1/messages/${String(mine[2])}` })
  t.same(Object.keys(first).sort(), ['correlationId', 'createdAt', 'messageId', 'service', 'status', 'statusUrl', 'to', 'updatedAt', 'version'])
})

t.test('another sender sees only its own, under its own messageId', async (t) => {
  const res = await list(`correlationId=${flow}`, KEYS.h62)
  t.same(res.body.messages.map((m: any) => m.messageId), [mine[0]], 'its message, by the messageId it sent (kept apart from H29\'s)')
  t.equal(res.body.messages[0].status, 'delivered')
  const all = await list('', KEYS.dvcqg)
  t.same(all.body.messages, [], 'the portal sent nothing')
})

t.test('time range and limit', async (t) => {
  const all = (await list('')).body.messages
  t.equal(all.length, 4)
  const limited = await list('limit=2')
  t.equal(limited.body.messages.length, 2)
  t.equal(limited.body.truncated, true)
  const oldest = all.at(-1)
  const before = await list(`until=${encodeURIComponent(oldest.createdAt)}`)
  t.same(before.body.messages.map((m: any) => m.messageId), [oldest.messageId], 'until is inclusive')
  t.same((await list(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body.messages, [])
})

t.test('bad queries are refused clearly', async (t) => {
  const res = await list('since=2026-12-02T10:00:00Z&until=2026-12-01T10:00:00Z')
  t.equal(res.statusCode, 400)
  t.match(res.body, { code: 'LT_BAD_REQUEST', details: [{ pointer: '/querystring/since' }] })
  t.match((await list('limit=5000')).body, { code: 'LT_BAD_REQUEST', details: [{ pointer: '/querystring/limit' }] })
  t.match((await list('correlationId=a%20b')).body, { code: 'LT_BAD_REQUEST' })
  t.equal((await p.app.inject({ url: '/v1/messages' })).statusCode, 401)
})
