import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis'
import { keyName, type Config } from './config.js'

/** A connection to the platform's Redis: one server (or a Sentinel group's master), or a Cluster. */
export type RedisClient = Redis | Cluster

/** Where the platform's Redis is, as the configuration gives it (src/config.ts). */
export type RedisSettings = Pick<Config, 'redisUrl' | 'redisSentinels' | 'redisSentinelMaster' | 'redisSentinelPassword' | 'redisClusterNodes' | 'redisPassword'>

type Node = { host: string, port: number }

function nodes (list: string): Node[] {
  return list.split(',').map((entry) => {
    const at = entry.lastIndexOf(':')
    return { host: entry.slice(0, at), port: Number(entry.slice(at + 1)) }
  })
}

/** Whether any Redis is configured (a URL, sentinels or cluster nodes). */
export function redisConfigured (settings: RedisSettings): boolean {
  return settings.redisUrl !== '' || settings.redisSentinels !== '' || settings.redisClusterNodes !== ''
}

/** The Redis the settings name, for a log line or the start banner: no password. */
export function describeRedis (settings: RedisSettings): string {
  if (settings.redisSentinels !== '') return `sentinel group "${settings.redisSentinelMaster}" via ${settings.redisSentinels}`
  if (settings.redisClusterNodes !== '') return `cluster via ${settings.redisClusterNodes}`
  try {
    const parsed = new URL(settings.redisUrl)
    if (parsed.password === '') return settings.redisUrl
    parsed.password = '****'
    return parsed.toString()
  } catch {
    return settings.redisUrl
  }
}

/**
 * Connects to the configured Redis with `options` (retries, lazy connect…). A Sentinel group's
 * master is found, and found again after a failover, through its sentinels; a Cluster's slots are
 * learnt from its nodes and followed when they move (MOVED/ASK, a replica promoted).
 */
export function connectRedis (settings: RedisSettings, options: RedisOptions = {}): RedisClient {
  const password = settings.redisPassword === '' ? {} : { password: settings.redisPassword }
  if (settings.redisSentinels !== '') {
    return new Redis({
      ...options,
      ...password,
      sentinels: nodes(settings.redisSentinels),
      name: settings.redisSentinelMaster,
      ...(settings.redisSentinelPassword === '' ? {} : { sentinelPassword: settings.redisSentinelPassword }),
      // Told of a failover by the sentinels at once instead of at the next failed command.
      failoverDetector: true
    })
  }
  if (settings.redisClusterNodes !== '') {
    const clusterOptions: ClusterOptions = {
      redisOptions: { ...options, ...password },
      lazyConnect: options.lazyConnect === true,
      // Commands wait for the slots of a failover rather than failing on the old master.
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 300,
      // On a cluster a command's retries are its redirections (MOVED to the dead master, then
      // its closed connection, every 200 ms): the default 16 give up after 2-3 s, sooner than a
      // failover ends. A caller that waits for Redis however long it takes (maxRetriesPerRequest
      // null: the workers) must wait through a failover too, not fail a delivery job on it.
      ...(options.maxRetriesPerRequest === null ? { maxRedirections: Number.POSITIVE_INFINITY } : {}),
      ...(options.enableOfflineQueue === undefined ? {} : { enableOfflineQueue: options.enableOfflineQueue }),
      ...(options.enableAutoPipelining === undefined ? {} : { enableAutoPipelining: options.enableAutoPipelining })
    }
    return new Cluster(nodes(settings.redisClusterNodes), clusterOptions)
  }
  return new Redis(settings.redisUrl, options)
}

/** A second connection to the same Redis (e.g. for SUBSCRIBE), with `options` changed. */
export function duplicateConnection (client: RedisClient, options: RedisOptions = {}): RedisClient {
  if (client instanceof Cluster) {
    return client.duplicate(undefined, {
      redisOptions: { ...client.options.redisOptions, ...options },
      lazyConnect: options.lazyConnect === true,
      // A cluster's own option, not its nodes'.
      ...(options.enableAutoPipelining === undefined ? {} : { enableAutoPipelining: options.enableAutoPipelining })
    })
  }
  return client.duplicate(options)
}

/** Closes each distinct connection of `clients` (QUIT, or a disconnect when QUIT fails). */
export async function closeConnections (...clients: RedisClient[]): Promise<void> {
  await Promise.all([...new Set(clients)].map(async (client) => { await client.quit().catch(() => { client.disconnect() }) }))
}

/** A key in the same hash slot as `key` (its hash tag's), written to mark the master's replication offset. */
function markerKey (key: string): string {
  const tag = /\{[^}]+\}/.exec(key)?.[0]
  return `${tag ?? key}:replica-mark`
}

/**
 * Waits until `replicas` replicas hold every write made so far on the masters serving `keys`.
 * WAIT counts the writes of the connection it runs on, so each is preceded, in the same
 * pipeline, by a write of a marker key of that slot: the connection's offset is then the master's
 * own, past every earlier write there, whichever process or connection made it (a re-post handled
 * by another gateway process). Resolves with the fewest replicas any master reached: fewer than
 * asked means the timeout passed first.
 */
export async function waitForReplicas (client: RedisClient, keys: string[], replicas: number, timeoutMs: number): Promise<number> {
  // On a cluster each master has its own replicas: the pipeline is routed by its marker key to the
  // master serving that slot. One Redis (or a Sentinel group's master) takes them all in one.
  const groups = client instanceof Cluster ? keys.map((key) => [key]) : [keys]
  const acked = await Promise.all(groups.map(async (group) => {
    const pipeline = client.pipeline()
    for (const key of group) pipeline.set(markerKey(key), String(Date.now()), 'PX', 60_000)
    const results = await pipeline.call('WAIT', replicas, timeoutMs).exec()
    const [err, n] = results?.[group.length] ?? [new Error('no answer to WAIT'), 0]
    if (err !== null) throw err
    return Number(n)
  }))
  return Math.min(...acked)
}

/**
 * Makes an acknowledged write survive a failover: {@link waitForReplicas} before the answer, on
 * the connection that wrote. `replicas` 0: off, and {@link confirm} answers true at once.
 */
export class ReplicaWait {
  readonly replicas: number
  private readonly client: RedisClient
  private readonly timeoutMs: number

  constructor (client: RedisClient, replicas: number, timeoutMs: number) {
    this.client = client
    this.replicas = replicas
    this.timeoutMs = timeoutMs
  }

  /** True once `replicas` replicas hold this client's writes to the nodes of `keys`; false when the timeout came first. */
  async confirm (keys: string[]): Promise<boolean> {
    if (this.replicas === 0) return true
    return await waitForReplicas(this.client, keys, this.replicas, this.timeoutMs) >= this.replicas
  }
}

/** Keys every deployment of the layout before hash tags (`lt:…`, `lt:q:<queue>:…`) had. */
function formerKeys (name: string): string[] {
  return [`${name}:{credentials}:records`, `${name}:stats:messages`, `${name}:evidence:head`, `${name}:pending`]
}

/**
 * Why this Redis cannot be used as it is: it holds keys of the layout before hash tags, which this
 * version would not see (accepted messages, revoked credentials, the day's dossier codes). None: the
 * layout is current. `keyPrefix`: the configuration's, `{lt}`.
 */
export async function formerKeyLayout (client: RedisClient, keyPrefix: string): Promise<string | undefined> {
  const name = keyName(keyPrefix)
  const found = await Promise.all(formerKeys(name).map(async (key) => await client.exists(key) === 1 ? key : undefined))
  const first = found.find((key) => key !== undefined)
  if (first === undefined) return undefined
  return `Redis holds keys of the layout before hash tags (e.g. ${first}); this version keeps its keys under {${name}}:… and would not see them. ` +
    'Stop every gateway and worker, run `npm run migrate:keys` with the same REDIS_URL and KEY_PREFIX (it renames them), then start again.'
}

/**
 * Renames every key of the layout before hash tags to the current one: `lt:x` → `{lt}:x`, a
 * queue's `lt:q:<queue>:x` → `{lt:q:<queue>}:<queue>:x` (TTLs kept: RENAME keeps them). One Redis
 * only (the former layout never ran on a cluster); run it with every process stopped. Resolves
 * with how many keys were renamed.
 */
export async function migrateFormerKeys (client: Redis, keyPrefix: string): Promise<number> {
  const name = keyName(keyPrefix)
  let renamed = 0
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${name}:*`, 'COUNT', 1000)
    cursor = next
    for (const key of keys) {
      const rest = key.slice(name.length + 1)
      const queue = rest.startsWith('q:') ? rest.slice(2).split(':')[0] : undefined
      const target = queue !== undefined && rest.length > 2 + queue.length
        ? `{${name}:q:${queue}}:${rest.slice(2)}`
        : `{${name}}:${rest}`
      if (await client.renamenx(key, target) === 1) renamed++
    }
  } while (cursor !== '0')
  return renamed
}
