import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import type { EvidenceBundle } from '../../src/evidence/evidence-log.js'
import { verifyArchive, verifyBundle } from '../../src/evidence/evidence-verify.js'
import { freePort, startRedisServer } from '../../src/local/redis-server.js'
import { projectRoot } from '../../src/project-paths.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, eventually, IDS, KEYS, processEnv, startPlatform } from '../helpers/platform.js'

// The evidence log survives what the platform survives: a worker killed with SIGKILL while it
// delivers and seals, and Redis restarted (append-only file on). Afterwards every message has its
// whole chain of events, and the export and the archive verify.
const ADMIN = 'test-admin-token-evidence-crash-012345'
const dir = await mkdtemp(join(tmpdir(), 'lt-evidence-crash-'))
t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
const port = await freePort()
const startRedis = async (): Promise<Awaited<ReturnType<typeof startRedisServer>>> => await startRedisServer({ dir: join(dir, 'redis'), port, durable: true })
let redis = await startRedis()
t.teardown(async () => { await redis.stop() })

const EVIDENCE = { EVIDENCE_SEAL_INTERVAL_MS: '50', EVIDENCE_CHECKPOINT_SECONDS: '1' }
const WORKER = { WORKER_LOCK_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000', SWEEP_INTERVAL_MS: '200', SWEEP_AFTER_MS: '500' }
const p = await startPlatform(t, { env: { REDIS_URL: redis.url, ADMIN_TOKEN: ADMIN, ...EVIDENCE, ...WORKER } })
const applicant = sampleCitizens(p.mock(IDS.population), 1)[0] ?? (() => { throw new Error('no sample citizen') })()
const h29 = p.mock(IDS.h29)
const registryFile = join(dir, 'registry.json')
await writeFile(registryFile, JSON.stringify(p.registryDoc))

t.test('a worker SIGKILLed mid-run, then Redis restarted: every message\'s events are there, and the evidence verifies', async (t) => {
  const since = new Date().toISOString()
  const worker = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'worker.ts')], {
    cwd: projectRoot,
    env: { ...processEnv(p, registryFile), ...EVIDENCE, ...WORKER, DELIVERY_BACKOFF_MS: '50' },
    stdio: ['ignore', 'inherit', 'inherit']
  })
  const exited = new Promise<NodeJS.Signals | null>((resolve) => worker.on('exit', (_code, signal) => resolve(signal)))
  t.teardown(() => { if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL') })

  h29.reset()
  h29.setFaults({ latencyMs: 150 })
  const ids: string[] = []
  for (let i = 0; i < 40; i++) {
    const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
    t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
    ids.push(String(msg.header.messageId))
  }
  // Killed while some are delivered, some in flight, and some events not yet chained.
  await eventually(async () => h29.effects().length >= 10 ? true : undefined, 20_000, 'some deliveries')
  worker.kill('SIGKILL')
  t.equal(await exited, 'SIGKILL')

  await redis.stop()
  redis = await startRedis()
  h29.setFaults({ latencyMs: 0 })
  const runtime = p.startWorkers()
  for (const id of ids) {
    await eventually(async () => (await p.state(id, KEYS.dvcqg)).body.status === 'delivered' ? true : undefined, 30_000, `${id} delivered`)
  }
  t.equal(h29.effects().length, ids.length, 'each dossier registered once')

  // The killed worker's sealer lock lapses first (until then: 503 LT_EVIDENCE_NOT_SEALED with Retry-After).
  const res = await eventually(async () => {
    const r = await p.app.inject({ url: `/admin/api/evidence?since=${encodeURIComponent(since)}`, headers: { authorization: `Bearer ${ADMIN}` } })
    if (r.statusCode === 503) t.equal(r.json().code, 'LT_EVIDENCE_NOT_SEALED')
    return r.statusCode === 503 ? undefined : r
  }, 20_000, 'the export')
  t.equal(res.statusCode, 200)
  const bundle = res.json() as EvidenceBundle
  const verified = await verifyBundle(bundle)
  t.ok(verified.ok, verified.error ?? 'verified')
  for (const id of ids) {
    const events = bundle.records.filter((r) => r.messageId === id)
    t.equal(events[0]?.event, 'accepted', `${id}: accepted first`)
    t.equal(events.at(-1)?.event, 'delivered', `${id}: delivered last`)
    t.same(events.map((r) => r.n), events.map((_, i) => i + 1), `${id}: events numbered without gaps`)
    const state = await p.app.store.get(id)
    t.equal(events.length, state?.evidenceEvents, `${id}: as many events as its record counts`)
  }
  const one = await p.app.inject({ url: `/admin/api/evidence/messages/${ids[0] ?? ''}`, headers: { authorization: `Bearer ${ADMIN}` } })
  t.ok((await verifyBundle(one.json() as EvidenceBundle)).ok, 'one message\'s bundle verifies')

  await runtime.close()
  const archive = await verifyArchive(p.config.evidenceDir)
  t.ok(archive.ok, archive.error ?? 'verified')
  t.equal(archive.unsealed, 0)
  t.equal(archive.lastSeq, (await p.app.evidence?.pending())?.head?.seq, 'the archive holds the whole chain')
})
