import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import type { EvidenceBundle } from '../../src/evidence/evidence-log.js'
import { recordHash, bodyOf, type EvidenceRecord } from '../../src/evidence/evidence-record.js'
import { verifyArchive, verifyBundle } from '../../src/evidence/evidence-verify.js'
import { SigningKeys } from '../../src/signing/signing-keys.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// The tamper-evident evidence log, through the admin API and on disk: every event of a message
// in a hash chain sealed by signed checkpoints, exported as bundles and archived as files, both
// verified offline; a changed, missing or moved record is named.
const ADMIN = 'test-admin-token-evidence-0123456789'
const p = await startPlatform(t, { workers: true, env: { ADMIN_TOKEN: ADMIN, EVIDENCE_SEAL_INTERVAL_MS: '100', EVIDENCE_CHECKPOINT_SECONDS: '1' } })
const applicant = sampleCitizens(p.mock(IDS.population), 1)[0] ?? (() => { throw new Error('no sample citizen') })()
const h29 = p.mock(IDS.h29)

async function admin (method: 'GET' | 'POST' | 'DELETE', url: string): Promise<{ statusCode: number, body: any, headers: Record<string, unknown> }> {
  const res = await p.app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN}` } })
  return { statusCode: res.statusCode, body: res.body === '' ? undefined : res.json(), headers: res.headers }
}

async function settled (id: string, wanted = ['delivered', 'dead']): Promise<any> {
  return await eventually(async () => {
    const s = await p.state(id, KEYS.dvcqg)
    return wanted.includes(s.body.status) ? s.body : undefined
  }, 15_000, `message ${id} to settle`)
}

async function submit (): Promise<{ id: string, requestHash: string }> {
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const res = await p.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${KEYS.dvcqg}` }, payload: msg })
  t.equal(res.statusCode, 202)
  return { id: String(msg.header.messageId), requestHash: String(res.headers['x-lienthong-request-hash']) }
}

const clone = (b: EvidenceBundle): EvidenceBundle => JSON.parse(JSON.stringify(b)) as EvidenceBundle

t.test('a message\'s bundle: every event, chained and sealed; identifiers and hashes, no citizen data', async (t) => {
  h29.reset()
  const { id, requestHash } = await submit()
  const state = await settled(id)
  t.equal(state.status, 'delivered')
  const res = await admin('GET', `/admin/api/evidence/messages/${id}`)
  t.equal(res.statusCode, 200)
  const bundle = res.body as EvidenceBundle
  t.same(bundle.records.map((r) => r.event), ['accepted', 'queued', 'delivering', 'delivered'])
  t.same(bundle.records.map((r) => r.n), [1, 2, 3, 4])
  const [accepted, , delivering, delivered] = bundle.records
  t.match(accepted?.detail, { sender: IDS.portal, receiver: IDS.h29, service: 'dossier.submit', requestHash })
  t.equal(delivering?.detail.attempt, 1)
  t.equal(delivered?.detail.replyHash, state.replyHash, 'the delivered event carries the reply\'s hash')
  const text = JSON.stringify(bundle)
  t.notOk(text.includes(applicant.citizenId), 'no ID number')
  t.notOk(text.includes(applicant.fullName), 'no name')
  t.notOk(text.includes(applicant.dateOfBirth), 'no date of birth')

  const verified = await verifyBundle(bundle)
  t.ok(verified.ok, verified.error ?? 'verified')
  t.equal(verified.records, 4)
  t.same(verified.kids, [p.app.signingKeys.current().kid])

  // A bundle verified against keys it does not come from fails: pin the gateway's published keys.
  const stranger = await SigningKeys.fromJson(JSON.stringify([await SigningKeys.generate()]))
  t.match((await verifyBundle(bundle, { keys: stranger.jwks() })).error, /signature does not verify/)
  t.ok((await verifyBundle(bundle, { keys: (await p.app.inject({ url: '/.well-known/jwks.json' })).json() })).ok, 'verifies with the published keys')

  const changed = clone(bundle)
  ;(changed.records[3] as EvidenceRecord).detail.replyHash = 'x'.repeat(43)
  t.match((await verifyBundle(changed)).error, new RegExp(`record seq ${delivered?.seq ?? 0} \\(records\\[3\\]\\): its hash does not match`))
  // Rehashed after the change: no longer in the tree its checkpoint signed.
  const rehashed = clone(changed)
  const r3 = rehashed.records[3] as EvidenceRecord
  r3.hash = recordHash(bodyOf(r3))
  t.match((await verifyBundle(rehashed)).error, /is not in the chain its checkpoint .* sealed/)
  const dropped = clone(bundle)
  dropped.records.splice(1, 1)
  t.match((await verifyBundle(dropped)).error, /event 2 is missing/)
  const lastDropped = clone(bundle)
  lastDropped.records.pop()
  t.match((await verifyBundle(lastDropped)).error, /has 4 events; the bundle holds 3/)
})

t.test('dead, replayed, purged and admin actions are in the log; a time range verifies whole', async (t) => {
  const since = new Date().toISOString()
  h29.reset()
  h29.setFaults({ failNext: 1, failStatus: 403 })
  const { id } = await submit()
  t.equal((await settled(id)).status, 'dead')
  t.equal((await admin('POST', `/admin/api/dead-letters/${id}/replay`)).statusCode, 202)
  t.equal((await settled(id, ['delivered'])).status, 'delivered')
  h29.setFaults({ failNext: 1, failStatus: 403 })
  const second = await submit()
  t.equal((await settled(second.id)).status, 'dead')
  t.equal((await admin('DELETE', `/admin/api/dead-letters/${second.id}`)).statusCode, 204)

  const one = (await admin('GET', `/admin/api/evidence/messages/${id}`)).body as EvidenceBundle
  t.same(one.records.map((r) => r.event), ['accepted', 'queued', 'delivering', 'dead', 'replayed', 'queued', 'delivering', 'delivered'])
  t.match(one.records[3]?.detail, { error: 'LT_UPSTREAM_REJECTED', from: 'delivering' })
  t.ok((await verifyBundle(one)).ok)
  const purged = (await admin('GET', `/admin/api/evidence/messages/${second.id}`)).body as EvidenceBundle
  t.equal(purged.records.at(-1)?.event, 'purged')

  const range = await admin('GET', `/admin/api/evidence?since=${encodeURIComponent(since)}`)
  t.equal(range.statusCode, 200)
  const bundle = range.body as EvidenceBundle
  const verified = await verifyBundle(bundle)
  t.ok(verified.ok, verified.error ?? 'verified')
  t.ok(verified.checkpoints >= 1)
  const admins = bundle.records.filter((r) => r.event === 'admin').map((r) => r.detail.action)
  t.ok(admins.includes('dead-letter.replay'), 'the replay, as an admin action')
  t.ok(admins.includes('dead-letter.purge'))
  t.ok(admins.includes('evidence.export-message'), 'an export is an admin action too')
  const seqs = bundle.records.map((r) => r.seq)
  t.same(seqs, seqs.map((_, i) => (seqs[0] ?? 0) + i), 'a run of the chain without gaps')

  const swapped = clone(bundle)
  const [a, b] = [swapped.records[1] as EvidenceRecord, swapped.records[2] as EvidenceRecord]
  swapped.records[1] = b
  swapped.records[2] = a
  t.match((await verifyBundle(swapped)).error, new RegExp(`record seq ${(seqs[0] ?? 0) + 1} is missing|out of place`))

  t.equal((await admin('GET', '/admin/api/evidence?since=2026-13-01')).statusCode, 400)
  const reversed = await admin('GET', `/admin/api/evidence?since=${encodeURIComponent(new Date().toISOString())}&until=${encodeURIComponent(since)}`)
  t.equal(reversed.statusCode, 400)
  t.equal(reversed.body.details[0].pointer, '/querystring/since')
  t.equal((await admin('GET', '/admin/api/evidence/messages/00000000-0000-4000-8000-000000000000')).statusCode, 404)
  const anonymous = await p.app.inject({ url: `/admin/api/evidence?since=${encodeURIComponent(since)}` })
  t.equal(anonymous.statusCode, 401, 'exports need the admin token')
})

t.test('the archive: segments with their checkpoints verify; a changed, deleted or swapped line is named', async (t) => {
  await submit()
  // The workers' clean stop seals, checkpoints and archives everything.
  await p.workers?.close()
  const dir = p.config.evidenceDir
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'))
  t.ok(files.length >= 1)
  t.ok((await readdir(dir)).includes('keys.json'))
  const verified = await verifyArchive(dir)
  t.ok(verified.ok, verified.error ?? 'verified')
  t.equal(verified.firstSeq, 1)
  t.equal(verified.unsealed, 0)
  const log = p.app.evidence
  t.equal((await log?.pending())?.head?.seq, verified.lastSeq, 'the archive holds the whole chain')

  const segment = files.at(-1) as string
  const lines = (await readFile(join(dir, segment), 'utf8')).trimEnd().split('\n')
  const recordLine = lines.findIndex((l, i) => i > 2 && !l.startsWith('{"checkpoint"'))
  const seqOf = (line: string): number => (JSON.parse(line) as EvidenceRecord).seq
  async function tampered (edit: (lines: string[]) => string[]): Promise<string | undefined> {
    const copy = await mkdtemp(join(tmpdir(), 'lt-evidence-copy-'))
    t.teardown(async () => { await rm(copy, { recursive: true, force: true }) })
    await cp(dir, copy, { recursive: true })
    await writeFile(join(copy, segment), edit([...lines]).join('\n') + '\n')
    return (await verifyArchive(copy)).error
  }
  const target = lines[recordLine] as string
  const seq = seqOf(target)
  // One byte: a digit of the record's time.
  const flipped = target.replace(/"at":"(\d)/, (_m, d: string) => `"at":"${(Number(d) + 1) % 10}`)
  t.not(flipped, target)
  t.match(await tampered((l) => { l[recordLine] = flipped; return l }), new RegExp(`record seq ${seq} \\(${segment} line ${recordLine + 1}\\): its hash does not match`))
  t.match(await tampered((l) => { l.splice(recordLine, 1); return l }), new RegExp(`record seq ${seq} is missing`))
  const next = lines[recordLine + 1] as string
  if (next.startsWith('{"checkpoint"')) throw new Error('the test needs two record lines in a row')
  t.match(await tampered((l) => { l[recordLine] = next; l[recordLine + 1] = target; return l }), new RegExp(`record seq ${seq} is missing: ${segment} line ${recordLine + 1} is seq ${seq + 1}`))
  // A byte that breaks the JSON: the line is named.
  t.match(await tampered((l) => { l[recordLine] = target.replace('{', '['); return l }), new RegExp(`${segment} line ${recordLine + 1} is not JSON`))
})
