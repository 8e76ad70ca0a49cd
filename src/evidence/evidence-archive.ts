import { mkdir, open, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RedisClient } from '../redis-connection.js'
import type { JSONWebKeySet } from 'jose'
import type { SigningKeys } from '../signing/signing-keys.js'
import { withRedisLock } from '../redis-lock.js'
import { vietnamDate } from '../identifiers/index.js'
import type { EvidenceLog } from './evidence-log.js'
import { jwsClaims, type Checkpoint, type CheckpointClaims, type EvidenceRecord } from './evidence-record.js'

/** A segment's file name: `evidence-<Vietnam day yyyymmdd>-<its first seq, 12 digits>.jsonl`. */
const SEGMENT = /^evidence-(\d{8})-(\d{12})\.jsonl$/
/** The public keys that signed the archive's checkpoints, beside the segments. */
export const ARCHIVE_KEYS_FILE = 'keys.json'

/** Checkpoints (each with its records) written per pass at most. */
const RUNS_PER_PASS = 50
/** Bytes read from a segment's end to find its last line. */
const TAIL_BYTES = 256 * 1024

/** Where the archive stands: its last line, and the segment it is in. */
interface Position {
  file: string | undefined
  /** The last line's stream id (a record's id, or a checkpoint's toId). */
  lastId: string | undefined
  /** The last line is a checkpoint (so the run it closes is whole). */
  atCheckpoint: boolean
  /** The segment's day and size (a new segment starts with a new day or past the size limit). */
  day: string | undefined
  size: number
}

/** The Vietnam (UTC+7) day of a stream id's time, as yyyymmdd. */
function segmentDay (id: string): string {
  return vietnamDate(Number(id.split('-')[0])).replaceAll('-', '')
}

/** The segment files of an archive directory, in chain order. */
export async function segmentFiles (dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => { if (err.code === 'ENOENT') return []; throw err })
  return names
    .map((name) => ({ name, m: SEGMENT.exec(name) }))
    .filter((x) => x.m !== null)
    .sort((a, b) => Number(a.m?.[2]) - Number(b.m?.[2]))
    .map((x) => x.name)
}

/**
 * Writes the sealed evidence log to files under a directory: runs of records each followed by the
 * checkpoint that seals them, one segment per Vietnam day (or per `segmentBytes`), fsynced before
 * Redis may forget them. Its position is read back from the files themselves, so a crash mid-write
 * neither loses nor repeats a line (a torn last line is cut off). One archiver at a time (a lock).
 */
export class EvidenceArchive {
  private readonly log: EvidenceLog
  private readonly redis: RedisClient
  private readonly dir: string
  private readonly segmentBytes: number
  private readonly retentionMs: number
  private readonly keys: SigningKeys

  constructor (opts: { log: EvidenceLog, redis: RedisClient, dir: string, segmentBytes: number, retentionDays: number, keys: SigningKeys }) {
    this.log = opts.log
    this.redis = opts.redis
    this.dir = opts.dir
    this.segmentBytes = opts.segmentBytes
    this.retentionMs = opts.retentionDays * 86_400_000
    this.keys = opts.keys
  }

  private get lockKey (): string { return `${this.log.prefix}:evidence:archive-lock` }
  /** The stream id up to which the archive holds the log (Redis trims nothing after it). */
  get archivedKey (): string { return `${this.log.prefix}:evidence:archived` }

  /** One pass: writes the checkpoints sealed since the last pass, with their records. Resolves with the lines written. */
  async archive (): Promise<number> {
    const written = await withRedisLock(this.redis, this.lockKey, 15_000, async () => {
      await mkdir(this.dir, { recursive: true })
      await this.writeKeys()
      const lines = await this.writeRuns(await this.position())
      await this.trim()
      return lines
    })
    return written ?? 0
  }

  private async writeRuns (pos: Position): Promise<number> {
    const start = pos.lastId === undefined ? '-' : pos.atCheckpoint ? `(${pos.lastId}` : pos.lastId
    const checkpoints = await this.log.checkpointRange(start, '+', RUNS_PER_PASS)
    let written = 0
    for (const checkpoint of checkpoints) {
      const claims = jwsClaims<CheckpointClaims>(checkpoint.checkpoint)
      // The run's records not yet written: all of them, or the rest of a run a crash cut short.
      const from = pos.lastId !== undefined && !pos.atCheckpoint ? `(${pos.lastId}` : claims.fromId
      const records = from === `(${claims.toId}` ? [] : await this.log.chainRange(from, claims.toId)
      const lines = [...records.map((r: EvidenceRecord) => JSON.stringify(r)), JSON.stringify(checkpoint as Checkpoint)].join('\n') + '\n'
      // A run is never split: a cut-short run is finished in its own segment.
      const day = segmentDay(claims.fromId)
      let file = pos.file
      if (file === undefined || (pos.atCheckpoint && (pos.day !== day || pos.size >= this.segmentBytes))) {
        const firstSeq = records[0]?.seq ?? claims.fromSeq
        file = `evidence-${day}-${String(firstSeq).padStart(12, '0')}.jsonl`
        pos = { file, lastId: pos.lastId, atCheckpoint: pos.atCheckpoint, day, size: 0 }
      }
      const handle = await open(join(this.dir, file), 'a')
      try {
        await handle.write(lines)
        await handle.sync()
      } finally {
        await handle.close()
      }
      written += records.length + 1
      pos = { file, lastId: claims.toId, atCheckpoint: true, day: pos.day, size: pos.size + Buffer.byteLength(lines) }
      await this.redis.set(this.archivedKey, claims.toId)
    }
    return written
  }

  /** Where the files stand: the last whole line of the newest segment (a torn one is cut off). */
  private async position (): Promise<Position> {
    const files = await segmentFiles(this.dir)
    const file = files.at(-1)
    if (file === undefined) return { file: undefined, lastId: undefined, atCheckpoint: true, day: undefined, size: 0 }
    const path = join(this.dir, file)
    // The tail is enough: every line is far shorter than it.
    const handle = await open(path, 'r+')
    let text: string
    let size: number
    try {
      size = (await handle.stat()).size
      const tail = Buffer.alloc(Math.min(size, TAIL_BYTES))
      await handle.read(tail, 0, tail.length, size - tail.length)
      text = tail.toString('utf8')
      if (text !== '' && !text.endsWith('\n')) {
        // A torn line (a crash mid-write): cut off, and written again whole.
        const keep = Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1))
        size = size - tail.length + keep
        await handle.truncate(size)
        text = text.slice(0, text.lastIndexOf('\n') + 1)
      }
    } finally {
      await handle.close()
    }
    const lines = text.trimEnd().split('\n')
    const last = lines.at(-1) ?? ''
    const day = SEGMENT.exec(file)?.[1]
    if (last === '') return { file, lastId: undefined, atCheckpoint: true, day, size: 0 }
    const parsed = JSON.parse(last) as Partial<EvidenceRecord> & Partial<Checkpoint>
    if (parsed.checkpoint !== undefined) return { file, lastId: jwsClaims<CheckpointClaims>(parsed.checkpoint).toId, atCheckpoint: true, day, size }
    return { file, lastId: parsed.id, atCheckpoint: false, day, size }
  }

  /** keys.json: every public key that signed (or may sign) a checkpoint here; keys are added, never dropped. */
  private async writeKeys (): Promise<void> {
    const path = join(this.dir, ARCHIVE_KEYS_FILE)
    const known = await readFile(path, 'utf8').then((t) => JSON.parse(t) as JSONWebKeySet).catch(() => ({ keys: [] }) as JSONWebKeySet)
    const kids = new Set(known.keys.map((k) => k.kid))
    const added = this.keys.jwks().keys.filter((k) => !kids.has(k.kid))
    if (added.length === 0) return
    const tmp = `${path}.${process.pid}.tmp`
    await writeFile(tmp, JSON.stringify({ keys: [...known.keys, ...added] }, null, 2) + '\n')
    await rename(tmp, path)
  }

  /** Redis keeps the log for the retention period, and never what the files do not hold yet. */
  private async trim (): Promise<void> {
    const archived = await this.redis.get(this.archivedKey)
    if (archived === null) return
    const cutoff = Date.now() - this.retentionMs
    const archivedMs = Number(archived.split('-')[0])
    const minId = archivedMs < cutoff ? archived : `${cutoff}-0`
    await this.redis.multi()
      .xtrim(this.log.chainKey, 'MINID', minId)
      .xtrim(this.log.checkpointsKey, 'MINID', minId)
      .exec()
  }
}
