import { Redis } from 'ioredis'
import t from 'tap'
import { Periodic } from '../../src/periodic.js'
import { withRedisLock } from '../../src/redis-lock.js'
import { startTestRedis } from '../helpers/platform.js'

// The lock every singleton task shares (sweeper, reconciler, evidence sealer and archiver), on a real Redis.
const server = await startTestRedis(t)
const redis = new Redis(server.url)
t.teardown(() => { redis.disconnect() })

t.test('one holder at a time; a waiter gets it once it is released', async (t) => {
  const order: string[] = []
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => { release = resolve })
  const first = withRedisLock(redis, 'lock:a', 5000, async () => { order.push('first in'); await held; order.push('first out'); return 1 })
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.equal(await withRedisLock(redis, 'lock:a', 5000, async () => 2), undefined, 'refused at once without waiting')
  const second = withRedisLock(redis, 'lock:a', 5000, async () => { order.push('second'); return 2 }, 2000)
  await new Promise((resolve) => setTimeout(resolve, 100))
  release()
  t.same(await Promise.all([first, second]), [1, 2])
  t.same(order, ['first in', 'first out', 'second'])
  t.equal(await redis.exists('lock:a'), 0, 'released')
})

t.test('a holder that died keeps the others out for its TTL only, and never deletes a later holder\'s lock', async (t) => {
  await redis.set('lock:b', 'a dead holder', 'PX', 300)
  t.equal(await withRedisLock(redis, 'lock:b', 5000, async () => 1), undefined)
  t.equal(await withRedisLock(redis, 'lock:b', 5000, async () => 1, 1000), 1, 'taken once it lapsed')
  // A holder whose lock lapsed mid-task does not release the one who took it over.
  await withRedisLock(redis, 'lock:c', 100, async () => {
    await new Promise((resolve) => setTimeout(resolve, 200))
    await redis.set('lock:c', 'the next holder', 'PX', 5000)
  })
  t.equal(await redis.get('lock:c'), 'the next holder')
})

t.test('a periodic task never runs two rounds at once, and close waits for the round in progress', async (t) => {
  let active = 0
  let most = 0
  let rounds = 0
  const periodic = new Periodic(10, async () => {
    active++
    most = Math.max(most, active)
    await new Promise((resolve) => setTimeout(resolve, 60))
    rounds++
    active--
  }, () => {})
  periodic.start()
  await new Promise((resolve) => setTimeout(resolve, 250))
  await periodic.close()
  t.equal(most, 1)
  t.equal(active, 0, 'closed after its round ended')
  const after = rounds
  await new Promise((resolve) => setTimeout(resolve, 100))
  t.equal(rounds, after, 'no round after close')
  t.ok(rounds >= 2)
})
