import type { RedisClient } from '../redis-connection.js'
import type { JSONWebKeySet } from 'jose'
import type { SigningKeys } from '../signing/signing-keys.js'
import { withRedisLock } from '../redis-lock.js'
import {
  BUNDLE_FORMAT, CHECKPOINT_TYPE, MANIFEST_TYPE, checkpointDigest, evidenceInboxKey, inclusionProof, jwsClaims, merkleRoot, recordHash,
  type Checkpoint, type CheckpointClaims, type EvidenceEvent, type EvidenceRecord, type EvidenceRecordBody
} from './evidence-record.js'

/** The head of the chain: its last record. */
interface Head { seq: number, hash: string, id: string }
/** The last checkpoint: up to where it sealed, and the digest the next one links to. */
interface LastCheckpoint { toSeq: number, toId: string, digest: string, at: number }

/** Stamps a checkpoint: an RFC 3161 time-stamp token (base64 DER) over the SHA-256 of its JWS. */
export type Timestamper = (digest: Buffer) => Promise<string>

/** A record's place in its checkpoint's Merkle tree. */
export interface InclusionProof {
  seq: number
  /** Index of the checkpoint in the bundle's `checkpoints`. */
  checkpoint: number
  /** Leaf index and tree size (toSeq − fromSeq + 1). */
  index: number
  size: number
  path: string[]
}

/** A self-contained export of the evidence: verifiable offline with `npm run evidence -- verify`. */
export interface EvidenceBundle {
  format: typeof BUNDLE_FORMAT
  /** The gateway's public keys when it exported (its /.well-known/jwks.json). */
  keys: JSONWebKeySet
  /** Signed (typ lienthong-evidence-manifest+jwt): the scope, and for each message how many events it has. */
  manifest: string
  records: EvidenceRecord[]
  checkpoints: Checkpoint[]
  /** Message bundles: each record's Merkle proof into its checkpoint (the rest of the chain is not included). */
  proofs?: InclusionProof[]
}

export interface ManifestClaims {
  iss: string
  exportedAt: string
  scope: { messageId: string } | { since: string, until: string }
  /** Message bundles: the message's status and event count when exported. */
  messages?: Record<string, { status: string, events: number }>
  /** Range bundles: the chain run they hold. */
  fromSeq?: number
  toSeq?: number
}

export class EvidenceError extends Error {
  readonly code: 'LT_EVIDENCE_NOT_SEALED' | 'LT_EVIDENCE_RANGE_TOO_LARGE' | 'LT_EVIDENCE_NO_KEYS'
  constructor (code: EvidenceError['code'], message: string) {
    super(message)
    this.name = 'EvidenceError'
    this.code = code
  }
}

// Chains a batch: only if the head is still what the sealer read (ARGV[1]); each inbox entry
// becomes a chain entry under the same stream id, and leaves the inbox in the same step.
const SEAL_SCRIPT = `
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return -1 end
for i = 3, #ARGV, 2 do
  redis.call('XADD', KEYS[2], ARGV[i], 'r', ARGV[i + 1])
  redis.call('XDEL', KEYS[3], ARGV[i])
end
redis.call('SET', KEYS[1], ARGV[2])
return (#ARGV - 2) / 2
`

// Stores a checkpoint under its last record's stream id, only if it follows the last one (ARGV[1]).
const CHECKPOINT_SCRIPT = `
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return -1 end
redis.call('XADD', KEYS[2], ARGV[3], 'c', ARGV[4])
redis.call('SET', KEYS[1], ARGV[2])
return 1
`

const BATCH = 1000
/** The sealer's lock lapses after this long: a sealer killed while holding it stops the sealing no longer. */
const LOCK_MS = 10_000

/**
 * The tamper-evident evidence log. The message store's scripts append every message event, in
 * the same atomic step as the change itself, to an inbox stream; admin actions are appended by
 * the audit log. One sealer at a time (a Redis lock) chains the inbox into records that each carry
 * the hash of the one before, and at an interval signs a checkpoint over the chain's head and the
 * Merkle root of the records since the last checkpoint. Everything lives in Redis (persisted with
 * it) until {@link EvidenceArchive} has written it to files; exports and verification read it.
 */
export class EvidenceLog {
  private readonly redis: RedisClient
  private readonly keys: SigningKeys
  private readonly issuer: string
  private readonly timestamper: Timestamper | undefined
  private readonly onTimestampError: (err: unknown) => void
  readonly prefix: string

  /**
   * `timestamper`: stamps each checkpoint (RFC 3161). When it fails the checkpoint is made without
   * a stamp and `onTimestampError` hears of it: the log never stops for a time-stamp authority.
   */
  constructor (opts: { redis: RedisClient, prefix: string, keys: SigningKeys, issuer: string, timestamper?: Timestamper, onTimestampError?: (err: unknown) => void }) {
    this.redis = opts.redis
    this.prefix = opts.prefix
    this.keys = opts.keys
    this.issuer = opts.issuer
    this.timestamper = opts.timestamper
    this.onTimestampError = opts.onTimestampError ?? (() => {})
    if (!('ltEvidenceSeal' in this.redis)) {
      this.redis.defineCommand('ltEvidenceSeal', { numberOfKeys: 3, lua: SEAL_SCRIPT })
      this.redis.defineCommand('ltEvidenceCheckpoint', { numberOfKeys: 2, lua: CHECKPOINT_SCRIPT })
    }
  }

  get inboxKey (): string { return evidenceInboxKey(this.prefix) }
  get chainKey (): string { return `${this.prefix}:evidence:chain` }
  get checkpointsKey (): string { return `${this.prefix}:evidence:checkpoints` }
  private get headKey (): string { return `${this.prefix}:evidence:head` }
  private get lastCheckpointKey (): string { return `${this.prefix}:evidence:checkpoint` }
  private get lockKey (): string { return `${this.prefix}:evidence:lock` }

  private get scripts (): { ltEvidenceSeal: (...a: string[]) => Promise<number>, ltEvidenceCheckpoint: (...a: string[]) => Promise<number> } {
    return this.redis as never
  }

  /**
   * Runs `fn` holding the sealer's lock (one sealer across every process), waiting up to
   * `waitMs` for it. Resolves undefined when another process kept it that long.
   */
  async withLock<T> (fn: () => Promise<T>, waitMs = 0): Promise<T | undefined> {
    return await withRedisLock(this.redis, this.lockKey, LOCK_MS, fn, waitMs)
  }

  /** Chains what the inbox holds (the caller holds the lock). Resolves with how many records it added. */
  async seal (maxBatches = 50): Promise<number> {
    let sealed = 0
    for (let b = 0; b < maxBatches; b++) {
      const headRaw = await this.redis.get(this.headKey) ?? ''
      let head: Head | undefined = headRaw === '' ? undefined : JSON.parse(headRaw) as Head
      const entries = await this.redis.xrange(this.inboxKey, '-', '+', 'COUNT', BATCH)
      if (entries.length === 0) break
      const args: string[] = []
      for (const [id, fields] of entries) {
        const record = this.chainRecord(id, fieldsOf(fields), head)
        head = { seq: record.seq, hash: record.hash, id }
        args.push(id, JSON.stringify(record))
      }
      const added = await this.scripts.ltEvidenceSeal(this.headKey, this.chainKey, this.inboxKey, headRaw, JSON.stringify(head), ...args)
      if (added < 0) throw new Error('evidence log: the chain moved under the sealer (another sealer without the lock?)')
      sealed += added
      if (entries.length < BATCH) break
    }
    return sealed
  }

  private chainRecord (id: string, f: Record<string, string>, head: Head | undefined): EvidenceRecord {
    const body: EvidenceRecordBody = {
      v: 1,
      seq: (head?.seq ?? 0) + 1,
      id,
      at: new Date(Number(id.split('-')[0])).toISOString(),
      event: (f.e ?? 'admin') as EvidenceEvent,
      detail: parseDetail(f.d, f.f),
      prev: head?.hash ?? ''
    }
    if (f.m !== undefined && f.m !== '') body.messageId = f.m
    if (f.n !== undefined && f.n !== '0') body.n = Number(f.n)
    return { ...body, hash: recordHash(body) }
  }

  /**
   * Signs a checkpoint over the records chained since the last one (the caller holds the lock),
   * stamped by the time-stamp authority when one is configured. Resolves false when nothing was new
   * (or the last checkpoint is younger than `minIntervalMs`).
   */
  async checkpoint (minIntervalMs = 0): Promise<boolean> {
    if (!this.keys.canSign) throw new EvidenceError('LT_EVIDENCE_NO_KEYS', 'the evidence log needs the gateway\'s signing keys (SIGNING_KEYS) to sign its checkpoints')
    const headRaw = await this.redis.get(this.headKey)
    if (headRaw === null) return false
    const head = JSON.parse(headRaw) as Head
    const lastRaw = await this.redis.get(this.lastCheckpointKey) ?? ''
    const last: LastCheckpoint | undefined = lastRaw === '' ? undefined : JSON.parse(lastRaw) as LastCheckpoint
    if (last !== undefined && (last.toSeq >= head.seq || Date.now() - last.at < minIntervalMs)) return false
    const records = await this.chainRange(last === undefined ? '-' : `(${last.toId}`, head.id)
    const first = records[0]
    if (first === undefined || records.at(-1)?.seq !== head.seq || first.seq !== (last?.toSeq ?? 0) + 1) {
      throw new Error('evidence log: the chain since the last checkpoint is not whole')
    }
    const claims: CheckpointClaims = {
      iss: this.issuer,
      v: 1,
      fromSeq: first.seq,
      toSeq: head.seq,
      fromId: first.id,
      toId: head.id,
      head: head.hash,
      root: merkleRoot(records.map((r) => r.hash)),
      prev: last?.digest ?? '',
      at: new Date().toISOString()
    }
    const jws = this.keys.signCompact(claims, CHECKPOINT_TYPE)
    const checkpoint: Checkpoint = { checkpoint: jws }
    if (this.timestamper !== undefined) {
      try {
        checkpoint.timestamp = await this.timestamper(Buffer.from(checkpointDigest(jws), 'base64url'))
      } catch (err) {
        this.onTimestampError(err)
      }
    }
    const next: LastCheckpoint = { toSeq: head.seq, toId: head.id, digest: checkpointDigest(jws), at: Date.now() }
    const stored = await this.scripts.ltEvidenceCheckpoint(this.lastCheckpointKey, this.checkpointsKey, lastRaw, JSON.stringify(next), head.id, JSON.stringify(checkpoint))
    if (stored < 0) throw new Error('evidence log: a checkpoint was made under the sealer (another sealer without the lock?)')
    return true
  }

  /** Seals and checkpoints what is pending now, waiting up to `waitMs` for another sealer. False when it could not. */
  async sealNow (waitMs = 5000): Promise<boolean> {
    const done = await this.withLock(async () => {
      await this.seal(Number.MAX_SAFE_INTEGER)
      await this.checkpoint()
      return true
    }, waitMs)
    return done === true
  }

  /** Chain records between two stream ids (inclusive; `(id` exclusive), in order. */
  async chainRange (from: string, to: string, count?: number): Promise<EvidenceRecord[]> {
    const entries = count === undefined
      ? await this.redis.xrange(this.chainKey, from, to)
      : await this.redis.xrange(this.chainKey, from, to, 'COUNT', count)
    return entries.map(([, fields]) => JSON.parse(fieldsOf(fields).r ?? '{}') as EvidenceRecord)
  }

  /** Checkpoints whose last record lies between two stream ids, in order. */
  async checkpointRange (from: string, to: string, count?: number): Promise<Checkpoint[]> {
    const entries = count === undefined
      ? await this.redis.xrange(this.checkpointsKey, from, to)
      : await this.redis.xrange(this.checkpointsKey, from, to, 'COUNT', count)
    return entries.map(([, fields]) => JSON.parse(fieldsOf(fields).c ?? '{}') as Checkpoint)
  }

  /** How many events wait in the inbox, and the chain's head (for metrics and readiness). */
  async pending (): Promise<{ inbox: number, head: Head | undefined }> {
    const [inbox, head] = await Promise.all([this.redis.xlen(this.inboxKey), this.redis.get(this.headKey)])
    return { inbox, head: head === null ? undefined : JSON.parse(head) as Head }
  }

  /**
   * The evidence of one message: its records (stream ids `ids`, from its record in the store), each
   * with the Merkle proof that ties it to a signed checkpoint, and a signed manifest of its status
   * and event count, so that a missing event shows. Seals what is pending first.
   */
  async exportMessage (messageId: string, ids: string[], status: string): Promise<EvidenceBundle> {
    if (!await this.sealNow()) throw new EvidenceError('LT_EVIDENCE_NOT_SEALED', 'the evidence log is being sealed by another process; try again in a moment')
    const records: EvidenceRecord[] = []
    const checkpoints: Checkpoint[] = []
    const proofs: InclusionProof[] = []
    const trees = new Map<string, { index: number, claims: CheckpointClaims, hashes: string[] }>()
    for (const id of ids) {
      const [record] = await this.chainRange(id, id)
      const [checkpoint] = await this.checkpointRange(id, '+', 1)
      if (record === undefined || checkpoint === undefined) throw new EvidenceError('LT_EVIDENCE_NOT_SEALED', `the event ${id} of message ${messageId} is not sealed yet; try again in a moment`)
      let tree = trees.get(checkpoint.checkpoint)
      if (tree === undefined) {
        const claims = jwsClaims<CheckpointClaims>(checkpoint.checkpoint)
        tree = { index: checkpoints.length, claims, hashes: (await this.chainRange(claims.fromId, claims.toId)).map((r) => r.hash) }
        trees.set(checkpoint.checkpoint, tree)
        checkpoints.push(checkpoint)
      }
      const index = record.seq - tree.claims.fromSeq
      records.push(record)
      proofs.push({ seq: record.seq, checkpoint: tree.index, index, size: tree.hashes.length, path: inclusionProof(tree.hashes, index) })
    }
    const manifest: ManifestClaims = { iss: this.issuer, exportedAt: new Date().toISOString(), scope: { messageId }, messages: { [messageId]: { status, events: ids.length } } }
    return { format: BUNDLE_FORMAT, keys: this.keys.jwks(), manifest: this.keys.signCompact(manifest, MANIFEST_TYPE), records, checkpoints, proofs }
  }

  /**
   * The evidence of a time range: every record of the checkpoints that cover events between
   * `since` and `until` (ms, inclusive), whole, so the chain and each checkpoint's root can be
   * recomputed. At most `maxRecords` records; a wider range is refused.
   */
  async exportRange (since: number, until: number, maxRecords: number): Promise<EvidenceBundle> {
    if (!await this.sealNow()) throw new EvidenceError('LT_EVIDENCE_NOT_SEALED', 'the evidence log is being sealed by another process; try again in a moment')
    const manifest: ManifestClaims = { iss: this.issuer, exportedAt: new Date().toISOString(), scope: { since: new Date(since).toISOString(), until: new Date(until).toISOString() } }
    const [first] = await this.redis.xrange(this.chainKey, String(since), '+', 'COUNT', 1)
    const [last] = await this.redis.xrevrange(this.chainKey, String(until), '-', 'COUNT', 1)
    const bundle = (records: EvidenceRecord[], checkpoints: Checkpoint[]): EvidenceBundle => {
      if (records.length > 0) Object.assign(manifest, { fromSeq: records[0]?.seq, toSeq: records.at(-1)?.seq })
      return { format: BUNDLE_FORMAT, keys: this.keys.jwks(), manifest: this.keys.signCompact(manifest, MANIFEST_TYPE), records, checkpoints }
    }
    if (first === undefined || last === undefined || compareIds(first[0], last[0]) > 0) return bundle([], [])
    const [firstCheckpoint] = await this.checkpointRange(first[0], '+', 1)
    const [lastCheckpoint] = await this.checkpointRange(last[0], '+', 1)
    if (firstCheckpoint === undefined || lastCheckpoint === undefined) throw new EvidenceError('LT_EVIDENCE_NOT_SEALED', 'the range\'s last events are not sealed yet; try again in a moment')
    const from = jwsClaims<CheckpointClaims>(firstCheckpoint.checkpoint)
    const to = jwsClaims<CheckpointClaims>(lastCheckpoint.checkpoint)
    if (to.toSeq - from.fromSeq + 1 > maxRecords) {
      throw new EvidenceError('LT_EVIDENCE_RANGE_TOO_LARGE', `the range holds ${to.toSeq - from.fromSeq + 1} records with its checkpoints; at most ${maxRecords} are exported at once: narrow it`)
    }
    return bundle(await this.chainRange(from.fromId, to.toId), await this.checkpointRange(from.toId, to.toId))
  }
}

/** Orders two stream ids (`<ms>-<n>`). */
export function compareIds (a: string, b: string): number {
  const [am = 0, an = 0] = a.split('-').map(Number)
  const [bm = 0, bn = 0] = b.split('-').map(Number)
  return am !== bm ? am - bm : an - bn
}

function fieldsOf (list: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i + 1 < list.length; i += 2) out[list[i] as string] = list[i + 1] as string
  return out
}

function parseDetail (detail: string | undefined, from: string | undefined): Record<string, unknown> {
  let parsed: Record<string, unknown> = {}
  try {
    const value: unknown = JSON.parse(detail ?? '{}')
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) parsed = value as Record<string, unknown>
  } catch {
    parsed = { unreadable: true }
  }
  if (from !== undefined && from !== '') parsed.from = from
  return parsed
}
