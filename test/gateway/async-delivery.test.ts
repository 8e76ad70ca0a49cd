import t from 'tap'
import { dossierCodeProblem } from '../../src/identifiers/index.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'

const p = await startPlatform(t, { workers: true })
const [applicant] = sampleCitizens(p.mock(IDS.population), 1)
if (applicant === undefined) throw new Error('no sample citizen')
const h29 = p.mock(IDS.h29)
const portal = p.mock(IDS.portal)

async function delivered (messageId: string, key: string = KEYS.dvcqg): Promise<any> {
  return await eventually(async () => {
    const s = await p.state(messageId, key)
    return s.body.status === 'delivered' || s.body.status === 'dead' ? s.body : undefined
  }, 15_000, `message ${messageId} to settle`)
}

t.test('dossier.submit answers 202 with a status link, then shows the dossier code', async (t) => {
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const id = String(msg.header.messageId)
  const res = await p.send(msg, KEYS.dvcqg)
  t.equal(res.statusCode, 202)
  t.equal(res.body.messageId, id)
  t.equal(res.body.statusUrl, `/v1/messages/${id}`)
  t.ok(['queued', 'delivering', 'delivered'].includes(res.body.status))
  const state = await delivered(id)
  t.equal(state.status, 'delivered')
  t.equal(state.attempts, 1)
  const code = state.reply.body.dossierCode
  t.equal(dossierCodeProblem(code), null, 'a valid dossier code')
  t.match(code, /^000\.00\.01\.H29-\d{6}-\d{4}$/)
  t.same(state.history.map((h: any) => h.status), ['accepted', 'queued', 'delivering', 'delivered'])
  const effects = h29.effects().filter((e: any) => e.key === id || JSON.stringify(e).includes(code))
  t.equal(effects.length, 1, 'the one-stop system registered the dossier once')
})

t.test('delivery retries after the one-stop system fails twice, then succeeds once', async (t) => {
  h29.reset()
  h29.setFaults({ failNext: 2 })
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const id = String(msg.header.messageId)
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  const state = await delivered(id)
  t.equal(state.status, 'delivered')
  t.equal(state.attempts, 3)
  const statuses = state.history.map((h: any) => h.status)
  t.same(statuses, ['accepted', 'queued', 'delivering', 'retrying', 'delivering', 'retrying', 'delivering', 'delivered'])
  t.equal(h29.received().length, 3, 'three attempts reached the system')
  t.equal(h29.effects().length, 1, 'one dossier registered')
})

t.test('a permanent refusal goes straight to dead with the reason', async (t) => {
  h29.reset()
  // A 403 from the upstream is a refusal (not 408/429): retrying cannot help.
  h29.setFaults({ failNext: 1, failStatus: 403 })
  t.teardown(() => { h29.setFaults({ failNext: 0, failStatus: 503 }) })
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const id = String(msg.header.messageId)
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  const state = await delivered(id)
  t.equal(state.status, 'dead')
  t.equal(state.attempts, 1, 'no retry of a permanent failure')
  t.equal(state.lastError.code, 'LT_UPSTREAM_REJECTED')
  t.equal(state.lastError.transient, false)
  t.equal(state.lastError.upstreamStatus, 403)
  t.equal(h29.effects().length, 0)
})

t.test('dossier.status syncs to the national portal; a forbidden change is refused', async (t) => {
  const code = `000.00.01.H29-261122-${String(Math.floor(Math.random() * 9000) + 1000)}`
  for (const status of [2, 4, 9, 10]) {
    const msg = envelope('dossier.status', IDS.h29, IDS.portal, { dossierCode: code, status, changedAt: '2026-11-23T08:15:00+07:00' })
    const res = await p.send(msg, KEYS.h29)
    t.equal(res.statusCode, 202, `status ${status} accepted`)
    const state = await delivered(String(msg.header.messageId), KEYS.h29)
    t.equal(state.status, 'delivered', `status ${status} delivered`)
    t.equal(state.reply.body.status, status)
  }
  const back = envelope('dossier.status', IDS.h29, IDS.portal, { dossierCode: code, status: 4, changedAt: '2026-11-23T09:00:00+07:00' })
  const res = await p.send(back, KEYS.h29)
  t.equal(res.statusCode, 422)
  t.equal(res.body.code, 'LT_STATUS_TRANSITION_FORBIDDEN')
  t.same(res.body.details, [{ pointer: '/body/status', problem: 'not allowed after status 10' }])
  t.equal(res.body.messageId, back.header.messageId)
  t.equal((await p.state(String(back.header.messageId), KEYS.h29)).statusCode, 404, 'a refused message is not recorded')
  const synced = portal.effects().filter((e: any) => JSON.stringify(e).includes(code))
  t.ok(synced.length >= 4, 'the portal applied each accepted change')
})

t.test('a 429 is retried no sooner than its Retry-After', async (t) => {
  h29.reset()
  h29.setFaults({ failNext: 1, failStatus: 429, retryAfterSeconds: 2 })
  t.teardown(() => { h29.setFaults({ failNext: 0, failStatus: 503, retryAfterSeconds: null }) })
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const id = String(msg.header.messageId)
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  const state = await delivered(id)
  t.equal(state.status, 'delivered')
  t.equal(state.attempts, 2)
  const retrying = state.history.find((h: any) => h.status === 'retrying')
  t.equal(retrying.error, 'LT_UPSTREAM_RATE_LIMITED')
  const second = state.history.filter((h: any) => h.status === 'delivering')[1]
  // The platform's backoff base is 50 ms: only the Retry-After explains a wait of two seconds.
  t.ok(Date.parse(second.at) - Date.parse(retrying.at) >= 1900, 'waited for the Retry-After')
  t.equal(h29.effects().length, 1)
})

t.test('status changes of one dossier reach the portal in the order they were accepted, even when the first is retried', async (t) => {
  portal.reset()
  const code = `000.00.01.H29-261123-${String(Math.floor(Math.random() * 9000) + 1000)}`
  // The first change's delivery fails twice (and is retried with backoff); the next two are accepted meanwhile.
  portal.setFaults({ failNext: 2 })
  const ids: string[] = []
  for (const status of [2, 4, 9]) {
    const msg = envelope('dossier.status', IDS.h29, IDS.portal, { dossierCode: code, status, changedAt: '2026-11-23T08:15:00+07:00' })
    t.equal((await p.send(msg, KEYS.h29)).statusCode, 202)
    ids.push(String(msg.header.messageId))
  }
  const states = []
  for (const id of ids) states.push(await delivered(id, KEYS.h29))
  t.same(states.map((s) => s.status), ['delivered', 'delivered', 'delivered'])
  t.ok(states[0].attempts >= 2, 'the first change was retried')
  t.equal(states[1].previousMessageId, ids[0], 'each change names the one before it')
  t.equal(states[2].previousMessageId, ids[1])
  const applied = portal.effects().filter((e: any) => e.MaHoSo === code).map((e: any) => Number(e.TrangThaiHoSo))
  t.same(applied.filter((s: number, i: number) => i === 0 || s !== applied[i - 1]), [2, 4, 9], 'applied in order; the portal ends on the last change')
  t.ok(Date.parse(states[1].deliveredAt) >= Date.parse(states[0].deliveredAt), 'the second waited for the first')
})

t.test('the gateway\'s own Redis connection is auto-pipelined, and BullMQ\'s scripts are on a connection of their own', async (t) => {
  await p.send(envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant)), KEYS.dvcqg)
  const own = p.app.redis as unknown as { options: { enableAutoPipelining?: boolean }, scriptsSet: Record<string, unknown> }
  t.equal(own.options.enableAutoPipelining, true, 'concurrent requests\' commands go out together')
  const queue = p.app.queues.for(IDS.h29)
  await queue.waitUntilReady()
  const queueClient = queue.opts.connection as unknown as { scriptsSet: Record<string, unknown> }
  t.not(queueClient, p.app.redis, 'the queues use another connection')
  t.ok(Object.keys(queueClient.scriptsSet).length > 20, 'where BullMQ defined its scripts')
  t.notOk(Object.keys(own.scriptsSet).some((name) => name in queueClient.scriptsSet), 'none of them on the gateway\'s own, which copies its scripts onto every auto-pipeline')
})
