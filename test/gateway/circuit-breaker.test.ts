import t from 'tap'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { parseExposition, valueOf } from '../helpers/prometheus.js'

const ADMIN = 'test-admin-token-breakers-0123-01234'
const COOLDOWN_MS = 1500
const p = await startPlatform(t, { env: { ADMIN_TOKEN: ADMIN, BREAKER_MIN_CALLS: '3', BREAKER_COOLDOWN_MS: String(COOLDOWN_MS) } })
const citizen = sampleCitizens(p.mock(IDS.population), 1)[0] as NonNullable<ReturnType<typeof sampleCitizens>[number]>
const population = p.mock(IDS.population)
const h62 = p.mock(IDS.h62)

async function admin (method: 'GET' | 'POST', url: string): Promise<{ statusCode: number, body: any }> {
  const res = await p.app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN}` } })
  return { statusCode: res.statusCode, body: res.json() }
}

async function breaker (receiver: string): Promise<any> {
  const res = await admin('GET', '/admin/api/circuit-breakers')
  return res.body.breakers.find((b: any) => b.receiver === receiver)
}

function verify (): ReturnType<typeof envelope> {
  return envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth })
}

t.test('failures of most calls open the breaker; sync calls then fall back to the queue without calling', async (t) => {
  population.reset()
  population.setFaults({ errorRate: 1 })
  t.equal((await breaker(IDS.population)).state, 'closed')
  for (let i = 0; i < 3; i++) {
    const res = await p.send(verify())
    t.equal(res.statusCode, 202, `failure ${i + 1} falls back to the queue`)
  }
  t.equal(population.received().length, 3, 'each of the three reached the system')
  const open = await breaker(IDS.population)
  t.match(open, { state: 'open', failures: 3, lastError: 'LT_UPSTREAM_UNAVAILABLE' })
  t.ok(Date.parse(open.retryAt) > Date.now(), 'a probe is due after the cool-down')

  const started = Date.now()
  const msg = verify()
  const res = await p.send(msg)
  t.equal(res.statusCode, 202)
  t.ok(Date.now() - started < 1000, 'answered at once')
  t.equal(population.received().length, 3, 'the open breaker kept the call away from the system')
  const state = await p.state(String(msg.header.messageId))
  t.equal(state.body.lastError.code, 'LT_CIRCUIT_OPEN')
  const queues = await admin('GET', '/admin/api/queues')
  t.equal(queues.body.queues.find((q: any) => q.receiver === IDS.population).circuit, 'open', 'the queue view shows it too')
  const ready = (await p.app.inject({ method: 'GET', url: '/health/ready' })).json()
  t.same(ready.degradedReceivers, [IDS.population], 'readiness lists the receiver as degraded')
  const metrics = parseExposition((await p.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${ADMIN}` } })).body)
  t.equal(valueOf(metrics, 'lt_circuit_open', { receiver: IDS.population }), 1, 'and the metrics')
  t.equal(valueOf(metrics, 'lt_circuit_open', { receiver: IDS.h29 }), 0)
})

t.test('after the cool-down one probe goes through; its success closes the breaker and the queue delivers', async (t) => {
  population.setFaults({ errorRate: 0 })
  await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 100))
  t.equal((await breaker(IDS.population)).state, 'half-open')
  const res = await p.send(verify())
  t.equal(res.statusCode, 200, 'the probe succeeded')
  t.equal((await breaker(IDS.population)).state, 'closed')
  t.equal((await p.send(verify())).statusCode, 200)

  // The four messages that fell back are waiting in the queue; workers deliver them now.
  p.startWorkers()
  const counts = await eventually(async () => {
    const q = (await admin('GET', '/admin/api/queues')).body.queues.find((x: any) => x.receiver === IDS.population)
    return q.counts.completed >= 4 ? q.counts : undefined
  }, 30_000, 'the fallen-back messages to be delivered')
  t.equal(counts.failed, 0)
  // The next test wants the gateway alone to meet the breaker.
  await p.workers?.close()
})

t.test('a failed probe opens the breaker again for another cool-down', async (t) => {
  // A fresh window: the successes of the test before would dilute three failures below the rate.
  await admin('POST', `/admin/api/circuit-breakers/${encodeURIComponent(IDS.population)}/reset`)
  population.setFaults({ errorRate: 1 })
  for (let i = 0; i < 3; i++) await p.send(verify())
  t.equal((await breaker(IDS.population)).state, 'open')
  await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 100))
  const before = population.received().length
  t.equal((await p.send(verify())).statusCode, 202)
  t.equal(population.received().length, before + 1, 'one probe reached the system')
  const again = await breaker(IDS.population)
  t.equal(again.state, 'open')
  t.ok(Date.parse(again.retryAt) > Date.now() + COOLDOWN_MS / 2, 'a fresh cool-down')
  const reset = await admin('POST', `/admin/api/circuit-breakers/${encodeURIComponent(IDS.population)}/reset`)
  t.equal(reset.statusCode, 200)
  t.equal(reset.body.state, 'closed', 'an admin can close it by hand')
  population.setFaults({ errorRate: 0 })
  t.equal((await p.send(verify())).statusCode, 200)
  t.equal((await admin('POST', '/admin/api/circuit-breakers/VN:GOV:000.00.00.H99:none/reset')).statusCode, 404)
})

t.test('queued deliveries wait for an open breaker without spending their attempts', async (t) => {
  h62.reset()
  h62.setFaults({ errorRate: 1 })
  p.startWorkers()
  const ids: string[] = []
  for (let i = 0; i < 4; i++) {
    const msg = envelope('dossier.submit', IDS.portal, IDS.h62, dossierBody(citizen, 'H62'))
    ids.push(String(msg.header.messageId))
    t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  }
  await eventually(async () => (await breaker(IDS.h62)).state === 'open' ? true : undefined, 15_000, 'the breaker to open')
  const waiting = await eventually(async () => {
    const states = await Promise.all(ids.map(async (id) => (await p.state(id, KEYS.dvcqg)).body))
    return states.some((s) => s.lastError?.code === 'LT_CIRCUIT_OPEN') ? states : undefined
  }, 15_000, 'a delivery postponed by the breaker')
  const postponed = waiting.find((s) => s.lastError?.code === 'LT_CIRCUIT_OPEN')
  t.equal(postponed.status, 'retrying')
  t.ok(postponed.attempts < 5, 'attempts left')
  // The first attempts, and at most a retry or two admitted in the instant before the failure that
  // opened the breaker was recorded (a loaded machine); without the breaker the four messages would
  // spend all their 20 attempts here (backoff 50 ms).
  const received = h62.received().length
  t.ok(received <= 6, `the system saw about the failures that opened the breaker, not the retries (${received})`)

  h62.setFaults({ errorRate: 0 })
  const settled = await eventually(async () => {
    const states = await Promise.all(ids.map(async (id) => (await p.state(id, KEYS.dvcqg)).body))
    return states.every((s) => s.status === 'delivered') ? states : undefined
  }, 30_000, 'every message to be delivered after the cool-down')
  t.equal(settled.length, 4)
  t.equal(h62.effects().length, 4, 'each dossier registered once')
  t.equal((await breaker(IDS.h62)).state, 'closed')
})

t.test('a receiver that fails a third of its calls is left to the retries: the breaker stays closed', async (t) => {
  await p.workers?.close() // only this test's calls in the window
  t.equal((await admin('POST', `/admin/api/circuit-breakers/${encodeURIComponent(IDS.population)}/reset`)).statusCode, 200)
  population.reset()
  const codes: number[] = []
  for (let i = 0; i < 9; i++) {
    if (i % 3 === 2) population.setFaults({ failNext: 1 })
    codes.push((await p.send(verify())).statusCode)
  }
  t.same(codes, [200, 200, 202, 200, 200, 202, 200, 200, 202], 'each failure fell back to the queue; the others were answered')
  t.equal(population.received().length, 9, 'every call reached the system')
  t.match(await breaker(IDS.population), { state: 'closed', calls: 9, failures: 3 })
})
