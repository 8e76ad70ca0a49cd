import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { duplicateConnection, type RedisClient } from '../redis-connection.js'
import type { Participant, Registry } from '../registry.js'

/** `api-key`: sent as `Authorization: Bearer`; `client-secret`: exchanged for access tokens at /oauth2/token. */
export type CredentialKind = 'api-key' | 'client-secret'

/** A credential as stored in Redis: the secret's SHA-256, never the secret. */
export interface Credential {
  id: string
  participantId: string
  kind: CredentialKind
  sha256: string
  /** `registry`: seeded from the registry file; `admin`: issued through the admin API. */
  source: 'registry' | 'admin'
  createdAt: string
  expiresAt?: string
  revokedAt?: string
}

/** What the admin API shows of a credential: never its hash. */
export interface CredentialView extends Omit<Credential, 'sha256'> {
  lastUsedAt?: string
  /** `removed-from-registry`: seeded from the file, which no longer lists it (with this hash). */
  state: 'active' | 'expired' | 'revoked' | 'removed-from-registry'
}

export interface CredentialStoreOptions {
  redis: RedisClient
  prefix: string
  registry: Registry
  /** How often the store version is polled, in case a change notification was missed. */
  refreshMs?: number
  logger?: { warn: (obj: object, msg: string) => void }
  /** Told of every change a start's seeding made (for the audit log). */
  onSeedChange?: (change: SeedChange) => Promise<void> | void
}

/** SHA-256 (hex) of a secret. API keys and client secrets are 24+ random bytes, so no slow hash is needed. */
export function hashSecret (secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

// Last use is written at most this often per credential and process: a Redis write per request would tax the accept path.
const TOUCH_EVERY_MS = 60_000

interface Held extends Credential { expiresAtMs: number }

/** What a start's seeding changed in the shared store: a credential added, re-keyed, or its expiry changed. */
export interface SeedChange {
  id: string
  participantId: string
  change: 'added' | 'rekeyed' | 'expiry'
}

// Seeds one credential of the registry file (KEYS[1]: the records hash; ARGV: id, the record as
// the file has it, its hash, its expiresAt or ''), atomically, so gateways starting together agree:
//  - not stored yet: added;
//  - issued through the admin API: never touched (the file cannot take over an admin's id);
//  - the same hash: a revoked one stays revoked; otherwise the file's expiresAt applies;
//  - another hash: a re-key by the operator (the file is the truth for its own credentials), a
//    new record replacing the old, which stops working everywhere.
const SEED_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return 'added'
end
local c = cjson.decode(current)
if c.source ~= 'registry' then return 'kept' end
if c.sha256 == ARGV[3] then
  if c.revokedAt then return 'kept' end
  local stored = c.expiresAt or ''
  if stored == ARGV[4] then return 'kept' end
  if ARGV[4] == '' then c.expiresAt = nil else c.expiresAt = ARGV[4] end
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(c))
  return 'expiry'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 'rekeyed'
`

/**
 * Every process's view of the participants' credentials. Redis holds them (hashes only) and is
 * the shared truth; each process keeps them in memory so authenticating costs one hash and a map
 * lookup, and reloads them when a change is published (at once) or when the store's version has
 * moved (polled every second, for a missed notification). The registry file seeds them.
 */
export class CredentialStore {
  private readonly redis: RedisClient
  private readonly registry: Registry
  private readonly keys: { records: string, lastUsed: string, version: string, channel: string }
  private readonly refreshMs: number
  private readonly logger: CredentialStoreOptions['logger']
  private readonly onSeedChange: CredentialStoreOptions['onSeedChange']
  /** The file's own credentials: a seeded credential counts only while this process's file lists it. */
  private readonly fileCredentials = new Map<string, { participantId: string, kind: CredentialKind, sha256: string, expiresAt?: string }>()
  private byHash = new Map<string, Held>()
  private byId = new Map<string, Held>()
  private readonly touched = new Map<string, number>()
  private version: string | null = null
  private seeded = false
  private subscriber: RedisClient | undefined
  private timer: NodeJS.Timeout | undefined
  private reloading: Promise<void> | undefined
  private reloadAgain = false

  constructor (opts: CredentialStoreOptions) {
    this.redis = opts.redis
    this.registry = opts.registry
    const base = `${opts.prefix}:{credentials}`
    this.keys = { records: `${base}:records`, lastUsed: `${base}:last-used`, version: `${base}:version`, channel: `${opts.prefix}:credentials:changed` }
    this.refreshMs = opts.refreshMs ?? 1000
    this.logger = opts.logger
    this.onSeedChange = opts.onSeedChange
    const now = new Date().toISOString()
    const seeded: Credential[] = []
    for (const p of this.registry.participants()) {
      for (const [kind, list] of [['api-key', p.apiKeys], ['client-secret', p.clientSecrets ?? []]] as const) {
        for (const k of list) {
          this.fileCredentials.set(k.id, { participantId: p.id, kind, sha256: k.sha256, ...(k.expiresAt !== undefined ? { expiresAt: k.expiresAt } : {}) })
          seeded.push({ id: k.id, participantId: p.id, kind, sha256: k.sha256, source: 'registry', createdAt: now, ...(k.expiresAt !== undefined ? { expiresAt: k.expiresAt } : {}) })
        }
      }
    }
    // Until Redis answers, the file's credentials alone authenticate.
    this.install(seeded)
  }

  /**
   * Seeds the file's credentials into Redis and loads the shared set, then follows changes.
   * The file is the truth for its own credentials ({@link SEED_SCRIPT}): a new hash under an id
   * is a re-key, a changed `expiresAt` applies; a revoked hash stays revoked whatever the file
   * says; credentials issued through the admin API are never touched.
   */
  async start (): Promise<void> {
    const subscriber = duplicateConnection(this.redis, { lazyConnect: true, maxRetriesPerRequest: null })
    this.subscriber = subscriber
    subscriber.on('error', () => { /* reconnects by itself; the version poll covers the gap */ })
    subscriber.on('message', () => { this.refresh(true) })
    this.timer = setInterval(() => { this.refresh(false) }, this.refreshMs)
    this.timer.unref()
    // Not awaited: a subscriber waits for Redis as long as it takes, and the start must not.
    subscriber.subscribe(this.keys.channel).catch(() => { /* the poll still sees changes */ })
    await this.seed()
    await this.reload()
  }

  async close (): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer)
    // disconnect, not quit: a QUIT would wait for a Redis that may never come back.
    this.subscriber?.disconnect()
    await this.reloading?.catch(() => {})
  }

  private async seed (): Promise<void> {
    const now = new Date().toISOString()
    const pipeline = this.redis.pipeline()
    const ids: string[] = []
    for (const [id, c] of this.fileCredentials) {
      const record: Credential = { id, participantId: c.participantId, kind: c.kind, sha256: c.sha256, source: 'registry', createdAt: now, ...(c.expiresAt !== undefined ? { expiresAt: c.expiresAt } : {}) }
      pipeline.eval(SEED_SCRIPT, 1, this.keys.records, id, JSON.stringify(record), c.sha256, c.expiresAt ?? '')
      ids.push(id)
    }
    const results = await pipeline.exec() ?? []
    const failed = results.find(([err]) => err !== null)
    if (failed?.[0] != null) throw failed[0]
    const changes: SeedChange[] = []
    results.forEach(([, outcome], i) => {
      if (outcome === 'added' || outcome === 'rekeyed' || outcome === 'expiry') changes.push({ id: ids[i] as string, participantId: this.fileCredentials.get(ids[i] as string)?.participantId ?? '', change: outcome })
    })
    if (changes.length > 0) await this.announce()
    this.seeded = true
    for (const change of changes) await this.onSeedChange?.(change)
  }

  private async announce (): Promise<void> {
    await this.redis.multi().incr(this.keys.version).publish(this.keys.channel, 'changed').exec()
  }

  /** Reloads when notified, or when the stored version differs from the one loaded. Never throws. */
  private refresh (notified: boolean): void {
    const run = async (): Promise<void> => {
      // A start without Redis left the file unseeded: seed as soon as Redis answers.
      if (!this.seeded) await this.seed()
      else if (!notified && await this.redis.get(this.keys.version) === this.version) return
      await this.reload()
    }
    run().catch((err: unknown) => this.logger?.warn({ err }, 'credentials could not be reloaded from Redis; keeping the ones loaded'))
  }

  private async reload (): Promise<void> {
    if (this.reloading !== undefined) {
      this.reloadAgain = true
      return await this.reloading
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false
        const [version, all] = await Promise.all([this.redis.get(this.keys.version), this.redis.hgetall(this.keys.records)])
        this.install(Object.values(all).map((raw) => JSON.parse(raw) as Credential))
        this.version = version
      } while (this.reloadAgain)
    })().finally(() => { this.reloading = undefined })
    return await this.reloading
  }

  private install (credentials: Credential[]): void {
    const byHash = new Map<string, Held>()
    const byId = new Map<string, Held>()
    for (const c of credentials) {
      const held: Held = { ...c, expiresAtMs: c.expiresAt === undefined ? Infinity : Date.parse(c.expiresAt) }
      byId.set(c.id, held)
      if (c.revokedAt === undefined && this.listed(c)) byHash.set(c.sha256, held)
    }
    this.byHash = byHash
    this.byId = byId
  }

  /** A seeded credential counts while this process's registry file lists it, for this participant, with this hash. */
  private listed (c: Credential): boolean {
    if (c.source !== 'registry') return true
    const file = this.fileCredentials.get(c.id)
    return file !== undefined && file.participantId === c.participantId && file.sha256 === c.sha256 && file.kind === c.kind
  }

  /**
   * The participant and credential a presented secret belongs to, when it is of `kind`, active
   * (not revoked, not expired) and its participant is in the registry; otherwise undefined.
   */
  authenticate (secret: string, kind: CredentialKind): { participant: Participant, credential: Credential } | undefined {
    const hash = hashSecret(secret)
    const held = this.byHash.get(hash)
    if (held === undefined || held.kind !== kind) return undefined
    // The map lookup matched already; compare once more in constant time, as for the admin token.
    if (!timingSafeEqual(Buffer.from(held.sha256, 'hex'), Buffer.from(hash, 'hex'))) return undefined
    return this.usable(held)
  }

  /** OAuth2 client authentication: the client id is the client secret's credential id. */
  authenticateClient (clientId: string, secret: string): { participant: Participant, credential: Credential } | undefined {
    const found = this.authenticate(secret, 'client-secret')
    return found?.credential.id === clientId ? found : undefined
  }

  /** The credential with this id when it may still be used (an access token's client), else undefined. */
  active (id: string): { participant: Participant, credential: Credential } | undefined {
    const held = this.byId.get(id)
    return held !== undefined && held.revokedAt === undefined && this.byHash.get(held.sha256) === held ? this.usable(held) : undefined
  }

  private usable (held: Held): { participant: Participant, credential: Credential } | undefined {
    if (held.expiresAtMs <= Date.now()) return undefined
    const participant = this.registry.get(held.participantId)
    if (participant === undefined) return undefined
    this.touch(held.id)
    return { participant, credential: held }
  }

  private touch (id: string): void {
    const now = Date.now()
    if (now - (this.touched.get(id) ?? 0) < TOUCH_EVERY_MS) return
    this.touched.set(id, now)
    this.redis.hset(this.keys.lastUsed, id, new Date(now).toISOString()).catch(() => { this.touched.delete(id) })
  }

  /** A participant's credentials, oldest first, read from Redis (the shared truth). */
  async list (participantId: string): Promise<CredentialView[]> {
    return (await this.listAll()).get(participantId) ?? []
  }

  /** Every participant's credentials as the admin API shows them, oldest first, by participant. */
  async listAll (): Promise<Map<string, CredentialView[]>> {
    const [all, lastUsed] = await Promise.all([this.redis.hgetall(this.keys.records), this.redis.hgetall(this.keys.lastUsed)])
    const byParticipant = new Map<string, CredentialView[]>()
    const sorted = Object.values(all)
      .map((raw) => JSON.parse(raw) as Credential)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    for (const c of sorted) {
      const list = byParticipant.get(c.participantId)
      const view = this.view(c, lastUsed[c.id])
      if (list === undefined) byParticipant.set(c.participantId, [view])
      else list.push(view)
    }
    return byParticipant
  }

  private view (c: Credential, lastUsedAt: string | undefined): CredentialView {
    const { sha256: _hash, ...rest } = c
    const state = c.revokedAt !== undefined
      ? 'revoked'
      : !this.listed(c) ? 'removed-from-registry' : c.expiresAt !== undefined && Date.parse(c.expiresAt) <= Date.now() ? 'expired' : 'active'
    return { ...rest, ...(lastUsedAt !== undefined ? { lastUsedAt } : {}), state }
  }

  /** Issues a new credential; the secret is returned this once and stored only as its hash. */
  async issue (participantId: string, kind: CredentialKind, expiresAt?: string): Promise<{ credential: CredentialView, secret: string }> {
    const secret = `${kind === 'api-key' ? 'lt' : 'lts'}_${randomBytes(kind === 'api-key' ? 24 : 32).toString('base64url')}`
    // Client ids go into HTTP Basic credentials: base64url never holds the ':' that would end them.
    const id = `${kind === 'api-key' ? 'key' : 'client'}_${randomBytes(12).toString('base64url')}`
    const credential: Credential = { id, participantId, kind, sha256: hashSecret(secret), source: 'admin', createdAt: new Date().toISOString(), ...(expiresAt !== undefined ? { expiresAt } : {}) }
    await this.redis.multi()
      .hset(this.keys.records, id, JSON.stringify(credential))
      .incr(this.keys.version)
      .publish(this.keys.channel, 'changed')
      .exec()
    await this.reload()
    return { credential: this.view(credential, undefined), secret }
  }

  /** Revokes one of a participant's credentials (at once in this process, within a second everywhere); undefined if it has none of that id. */
  async revoke (participantId: string, id: string): Promise<CredentialView | undefined> {
    const now = new Date().toISOString()
    // Read and write in one script, so two revocations racing keep the first revokedAt.
    const raw = await this.redis.eval(REVOKE_SCRIPT, 2, this.keys.records, this.keys.version, id, participantId, now, this.keys.channel) as string | null
    if (raw === null) return undefined
    await this.reload()
    const lastUsed = await this.redis.hget(this.keys.lastUsed, id)
    return this.view(JSON.parse(raw) as Credential, lastUsed ?? undefined)
  }
}

// KEYS: records, version. ARGV: id, participantId, now, channel. Returns the record after revocation, or nil.
const REVOKE_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return nil end
local rec = cjson.decode(raw)
if rec.participantId ~= ARGV[2] then return nil end
if rec.revokedAt == nil then
  rec.revokedAt = ARGV[3]
  raw = cjson.encode(rec)
  redis.call('HSET', KEYS[1], ARGV[1], raw)
  redis.call('INCR', KEYS[2])
  redis.call('PUBLISH', ARGV[4], 'changed')
end
return raw
`
