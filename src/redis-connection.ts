import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis'
import type { Config } from './config.js'

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
      ...(options.enableOfflineQueue === undefined ? {} : { enableOfflineQueue: options.enableOfflineQueue })
    }
    return new Cluster(nodes(settings.redisClusterNodes), clusterOptions)
  }
  return new Redis(settings.redisUrl, options)
}

/** A second connection to the same Redis (e.g. for SUBSCRIBE), with `options` changed. */
export function duplicateConnection (client: RedisClient, options: RedisOptions = {}): RedisClient {
  if (client instanceof Cluster) return client.duplicate(undefined, { redisOptions: { ...client.options.redisOptions, ...options }, lazyConnect: options.lazyConnect === true })
  return client.duplicate(options)
}

/**
 * Waits until `replicas` replicas hold every write this client made so far to the nodes serving
 * `keys` (WAIT on each such node's connection, the one those writes went through). Resolves with
 * the fewest replicas any node reached: fewer than asked means the timeout passed first.
 */
export async function waitForReplicas (client: RedisClient, keys: string[], replicas: number, timeoutMs: number): Promise<number> {
  if (!(client instanceof Cluster)) return Number(await client.call('WAIT', replicas, timeoutMs))
  // On a cluster each master has its own replicas: WAIT goes, in a pipeline routed by a key of
  // that slot, to the master that took the writes.
  const acked = await Promise.all(keys.map(async (key) => {
    const results = await client.pipeline().exists(key).call('WAIT', replicas, timeoutMs).exec()
    const [err, n] = results?.[1] ?? [new Error('no answer to WAIT'), 0]
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
