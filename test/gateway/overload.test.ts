import t from 'tap'
import { buildApp } from '../../src/app.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { dossierBody } from '../helpers/dossiers.js'
import { sampleCitizens } from '../helpers/citizens.js'

// Overload: thresholds small enough for a test to cross on purpose.
const p = await startPlatform(t, { env: { OVERLOAD_EVENT_LOOP_DELAY_MS: '40', OVERLOAD_SAMPLE_INTERVAL_MS: '50' } })
const APPLICANT = { citizenId: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-05-17', gender: 'male' } as const
const submit = () => envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(APPLICANT))

/** Keeps the event loop lagging: 80 ms of work every 10 ms, until stopped. */
function lag (): () => void {
  const timer = setInterval(() => {
    const until = Date.now() + 80
    while (Date.now() < until) { /* busy: what a CPU-bound overload looks like to the event loop */ }
  }, 10)
  return () => clearInterval(timer)
}

t.test('a lagging event loop: requests get 503 LT_OVERLOADED with Retry-After at once, nothing is recorded', async (t) => {
  // The mocks' seeding at start lagged the loop too: wait until that sample has passed.
  await eventually(async () => (await p.send(submit(), KEYS.dvcqg)).statusCode === 202 ? true : undefined, 10_000, 'normal service')
  const stop = lag()
  const refused = await eventually(async () => {
    const msg = submit()
    const res = await p.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${KEYS.dvcqg}` }, payload: msg })
    return res.statusCode === 503 ? { res, msg } : undefined
  }, 10_000, 'an overload refusal')
  const live = await p.app.inject({ method: 'GET', url: '/health/live' })
  stop()
  t.equal(refused.res.json().code, 'LT_OVERLOADED')
  t.match(refused.res.json().message, /overloaded; try again in 1 s/)
  t.equal(refused.res.headers['retry-after'], '1')
  t.notOk(refused.res.headers.ratelimit, 'refused before authentication and the rate limit: the cheapest answer there is')
  t.equal(live.statusCode, 200, '/health/live answers under pressure: the process is alive')

  await eventually(async () => (await p.send(submit(), KEYS.dvcqg)).statusCode === 202 ? true : undefined, 10_000, 'service again')
  t.equal((await p.state(refused.msg.header.messageId as string, KEYS.dvcqg)).statusCode, 404, 'the refused message was never recorded: re-post it')
})

t.test('over the heap threshold: 503 LT_OVERLOADED for the API, the health endpoints still answer', async (t) => {
  // A threshold of 0.1% of V8's heap limit: any running gateway is over it.
  const heavy = await buildApp({ config: { ...p.config, overloadEventLoopDelayMs: 0, overloadHeapUsedRatio: 0.001 }, registry: p.registry, logger: false })
  t.teardown(async () => { await heavy.close() })
  const res = await eventually(async () => {
    const r = await heavy.inject({ method: 'GET', url: '/v1/services', headers: { authorization: `Bearer ${KEYS.h29}` } })
    return r.statusCode === 503 ? r : undefined
  }, 5000, 'the first sample')
  t.equal(res.json().code, 'LT_OVERLOADED')
  t.equal(res.headers['retry-after'], '1')
  t.equal((await heavy.inject({ method: 'GET', url: '/health/live' })).statusCode, 200)
  t.not((await heavy.inject({ method: 'GET', url: '/health/ready' })).json().code, 'LT_OVERLOADED', '/health/ready reports its own checks')

  // On a socket the refusal is written before Fastify sees the request: same status, body and headers.
  const url = await heavy.listen({ host: '127.0.0.1', port: 0 })
  const raw = await fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.dvcqg}` }, body: JSON.stringify(submit()) })
  t.equal(raw.status, 503)
  t.same(await raw.json(), { statusCode: 503, code: 'LT_OVERLOADED', message: 'the gateway is overloaded; try again in 1 s' })
  t.equal(raw.headers.get('retry-after'), '1')
  t.equal(raw.headers.get('x-content-type-options'), 'nosniff')
  t.equal((await fetch(`${url}/health/live`)).status, 200, 'health over a socket too')
})

t.test('more requests in flight than OVERLOAD_MAX_IN_FLIGHT: the excess gets 503 at once; a sync call waiting on its receiver does not count', async (t) => {
  const capped = await buildApp({ config: { ...p.config, overloadEventLoopDelayMs: 0, overloadMaxInFlight: 2, overloadAddressShare: 1 }, registry: p.registry, logger: false })
  t.teardown(async () => { await capped.close() })
  await capped.ready()
  const post = async (body: unknown, key: string) => await capped.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${key}` }, payload: body as object })
  // Twenty at once: each takes several Redis round trips, so they overlap and most find two ahead of them.
  const answers = await Promise.all(Array.from({ length: 20 }, async () => await post(submit(), KEYS.dvcqg)))
  const codes = answers.map((r) => r.statusCode)
  t.ok(codes.filter((c) => c === 202).length >= 2, `some accepted (${codes.join(' ')})`)
  const refused = answers.filter((r) => r.statusCode === 503)
  t.ok(refused.length > 0, 'the rest refused')
  for (const r of refused) t.equal(r.json().code, 'LT_OVERLOADED')
  t.equal((await post(submit(), KEYS.dvcqg)).statusCode, 202, 'slots are given back')

  // Two slow sync verifications (the population database takes 400 ms): they wait on it, not on us.
  const population = p.mock(IDS.population)
  population.setFaults({ latencyMs: 400 })
  t.teardown(() => { population.setFaults({ latencyMs: 0 }) })
  const [a, b] = sampleCitizens(population, 2).map((c) => envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: c.citizenId, fullName: c.fullName, dateOfBirth: c.dateOfBirth }))
  const slow = [post(a, KEYS.h29), post(b, KEYS.h29)]
  await new Promise((resolve) => setTimeout(resolve, 150))
  t.equal((await post(submit(), KEYS.dvcqg)).statusCode, 202, 'accepted while two sync calls wait on their receiver')
  t.same((await Promise.all(slow)).map((r) => r.statusCode), [200, 200])
})

t.test('a client that goes away mid-request gives its slot back', async (t) => {
  const capped = await buildApp({ config: { ...p.config, overloadEventLoopDelayMs: 0, overloadMaxInFlight: 2, overloadAddressShare: 1 }, registry: p.registry, logger: false })
  t.teardown(async () => { await capped.close() })
  const url = await capped.listen({ host: '127.0.0.1', port: 0 })
  const post = async (signal?: AbortSignal) => await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.dvcqg}` },
    body: JSON.stringify(submit()),
    ...(signal !== undefined ? { signal } : {})
  })
  // Redis holds every command for a second: two requests wait in the gateway, and their clients give up.
  await capped.redis.call('client', 'pause', '1000', 'ALL')
  const gaveUp = await Promise.allSettled([post(AbortSignal.timeout(200)), post(AbortSignal.timeout(200))])
  t.same(gaveUp.map((r) => r.status), ['rejected', 'rejected'])
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const after = [await post(), await post(), await post()]
  t.same(after.map((r) => r.status), [202, 202, 202], 'both slots came back')
})
