import { hostname } from 'node:os'
import type { RedisClient } from '../redis-connection.js'

/**
 * One exchange, as operational monitoring sees it (X-Road's operational monitoring data): who
 * sent what to whom, how big, how long, how it ended. Identifiers, sizes, times and hashes only:
 * never a message's content.
 */
export interface ExchangeRecord {
  /** The sender's own messageId. */
  messageId: string
  sender: string
  receiver: string
  service: string
  version: string
  mode: 'sync' | 'async'
  outcome: 'delivered' | 'dead'
  /** The error code a dead message ended with. */
  errorCode?: string
  attempts: number
  /** Bytes of the request body as received, and of the reply envelope (delivered only). */
  requestBytes?: number
  replyBytes?: number
  requestHash?: string
  acceptedAt: string
  settledAt: string
  /** From acceptance to delivery or death, in milliseconds. */
  totalMs: number
  /** The last attempt's call to the receiver, in milliseconds (absent when the receiver was not called). */
  upstreamMs?: number
  /** The gateway or worker process that settled it (`<host>/<pid>`). */
  instance: string
}

export interface StoredExchangeRecord extends ExchangeRecord {
  /** The stream entry id: orders records and pages through them (`after`). */
  id: string
}

export interface ExchangeQuery {
  /** Milliseconds since the epoch, inclusive. */
  since?: number
  until?: number
  /** Records where this participant is the sender or the receiver. */
  participant?: string
  service?: string
  outcome?: 'delivered' | 'dead'
  /** Continue after this record id (the last one of the previous page). */
  after?: string
  limit: number
}

// A hard cap beside the time retention, so a flood cannot grow the stream without bound.
const MAX_RECORDS = 5_000_000
// Records read per round trip while filtering.
const SCAN_BATCH = 1000
// Records looked at for one page at most: a filter that matches rarely answers a short page (with
// `next`) instead of reading the whole stream.
const SCAN_MAX = 100_000

/**
 * The operational monitoring log: a Redis stream of {@link ExchangeRecord}s, one per settled
 * message, kept `retentionDays` (at most five million records), shared by every gateway and worker
 * process, read by the admin API.
 */
export class ExchangeLog {
  private readonly redis: RedisClient
  private readonly key: string
  private readonly retentionMs: number
  readonly instance: string

  constructor (opts: { redis: RedisClient, prefix: string, retentionDays: number, instance?: string }) {
    this.redis = opts.redis
    this.key = `${opts.prefix}:monitoring`
    this.retentionMs = opts.retentionDays * 86_400_000
    this.instance = opts.instance ?? `${hostname()}/${process.pid}`
  }

  /** Appends one record. Monitoring never decides a delivery: callers log a failure and go on. */
  async append (record: Omit<ExchangeRecord, 'instance'>): Promise<void> {
    // Two commands, not a transaction: both trims are approximate anyway, and a MULTI costs a
    // pipeline object of its own per record.
    await Promise.all([
      this.redis.xadd(this.key, 'MINID', '~', String(Date.now() - this.retentionMs), '*', 'r', JSON.stringify({ ...record, instance: this.instance })),
      this.redis.xtrim(this.key, 'MAXLEN', '~', MAX_RECORDS)
    ])
  }

  /** Records in time order matching `query`, at most `limit`; `next` is set when more may follow. */
  async query (query: ExchangeQuery): Promise<{ records: StoredExchangeRecord[], next?: string }> {
    const records: StoredExchangeRecord[] = []
    let start = query.after !== undefined ? `(${query.after}` : query.since !== undefined ? String(query.since) : '-'
    const end = query.until !== undefined ? String(query.until) : '+'
    let scanned = 0
    for (;;) {
      const entries = await this.redis.xrange(this.key, start, end, 'COUNT', SCAN_BATCH)
      for (const [id, fields] of entries) {
        scanned++
        const record = { id, ...JSON.parse(fields[1] ?? '{}') as ExchangeRecord }
        if (matches(record, query)) {
          records.push(record)
          if (records.length === query.limit) return { records, next: id }
        }
      }
      const last = entries.at(-1)
      if (entries.length < SCAN_BATCH || last === undefined) return { records }
      start = `(${last[0]}`
      if (scanned >= SCAN_MAX) return { records, next: last[0] }
    }
  }
}

function matches (r: ExchangeRecord, q: ExchangeQuery): boolean {
  if (q.participant !== undefined && r.sender !== q.participant && r.receiver !== q.participant) return false
  if (q.service !== undefined && r.service !== q.service) return false
  if (q.outcome !== undefined && r.outcome !== q.outcome) return false
  return true
}

/** The CSV columns, in order (RFC 4180). */
export const EXCHANGE_CSV_COLUMNS = [
  'id', 'messageId', 'sender', 'receiver', 'service', 'version', 'mode', 'outcome', 'errorCode', 'attempts',
  'requestBytes', 'replyBytes', 'requestHash', 'acceptedAt', 'settledAt', 'totalMs', 'upstreamMs', 'instance'
] as const

/** One CSV line per record, with a header line; fields quoted where RFC 4180 needs it. */
export function toCsv (records: readonly StoredExchangeRecord[]): string {
  const cell = (v: unknown): string => {
    const s = v === undefined ? '' : String(v)
    // A leading =, +, - or @ would be run as a formula by a spreadsheet: quote it with a '.
    const safe = /^[=+\-@]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  const lines = [EXCHANGE_CSV_COLUMNS.join(',')]
  for (const r of records) lines.push(EXCHANGE_CSV_COLUMNS.map((c) => cell(r[c])).join(','))
  return `${lines.join('\r\n')}\r\n`
}

/** What {@link settledExchange} reads of a message record. */
export interface SettledMessage {
  envelope: { header: { messageId: string, from: string, to: string, service: string, version: string } }
  mode: 'sync' | 'async'
  createdAt: string
  requestBytes?: number
  requestHash?: string
}

/** The monitoring record of a message that just settled. */
export function settledExchange (message: SettledMessage, outcome: ExchangeRecord['outcome'], opts: { attempts: number, settledAt?: Date, upstreamMs?: number, reply?: unknown, errorCode?: string }): Omit<ExchangeRecord, 'instance'> {
  const { header } = message.envelope
  const settledAt = opts.settledAt ?? new Date()
  const record: Omit<ExchangeRecord, 'instance'> = {
    messageId: header.messageId,
    sender: header.from,
    receiver: header.to,
    service: header.service,
    version: header.version,
    mode: message.mode,
    outcome,
    attempts: opts.attempts,
    acceptedAt: message.createdAt,
    settledAt: settledAt.toISOString(),
    totalMs: Math.max(0, settledAt.getTime() - Date.parse(message.createdAt))
  }
  if (opts.errorCode !== undefined) record.errorCode = opts.errorCode
  if (message.requestBytes !== undefined) record.requestBytes = message.requestBytes
  if (opts.reply !== undefined) record.replyBytes = Buffer.byteLength(JSON.stringify(opts.reply))
  if (message.requestHash !== undefined) record.requestHash = message.requestHash
  if (opts.upstreamMs !== undefined) record.upstreamMs = Math.round(opts.upstreamMs * 10) / 10
  return record
}
