import { execFileSync } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose'
import { ARCHIVE_KEYS_FILE, segmentFiles } from './evidence-archive.js'
import { inspectTimeStampToken } from './timestamp-authority.js'
import type { EvidenceBundle, InclusionProof, ManifestClaims } from './evidence-log.js'
import {
  BUNDLE_FORMAT, CHECKPOINT_TYPE, MANIFEST_TYPE, bodyOf, checkpointDigest, jwsClaims, merkleRoot, recordHash, verifyInclusion,
  type Checkpoint, type CheckpointClaims, type EvidenceRecord
} from './evidence-record.js'

/**
 * Offline verification of the evidence log: an export bundle (one JSON document) or an archive
 * directory (its segments and keys.json). Checks every record's hash, the chain's links, that no
 * record is missing or out of place, each message's events numbered without gaps, and every
 * checkpoint's signature, head and Merkle root. Needs nothing but the files and the public keys.
 */

export interface VerifyResult {
  ok: boolean
  records: number
  checkpoints: number
  messages: number
  /** Records after the last checkpoint: chained but not sealed yet. */
  unsealed: number
  firstSeq?: number
  lastSeq?: number
  /** The kids that signed. */
  kids: string[]
  /** Checkpoints that carry an RFC 3161 timestamp token. */
  timestamped: number
  /** The first fault found: which record or checkpoint, and what is wrong with it. */
  error?: string
}

type Where = string

/** How to check: the trusted public keys (default: those the bundle or archive carries), and the time-stamp authority's CA certificate (PEM file) for OpenSSL to check tokens against. */
export interface VerifyOptions {
  keys?: JSONWebKeySet
  tsaCaFile?: string
}

/** A checkpoint's RFC 3161 token must stamp that checkpoint; with a CA, OpenSSL checks the authority's signature too. */
async function checkTimestamp (checkpoint: Checkpoint, what: string, tsaCaFile: string | undefined): Promise<void> {
  if (checkpoint.timestamp === undefined) return
  const token = Buffer.from(checkpoint.timestamp, 'base64')
  const digest = Buffer.from(checkpointDigest(checkpoint.checkpoint), 'base64url').toString('hex')
  let imprint: string
  try {
    imprint = inspectTimeStampToken(token).imprint
  } catch (err) {
    fail(`${what}: its time-stamp token is unreadable (${(err as Error).message})`)
  }
  if (imprint !== digest) fail(`${what}: its time-stamp token stamps another checkpoint`)
  if (tsaCaFile === undefined) return
  const dir = await mkdtemp(join(tmpdir(), 'lt-tsa-'))
  try {
    await writeFile(join(dir, 'token.der'), token)
    execFileSync('openssl', ['ts', '-verify', '-digest', digest, '-in', join(dir, 'token.der'), '-token_in', '-CAfile', tsaCaFile], { stdio: 'pipe' })
  } catch (err) {
    fail(`${what}: its time-stamp token does not verify against ${tsaCaFile} (${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim().split('\n').at(-1) ?? ''})`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

class VerifyError extends Error {}

function fail (message: string): never {
  throw new VerifyError(message)
}

async function verifySigned<T> (jws: string, typ: string, keys: ReturnType<typeof createLocalJWKSet>, what: string): Promise<{ claims: T, kid: string }> {
  try {
    const { payload, protectedHeader } = await compactVerify(jws, keys)
    if (protectedHeader.typ !== typ) fail(`${what}: typ ${String(protectedHeader.typ)}, not ${typ}`)
    return { claims: JSON.parse(new TextDecoder().decode(payload)) as T, kid: protectedHeader.kid ?? '' }
  } catch (err) {
    if (err instanceof VerifyError) throw err
    fail(`${what}: its signature does not verify with the given keys (${(err as Error).message})`)
  }
}

/** Checks records and checkpoints in chain order, as they come. */
class ChainChecker {
  readonly result: VerifyResult = { ok: false, records: 0, checkpoints: 0, messages: 0, unsealed: 0, kids: [], timestamped: 0 }
  private readonly keys: ReturnType<typeof createLocalJWKSet>
  private last: EvidenceRecord | undefined
  private sinceCheckpoint: string[] = []
  private sinceCheckpointFrom: number | undefined
  private previousCheckpoint: string | undefined
  private readonly events = new Map<string, number>()

  private readonly tsaCaFile: string | undefined

  constructor (keys: JSONWebKeySet, tsaCaFile?: string) {
    this.keys = createLocalJWKSet(keys)
    this.tsaCaFile = tsaCaFile
  }

  record (record: EvidenceRecord, where: Where): void {
    if (typeof record !== 'object' || record === null || record.v !== 1 || !Number.isInteger(record.seq) || typeof record.hash !== 'string') fail(`${where}: not an evidence record`)
    const expected = this.last === undefined ? undefined : this.last.seq + 1
    if (expected !== undefined && record.seq > expected) fail(`record seq ${expected} is missing: ${where} is seq ${record.seq}`)
    if (expected !== undefined && record.seq < expected) fail(`record seq ${record.seq} (${where}) is out of place: seq ${expected} was expected`)
    if (recordHash(bodyOf(record)) !== record.hash) fail(`record seq ${record.seq} (${where}): its hash does not match its content: it was changed`)
    if (this.last !== undefined && record.prev !== this.last.hash) fail(`record seq ${record.seq} (${where}) does not link to record seq ${this.last.seq} before it`)
    if (this.last === undefined && record.seq === 1 && record.prev !== '') fail(`record seq 1 (${where}) links to a record before the first`)
    this.result.firstSeq ??= record.seq
    this.result.lastSeq = record.seq
    if (record.messageId !== undefined) {
      const n = record.n ?? 0
      const before = this.events.get(record.messageId)
      if (before === undefined) {
        if (n === 1 && record.event !== 'accepted') fail(`record seq ${record.seq} (${where}): message ${record.messageId}'s first event is ${record.event}, not accepted`)
        // A log read from its start holds every message's first event; a later run may begin mid-message.
        if (n !== 1 && this.result.firstSeq === 1) fail(`record seq ${record.seq} (${where}): events 1–${n - 1} of message ${record.messageId} are missing`)
        this.result.messages++
      } else if (n !== before + 1) {
        fail(`record seq ${record.seq} (${where}): message ${record.messageId}'s event ${before + 1} is missing (this is its event ${n})`)
      }
      this.events.set(record.messageId, n)
    }
    this.sinceCheckpointFrom ??= record.seq
    this.sinceCheckpoint.push(record.hash)
    this.last = record
    this.result.records++
  }

  async checkpoint (checkpoint: Checkpoint, where: Where): Promise<void> {
    if (typeof checkpoint?.checkpoint !== 'string') fail(`${where}: not a checkpoint`)
    const { claims, kid } = await verifySigned<CheckpointClaims>(checkpoint.checkpoint, CHECKPOINT_TYPE, this.keys, `checkpoint (${where})`)
    const what = `checkpoint of records ${claims.fromSeq}–${claims.toSeq} (${where})`
    if (this.last === undefined || claims.toSeq !== this.last.seq || claims.fromSeq !== this.sinceCheckpointFrom) {
      fail(`${what} does not seal the records before it (${this.sinceCheckpointFrom ?? '–'}–${this.last?.seq ?? '–'})`)
    }
    if (claims.head !== this.last.hash) fail(`${what}: its head is not the hash of record seq ${claims.toSeq}`)
    if (merkleRoot(this.sinceCheckpoint) !== claims.root) fail(`${what}: the records it seals do not give its Merkle root`)
    if (this.previousCheckpoint !== undefined && claims.prev !== checkpointDigest(this.previousCheckpoint)) fail(`${what} does not link to the checkpoint before it`)
    await checkTimestamp(checkpoint, what, this.tsaCaFile)
    if (checkpoint.timestamp !== undefined) this.result.timestamped++
    this.previousCheckpoint = checkpoint.checkpoint
    this.sinceCheckpoint = []
    this.sinceCheckpointFrom = undefined
    if (!this.result.kids.includes(kid)) this.result.kids.push(kid)
    this.result.checkpoints++
  }

  finish (): VerifyResult {
    this.result.unsealed = this.sinceCheckpoint.length
    this.result.ok = true
    return this.result
  }
}

async function run (checker: { result: VerifyResult }, fn: () => Promise<VerifyResult>): Promise<VerifyResult> {
  try {
    return await fn()
  } catch (err) {
    if (!(err instanceof VerifyError)) throw err
    return { ...checker.result, ok: false, error: err.message }
  }
}

/** Verifies an export bundle. */
export async function verifyBundle (bundle: EvidenceBundle, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const keys = opts.keys ?? bundle?.keys ?? { keys: [] }
  const checker = new ChainChecker(keys, opts.tsaCaFile)
  return await run(checker, async () => {
    if (bundle?.format !== BUNDLE_FORMAT || !Array.isArray(bundle.records) || !Array.isArray(bundle.checkpoints)) fail(`not an evidence bundle (format ${BUNDLE_FORMAT})`)
    const { claims: manifest } = await verifySigned<ManifestClaims>(bundle.manifest, MANIFEST_TYPE, createLocalJWKSet(keys), 'the bundle\'s manifest')
    if (bundle.proofs !== undefined) return await verifyMessageBundle(bundle, manifest, checker, keys, opts.tsaCaFile)
    // A range: whole runs of the chain, each closed by its checkpoint.
    const bySeq = new Map<number, Checkpoint>()
    for (const c of bundle.checkpoints) bySeq.set(jwsClaims<CheckpointClaims>(c.checkpoint).toSeq, c)
    for (const [i, record] of bundle.records.entries()) {
      checker.record(record, `records[${i}]`)
      const checkpoint = bySeq.get(record.seq)
      if (checkpoint !== undefined) await checker.checkpoint(checkpoint, `checkpoints[${bundle.checkpoints.indexOf(checkpoint)}]`)
    }
    const result = checker.finish()
    if (result.unsealed > 0) fail(`records ${(result.lastSeq ?? 0) - result.unsealed + 1}–${result.lastSeq ?? 0} are not sealed by a checkpoint in the bundle`)
    if (result.checkpoints !== bundle.checkpoints.length) fail('the bundle holds checkpoints that seal none of its records')
    if (manifest.fromSeq !== result.firstSeq || manifest.toSeq !== result.lastSeq) fail(`the bundle holds records ${result.firstSeq ?? '–'}–${result.lastSeq ?? '–'}, its manifest says ${manifest.fromSeq ?? '–'}–${manifest.toSeq ?? '–'}`)
    return result
  })
}

async function verifyMessageBundle (bundle: EvidenceBundle, manifest: ManifestClaims, checker: ChainChecker, keys: JSONWebKeySet, tsaCaFile: string | undefined): Promise<VerifyResult> {
  const result = checker.result
  const messageId = 'messageId' in manifest.scope ? manifest.scope.messageId : fail('the manifest names no message')
  const expected = manifest.messages?.[messageId]?.events ?? fail(`the manifest gives no event count for message ${messageId}`)
  const keySet = createLocalJWKSet(keys)
  const checkpoints: CheckpointClaims[] = []
  for (const [i, c] of bundle.checkpoints.entries()) {
    const { claims, kid } = await verifySigned<CheckpointClaims>(c.checkpoint, CHECKPOINT_TYPE, keySet, `checkpoints[${i}]`)
    checkpoints.push(claims)
    await checkTimestamp(c, `checkpoints[${i}]`, tsaCaFile)
    if (c.timestamp !== undefined) result.timestamped++
    if (!result.kids.includes(kid)) result.kids.push(kid)
  }
  result.checkpoints = checkpoints.length
  const proofs = new Map<number, InclusionProof>((bundle.proofs ?? []).map((p) => [p.seq, p]))
  for (const [i, record] of bundle.records.entries()) {
    const where = `records[${i}]`
    if (record.messageId !== messageId) fail(`record seq ${record.seq} (${where}) is not an event of message ${messageId}`)
    if (recordHash(bodyOf(record)) !== record.hash) fail(`record seq ${record.seq} (${where}): its hash does not match its content: it was changed`)
    if (record.n !== i + 1) fail(`record seq ${record.seq} (${where}): message ${messageId}'s event ${i + 1} is missing (this is its event ${record.n ?? '–'})`)
    if (i === 0 && record.event !== 'accepted') fail(`record seq ${record.seq} (${where}): the message's first event is ${record.event}, not accepted`)
    const proof = proofs.get(record.seq) ?? fail(`record seq ${record.seq} (${where}) has no proof`)
    const claims = checkpoints[proof.checkpoint] ?? fail(`record seq ${record.seq} (${where}): its proof names no checkpoint of the bundle`)
    if (proof.index !== record.seq - claims.fromSeq || proof.size !== claims.toSeq - claims.fromSeq + 1 || !verifyInclusion(record.hash, proof.index, proof.size, proof.path, claims.root)) {
      fail(`record seq ${record.seq} (${where}) is not in the chain its checkpoint (records ${claims.fromSeq}–${claims.toSeq}) sealed`)
    }
    result.firstSeq ??= record.seq
    result.lastSeq = record.seq
    result.records++
  }
  if (bundle.records.length !== expected) fail(`message ${messageId} has ${expected} events; the bundle holds ${bundle.records.length}: events ${bundle.records.length + 1}–${expected} are missing`)
  result.messages = 1
  result.ok = true
  return result
}

/** Verifies an archive directory (its keys: keys.json beside the segments, unless given). */
export async function verifyArchive (dir: string, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const keySet = opts.keys ?? JSON.parse(await readFile(join(dir, ARCHIVE_KEYS_FILE), 'utf8')) as JSONWebKeySet
  const checker = new ChainChecker(keySet, opts.tsaCaFile)
  return await run(checker, async () => {
    const files = await segmentFiles(dir)
    if (files.length === 0) fail(`${dir} holds no evidence segments (evidence-<day>-<seq>.jsonl)`)
    for (const file of files) {
      let line = 0
      for await (const text of createInterface({ input: createReadStream(join(dir, file)), crlfDelay: Infinity })) {
        line++
        if (text === '') continue
        const where = `${file} line ${line}`
        let parsed: EvidenceRecord & Checkpoint
        try {
          parsed = JSON.parse(text) as EvidenceRecord & Checkpoint
        } catch {
          fail(`${where} is not JSON: it was changed${checker.result.lastSeq === undefined ? '' : ` (the record after seq ${checker.result.lastSeq})`}`)
        }
        if (typeof parsed.checkpoint === 'string') await checker.checkpoint(parsed, where)
        else checker.record(parsed, where)
      }
    }
    return checker.finish()
  })
}
