import type { RedisClient } from '../redis-connection.js'

/**
 * Who made an admin change: the admin API's bearer token, a dashboard session, or the registry
 * file (a gateway's start seeding a new, re-keyed or re-dated credential from it).
 */
export type AuditActor = 'admin-token' | 'admin-session' | 'registry-file'

export interface AuditEntry {
  actor: AuditActor
  /** What was done, e.g. `queue.pause`, `credential.issue`. */
  action: string
  /** What it was done to, e.g. a receiver id, a messageId, `<participant>/<credential id>`. */
  target: string
  /** Where the request came from: the connection's peer address (X-Forwarded-For is not read; behind a proxy, the proxy's). */
  clientAddress: string
  /** `success` (2xx), `refused` (4xx: nothing changed), `failed` (5xx: may have changed partly). */
  outcome: 'success' | 'refused' | 'failed'
  statusCode: number
  /** What else the change carried (e.g. the replay selection, a credential's kind); never a secret. */
  detail?: Record<string, unknown>
}

export interface AuditRecord extends AuditEntry {
  /** The stream entry id: orders records, and pages through them. */
  id: string
  at: string
}

// A hard cap beside the time retention, so a flood of changes cannot grow the stream without bound.
const MAX_RECORDS = 1_000_000

/**
 * The audit trail of admin changes: a Redis stream (append-only, ordered by time), trimmed to
 * `retentionDays` and at most a million records. Shared by every gateway process.
 */
export class AuditLog {
  private readonly redis: RedisClient
  private readonly key: string
  private readonly retentionMs: number
  private readonly evidenceInbox: string | undefined

  /** `evidenceInbox`: the evidence log's inbox; every record is appended to it too, in the same step. */
  constructor (opts: { redis: RedisClient, prefix: string, retentionDays: number, evidenceInbox?: string }) {
    this.redis = opts.redis
    this.key = `${opts.prefix}:audit`
    this.retentionMs = opts.retentionDays * 86_400_000
    this.evidenceInbox = opts.evidenceInbox
  }

  async append (entry: AuditEntry): Promise<void> {
    const at = new Date().toISOString()
    const multi = this.redis.multi()
      .xadd(this.key, 'MINID', '~', String(Date.now() - this.retentionMs), '*', 'record', JSON.stringify({ at, ...entry }))
      .xtrim(this.key, 'MAXLEN', '~', MAX_RECORDS)
    if (this.evidenceInbox !== undefined) {
      // The evidence log keeps who did what to what, and how it ended; the detail (e.g. a replay's
      // selection) stays in the audit trail.
      const { actor, action, target, clientAddress, outcome, statusCode } = entry
      multi.xadd(this.evidenceInbox, '*', 'e', 'admin', 'd', JSON.stringify({ actor, action, target, clientAddress, outcome, statusCode }))
    }
    const results = await multi.exec()
    for (const [err] of results ?? []) if (err !== null) throw err
  }

  /** Records newest first, between `since` and `until` (ms, inclusive), at most `limit`. */
  async list (opts: { since?: number, until?: number, limit: number }): Promise<AuditRecord[]> {
    const entries = await this.redis.xrevrange(this.key, opts.until === undefined ? '+' : String(opts.until), opts.since === undefined ? '-' : String(opts.since), 'COUNT', opts.limit)
    return entries.map(([id, fields]) => ({ id, ...JSON.parse(fields[1] ?? '{}') as Omit<AuditRecord, 'id'> }))
  }
}
