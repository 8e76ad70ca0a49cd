import t from 'tap'
import { Redis } from 'ioredis'
import pino from 'pino'
import { heartbeatKeys, WorkerHeartbeat, WorkerLiveness } from '../../src/observability/worker-heartbeat.js'
import { eventually, startTestRedis } from '../helpers/platform.js'

const server = await startTestRedis(t)
const redis = new Redis(server.url)
t.teardown(async () => { await redis.quit() })
const logger = pino({ level: 'silent' })
const liveness = new WorkerLiveness(redis, 'hb')

t.test('a beat is a key with a TTL; a graceful stop deletes it at once', async (t) => {
  const beat = new WorkerHeartbeat({ redis, keyPrefix: 'hb', logger, intervalMs: 100, ttlMs: 400, info: { queues: 5 } })
  beat.start()
  t.teardown(async () => { await beat.stop() })
  const key = heartbeatKeys('hb').key(beat.workerId)
  await eventually(async () => await redis.exists(key) === 1 ? true : undefined, 2_000, 'first beat')
  const ttl = await redis.pttl(key)
  t.ok(ttl > 0 && ttl <= 400, `expires on its own (pttl ${ttl})`)
  t.equal(JSON.parse(await redis.get(key) ?? '{}').queues, 5)
  t.equal(await liveness.countLive(), 1)
  await beat.stop()
  t.equal(await redis.exists(key), 0)
  t.equal(await liveness.countLive(), 0)
})

t.test('a worker that stops beating without closing (a crash) counts as gone once its TTL passes', async (t) => {
  const crashed = new WorkerHeartbeat({ redis, keyPrefix: 'hb', logger, intervalMs: 100, ttlMs: 400 })
  const alive = new WorkerHeartbeat({ redis, keyPrefix: 'hb', logger, intervalMs: 100, ttlMs: 400 })
  crashed.start()
  alive.start()
  t.teardown(async () => { await alive.stop() })
  await eventually(async () => await liveness.countLive() === 2 ? true : undefined, 2_000, 'two workers')
  crashed.halt()
  await new Promise((resolve) => setTimeout(resolve, 150))
  t.equal(await liveness.countLive(), 2, 'still counted within its TTL')
  await eventually(async () => await liveness.countLive() === 1 ? true : undefined, 2_000, 'the crashed one to expire')
  t.same(await redis.smembers(heartbeatKeys('hb').index), [alive.workerId], 'its id is forgotten too')
})
