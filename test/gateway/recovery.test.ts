import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { contentHash, type Envelope } from '../../src/messages/message-store.js'
import { freePort } from '../../src/local/redis-server.js'
import { projectRoot } from '../../src/project-paths.js'
import { envelope, eventually, IDS, KEYS, processEnv, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'

// Short locks so a dead worker's job is taken up again within seconds; a fast sweeper.
const WORKER_ENV = { WORKER_LOCK_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000', SWEEP_INTERVAL_MS: '200', SWEEP_AFTER_MS: '500', SYNC_TIMEOUT_MS: '1500' }
const p = await startPlatform(t, { env: WORKER_ENV })
const [applicant] = sampleCitizens(p.mock(IDS.population), 1)
if (applicant === undefined) throw new Error('no sample citizen')
const h29 = p.mock(IDS.h29)
const dir = await mkdtemp(join(tmpdir(), 'lt-recovery-'))
t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
const registryFile = join(dir, 'registry.json')
await writeFile(registryFile, JSON.stringify(p.registryDoc))

interface WorkerProcess { child: ChildProcess, exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }> }

/** `npm run worker` as its own process (from source), on the test's Redis and mocks. */
function startWorkerProcess (): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'worker.ts')], {
    cwd: projectRoot,
    env: {
      ...processEnv(p, registryFile),
      ...WORKER_ENV,
      DELIVERY_BACKOFF_MS: '50',
      DELIVERY_TIMEOUT_MS: '10000'
    },
    stdio: ['ignore', 'inherit', 'inherit']
  })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  return { child, exited }
}

async function statusOf (id: string, wanted: string): Promise<any> {
  return await eventually(async () => {
    const s = await p.state(id, KEYS.dvcqg)
    return s.body.status === wanted ? s.body : undefined
  }, 30_000, `message ${id} to be ${wanted}`)
}

t.test('a worker killed with SIGKILL mid-delivery leaves its job to another worker; one dossier results', async (t) => {
  h29.reset()
  h29.setFaults({ latencyMs: 2500 })
  const worker = startWorkerProcess()
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const id = String(msg.header.messageId)
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  await statusOf(id, 'delivering')
  await eventually(async () => h29.received().length > 0 ? true : undefined, 10_000, 'the request to reach the one-stop system')
  worker.child.kill('SIGKILL')
  t.equal((await worker.exited).signal, 'SIGKILL')
  h29.setFaults({ latencyMs: 0 })

  const runtime = p.startWorkers()
  const state = await statusOf(id, 'delivered')
  t.equal(state.attempts, 1, 'a stalled job is not a failed attempt')
  t.ok(state.history.filter((h: any) => h.status === 'delivering').length >= 2, 'delivered by the second worker')
  const code = state.reply.body.dossierCode
  t.match(code, /^000\.00\.01\.H29-\d{6}-\d{4}$/)
  await new Promise((resolve) => setTimeout(resolve, 3000)) // let the first, held request finish at the mock
  t.equal(h29.effects().length, 1, 'one dossier registered although the system got the message twice')
  t.equal(h29.received().length, 2)
  await runtime.close()
})

t.test('SIGTERM lets a worker finish its in-flight delivery before it exits', async (t) => {
  h29.reset()
  h29.setFaults({ latencyMs: 1500 })
  t.teardown(() => { h29.setFaults({ latencyMs: 0 }) })
  const worker = startWorkerProcess()
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const id = String(msg.header.messageId)
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  await statusOf(id, 'delivering')
  worker.child.kill('SIGTERM')
  const exit = await worker.exited
  t.same(exit, { code: 0, signal: null }, 'a clean exit')
  const state = (await p.state(id, KEYS.dvcqg)).body
  t.equal(state.status, 'delivered', 'delivered before the process ended')
  t.equal(state.attempts, 1)
  t.equal(h29.effects().length, 1)
})

t.test('SIGTERM lets the gateway answer the requests in flight before it exits', async (t) => {
  const population = p.mock(IDS.population)
  population.setFaults({ latencyMs: 800 })
  t.teardown(() => { population.setFaults({ latencyMs: 0 }) })
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'server.ts')], {
    cwd: projectRoot,
    env: { ...processEnv(p, registryFile), PORT: String(port), SYNC_TIMEOUT_MS: '5000' },
    stdio: ['ignore', 'inherit', 'inherit']
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  const base = `http://127.0.0.1:${port}`
  await eventually(async () => await fetch(`${base}/health/live`).then((r) => r.ok ? true : undefined, () => undefined), 20_000, 'the gateway process to listen')

  const msg = envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: applicant.citizenId, fullName: applicant.fullName, dateOfBirth: applicant.dateOfBirth })
  const inFlight = fetch(`${base}/v1/messages`, { method: 'POST', headers: { authorization: `Bearer ${KEYS.h29}`, 'content-type': 'application/json' }, body: JSON.stringify(msg) })
  await eventually(async () => population.received().length > 0 ? true : undefined, 10_000, 'the call to reach the population database')
  child.kill('SIGTERM')
  const res = await inFlight
  t.equal(res.status, 200, 'the request in flight was answered')
  t.same(((await res.json()) as any).body, { result: 'match', mismatchedFields: [] })
  t.equal(await exited, 0, 'then the process exited cleanly')
  const state = await p.state(String(msg.header.messageId), KEYS.h29)
  t.equal(state.body.status, 'delivered')
})

/** What the gateway records before it queues: a crash right after this leaves the message behind. */
async function recordOnly (msg: ReturnType<typeof envelope>, mode: 'sync' | 'async'): Promise<string> {
  const env = msg as unknown as Envelope
  const created = await p.app.store.create({
    messageId: env.header.messageId,
    service: env.header.service,
    version: env.header.version,
    from: env.header.from,
    to: env.header.to,
    mode,
    contentHash: contentHash(env),
    envelope: env
  })
  t.equal(created.outcome, 'created')
  return env.header.messageId
}

t.test('the sweeper queues a message whose gateway stopped between recording and queueing it', async (t) => {
  h29.reset()
  const runtime = p.startWorkers()
  t.teardown(async () => { await runtime.close() })
  const id = await recordOnly(envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant)), 'async')
  t.equal((await p.state(id, KEYS.dvcqg)).body.status, 'accepted')
  const state = await statusOf(id, 'delivered')
  t.same(state.history.map((h: any) => h.status), ['accepted', 'queued', 'delivering', 'delivered'])
  t.equal(h29.effects().length, 1)
  t.equal(await p.app.redis.zscore(p.app.store.pendingKey, id), null, 'no longer pending')
})

t.test('the sweeper takes over a sync delivery whose gateway process died mid-call', async (t) => {
  const runtime = p.startWorkers()
  t.teardown(async () => { await runtime.close() })
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: applicant.citizenId, fullName: applicant.fullName, dateOfBirth: applicant.dateOfBirth })
  const id = await recordOnly(msg, 'sync')
  t.ok(await p.app.store.transition(id, 'delivering', { from: ['accepted'], fields: { attempts: 1 } }))
  const state = await eventually(async () => {
    const s = await p.state(id, KEYS.h29)
    return s.body.status === 'delivered' ? s.body : undefined
  }, 15_000, 'the interrupted sync message to be delivered')
  t.same(state.reply.body, { result: 'match', mismatchedFields: [] })
  t.ok(state.history.some((h: any) => h.error === 'LT_SYNC_INTERRUPTED'), 'the history says why')
  const again = await p.send(msg, KEYS.h29)
  t.equal(again.statusCode, 202, 'a re-post reports the queued outcome')
  t.equal(again.body.status, 'delivered')
})

t.test('a sync message being delivered right now is left alone by the sweeper', async (t) => {
  const runtime = p.startWorkers()
  t.teardown(async () => { await runtime.close() })
  const id = await recordOnly(envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: applicant.citizenId, fullName: applicant.fullName, dateOfBirth: applicant.dateOfBirth }), 'sync')
  t.ok(await p.app.store.transition(id, 'delivering', { from: ['accepted'], fields: { attempts: 1 } }))
  // Older than SWEEP_AFTER_MS, so the sweeper has looked at it several times, but younger than
  // twice the sync timeout: a live gateway may still be waiting for the answer.
  await new Promise((resolve) => setTimeout(resolve, 1500))
  t.equal((await p.state(id, KEYS.h29)).body.status, 'delivering', 'not taken over while it may be in progress')
  t.not(await p.app.redis.zscore(p.app.store.pendingKey, id), null, 'still watched')
})

t.test('a message whose receiver left the registry does not stop the sweep of the others', async (t) => {
  h29.reset()
  const runtime = p.startWorkers()
  t.teardown(async () => { await runtime.close() })
  const orphan = envelope('dossier.submit', IDS.portal, 'VN:GOV:000.00.00.H01:motcua', dossierBody(applicant))
  const orphanId = await recordOnly(orphan, 'async')
  const id = await recordOnly(envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant)), 'async')
  // The orphan was recorded first, so it is the oldest entry of the sweeper's list.
  t.equal((await statusOf(id, 'delivered')).status, 'delivered', 'the message behind it was queued and delivered')
  const dead = (await p.state(orphanId, KEYS.dvcqg)).body
  t.equal(dead.status, 'dead')
  t.equal(dead.lastError.code, 'LT_UNKNOWN_RECEIVER')
  t.equal(await p.app.redis.zscore(p.app.store.pendingKey, orphanId), null)
})
