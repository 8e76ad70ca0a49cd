import t from 'tap'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'

const ADMIN = 'test-admin-token-0123456789'
const p = await startPlatform(t, { workers: true, env: { ADMIN_TOKEN: ADMIN } })
const [applicant] = sampleCitizens(p.mock(IDS.population), 1)
if (applicant === undefined) throw new Error('no sample citizen')
const h29 = p.mock(IDS.h29)

async function admin (method: 'GET' | 'POST' | 'DELETE', url: string, token = ADMIN): Promise<{ statusCode: number, body: any }> {
  const res = await p.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } })
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
  t.equal(h29Queue.counts.paused + h29Queue.counts.waiting, 1)
  t.equal((await admin('POST', `/admin/api/queues/${encodeURIComponent(IDS.h29)}/resume`)).statusCode, 200)
  t.equal((await settled(id)).status, 'delivered')
  t.equal((await admin('POST', '/admin/api/queues/VN:GOV:000.00.00.H01:none/pause')).statusCode, 404)
})
