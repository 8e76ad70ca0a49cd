import t from 'tap'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'

const ADMIN = 'test-admin-token-0123456789-01234567'
const p = await startPlatform(t, { workers: true, env: { ADMIN_TOKEN: ADMIN } })
const [applicant] = sampleCitizens(p.mock(IDS.population), 1)
if (applicant === undefined) throw new Error('no sample citizen')
const h29 = p.mock(IDS.h29)

async function admin (method: 'GET' | 'POST' | 'DELETE', url: string, token = ADMIN, payload?: object): Promise<{ statusCode: number, body: any }> {
  const res = await p.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload } : {}) })
  return { statusCode: res.statusCode, body: res.body === '' ? undefined : res.json() }
}

async function settled (id: string): Promise<any> {
  return await eventually(async () => {
    const s = await p.state(id, KEYS.dvcqg)
    return ['delivered', 'dead'].includes(s.body.status) ? s.body : undefined
  }, 15_000, `message ${id} to settle`)
}

t.test('the admin API needs the admin token, not a participant key', async (t) => {
  t.equal((await admin('GET', '/admin/api/queues', 'wrong')).statusCode, 401)
  t.equal((await admin('GET', '/admin/api/queues', KEYS.h29)).body.code, 'LT_UNAUTHENTICATED')
  const ok = await admin('GET', '/admin/api/queues')
  t.equal(ok.statusCode, 200)
  t.equal(ok.body.queues.length, p.registry.receivers().length)
})

t.test('dead letters: list with filters, inspect, replay once, purge', async (t) => {
  h29.reset()
  h29.setFaults({ failNext: 1, failStatus: 403 })
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const id = String(msg.header.messageId)
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  t.equal((await settled(id)).status, 'dead')

  const listed = await admin('GET', `/admin/api/dead-letters?receiver=${encodeURIComponent(IDS.h29)}&service=dossier.submit`)
  t.equal(listed.statusCode, 200)
  t.same(listed.body.deadLetters.map((d: any) => d.messageId), [id])
  t.equal(listed.body.deadLetters[0].lastError.code, 'LT_UPSTREAM_REJECTED')
  t.same((await admin('GET', '/admin/api/dead-letters?service=citizen.verify')).body.deadLetters, [], 'the service filter applies')
  const future = new Date(Date.now() + 60_000).toISOString()
  t.same((await admin('GET', `/admin/api/dead-letters?since=${future}`)).body.deadLetters, [], 'the time filter applies')

  const one = await admin('GET', `/admin/api/dead-letters/${id}`)
  t.equal(one.statusCode, 200)
  t.equal(one.body.lastError.upstreamStatus, 403)
  t.ok(one.body.history.some((h: any) => h.status === 'dead'))

  const replay = await admin('POST', `/admin/api/dead-letters/${id}/replay`)
  t.equal(replay.statusCode, 202)
  const state = await settled(id)
  t.equal(state.status, 'delivered', 'the replay delivered it')
  t.equal(h29.effects().length, 1, 'registered once')
  t.same((await admin('GET', '/admin/api/dead-letters')).body.deadLetters, [], 'no longer a dead letter')
  t.equal((await admin('POST', `/admin/api/dead-letters/${id}/replay`)).statusCode, 404, 'a delivered message cannot be replayed')

  h29.setFaults({ failNext: 1, failStatus: 403 })
  const other = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  await p.send(other, KEYS.dvcqg)
  t.equal((await settled(String(other.header.messageId))).status, 'dead')
  t.equal((await admin('DELETE', `/admin/api/dead-letters/${String(other.header.messageId)}`)).statusCode, 204)
  t.same((await admin('GET', '/admin/api/dead-letters')).body.deadLetters, [], 'purged')
})

t.test('pausing a receiver holds its messages; resuming delivers them', async (t) => {
  t.equal((await admin('POST', `/admin/api/queues/${encodeURIComponent(IDS.h29)}/pause`)).statusCode, 200)
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const id = String(msg.header.messageId)
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.equal((await p.state(id, KEYS.dvcqg)).body.status, 'queued', 'held while paused')
  const queues = (await admin('GET', '/admin/api/queues')).body.queues
  const h29Queue = queues.find((q: any) => q.receiver === IDS.h29)
  t.equal(h29Queue.paused, true)
  t.equal(h29Queue.counts.waiting, 1, 'a paused queue keeps its jobs waiting')
  t.equal((await admin('POST', `/admin/api/queues/${encodeURIComponent(IDS.h29)}/resume`)).statusCode, 200)
  t.equal((await settled(id)).status, 'delivered')
  t.equal((await admin('POST', '/admin/api/queues/VN:GOV:000.00.00.H01:none/pause')).statusCode, 404)
})

t.test('dead letters replay as a selection: by messageIds or by filter, each once', async (t) => {
  h29.reset()
  const h62 = p.mock(IDS.h62)
  h62.reset()
  h29.setFaults({ failNext: 3, failStatus: 403 })
  h62.setFaults({ failNext: 1, failStatus: 403 })
  const toH29 = [0, 1, 2].map(() => envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant)))
  const toH62 = envelope('dossier.submit', IDS.portal, IDS.h62, dossierBody(applicant, 'H62'))
  for (const msg of [...toH29, toH62]) {
    await p.send(msg, KEYS.dvcqg)
    t.equal((await settled(String(msg.header.messageId))).status, 'dead')
  }
  const [first, second, third] = toH29.map((m) => String(m.header.messageId))

  const byIds = await admin('POST', '/admin/api/dead-letters/replay', ADMIN, { messageIds: [first, first, second, '00000000-0000-4000-8000-000000000000'] })
  t.equal(byIds.statusCode, 200)
  t.same(byIds.body, { replayed: [first, second], skipped: ['00000000-0000-4000-8000-000000000000'] })
  for (const id of [first, second]) t.equal((await settled(id as string)).status, 'delivered')

  const byFilter = await admin('POST', '/admin/api/dead-letters/replay', ADMIN, { receiver: IDS.h29 })
  t.same(byFilter.body, { replayed: [third], skipped: [] }, 'only the receiver\'s remaining dead letter')
  t.equal((await settled(third as string)).status, 'delivered')
  t.equal(h29.effects().length, 3, 'three dossiers, one each')
  t.same((await admin('GET', `/admin/api/dead-letters?receiver=${encodeURIComponent(IDS.h62)}`)).body.deadLetters.length, 1, 'the other receiver\'s dead letter stays')

  const all = await admin('POST', '/admin/api/dead-letters/replay', ADMIN, { all: true })
  t.same(all.body.replayed, [String(toH62.header.messageId)])
  t.equal((await settled(String(toH62.header.messageId))).status, 'delivered')
})

t.test('a replay selection must say what it selects', async (t) => {
  const none = await admin('POST', '/admin/api/dead-letters/replay', ADMIN, {})
  t.equal(none.statusCode, 422)
  const filterOnlyLimit = await admin('POST', '/admin/api/dead-letters/replay', ADMIN, { limit: 5 })
  t.equal(filterOnlyLimit.statusCode, 422)
  t.equal(filterOnlyLimit.body.code, 'LT_SCHEMA_INVALID')
  const both = await admin('POST', '/admin/api/dead-letters/replay', ADMIN, { messageIds: ['00000000-0000-4000-8000-000000000000'], receiver: IDS.h29 })
  t.equal(both.statusCode, 422)
  t.same(both.body.details, [{ pointer: '/messageIds', problem: 'not with filters' }])
  const badId = await admin('POST', '/admin/api/dead-letters/replay', ADMIN, { messageIds: ['not-a-uuid'] })
  t.equal(badId.statusCode, 422)
  t.equal(badId.body.details[0].pointer, '/messageIds/0')
  t.equal((await admin('POST', '/admin/api/dead-letters/replay', 'wrong', { all: true })).statusCode, 401)
})

t.test('queues report rates; participants and their rights are readable, secrets are not', async (t) => {
  const queues = (await admin('GET', '/admin/api/queues')).body.queues
  const h29Queue = queues.find((q: any) => q.receiver === IDS.h29)
  t.ok(h29Queue.rates.completedPerMinute.last5m > 0, 'deliveries of the last minutes show as a rate')
  t.ok(h29Queue.rates.completedPerMinute.last60m > 0)
  t.equal(queues.find((q: any) => q.receiver === IDS.business).rates.completedPerMinute.last5m, 0, 'an idle queue has none')

  const res = await admin('GET', '/admin/api/participants')
  t.equal(res.statusCode, 200)
  const portal = res.body.participants.find((x: any) => x.id === IDS.portal)
  const listed = (await admin('GET', `/admin/api/participants/${encodeURIComponent(IDS.portal)}/credentials`)).body.credentials
  t.same(portal.credentials, listed, 'the credential store\'s view, as its credentials endpoint shows it')
  t.ok(portal.credentials.some((c: any) => c.id === 'dvcqg-dev-1' && c.kind === 'api-key' && c.state === 'active'))
  t.notOk('apiKeys' in portal, 'not the registry file\'s key list')
  t.same(portal.rights, p.registry.get(IDS.portal)?.rights)
  t.equal(portal.callbackSecret, true)
  t.equal(portal.endpoint.kind, 'service-portal')
  const text = JSON.stringify(res.body)
  for (const secret of Object.values(p.env).filter((v) => v.length >= 16)) t.notOk(text.includes(secret), 'no secret or credential in the listing')
  for (const participant of p.registry.participants()) {
    for (const key of participant.apiKeys) t.notOk(text.includes(key.sha256), 'no key hash')
  }
  t.equal((await admin('GET', '/admin/api/participants', KEYS.dvcqg)).statusCode, 401)
})

t.test('two replays of one dead letter at once: one wins, the message is delivered once', async (t) => {
  h29.reset()
  h29.setFaults({ failNext: 1, failStatus: 403 })
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const id = String(msg.header.messageId)
  await p.send(msg, KEYS.dvcqg)
  t.equal((await settled(id)).status, 'dead')
  const [first, second] = await Promise.all([
    admin('POST', `/admin/api/dead-letters/${id}/replay`),
    admin('POST', '/admin/api/dead-letters/replay', ADMIN, { messageIds: [id] })
  ])
  const wins = [first.statusCode === 202, second.body?.replayed?.length === 1].filter(Boolean).length
  t.equal(wins, 1, 'exactly one replay claimed it')
  const state = await settled(id)
  t.equal(state.status, 'delivered')
  t.equal(state.attempts, 1, 'a replay starts with full attempts')
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(h29.effects().length, 1, 'one dossier')
})
