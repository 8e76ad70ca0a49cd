import type { Redis } from 'ioredis'
import { EvidenceArchive } from '../../src/evidence/evidence-archive.js'
import { EvidenceLog } from '../../src/evidence/evidence-log.js'
import type { EvidenceRecord } from '../../src/evidence/evidence-record.js'
import { verifyArchive, verifyBundle } from '../../src/evidence/evidence-verify.js'
import type { SigningKeys } from '../../src/signing/signing-keys.js'

/** The evidence log set beside the gateway's records: verified whole, and every message's chain of events there. */
export interface EvidenceCheck {
  /** The whole chain in Redis, exported as one bundle, verifies. */
  verified: boolean
  error?: string
  records: number
  checkpoints: number
  /** The archive directory, brought up to date, verifies too. */
  archiveVerified: boolean
  archiveError?: string
  /** Accepted messages whose events are not all there (count, numbering, first and last event). */
  incomplete: { count: number, ids: string[] }
  /** Messages that were `unconfirmed` on the way (retries spent, the receiver unable to say), and how they ended. */
  unconfirmed: { count: number, delivered: number, dead: number }
}

/**
 * Seals what is pending, exports the whole chain and verifies it; then checks that each accepted
 * message has every event its record counts, numbered from `accepted` without a gap, the last one
 * its final status; then archives what is sealed and verifies the archive directory.
 */
export async function checkEvidence (opts: { redis: Redis, prefix: string, keys: SigningKeys, dir: string, messages: Map<string, { status?: string, evidenceEvents?: number }> }): Promise<EvidenceCheck> {
  const log = new EvidenceLog({ redis: opts.redis, prefix: opts.prefix, keys: opts.keys, issuer: 'lienthong' })
  const bundle = await log.exportRange(0, Date.now(), Number.MAX_SAFE_INTEGER)
  const verified = await verifyBundle(bundle)
  const byMessage = new Map<string, EvidenceRecord[]>()
  for (const record of bundle.records) {
    if (record.messageId === undefined) continue
    const list = byMessage.get(record.messageId)
    if (list === undefined) byMessage.set(record.messageId, [record])
    else list.push(record)
  }
  const incomplete: EvidenceCheck['incomplete'] = { count: 0, ids: [] }
  const unconfirmed = { count: 0, delivered: 0, dead: 0 }
  for (const [id, record] of opts.messages) {
    const events = byMessage.get(id) ?? []
    if (events.some((e) => e.event === 'unconfirmed')) {
      unconfirmed.count++
      if (record.status === 'delivered') unconfirmed.delivered++
      if (record.status === 'dead') unconfirmed.dead++
    }
    const whole = events.length > 0 && events.length === record.evidenceEvents && events[0]?.event === 'accepted' &&
      events.every((e, i) => e.n === i + 1) && events.at(-1)?.event === record.status
    if (!whole) {
      incomplete.count++
      if (incomplete.ids.length < 10) incomplete.ids.push(id)
    }
  }
  const archive = new EvidenceArchive({ log, redis: opts.redis, dir: opts.dir, segmentBytes: 64 * 2 ** 20, retentionDays: 30, keys: opts.keys })
  // Another archiver (a worker) may hold the lock for a moment.
  for (let i = 0; i < 50 && await archive.archive() === 0; i++) {
    const written = await verifyArchive(opts.dir).catch(() => undefined)
    if (written?.lastSeq !== undefined && written.lastSeq >= (bundle.records.at(-1)?.seq ?? 0)) break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const archived = await verifyArchive(opts.dir).catch((err: unknown) => ({ ok: false, error: (err as Error).message }))
  const check: EvidenceCheck = { verified: verified.ok, records: verified.records, checkpoints: verified.checkpoints, archiveVerified: archived.ok, incomplete, unconfirmed }
  if (verified.error !== undefined) check.error = verified.error
  if (archived.error !== undefined) check.archiveError = archived.error
  return check
}
