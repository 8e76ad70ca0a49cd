import t from 'tap'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// Operational monitoring: one record per settled message, sync or queued, delivered or dead,
// with sizes, times and hashes but no message content; queried by the admins and exported.
const ADMIN = 'monitoring-admin-token-0123456789abcdef'
const p = await startPlatform(t, { workers: true, env: { ADMIN_TOKEN: ADMIN } })
const [citizen] = sampleCitizens(p.mock(IDS.population), 1)
if (citizen === undefined) throw new Error('no sample citizen')
const started = new Date(Date.now() - 1000).toISOString()

async function monitoring (query: string, token = ADMIN): Promise<{ statusCode: number, headers: Record<string, unknown>, body: string }> {
  const res = await p.app.inject({ url: `/admin/api/monitoring?${query}`, headers: { authorization: `Bearer ${token}` } })
  return { statusCode: res.statusCode, headers: res.headers, body: res.body }
}

async function recordOf (messageId: string): Promise<any> {
  return await eventually(async () => {
    const res = await monitoring(`since=${encodeURIComponent(started)}`)
    return JSON.parse(res.body).records.find((r: any) => r.messageId === messageId)
  }, 15_000, `the monitoring record of ${messageId}`)
}

// A sync verification, a queued dossier, and a dossier the one-stop system refuses (dead).
const verify = envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth })
const verifyRaw = JSON.stringify(verify)
const verifyRes = await p.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${KEYS.h29}`, 'content-type': 'application/json' }, payload: verifyRaw })
const submit = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(citizen, 'H29'))
const refused = envelope('dossier.submit', IDS.portal, IDS.h62, dossierBody(citizen, 'H62'))

t.test('a sync message: sizes, times, attempts and the request hash, no content', async (t) => {
  t.equal(verifyRes.statusCode, 200)
  const r = await recordOf(String(verify.header.messageId))
  t.match(r, { sender: IDS.h29, receiver: IDS.population, service: 'citizen.verify', version: '1', mode: 'sync', outcome: 'delivered', attempts: 1 })
  t.equal(r.requestBytes, Buffer.byteLength(verifyRaw))
  t.equal(r.replyBytes, Buffer.byteLength(JSON.stringify(verifyRes.json())))
  t.equal(r.requestHash, verifyRes.headers['x-lienthong-request-hash'])
  t.ok(r.upstreamMs >= 0 && r.totalMs >= r.upstreamMs - 1, 'the receiver\'s time is part of the whole')
  t.match(r.instance, /^.+\/\d+$/)
  const text = JSON.stringify(r)
  t.notOk(text.includes(citizen.citizenId) || text.includes(citizen.fullName) || text.includes(citizen.dateOfBirth), 'no citizen data')
})

t.test('queued messages: delivered by a worker, and dead with the error it ended with', async (t) => {
  p.mock(IDS.h62).setFaults({ failNext: 1, failStatus: 403 })
  t.equal((await p.send(submit, KEYS.dvcqg)).statusCode, 202)
  t.equal((await p.send(refused, KEYS.dvcqg)).statusCode, 202)
  const delivered = await recordOf(String(submit.header.messageId))
  t.match(delivered, { mode: 'async', outcome: 'delivered', receiver: IDS.h29, attempts: 1 })
  t.ok(delivered.replyBytes > 0)
  const dead = await recordOf(String(refused.header.messageId))
  t.match(dead, { mode: 'async', outcome: 'dead', errorCode: 'LT_UPSTREAM_REJECTED', receiver: IDS.h62 })
  t.notOk('replyBytes' in dead)
})

t.test('filters, pages and exports', async (t) => {
  const since = `since=${encodeURIComponent(started)}`
  const all = JSON.parse((await monitoring(since)).body).records
  t.ok(all.length >= 3)

  const byService = JSON.parse((await monitoring(`${since}&service=dossier.submit`)).body).records
  t.ok(byService.length >= 2 && byService.every((r: any) => r.service === 'dossier.submit'))
  const byParticipant = JSON.parse((await monitoring(`${since}&participant=${encodeURIComponent(IDS.h62)}`)).body).records
  t.same(byParticipant.map((r: any) => r.messageId), [refused.header.messageId], 'as receiver')
  const dead = JSON.parse((await monitoring(`${since}&outcome=dead`)).body).records
  t.same(dead.map((r: any) => r.messageId), [refused.header.messageId])
  const future = JSON.parse((await monitoring(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body).records
  t.same(future, [])

  // One at a time: next, then after=next, until the last.
  const seen: string[] = []
  let after = ''
  for (let i = 0; i < all.length + 1; i++) {
    const res = await monitoring(`${since}&limit=1${after === '' ? '' : `&after=${after}`}`)
    const page = JSON.parse(res.body)
    seen.push(...page.records.map((r: any) => r.id))
    if (page.next === undefined) break
    t.match(res.headers.link, /rel="next"/)
    after = page.next
  }
  t.same(seen, all.map((r: any) => r.id), 'pages add up to the whole, in order')

  const csv = await monitoring(`${since}&format=csv`)
  t.match(csv.headers['content-type'], /^text\/csv/)
  const lines = csv.body.trimEnd().split('\r\n')
  t.equal(lines[0]?.split(',')[1], 'messageId')
  t.equal(lines.length, all.length + 1)
  t.ok(lines.some((l) => l.includes(String(refused.header.messageId)) && l.includes('LT_UPSTREAM_REJECTED')))

  const jsonl = await monitoring(`${since}&format=jsonl`)
  t.match(jsonl.headers['content-type'], /^application\/x-ndjson/)
  t.same(jsonl.body.trimEnd().split('\n').map((l) => JSON.parse(l).id), all.map((r: any) => r.id))
})

t.test('admins only, and a clear refusal of a bad range', async (t) => {
  t.equal((await monitoring('limit=1', 'wrong-token-0123456789abcdefghijklmn')).statusCode, 401)
  t.equal((await p.app.inject({ url: '/admin/api/monitoring', headers: { authorization: `Bearer ${KEYS.h29}` } })).statusCode, 401, 'a participant\'s key is not an admin token')
  const res = await monitoring('since=2026-12-02T10:00:00Z&until=2026-12-01T10:00:00Z')
  t.equal(res.statusCode, 400)
  t.match(JSON.parse(res.body), { code: 'LT_BAD_REQUEST', details: [{ pointer: '/querystring/since' }] })
  t.equal((await monitoring('limit=0')).statusCode, 400)
  t.equal((await monitoring('format=xml')).statusCode, 400)
})
