import t from 'tap'
import { CircuitBreakers, WINDOW_MS } from '../../src/delivery/circuit-breaker.js'
import { startTestTopology } from '../helpers/platform.js'

// Two gateway processes' breakers on one Redis, on a clock the test moves.
const redis = (await startTestTopology(t)).connect()
t.teardown(async () => { await redis.quit() })
let clock = Date.UTC(2026, 10, 23, 8, 0, 0) + WINDOW_MS / 2
const options = { redis, prefix: '{lt}', failureRate: 0.5, minCalls: 4, cooldownMs: 1000, now: () => clock }
const a = new CircuitBreakers(options)
const b = new CircuitBreakers(options)
const R = 'VN:GOV:000.00.00.G01:dancu'

async function failures (breaker: CircuitBreakers, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await breaker.recordFailure(R, 'LT_UPSTREAM_TIMEOUT')
}

t.test('opens on the failure rate once enough calls were made, across processes', async (t) => {
  await failures(a, 2)
  await b.recordSuccess(R)
  t.equal((await a.status(R)).state, 'closed', 'three calls: below the minimum')
  await failures(b, 1)
  t.match(await a.status(R), { state: 'open', calls: 4, failures: 3 })
  t.match(await b.admit(R), { allowed: false })
})

t.test('after the cool-down one probe goes; its success closes the breaker with a fresh window', async (t) => {
  clock += 1001
  t.same(await a.admit(R), { allowed: true }, 'a wins the probe')
  t.match(await b.admit(R), { allowed: false }, 'b waits for it')
  await a.recordSuccess(R)
  t.match(await a.status(R), { state: 'closed', calls: 0, failures: 0 })
})

t.test('a probe taken on a stale reading does not make the next failure reopen a closed breaker', async (t) => {
  // b read the breaker as half-open before a closed it (its reading is trusted for 250 ms).
  const stale = new CircuitBreakers(options)
  await redis.hset(`{lt}:breaker:${R}`, 'retryAt', String(clock - 1))
  t.same(await stale.admit(R), { allowed: true }, 'takes a probe lock')
  await redis.del(`{lt}:breaker:${R}`) // meanwhile another process's probe closed it
  await stale.recordSuccess(R)
  for (let i = 0; i < 30; i++) await a.recordSuccess(R)
  await failures(a, 1)
  t.match(await a.status(R), { state: 'closed', failures: 1 }, 'one failure among 32 calls keeps it closed')
})

t.test('a failed probe reopens; failures while open change nothing', async (t) => {
  await a.reset(R)
  await failures(a, 4)
  const opened = await a.status(R)
  t.equal(opened.state, 'open')
  await failures(b, 3)
  t.equal((await a.status(R)).retryAt, opened.retryAt, 'no longer cool-down for failures while open')
  clock += 1001
  t.same(await b.admit(R), { allowed: true })
  await failures(b, 1)
  const again = await a.status(R)
  t.equal(again.state, 'open')
  t.equal(Date.parse(again.retryAt as string), clock + 1000, 'another full cool-down')
})
