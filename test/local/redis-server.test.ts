import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import t from 'tap'
import { startRedisServer } from '../../src/local/redis-server.js'

const dir = await mkdtemp(join(tmpdir(), 'lt-redis-pw-'))
t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })

t.test('a private Redis with a password: its URL carries it, a client without it is refused', async (t) => {
  const redis = await startRedisServer({ dir, password: 'test_password_0123456789' })
  t.teardown(redis.stop)
  t.equal(redis.url, `redis://:test_password_0123456789@127.0.0.1:${redis.port}`)
  const withPassword = new Redis(redis.url, { lazyConnect: true })
  t.teardown(() => withPassword.disconnect())
  t.equal(await withPassword.ping(), 'PONG')
  const without = new Redis({ port: redis.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 })
  t.teardown(() => without.disconnect())
  await t.rejects(without.ping(), /NOAUTH/)
})

t.test('a password that would need escaping is refused', async (t) => {
  await t.rejects(startRedisServer({ dir, password: 'short' }), /password/)
  await t.rejects(startRedisServer({ dir, password: 'with space and "quotes" 123' }), /password/)
})
