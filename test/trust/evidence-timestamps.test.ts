import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import type { EvidenceBundle } from '../../src/evidence/evidence-log.js'
import { inspectTimeStampToken } from '../../src/evidence/timestamp-authority.js'
import { verifyBundle } from '../../src/evidence/evidence-verify.js'
import { projectRoot } from '../../src/project-paths.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { startMockTsa } from '../helpers/mock-tsa.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// Checkpoints stamped by an RFC 3161 time-stamp authority (a mock one, answered by OpenSSL), and
// the offline verifier as an auditor runs it: `npm run evidence -- verify`.
const run = promisify(execFile)
const ADMIN = 'test-admin-token-evidence-tsa-0123456'
const tsa = await startMockTsa(t)
const p = await startPlatform(t, { workers: true, env: { ADMIN_TOKEN: ADMIN, EVIDENCE_SEAL_INTERVAL_MS: '100', EVIDENCE_CHECKPOINT_SECONDS: '1', EVIDENCE_TSA_URL: tsa.url } })
const applicant = sampleCitizens(p.mock(IDS.population), 1)[0] ?? (() => { throw new Error('no sample citizen') })()
const dir = await mkdtemp(join(tmpdir(), 'lt-evidence-cli-'))
t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })

async function delivered (): Promise<string> {
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  const id = String(msg.header.messageId)
  await eventually(async () => (await p.state(id, KEYS.dvcqg)).body.status === 'delivered' ? true : undefined, 15_000, `${id} delivered`)
  return id
}

async function exportOf (id: string): Promise<EvidenceBundle> {
  const res = await p.app.inject({ url: `/admin/api/evidence/messages/${id}`, headers: { authorization: `Bearer ${ADMIN}` } })
  t.equal(res.statusCode, 200)
  return res.json() as EvidenceBundle
}

async function cli (...args: string[]): Promise<{ code: number, out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'evidence.ts'), ...args], { cwd: projectRoot })
    return { code: 0, out: stdout + stderr }
  } catch (err) {
    const e = err as { code: number, stdout: string, stderr: string }
    return { code: e.code, out: e.stdout + e.stderr }
  }
}

t.test('every checkpoint carries a time-stamp token over it, which OpenSSL verifies against the authority', async (t) => {
  const bundle = await exportOf(await delivered())
  t.ok(bundle.checkpoints.length >= 1)
  for (const c of bundle.checkpoints) {
    t.type(c.timestamp, 'string')
    const { genTime } = inspectTimeStampToken(Buffer.from(c.timestamp ?? '', 'base64'))
    t.ok(Math.abs(Date.parse(genTime) - Date.now()) < 60_000, 'stamped now')
  }
  t.ok(tsa.requests() >= 1)
  const verified = await verifyBundle(bundle, { tsaCaFile: tsa.caFile })
  t.ok(verified.ok, verified.error ?? 'verified')
  t.equal(verified.timestamped, bundle.checkpoints.length)

  // A token moved from another checkpoint stamps another digest.
  const other = await exportOf(await delivered())
  const moved = JSON.parse(JSON.stringify(bundle)) as EvidenceBundle
  const otherToken = other.checkpoints.find((c) => c.checkpoint !== bundle.checkpoints[0]?.checkpoint)?.timestamp
  if (moved.checkpoints[0] !== undefined && otherToken !== undefined) moved.checkpoints[0].timestamp = otherToken
  t.match((await verifyBundle(moved)).error, /time-stamp token stamps another checkpoint/)
  // A token the authority did not sign: OpenSSL refuses it.
  const wrongCa = join(dir, 'other-ca.pem')
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'other.key'), '-out', wrongCa, '-days', '1', '-subj', '/CN=another authority'])
  t.match((await verifyBundle(bundle, { tsaCaFile: wrongCa })).error, /does not verify against/)
})

t.test('the authority down: checkpoints are still made, signed but not stamped, and the log goes on', async (t) => {
  tsa.setDown(true)
  t.teardown(() => { tsa.setDown(false) })
  const bundle = await exportOf(await delivered())
  const latest = bundle.checkpoints.at(-1)
  t.ok(latest !== undefined)
  t.equal(latest?.timestamp, undefined, 'the last checkpoint has no stamp')
  const verified = await verifyBundle(bundle)
  t.ok(verified.ok, verified.error ?? 'verified')
  t.ok(verified.timestamped < verified.checkpoints, 'the verifier counts the stamped ones')
})

t.test('npm run evidence -- verify: "verified" and 0, or the first bad record and 1', async (t) => {
  const bundle = await exportOf(await delivered())
  const file = join(dir, 'bundle.json')
  await writeFile(file, JSON.stringify(bundle))
  const ok = await cli('verify', file, '--tsa-ca', tsa.caFile)
  t.equal(ok.code, 0, ok.out)
  t.match(ok.out, /^verified: records \d+–\d+, 4 records of 1 messages, \d+ signed checkpoints \(\d+ time-stamped\)/)

  const jwks = join(dir, 'jwks.json')
  await writeFile(jwks, (await p.app.inject({ url: '/.well-known/jwks.json' })).body)
  t.equal((await cli('verify', file, '--jwks', jwks)).code, 0, 'with the published keys pinned')

  const seq = bundle.records[2]?.seq
  const changed = JSON.parse(JSON.stringify(bundle)) as EvidenceBundle
  if (changed.records[2] !== undefined) changed.records[2].event = 'dead'
  await writeFile(file, JSON.stringify(changed))
  const bad = await cli('verify', file)
  t.equal(bad.code, 1)
  t.match(bad.out, new RegExp(`not verified: record seq ${seq ?? 0} \\(records\\[2\\]\\): its hash does not match its content`))

  await p.workers?.close()
  const archive = await cli('verify', p.config.evidenceDir, '--tsa-ca', tsa.caFile)
  t.equal(archive.code, 0, archive.out)
  t.match(archive.out, /^verified: records 1–\d+/)
  t.equal((await cli('verify', join(dir, 'nothing-here.json'))).code, 1)
  t.equal((await cli('check')).code, 2, 'usage')
})
