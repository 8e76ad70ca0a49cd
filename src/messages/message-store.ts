import { createHash } from 'node:crypto'
import type { RedisClient } from '../redis-connection.js'
import { canonicalJson } from '../canonical-json.js'
import { RecordCipher } from '../crypto/record-cipher.js'
import { evidenceInboxKey } from '../evidence/evidence-record.js'
import { allowedFrom } from './message-lifecycle.js'
import type { Message, MessageHeader } from '../generated/envelope.js'

export type MessageStatus = 'accepted' | 'queued' | 'delivering' | 'retrying' | 'delivered' | 'dead' | 'unconfirmed'
export type MessageMode = 'sync' | 'async'

/** The envelope as schemas/envelope.json defines it (types generated from the schema). */
export type Envelope = Message
export type { MessageHeader }

export interface RecordedError {
  code: string
  message: string
  at: string
  transient?: boolean
  upstreamStatus?: number
}

/** The HTTP answer a sync message got, kept so a re-post gets the same answer. */
export interface StoredResponse {
  statusCode: number
  body: unknown
}

export interface MessageRecord {
  messageId: string
  service: string
  version: string
  from: string
  to: string
  correlationId?: string
  mode: MessageMode
  status: MessageStatus
  attempts: number
  contentHash: string
  createdAt: string
  updatedAt: string
  deliveredAt?: string
  nextAttemptAt?: string
  envelope: Envelope
  reply?: Envelope
  response?: StoredResponse
  lastError?: RecordedError
  callback?: CallbackState
  /** base64url SHA-256 of the request body bytes the gateway recorded (X-Lienthong-Request-Hash). */
  requestHash?: string
  /** The size of that body, in bytes (operational monitoring). */
  requestBytes?: number
  /** Delivered: base64url SHA-256 of the reply envelope in canonical JSON (receipts.ts). */
  replyHash?: string
  /** Delivered: the gateway's signed delivery receipt (a compact JWS), when it has signing keys. */
  deliveryReceipt?: string
  /** A reply with citizen data was dropped at this time (REPLY_RETENTION_HOURS); its hash stays. */
  replyExpiredAt?: string
  /** How many events of this message the evidence log holds (numbered 1…n). */
  evidenceEvents?: number
  /** The evidence log's stream ids of those events, comma-separated. */
  evidenceIds?: string
  /** dossier.submit: the dossier code the gateway issued, `<agency>-<yymmdd>-<NNNN>`. */
  dossierCode?: string
  /** dossier.status: the dossier's previous change, delivered before this one. */
  previousMessageId?: string
  /** dossier.status: the dossier's next change, waiting for this one. */
  nextMessageId?: string
  /** A message the gateway sends for a procedure group: the record id of the flow's message. */
  flowId?: string
  /** Its step in the flow (`portal` for a status sync). */
  flowStep?: string
  /** Which run of the step (1, then one more after each supplement of documents). */
  flowRound?: number
  /** A step: its legal deadline (the end of a working day). */
  dueAt?: string
  /** A step: when it was found past its deadline, not yet settled. */
  overdueAt?: string
  /** A procedure group's message: where its flow stands. */
  flowState?: 'running' | 'supplement-requested' | 'completed' | 'failed' | 'refused'
  /** A procedure group waiting for documents: when it is refused without them. */
  supplementDueAt?: string
}

/** One line of a sender's own message list. */
export interface SentMessage {
  /** The sender's own messageId. */
  messageId: string
  service: string
  version: string
  to: string
  correlationId?: string
  status: MessageStatus
  createdAt: string
  updatedAt: string
}

const SENT_FIELDS = ['status', 'createdAt', 'updatedAt', 'correlationId', 'envelope', 'contentHash', 'messageId'] as const

/** Where the callback of a message with a callbackUrl stands. */
export interface CallbackState {
  event: 'message.delivered' | 'message.dead'
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  sentAt?: string
  lastError?: string
}

export interface HistoryEntry {
  status: MessageStatus
  at: string
  attempt?: number
  error?: string
}

/**
 * A history entry as the record keeps it, one line each, short because every record carries its
 * whole history for as long as it is kept: `<status> <ms since epoch>[ a<attempt>][ e<error code>]`.
 */
export function historyLine (entry: HistoryEntry): string {
  return `${entry.status} ${Date.parse(entry.at)}${entry.attempt === undefined ? '' : ` a${entry.attempt}`}${entry.error === undefined ? '' : ` e${entry.error}`}`
}

/** A history line back as its entry; a line of a record kept from before is the entry in JSON. */
export function parseHistoryLine (line: string): HistoryEntry {
  if (line.startsWith('{')) return JSON.parse(line) as HistoryEntry
  const [status, at, ...rest] = line.split(' ')
  const entry: HistoryEntry = { status: status as MessageStatus, at: new Date(Number(at)).toISOString() }
  for (const [i, part] of rest.entries()) {
    if (part.startsWith('a')) entry.attempt = Number(part.slice(1))
    // The error code is last: all the rest of the line.
    if (part.startsWith('e')) {
      entry.error = rest.slice(i).join(' ').slice(1)
      break
    }
  }
  return entry
}

/** A dossier lifecycle and ownership guard checked atomically with the record's creation. */
export interface StatusGuard {
  dossierCode: string
  status: number
  /** Statuses the dossier may be in for this change to be allowed. */
  allowedFrom: number[]
  /** The change may be a dossier's first known status (the gateway has seen no status of it yet). */
  mayStart: boolean
  /** The sending participant: must be the dossier's holder, when the gateway knows one. */
  sender: string
  /** The sender may act on every dossier (a right for agencies `*`), whoever holds it. */
  anyDossier: boolean
  /** For a dossier without a known holder: the sender acts for the agency in its code. */
  agencyEntitled: boolean
}

/** `id`: the record's id in the store (the messageId, or the sender-scoped id when another sender used it first). */
export type CreateOutcome =
  | { outcome: 'created', id: string, dossierCode?: string }
  | { outcome: 'exists', contentHash: string, id: string, dossierCode?: string }
  | { outcome: 'exhausted' }
  | { outcome: 'not-entitled' }
  | { outcome: 'forbidden', currentStatus: number | undefined }

const JSON_FIELDS = new Set(['envelope', 'reply', 'response', 'lastError', 'callback'])
/** The fields that hold citizen data: sealed with the data keys before they reach Redis. */
const SEALED_FIELDS = new Set(['envelope', 'reply', 'response'])
const NUMBER_FIELDS = new Set(['attempts', 'requestBytes', 'evidenceEvents', 'flowRound'])
/** The record's history (a line an entry, see {@link historyLine}): not a field of {@link MessageRecord}. */
const HISTORY_FIELD = 'history'

// Creates the record unless the messageId is taken; for dossier.status also checks and moves the
// dossier's last accepted status in the same step, so two concurrent changes cannot both pass, and
// links the message to the dossier's previous change (delivered in the order they were accepted).
const CREATE_SCRIPT = `
-- Idempotency is each sender's own: a messageId another sender recorded first is kept apart under
-- an id derived from both (KEYS[7], ARGV[12]), so no sender learns of another's messages.
local key, id = KEYS[1], ARGV[7]
if redis.call('EXISTS', KEYS[7]) == 1 or (redis.call('EXISTS', KEYS[1]) == 1 and redis.call('HGET', KEYS[1], 'from') ~= ARGV[9]) then
  key, id = KEYS[7], ARGV[12]
end
if redis.call('EXISTS', key) == 1 then
  -- Never another sender's record (the scoped id is the sender's own; checked all the same).
  if redis.call('HGET', key, 'from') ~= ARGV[9] then return {'taken'} end
  return {'exists', redis.call('HGET', key, 'contentHash'), id, redis.call('HGET', key, 'dossierCode') or ''}
end
-- A dossier code issued here (KEYS[10]: the agency's sequence of the day; ARGV[15]: the code's
-- prefix, '' for none): refused before anything is written once the day's 9,999 are spent.
if ARGV[15] ~= '' and tonumber(redis.call('GET', KEYS[10]) or '0') >= 9999 then return {'exhausted'} end
if ARGV[3] ~= '' then
  -- Ownership first, so a sender not entitled to the dossier learns nothing of its state.
  local holder = redis.call('GET', KEYS[6])
  if ARGV[10] ~= '1' then
    if holder then
      if holder ~= ARGV[9] then return {'not-entitled'} end
    elseif ARGV[11] ~= '1' then
      return {'not-entitled'}
    end
  end
  -- A dossier the gateway has not seen yet is 'new': only an initial status may start it.
  local current = redis.call('GET', KEYS[2]) or 'new'
  if not string.find(ARGV[4], ',' .. current .. ',', 1, true) then
    return {'forbidden', current}
  end
  redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[6])
  -- The dossier's previous change, which must reach the receiver first.
  local previous = redis.call('GET', KEYS[5])
  redis.call('SET', KEYS[5], id, 'EX', ARGV[6])
  if previous then
    redis.call('HSET', key, 'previousMessageId', previous)
    -- The previous change wakes this one when it ends (if its record is still kept).
    local previousKey = ARGV[8] .. previous
    if redis.call('EXISTS', previousKey) == 1 then redis.call('HSET', previousKey, 'nextMessageId', id) end
  end
end
redis.call('HSET', key, unpack(ARGV, 16))
redis.call('HSET', key, 'messageId', id)
if ARGV[15] ~= '' then
  -- The sequence outlives its day by two (the code carries the day: it is never issued again).
  local n = redis.call('INCR', KEYS[10])
  redis.call('EXPIRE', KEYS[10], 259200)
  redis.call('HSET', key, 'dossierCode', ARGV[15] .. string.format('%04d', n))
end
-- The history (ARGV[5]: its first entry) is a field of the record, an entry a line.
redis.call('HSET', key, 'history', ARGV[5])
redis.call('EXPIRE', key, ARGV[2])
local t = redis.call('TIME')
local ms = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZADD', KEYS[3], ms, id)
-- The sender's own list of its messages (GET /v1/messages), as long as records are kept, by
-- the record's createdAt (ARGV[13], ms), so a range of createdAt values finds it.
redis.call('ZADD', KEYS[8], ARGV[13], id)
redis.call('ZREMRANGEBYSCORE', KEYS[8], '-inf', ms - ARGV[2] * 1000)
redis.call('EXPIRE', KEYS[8], ARGV[2])
redis.call('HINCRBY', KEYS[4], table.concat(redis.call('HMGET', key, 'service', 'to'), '|') .. '|accepted', 1)
-- The evidence log's event (KEYS[9]: its inbox; ARGV[14]: the event's detail, '' with the log off).
if ARGV[14] ~= '' then
  local eid = redis.call('XADD', KEYS[9], '*', 'm', id, 'n', 1, 'e', 'accepted', 'd', ARGV[14])
  redis.call('HSET', key, 'evidenceEvents', 1, 'evidenceIds', eid)
end
return {'created', id, redis.call('HGET', key, 'dossierCode') or ''}
`

// Drops the due replies (KEYS[1]: the reply-expiry index; ARGV: now in ms, how many at most, the
// record key prefix, now as RFC 3339): their hash stays, and when they expired.
const EXPIRE_REPLIES_SCRIPT = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(due) do
  local key = ARGV[3] .. id
  if redis.call('EXISTS', key) == 1 then
    redis.call('HDEL', key, 'reply', 'response')
    redis.call('HSET', key, 'replyExpiredAt', ARGV[4])
  end
  redis.call('ZREM', KEYS[1], id)
end
return #due
`

// Appends an event of the message kept at `key` to the evidence log's inbox, numbered among its
// events; the record keeps the count and the stream ids (the evidence export finds them there).
const APPEND_EVIDENCE = `
local function appendEvidence (key, inbox, id, event, previous, detail)
  local n = redis.call('HINCRBY', key, 'evidenceEvents', 1)
  local eid = redis.call('XADD', inbox, '*', 'm', id, 'n', n, 'e', event, 'f', previous or '', 'd', detail)
  local ids = redis.call('HGET', key, 'evidenceIds')
  redis.call('HSET', key, 'evidenceIds', ids and (ids .. ',' .. eid) or eid)
end
`

// Moves a record to a new status when its current status is one of ARGV[1] (CSV, empty: any).
const TRANSITION_SCRIPT = APPEND_EVIDENCE + `
-- ARGV[7]: the record's id (a value, not a key: every key a script touches is one of KEYS, on a cluster).
local id = ARGV[7]
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] ~= '' then
  local current = redis.call('HGET', KEYS[1], 'status')
  if not string.find(ARGV[1], ',' .. current .. ',', 1, true) then return 0 end
end
local previous = redis.call('HGET', KEYS[1], 'status')
redis.call('HSET', KEYS[1], unpack(ARGV, 8))
if ARGV[4] ~= '' then redis.call('HDEL', KEYS[1], unpack(cjson.decode(ARGV[4]))) end
-- The evidence log's event (KEYS[7]: its inbox; ARGV[6]: the event's detail, '' with the log off).
-- A dead message accepted again was replayed; a sync delivery taken back to the queue, requeued.
if ARGV[6] ~= '' then
  local event = ARGV[3]
  if event == 'accepted' then
    if previous == 'dead' then event = 'replayed' else event = 'requeued' end
  end
  appendEvidence(KEYS[1], KEYS[7], id, event, previous, ARGV[6])
end
-- A reply with citizen data is dropped at ARGV[5] (ms): the reply-expiry index.
if ARGV[5] ~= '' then redis.call('ZADD', KEYS[6], ARGV[5], id) end
-- The history: a line more in the record's field (a list of its own for a record kept from before).
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('RPUSH', KEYS[2], ARGV[2])
  -- It goes with the record (an earlier release's process may have made it without a TTL).
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
else
  local history = redis.call('HGET', KEYS[1], 'history')
  redis.call('HSET', KEYS[1], 'history', history and (history .. '\\n' .. ARGV[2]) or ARGV[2])
end
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
if ARGV[3] == 'dead' then
  redis.call('ZADD', KEYS[3], now, id)
else
  redis.call('ZREM', KEYS[3], id)
end
-- Unconfirmed messages, by when they became so: the reconciler's work list.
if ARGV[3] == 'unconfirmed' then
  redis.call('ZADD', KEYS[8], now, id)
elseif previous == 'unconfirmed' then
  redis.call('ZREM', KEYS[8], id)
end
-- The pending index holds messages no queue job stands for yet: accepted ones, and sync ones
-- being delivered by a gateway process (which may die mid-call). The sweeper queues them.
if ARGV[3] == 'accepted' then
  redis.call('ZADD', KEYS[4], now, id)
elseif ARGV[3] ~= 'delivering' then
  redis.call('ZREM', KEYS[4], id)
end
-- Outcome counts for the metrics; a delivery postponed by an open breaker is not a retry.
if ARGV[3] == 'delivered' or ARGV[3] == 'dead' or (ARGV[3] == 'retrying' and not string.find(ARGV[2], 'LT_CIRCUIT_OPEN', 1, true)) then
  redis.call('HINCRBY', KEYS[5], table.concat(redis.call('HMGET', KEYS[1], 'service', 'to'), '|') .. '|' .. ARGV[3], 1)
end
return 1
`

// Appends an event (ARGV[1], detail ARGV[2]) of an existing record to the evidence log (KEYS[2]).
const RECORD_EVENT_SCRIPT = APPEND_EVIDENCE + `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
appendEvidence(KEYS[1], KEYS[2], ARGV[3], ARGV[1], redis.call('HGET', KEYS[1], 'status'), ARGV[2])
return 1
`

// Sets fields on an existing record without changing its status (never recreates an expired one).
const ANNOTATE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`

/** sha256 of the message content: the header without `sentAt` (a sender's retry may restamp it) and the body. */
export function contentHash (envelope: Envelope): string {
  const { sentAt: _sentAt, ...header } = envelope.header
  return createHash('sha256').update(canonicalJson({ header, body: envelope.body })).digest('hex')
}

/**
 * The record of every accepted message, in Redis, shared by every gateway and worker process.
 * Creation is idempotent on messageId; status changes are atomic and append to the history.
 */
export class MessageStore {
  private readonly redis: RedisClient
  private readonly prefix: string
  private readonly ttlSeconds: number
  private readonly cipher: RecordCipher
  private readonly replyRetentionMs: number
  private readonly evidenceLog: boolean

  /**
   * `cipher`: seals envelopes and replies (citizen data) before they reach Redis; none: kept in clear.
   * `replyRetentionHours`: how long a reply with citizen data is kept (see {@link expireReplies}).
   * `evidenceLog`: every event of a message is appended, in the same atomic step, to the evidence
   * log's inbox ({@link evidenceInboxKey}), which src/evidence/ chains, seals and archives.
   */
  constructor (redis: RedisClient, prefix: string, retentionDays: number, cipher: RecordCipher = RecordCipher.fromEnv(''), replyRetentionHours = 24, evidenceLog = true) {
    this.redis = redis
    this.prefix = prefix
    this.ttlSeconds = retentionDays * 86_400
    this.cipher = cipher
    this.replyRetentionMs = replyRetentionHours * 3_600_000
    this.evidenceLog = evidenceLog
    // defineCommand runs the scripts by EVALSHA: the script text crosses the wire once per connection.
    if (!('ltCreateMessage' in redis)) {
      redis.defineCommand('ltCreateMessage', { numberOfKeys: 10, lua: CREATE_SCRIPT })
      redis.defineCommand('ltTransitionMessage', { numberOfKeys: 8, lua: TRANSITION_SCRIPT })
      redis.defineCommand('ltRecordMessageEvent', { numberOfKeys: 2, lua: RECORD_EVENT_SCRIPT })
      redis.defineCommand('ltExpireReplies', { numberOfKeys: 1, lua: EXPIRE_REPLIES_SCRIPT })
      redis.defineCommand('ltAnnotateMessage', { numberOfKeys: 1, lua: ANNOTATE_SCRIPT })
    }
  }

  private get scripts (): StoreScripts {
    return this.redis as unknown as StoreScripts
  }

  private key (id: string): string { return `${this.prefix}:msg:${id}` }
  /** The Redis key of a record (e.g. to route a WAIT to the node that holds it). */
  recordKey (id: string): string { return this.key(id) }
  /** The history list of a record kept from before the history became a field of the record. */
  private historyKey (id: string): string { return `${this.prefix}:msg:${id}:history` }
  /** Sorted set of dead messages by time of death: the dead-letter index. */
  get deadKey (): string { return `${this.prefix}:dead` }
  /** Sorted set of messages no queue job stands for yet, by when they entered it: the sweeper's work list. */
  get pendingKey (): string { return `${this.prefix}:pending` }
  /** Hash of message outcome counts, `service|receiver|status` → n, kept by the scripts (metrics read it). */
  get statsKey (): string { return `${this.prefix}:stats:messages` }
  /** Sorted set of `unconfirmed` messages by when they became so: the reconciler's work list. */
  get unconfirmedKey (): string { return `${this.prefix}:unconfirmed` }
  /** Sorted set of records whose reply (citizen data) is dropped at its score (ms). */
  get replyExpiryKey (): string { return `${this.prefix}:reply-expiry` }
  /** Stream of message events and admin actions not yet chained into the evidence log. */
  get evidenceInboxKey (): string { return evidenceInboxKey(this.prefix) }
  /** Sorted set of a sender's records by when they were accepted: its own message list. */
  private sentKey (sender: string): string { return `${this.prefix}:sent:${sender}` }
  private dossierKey (code: string): string { return `${this.prefix}:dossier:${code}:status` }
  /** The count of dossier codes issued to an agency on a Vietnam day (yymmdd). */
  private dossierSequenceKey (agency: string, day: string): string { return `${this.prefix}:dossier-seq:${agency}:${day}` }
  private dossierLastKey (code: string): string { return `${this.prefix}:dossier:${code}:last` }
  /** The participant holding a dossier: the one-stop system whose dossier.submit registered it. */
  private dossierHolderKey (code: string): string { return `${this.prefix}:dossier:${code}:holder` }

  /**
   * Records a new message as `accepted`, or tells why it was not recorded. `dossierCodeFor`: issue
   * the message a dossier code of this agency and Vietnam day (`yymmdd`), `<agency>-<yymmdd>-<NNNN>`,
   * from the agency's sequence of the day, in the same atomic step (a re-post keeps its code;
   * `exhausted` once 9,999 are issued).
   */
  async create (record: Omit<MessageRecord, 'createdAt' | 'updatedAt' | 'status' | 'attempts'>, guard?: StatusGuard, dossierCodeFor?: { agency: string, day: string }): Promise<CreateOutcome> {
    const now = new Date().toISOString()
    const full: MessageRecord = { ...record, status: 'accepted', attempts: 0, createdAt: now, updatedAt: now }
    const history: HistoryEntry = { status: 'accepted', at: now }
    const code = guard?.dossierCode ?? '-'
    const allowedFrom = guard === undefined ? '' : `,${[...guard.allowedFrom, ...(guard.mayStart ? ['new'] : [])].join(',')},`
    const scoped = senderScopedId(record.from, record.messageId)
    const result = await this.scripts.ltCreateMessage(
      this.key(record.messageId), this.dossierKey(code), this.pendingKey, this.statsKey,
      this.dossierLastKey(code), this.dossierHolderKey(code), this.key(scoped), this.sentKey(record.from),
      this.evidenceInboxKey, dossierCodeFor === undefined ? this.key('-') : this.dossierSequenceKey(dossierCodeFor.agency, dossierCodeFor.day),
      record.contentHash, this.ttlSeconds,
      guard === undefined ? '' : String(guard.status), allowedFrom,
      historyLine(history), this.dossierTtlSeconds,
      record.messageId, this.key(''),
      record.from, guard?.anyDossier === true ? '1' : '0', guard?.agencyEntitled === true ? '1' : '0', scoped,
      Date.parse(now),
      this.evidenceLog ? JSON.stringify(acceptedEvidence(full)) : '',
      dossierCodeFor === undefined ? '' : `${dossierCodeFor.agency}-${dossierCodeFor.day}-`,
      ...this.flatten(full, record.messageId, record.contentHash)
    )
    if (result[0] === 'exhausted') return { outcome: 'exhausted' }
    if (result[0] === 'exists') return { outcome: 'exists', contentHash: result[1] ?? '', id: result[2] ?? record.messageId, ...(result[3] !== undefined && result[3] !== '' ? { dossierCode: result[3] } : {}) }
    if (result[0] === 'not-entitled') return { outcome: 'not-entitled' }
    if (result[0] === 'taken') throw new Error(`message store: the sender-scoped id ${scoped} holds another sender's record`)
    if (result[0] === 'forbidden') return { outcome: 'forbidden', currentStatus: result[1] === 'new' ? undefined : Number(result[1]) }
    return { outcome: 'created', id: result[1] ?? record.messageId, ...(result[2] !== undefined && result[2] !== '' ? { dossierCode: result[2] } : {}) }
  }

  async get (id: string): Promise<MessageRecord | undefined> {
    return this.parseRecord(await this.redis.hgetall(this.key(id)))
  }

  /**
   * The message `sender` posted with `messageId` (already in lower case), wherever it is kept:
   * under the messageId itself, or under the sender-scoped id when another sender had used it.
   * Another sender's message is never returned.
   */
  async getForSender (sender: string, messageId: string): Promise<MessageRecord | undefined> {
    const results = await this.redis.pipeline().hgetall(this.key(senderScopedId(sender, messageId))).hgetall(this.key(messageId)).exec()
    for (const [err, raw] of results ?? []) {
      if (err !== null) throw err
      const record = this.parseRecord(raw as Record<string, string>)
      if (record?.from === sender) return record
    }
    return undefined
  }

  /**
   * The messages `sender` posted, newest first: accepted between `since` and `until` (ms,
   * inclusive), with `correlationId` when given. Looks at most `scanMax` records of the range.
   */
  async listSent (sender: string, opts: { since?: number, until?: number, correlationId?: string, limit: number, scanMax?: number }): Promise<{ messages: SentMessage[], truncated: boolean }> {
    const scanMax = opts.scanMax ?? 10_000
    const ids = await this.redis.zrevrangebyscore(this.sentKey(sender), opts.until ?? '+inf', opts.since ?? '-inf', 'LIMIT', 0, scanMax)
    const messages: SentMessage[] = []
    for (let i = 0; i < ids.length && messages.length < opts.limit; i += 500) {
      const batch = ids.slice(i, i + 500)
      const pipeline = this.redis.pipeline()
      for (const id of batch) pipeline.hmget(this.key(id), ...SENT_FIELDS)
      const rows = await pipeline.exec()
      for (const [err, values] of rows ?? []) {
        if (err !== null) throw err
        const [status, createdAt, updatedAt, correlationId, envelope, contentHash, recordId] = values as Array<string | null>
        // Expired records are skipped.
        if (envelope == null || status == null || createdAt == null) continue
        if (opts.correlationId !== undefined && correlationId !== opts.correlationId) continue
        // The header as the sender posted it: its own messageId (the record may be kept under a sender-scoped id).
        const own = (JSON.parse(this.cipher.open(envelope, sealContext('envelope', recordId ?? '', contentHash ?? undefined))) as Envelope).header
        if (own.from !== sender) continue
        const m: SentMessage = { messageId: own.messageId, service: own.service, version: own.version, to: own.to, status: status as MessageStatus, createdAt, updatedAt: updatedAt ?? createdAt }
        if (correlationId != null) m.correlationId = correlationId
        messages.push(m)
        if (messages.length === opts.limit) break
      }
    }
    return { messages, truncated: messages.length === opts.limit || ids.length === scanMax }
  }

  /** A message's status changes, oldest first. */
  async history (id: string): Promise<HistoryEntry[]> {
    // A record kept from before the history moved into the record has it as a list of its own; a
    // record of this release changed by a process of an earlier one (a rolling upgrade) has its
    // first entries in the field and the rest in the list, which transitions then go on using.
    const [field, list] = await Promise.all([this.redis.hget(this.key(id), HISTORY_FIELD), this.redis.lrange(this.historyKey(id), 0, -1)])
    return [...(field === null ? [] : field.split('\n')), ...list].map(parseHistoryLine)
  }

  /**
   * Moves a message to `status`, setting `fields` and removing `unset`, when its current status is
   * one the lifecycle allows ({@link LIFECYCLE}), narrowed to `from` when given. Resolves false when
   * it did not apply.
   */
  async transition (id: string, status: MessageStatus, opts: { from?: MessageStatus[], fields?: Partial<MessageRecord>, unset?: Array<keyof MessageRecord>, error?: string, replyHasPersonalData?: boolean } = {}): Promise<boolean> {
    const now = new Date().toISOString()
    const fields: Partial<MessageRecord> = { ...opts.fields, status, updatedAt: now }
    const entry: HistoryEntry = { status, at: now }
    if (fields.attempts !== undefined) entry.attempt = fields.attempts
    if (opts.error !== undefined) entry.error = opts.error
    const applied = await this.scripts.ltTransitionMessage(
      this.key(id), this.historyKey(id), this.deadKey, this.pendingKey, this.statsKey, this.replyExpiryKey, this.evidenceInboxKey, this.unconfirmedKey,
      `,${allowedFrom(status, opts.from).join(',')},`,
      historyLine(entry), status,
      opts.unset === undefined || opts.unset.length === 0 ? '' : JSON.stringify(opts.unset),
      opts.replyHasPersonalData === true && fields.reply !== undefined ? String(Date.now() + this.replyRetentionMs) : '',
      this.evidenceLog ? JSON.stringify(transitionEvidence(fields, opts.error)) : '',
      id,
      ...this.flatten(fields, id)
    )
    return applied === 1
  }

  /**
   * Drops the replies (and stored answers) with citizen data whose time has come: the record keeps
   * its `replyHash` and says when the reply expired. Resolves with how many were dropped.
   */
  async expireReplies (now: number = Date.now(), limit = 500): Promise<number> {
    return await this.scripts.ltExpireReplies(this.replyExpiryKey, String(now), String(limit), this.key(''), new Date(now).toISOString())
  }

  /**
   * Appends an event that changes no status (e.g. `purged` from the dead letters) to the evidence
   * log; `detail` holds identifiers only. Resolves false when there is no record (or the log is off).
   */
  async recordEvent (id: string, event: 'purged', detail: Record<string, string | number> = {}): Promise<boolean> {
    if (!this.evidenceLog) return false
    return await this.scripts.ltRecordMessageEvent(this.key(id), this.evidenceInboxKey, event, JSON.stringify(detail), id) === 1
  }

  /** Drops the replies of these messages (citizen data) `afterMs` from now, as a reply's retention does. */
  async expireRepliesOf (ids: string[], afterMs: number = this.replyRetentionMs): Promise<void> {
    if (ids.length === 0) return
    const at = Date.now() + afterMs
    await this.redis.zadd(this.replyExpiryKey, 'NX', ...ids.flatMap((id) => [at, id]))
  }

  /** Sets fields of an existing record, its status unchanged. Resolves false when there is no record. */
  async annotate (id: string, fields: Partial<MessageRecord>): Promise<boolean> {
    return await this.scripts.ltAnnotateMessage(this.key(id), ...this.flatten(fields, id)) === 1
  }

  private flatten (fields: Partial<MessageRecord>, id: string, contentHash?: string): string[] {
    const out: string[] = []
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue
      const text = JSON_FIELDS.has(k) ? JSON.stringify(v) : String(v)
      out.push(k, SEALED_FIELDS.has(k) ? this.cipher.seal(text, sealContext(k, id, contentHash)) : text)
    }
    return out
  }

  private parseRecord (raw: Record<string, string>): MessageRecord | undefined {
    if (Object.keys(raw).length === 0) return undefined
    const record: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(raw)) {
      if (k === HISTORY_FIELD) continue
      const text = SEALED_FIELDS.has(k) ? this.cipher.open(v, sealContext(k, raw.messageId ?? '', raw.contentHash)) : v
      record[k] = JSON_FIELDS.has(k) ? JSON.parse(text) : NUMBER_FIELDS.has(k) ? Number(text) : text
    }
    return record as unknown as MessageRecord
  }

  /** The dossier's next change waiting for this message, if one was accepted since. */
  async nextMessageId (id: string): Promise<string | undefined> {
    return await this.redis.hget(this.key(id), 'nextMessageId') ?? undefined
  }

  /** The current status alone, without reading the whole record. */
  async status (id: string): Promise<MessageStatus | undefined> {
    return (await this.redis.hget(this.key(id), 'status') ?? undefined) as MessageStatus | undefined
  }

  /** Dossiers live longer than messages (about a year at the default retention). */
  private get dossierTtlSeconds (): number { return this.ttlSeconds * 13 }

  /**
   * Records who holds a dossier the first time its code is learnt (from the dossier.submit reply
   * of the one-stop system that registered it); later changes of the dossier come from it alone.
   */
  async recordDossierHolder (code: string, participantId: string): Promise<void> {
    await this.redis.set(this.dossierHolderKey(code), participantId, 'EX', this.dossierTtlSeconds, 'NX')
  }

  /** The dossier's holder, if the gateway registered it. */
  async dossierHolder (code: string): Promise<string | undefined> {
    return await this.redis.get(this.dossierHolderKey(code)) ?? undefined
  }

  /** The dossier's last accepted status, if the gateway has seen one. */
  async dossierStatus (code: string): Promise<number | undefined> {
    const v = await this.redis.get(this.dossierKey(code))
    return v === null ? undefined : Number(v)
  }
}

interface StoreScripts {
  ltCreateMessage: (...args: Array<string | number>) => Promise<[string, string?, string?, string?]>
  ltTransitionMessage: (...args: Array<string | number>) => Promise<number>
  ltAnnotateMessage: (...args: Array<string | number>) => Promise<number>
  ltRecordMessageEvent: (...args: Array<string | number>) => Promise<number>
  ltExpireReplies: (...args: Array<string | number>) => Promise<number>
}

/** What the evidence log records of an accepted message: who, to whom, what, and its hashes; never its content. */
function acceptedEvidence (record: MessageRecord): Record<string, string> {
  const detail: Record<string, string> = {
    sender: record.from,
    receiver: record.to,
    service: record.service,
    version: record.version,
    senderMessageId: record.messageId,
    contentHash: record.contentHash
  }
  if (record.requestHash !== undefined) detail.requestHash = record.requestHash
  // A message the gateway sent for a procedure group: the flow's message, and which step.
  if (record.flowId !== undefined) detail.flowId = record.flowId
  if (record.flowStep !== undefined) detail.flowStep = record.flowStep
  return detail
}

/** What the evidence log records of a status change: the attempt, the error code, the reply's hash. */
function transitionEvidence (fields: Partial<MessageRecord>, error: string | undefined): Record<string, string | number> {
  const detail: Record<string, string | number> = {}
  if (fields.attempts !== undefined) detail.attempt = fields.attempts
  if (error !== undefined) detail.error = error
  if (fields.replyHash !== undefined) detail.replyHash = fields.replyHash
  if (fields.deliveredAt !== undefined) detail.deliveredAt = fields.deliveredAt
  return detail
}

/**
 * The id under which a sender's message is kept when another sender used its messageId first:
 * a UUID (version 8, RFC 9562's custom layout) from the SHA-256 of the sender and the messageId.
 * Senders cannot post version 8 UUIDs (schemas/definitions.json), so no sender can take another's
 * scoped id as its own messageId.
 */
export function senderScopedId (sender: string, messageId: string): string {
  return gatewayUuid(`${sender}\n${messageId}`)
}

/**
 * One of the gateway's own ids: a UUID of version 8 (RFC 9562's custom layout) from the SHA-256 of
 * `name`, the same for the same name. Senders cannot post version 8 UUIDs (schemas/definitions.json).
 */
export function gatewayUuid (name: string): string {
  const b = createHash('sha256').update(name).digest()
  b[6] = ((b[6] as number) & 0x0f) | 0x80
  b[8] = ((b[8] as number) & 0x3f) | 0x80
  const hex = b.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/**
 * The idempotency key a receiver gets for a message: always derived from the sender and its
 * messageId, so two senders' equal messageIds never meet in a receiver's idempotency memory
 * (not even after the first one's record here has expired).
 */
export function receiverIdempotencyKey (sender: string, messageId: string): string {
  return senderScopedId(sender, messageId.toLowerCase())
}

/**
 * Where a sealed field may be opened: the envelope with its content hash (its record id is decided
 * by the create script), the fields written later with the record's id.
 */
export function sealContext (field: string, id: string, contentHash: string | undefined): string {
  return field === 'envelope' ? `envelope|${contentHash ?? ''}` : `${field}|${id}`
}
