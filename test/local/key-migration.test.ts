import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig, queuePrefix } from '../../src/config.js'
import { projectRoot } from '../../src/project-paths.js'
import { formerKeyLayout, migrateFormerKeys } from '../../src/redis-connection.js'
import { startPlatform, startTestRedis } from '../helpers/platform.js'

// A Redis the key layout before hash tags left (`lt:…`, `lt:q:<queue>:…`): the gateway refuses to
// start on it (it would not see the queued messages and would bring revoked credentials back), and
// `npm run migrate:keys` moves every key, queued jobs and TTLs included, to the current layout.
t.test('a Redis of the former layout: refused at start, then migrated with its queued job, its record and their TTLs', async (t) => {
  const p = await startPlatform(t)
  const server = await startTestRedis(t)
  const redis = new Redis(server.url)
  t.teardown(() => { redis.disconnect() })
  const queueName = 'deliver.VN.GOV.000.00.00.H29.motcua'
  const former = new Queue(queueName, { connection: redis, prefix: 'lt:q' })
  await former.add('deliver', { messageId: 'a1' }, { jobId: 'a1' })
  await former.close()
  await redis.hset('lt:msg:a1', 'status', 'queued', 'from', 'VN:GOV:000.00.00.G22:dvcqg')
  await redis.expire('lt:msg:a1', 3600)
  await redis.hset('lt:{credentials}:records', 'c1', JSON.stringify({ revokedAt: '2026-12-01T00:00:00Z' }))
  await redis.set('lt:stats:messages', 'x')

  const config = loadConfig({ REDIS_URL: server.url, LOG_LEVEL: 'silent' })
  t.match(await formerKeyLayout(redis, config.keyPrefix), /layout before hash tags.*npm run migrate:keys/)
  // The gateway process stops at once with the reason (spawned: a failed start leaves its connections to the exiting process).
  const refused = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'server.ts')], {
    cwd: projectRoot, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, ...p.env, REDIS_URL: server.url, PORT: '0', LOG_LEVEL: 'error' }
  })
  t.not(refused.status, 0, 'the gateway does not start on it')
  t.match(refused.stdout + refused.stderr, /layout before hash tags/)

  t.ok(await migrateFormerKeys(redis, config.keyPrefix) >= 5)
  t.equal(await formerKeyLayout(redis, config.keyPrefix), undefined, 'nothing of the former layout left')
  t.equal(await redis.hget('{lt}:msg:a1', 'status'), 'queued', 'the record under its new key')
  t.ok(await redis.ttl('{lt}:msg:a1') > 3000, 'with its TTL')
  t.ok(await redis.hexists('{lt}:{credentials}:records', 'c1'), 'the revoked credential kept')
  const current = new Queue(queueName, { connection: redis, prefix: queuePrefix(config, queueName) })
  t.teardown(async () => { await current.close() })
  t.equal((await current.getJob('a1'))?.data.messageId, 'a1', 'the queued job, in the queue the workers now read')
  t.equal(await current.getWaitingCount(), 1)
  const app = await buildApp({ config, registry: p.registry, logger: false })
  await app.ready()
  await app.close()
  t.pass('the gateway starts on the migrated Redis')
})
