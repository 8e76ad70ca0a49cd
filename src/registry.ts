import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { participantIdProblem, agencyCodeProblem } from './identifiers/index.js'
import { projectRoot } from './project-paths.js'
import { ADAPTER_KINDS, type AdapterKind } from '../adapters/index.js'

/** The kinds of receiving system: those of the one table in `adapters/index.ts`. */
export type EndpointKind = AdapterKind

export interface DeliveryPolicy {
  /** Delivery attempts before a message goes to the dead letters. */
  attempts: number
  /** First retry delay; later ones grow exponentially with jitter. */
  backoffMs: number
  /** Time allowed for one delivery attempt. */
  timeoutMs: number
  /** Sync services: time the sender waits before the message falls back to the queue. */
  syncTimeoutMs: number
}

export interface Endpoint {
  kind: EndpointKind
  baseUrl: string
  services: string[]
  agencyCode?: string
  credentials: Record<string, string>
  delivery: DeliveryPolicy
}

export interface AccessRight {
  service: string
  receivers: string[]
  fields?: string[]
  /** citizen.verify: the answer names the mismatched fields (those the sender's citizen.lookup right shows). */
  fieldDetail?: boolean
  /**
   * Dossier services: the agencies whose dossiers the right acts on: level-1 codes (`H29`: every
   * agency of that province or ministry), full agency codes, or `*`. Default: the level-1 code of
   * the participant's own agency, so a one-stop system acts on its own province's dossiers only.
   */
  agencies?: string[]
}

/** A credential the registry file lists: its id, the secret's SHA-256, and when it stops working. */
export interface StoredSecret { id: string, sha256: string, expiresAt?: string }

/** At most `max` requests in a window of `windowSeconds` (a fixed window, counted in Redis). */
export interface RateLimit {
  max: number
  windowSeconds: number
}

/**
 * Limits of the registry (defaults) or of one participant (overrides). A POST of service S is
 * limited by `services[S]`, else `rate`; reads (message states, the catalog) by `reads`;
 * `dailyQuota` caps a service's messages per day (Vietnam time).
 */
export interface Limits {
  rate?: RateLimit
  services?: Record<string, RateLimit>
  reads?: RateLimit
  dailyQuota?: Record<string, number>
}

/** What applies where neither the registry nor the participant says otherwise. */
export const BUILT_IN_LIMITS = {
  rate: { max: 1200, windowSeconds: 60 },
  reads: { max: 6000, windowSeconds: 60 },
  dailyQuota: { 'citizen.lookup': 20_000, 'citizen.verify': 50_000 }
} as const satisfies Limits

export interface Participant {
  id: string
  name: string
  apiKeys: StoredSecret[]
  /** OAuth2 client secrets (the client id is the secret's id). */
  clientSecrets?: StoredSecret[]
  rights: AccessRight[]
  callbackSecretEnv?: string
  /** The callback signing secret, read from `callbackSecretEnv` at start. */
  callbackSecret?: string
  /** URL prefixes the participant's callbackUrl must start with. */
  callbackUrls?: string[]
  endpoint?: Endpoint
  limits?: Limits
}

export interface RegistryDocument {
  /** Limits of every participant that does not set its own. */
  limits?: Limits
  participants: Array<Omit<Participant, 'apiKeys' | 'rights' | 'endpoint' | 'callbackSecret'> & {
    apiKeys?: Participant['apiKeys']
    rights?: AccessRight[]
    endpoint?: Omit<Endpoint, 'credentials' | 'delivery'> & { credentials?: Record<string, string>, delivery?: Partial<DeliveryPolicy> }
  }>
}

export class RegistryError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'RegistryError'
  }
}

export function hashApiKey (key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/**
 * Who may talk to the gateway, with which key, for which services, and how the
 * gateway reaches the systems that receive messages. Built from the registry file.
 */
export class Registry {
  private readonly byId = new Map<string, Participant>()
  /** Every API key hash: one key belongs to one participant (authentication is the credential store's). */
  private readonly keyHashes = new Set<string>()
  private readonly credentialIds = new Set<string>()
  private readonly limits: Limits

  constructor (participants: Participant[], limits: Limits = {}) {
    this.limits = limits
    for (const p of participants) {
      if (this.byId.has(p.id)) throw new RegistryError(`participant ${p.id} is listed twice`)
      this.byId.set(p.id, p)
      for (const key of [...p.apiKeys, ...p.clientSecrets ?? []]) {
        if (this.credentialIds.has(key.id)) throw new RegistryError(`credential id ${key.id} of ${p.id} is used twice`)
        this.credentialIds.add(key.id)
      }
      for (const key of p.apiKeys) {
        if (this.keyHashes.has(key.sha256)) throw new RegistryError(`API key ${key.id} of ${p.id} is also used by another participant`)
        this.keyHashes.add(key.sha256)
      }
    }
  }

  get (id: string): Participant | undefined {
    return this.byId.get(id)
  }

  participants (): Participant[] {
    return [...this.byId.values()]
  }

  /** Participants that receive messages (have an endpoint). */
  receivers (): Array<Participant & { endpoint: Endpoint }> {
    return this.participants().filter((p): p is Participant & { endpoint: Endpoint } => p.endpoint !== undefined)
  }

  /** The sender's right to use `service`, or undefined. */
  rightFor (sender: Participant, service: string): AccessRight | undefined {
    return sender.rights.find((r) => r.service === service)
  }

  /**
   * May `sender` act, through `service`, on the dossiers of `agencyCode` (`NNN.NN.NN.XNN`)?
   * Deny by default: no right, no agency.
   */
  actsForAgency (sender: Participant, service: string, agencyCode: string): boolean {
    const right = this.rightFor(sender, service)
    if (right === undefined) return false
    const agencies = right.agencies ?? [levelOneCode(agencyOf(sender.id))]
    return agencies.some((a) => a === '*' || a === agencyCode || (a.length === 3 && levelOneCode(agencyCode) === a))
  }

  /**
   * The fields a citizen.verify answer may name as mismatched for `sender`: none without a
   * `fieldDetail` right, and never a field its citizen.lookup right would not show.
   */
  verifyDetailFields (sender: Participant): string[] {
    if (this.rightFor(sender, 'citizen.verify')?.fieldDetail !== true) return []
    return this.rightFor(sender, 'citizen.lookup')?.fields ?? []
  }

  /** May `sender` send `service` to `receiverId`? */
  mayUse (sender: Participant, service: string, receiverId: string): boolean {
    const right = this.rightFor(sender, service)
    return right !== undefined && (right.receivers.includes('*') || right.receivers.includes(receiverId))
  }

  /** The rate limit on `sender`'s messages of `service`: the participant's, else the registry's, else built in. */
  rateLimitFor (sender: Participant, service: string): RateLimit {
    const own = sender.limits
    return own?.services?.[service] ?? own?.rate ?? this.limits.services?.[service] ?? this.limits.rate ?? BUILT_IN_LIMITS.rate
  }

  /** The rate limit on `sender`'s reads (message states, the service catalog and schemas). */
  readLimitFor (sender: Participant): RateLimit {
    return sender.limits?.reads ?? this.limits.reads ?? BUILT_IN_LIMITS.reads
  }

  /** How many messages of `service` `sender` may send per day, or undefined: no quota. */
  dailyQuotaFor (sender: Participant, service: string): number | undefined {
    const builtIn: Record<string, number> = BUILT_IN_LIMITS.dailyQuota
    return sender.limits?.dailyQuota?.[service] ?? this.limits.dailyQuota?.[service] ?? builtIn[service]
  }

  /**
   * May the gateway post `sender`'s callbacks to `url`? Only with a signing secret and under one
   * of its registered prefixes, compared as parsed URLs (same origin, path under the prefix's),
   * so a callback cannot be pointed at an internal system.
   */
  callbackAllowed (sender: Participant, url: string): boolean {
    if (sender.callbackSecret === undefined) return false
    const target = parseUrl(url)
    if (target === undefined || target.username !== '' || target.password !== '') return false
    return (sender.callbackUrls ?? []).some((prefix) => {
      const allowed = parseUrl(prefix)
      if (allowed === undefined || allowed.origin !== target.origin) return false
      // A prefix is a directory: `/cb` admits `/cb` and `/cb/…`, not `/cb-other`.
      const dir = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`
      return target.pathname === allowed.pathname || target.pathname.startsWith(dir)
    })
  }
}

/** The agency code of a participant id `VN:GOV:<agency code>:<system>`. */
export function agencyOf (participantId: string): string {
  return participantId.split(':')[2] ?? ''
}

/** The level-1 part of an agency code (`000.00.01.H29` → `H29`): the province or ministry. */
export function levelOneCode (agencyCode: string): string {
  return agencyCode.slice(-3)
}

function parseUrl (value: string): URL | undefined {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}

const DEFAULT_POLICY: DeliveryPolicy = { attempts: 8, backoffMs: 2000, timeoutMs: 15_000, syncTimeoutMs: 5000 }

/**
 * Builds a registry from its document, reading `${NAME}` credential values from `env`.
 * Throws a {@link RegistryError} naming every problem, so a bad file stops the start.
 */
export function buildRegistry (doc: unknown, env: Record<string, string | undefined>, defaults: Partial<DeliveryPolicy> = {}): Registry {
  const problems: string[] = []
  const data = doc as RegistryDocument
  const participants: Participant[] = []
  for (const p of data.participants) {
    const idProblem = participantIdProblem(p.id)
    if (idProblem !== null) problems.push(`${p.id}: ${idProblem}`)
    let endpoint: Endpoint | undefined
    if (p.endpoint !== undefined) {
      const credentials: Record<string, string> = {}
      for (const [name, raw] of Object.entries(p.endpoint.credentials ?? {})) {
        const ref = /^\$\{([A-Z][A-Z0-9_]*)\}$/.exec(raw)
        const value = ref === null ? raw : env[ref[1] as string]
        if (value === undefined || value === '') problems.push(`${p.id}: credential ${name} needs environment variable ${ref?.[1] ?? '?'}`)
        else credentials[name] = value
      }
      if (p.endpoint.agencyCode !== undefined && agencyCodeProblem(p.endpoint.agencyCode) !== null) problems.push(`${p.id}: bad agencyCode`)
      endpoint = { ...p.endpoint, credentials, delivery: { ...DEFAULT_POLICY, ...defaults, ...p.endpoint.delivery } }
    }
    const participant: Participant = { id: p.id, name: p.name, apiKeys: apiKeyHashes(p.id, p.apiKeys ?? [], env, problems), rights: p.rights ?? [] }
    if (p.callbackSecretEnv !== undefined) {
      participant.callbackSecretEnv = p.callbackSecretEnv
      const secret = env[p.callbackSecretEnv]
      if (secret === undefined || secret.length < 16) problems.push(`${p.id}: the callback secret needs environment variable ${p.callbackSecretEnv} (16 characters or more)`)
      else participant.callbackSecret = secret
    }
    if (p.callbackUrls !== undefined) participant.callbackUrls = p.callbackUrls
    if (p.clientSecrets !== undefined) participant.clientSecrets = apiKeyHashes(p.id, p.clientSecrets, env, problems)
    if (endpoint !== undefined) participant.endpoint = endpoint
    if (p.limits !== undefined) participant.limits = p.limits
    participants.push(participant)
  }
  if (problems.length > 0) throw new RegistryError(`participant registry is invalid:\n  ${problems.join('\n  ')}`)
  return new Registry(participants, data.limits)
}

/**
 * The key hashes as written, or read from the environment for `${NAME}` values (a deployment's
 * hashes in its .env, so the registry file it ships holds none).
 */
function apiKeyHashes (participant: string, keys: Participant['apiKeys'], env: Record<string, string | undefined>, problems: string[]): Participant['apiKeys'] {
  return keys.map((key) => {
    const ref = /^\$\{([A-Z][A-Z0-9_]*)\}$/.exec(key.sha256)
    if (ref === null) return key
    const value = (env[ref[1] as string] ?? '').trim().toLowerCase()
    if (!/^[0-9a-f]{64}$/.test(value)) problems.push(`${participant}: credential ${key.id} needs environment variable ${ref[1] as string} (the key's SHA-256, 64 hex digits)`)
    return { ...key, sha256: value }
  })
}

/** Reads, schema-checks and builds the registry file at `file`. */
export async function loadRegistry (file: string, env: Record<string, string | undefined>, defaults: Partial<DeliveryPolicy> = {}): Promise<Registry> {
  let doc: unknown
  try {
    doc = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw new RegistryError(`cannot read participant registry ${file}: ${(err as Error).message}`)
  }
  const schema = JSON.parse(await readFile(join(projectRoot, 'schemas', 'config', 'registry.json'), 'utf8'))
  // The endpoint kinds are the systems adapters/index.ts lists, not a second list in the schema.
  schema.definitions.endpointKind.enum = [...ADAPTER_KINDS]
  const ajv = new Ajv({ allErrors: true, strict: true, validateFormats: false })
  const validate = ajv.compile(schema)
  if (!validate(doc)) {
    const lines = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
    throw new RegistryError(`participant registry ${file} is invalid:\n  ${lines.join('\n  ')}`)
  }
  return buildRegistry(doc, env, defaults)
}
