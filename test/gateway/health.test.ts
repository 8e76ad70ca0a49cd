import { readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { projectRoot } from '../../src/project-paths.js'
import { eventually, startPlatform } from '../helpers/platform.js'

const p = await startPlatform(t)

async function ready (): Promise<{ statusCode: number, body: any }> {
  const res = await p.app.inject({ method: 'GET', url: '/health/ready' })
  return { statusCode: res.statusCode, body: res.json() }
}

t.test('live answers while the process is up, workers or not', async (t) => {
  const res = await p.app.inject({ method: 'GET', url: '/health/live' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
})

t.test('ready: 503 without workers, 200 while one is alive, 503 again once they close', async (t) => {
  t.same(await ready(), {
    statusCode: 503,
    body: { status: 'unavailable', checks: { redis: 'ok', workers: 'none' }, liveWorkers: 0, degradedReceivers: [] }
  }, 'Redis alone is not enough: nothing would deliver')

  const first = p.startWorkers()
  const up = await eventually(async () => { const r = await ready(); return r.statusCode === 200 ? r : undefined }, 5_000, 'ready')
  t.same(up.body, { status: 'ok', checks: { redis: 'ok', workers: 'ok' }, liveWorkers: 1, degradedReceivers: [] })

  const second = p.startWorkers()
  t.equal((await eventually(async () => { const r = await ready(); return r.body.liveWorkers === 2 ? r : undefined }, 5_000, 'two workers')).statusCode, 200)

  await first.close()
  t.same((await ready()).body.liveWorkers, 1, 'a closed worker is gone at once, not after its TTL')
  await second.close()
  const down = await ready()
  t.equal(down.statusCode, 503)
  t.same(down.body.checks, { redis: 'ok', workers: 'none' })
})

t.test('ready: 503 when Redis cannot be reached', async (t) => {
  // A port nothing listens on.
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => { resolve(port) })
    })
  })
  const app = await buildApp({ config: loadConfig({ REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: 'silent' }), registry: p.registry, logger: false })
  t.teardown(async () => { await app.close() })
  const res = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(res.statusCode, 503)
  t.same(res.json().checks, { redis: 'unreachable', workers: 'unknown' })
  t.equal((await app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200, 'still live: restarting it would not bring Redis back')
})

t.test('the image health check asks for liveness, not readiness', async (t) => {
  // Readiness depends on Redis and the workers: a container restarted for their absence would not fix it.
  const dockerfile = await readFile(join(projectRoot, 'Dockerfile'), 'utf8')
  const check = dockerfile.split('\n').slice(dockerfile.split('\n').findIndex((l) => l.startsWith('HEALTHCHECK'))).slice(0, 3).join('\n')
  t.match(check, /\/health\/live/)
  t.notMatch(check, /\/health\/ready/)
})
