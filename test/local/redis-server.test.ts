import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import t from 'tap'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { freePort, startRedisServer } from '../../src/local/redis-server.js'

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

t.test('freePort: a port below the ephemeral range (no outgoing connection can take it meanwhile), and free', async (t) => {
  const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
  for (const port of await Promise.all(Array.from({ length: 20 }, async () => await freePort()))) {
    t.ok(port >= 10_000 && port < ephemeralStart, `${port} is below ${ephemeralStart}`)
    const server = createServer()
    await t.resolves(new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', resolve) }), `${port} can be listened on`)
    server.close()
  }
})
