import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Redis, type RedisOptions } from 'ioredis'
import { connectRedis, type RedisClient, type RedisSettings } from '../redis-connection.js'
import { startRedisServer, type PrivateRedis } from './redis-server.js'

const run = promisify(execFile)

/** One redis-server; a Sentinel group (1 master, 1 replica, 3 sentinels); a Cluster (3 masters with a replica each). */
export type TopologyKind = 'single' | 'sentinel' | 'cluster'
export const TOPOLOGY_KINDS: readonly TopologyKind[] = ['single', 'sentinel', 'cluster']

/** The master's name the private sentinels watch. */
const SENTINEL_MASTER = 'lienthong'

/** Private Redis servers started from the `redis-server` on PATH, and how a gateway reaches them. */
export interface RedisTopology {
  kind: TopologyKind
  /** What a gateway or worker process is given: REDIS_URL, or REDIS_SENTINELS…, or REDIS_CLUSTER_NODES. */
  env: Record<string, string>
  /** The same as configuration settings (src/redis-connection.ts). */
  settings: RedisSettings
  /** The data nodes (masters and replicas, not the sentinels). */
  nodes: PrivateRedis[]
  /** A client of the whole topology (a cluster client on a cluster). */
  connect: (options?: RedisOptions) => RedisClient
  /** The data nodes that are masters now (after a failover, the promoted replicas). */
  masters: () => Promise<PrivateRedis[]>
  /** Resolves once the topology serves every slot again with a master that has a replica up (after a failover). */
  healthy: (timeoutMs?: number) => Promise<void>
  stop: () => Promise<void>
}

/**
 * Starts a private topology under `dir`: `single` is one redis-server (as `npm start` runs);
 * `sentinel` a master, its replica and three sentinels (quorum 2, a master down after 2 s);
 * `cluster` three masters with a replica each (`redis-cli --cluster create`, a node down after
 * 2 s). `password` protects the data nodes (and the sentinels); `durable` turns on the AOF.
 * `failover: false`: the sentinel group is ready once a client can find its master, before the
 * sentinels know each other well enough to fail it over.
 */
export async function startRedisTopology (opts: { kind: TopologyKind, dir: string, password?: string, durable?: boolean, failover?: boolean }): Promise<RedisTopology> {
  if (opts.kind === 'sentinel') return await startSentinelGroup(opts)
  if (opts.kind === 'cluster') return await startCluster(opts)
  const server = await startRedisServer({ dir: opts.dir, ...base(opts) })
  const settings = { ...NO_REDIS, redisUrl: server.url }
  return {
    kind: 'single',
    env: { REDIS_URL: server.url },
    settings,
    nodes: [server],
    connect: (options = {}) => connectRedis(settings, options),
    masters: async () => [server],
    healthy: async () => {},
    stop: async () => { await server.stop() }
  }
}

const NO_REDIS: RedisSettings = { redisUrl: '', redisSentinels: '', redisSentinelMaster: SENTINEL_MASTER, redisSentinelPassword: '', redisClusterNodes: '', redisPassword: '' }

function base (opts: { password?: string, durable?: boolean }): { password?: string, durable?: boolean } {
  return { ...(opts.password !== undefined ? { password: opts.password } : {}), ...(opts.durable !== undefined ? { durable: opts.durable } : {}) }
}

/** A replica must authenticate to its master with the same password. */
function masterAuth (password: string | undefined): string[] {
  return password === undefined ? [] : [`masterauth ${password}`]
}

function client (node: PrivateRedis, password: string | undefined): Redis {
  return new Redis({ host: '127.0.0.1', port: node.port, lazyConnect: true, maxRetriesPerRequest: 1, ...(password !== undefined ? { password } : {}) })
}

async function infoOf (node: PrivateRedis, password: string | undefined, section: string): Promise<string> {
  const c = client(node, password)
  try {
    return await c.info(section)
  } finally {
    c.disconnect()
  }
}

async function until (what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > deadline) throw new Error(`redis topology: timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function stillRunning (node: PrivateRedis): boolean {
  return node.process.exitCode === null && node.process.signalCode === null
}

async function startSentinelGroup (opts: { dir: string, password?: string, durable?: boolean, failover?: boolean }): Promise<RedisTopology> {
  const { password } = opts
  const master = await startRedisServer({ dir: join(opts.dir, 'master'), ...base(opts), config: masterAuth(password) })
  const replica = await startRedisServer({ dir: join(opts.dir, 'replica'), ...base(opts), config: [...masterAuth(password), `replicaof 127.0.0.1 ${master.port}`] })
  const nodes = [master, replica]
  await until('the replica to sync', 15_000, async () => (await infoOf(replica, password, 'replication')).includes('master_link_status:up'))
  const sentinels: PrivateRedis[] = []
  for (let i = 0; i < 3; i++) {
    sentinels.push(await startRedisServer({
      dir: join(opts.dir, `sentinel-${i}`),
      sentinel: [
        `sentinel monitor ${SENTINEL_MASTER} 127.0.0.1 ${master.port} 2`,
        `sentinel down-after-milliseconds ${SENTINEL_MASTER} 2000`,
        `sentinel failover-timeout ${SENTINEL_MASTER} 10000`,
        ...(password !== undefined ? [`sentinel auth-pass ${SENTINEL_MASTER} ${password}`, `requirepass ${password}`] : [])
      ]
    }))
  }
  const ask = async <T>(sentinel: PrivateRedis, ...args: string[]): Promise<T> => {
    const c = client(sentinel, password)
    try {
      return await c.call('SENTINEL', ...args) as T
    } finally {
      c.disconnect()
    }
  }
  // Ready for a failover: every sentinel knows the replica and the two other sentinels (a few
  // seconds of their hello messages; skipped with `failover: false`, when no master will fail).
  if (opts.failover !== false) {
    await until('the sentinels to find the replica and each other', 30_000, async () => {
      for (const s of sentinels) {
        if ((await ask<unknown[]>(s, 'replicas', SENTINEL_MASTER)).length < 1) return false
        if ((await ask<unknown[]>(s, 'sentinels', SENTINEL_MASTER)).length < 2) return false
      }
      return true
    })
  }
  const settings: RedisSettings = {
    ...NO_REDIS,
    redisSentinels: sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
    redisPassword: password ?? '',
    redisSentinelPassword: password ?? ''
  }
  const currentMaster = async (): Promise<PrivateRedis> => {
    for (const s of sentinels.filter(stillRunning)) {
      const [, port] = await ask<[string, string]>(s, 'get-master-addr-by-name', SENTINEL_MASTER).catch(() => ['', ''])
      const node = nodes.find((n) => String(n.port) === port)
      if (node !== undefined) return node
    }
    throw new Error('redis topology: no sentinel names a master')
  }
  return {
    kind: 'sentinel',
    env: {
      REDIS_SENTINELS: settings.redisSentinels,
      REDIS_SENTINEL_MASTER: SENTINEL_MASTER,
      ...(password !== undefined ? { REDIS_PASSWORD: password, REDIS_SENTINEL_PASSWORD: password } : {})
    },
    settings,
    nodes,
    connect: (options = {}) => connectRedis(settings, options),
    masters: async () => [await currentMaster()],
    healthy: async (timeoutMs = 60_000) => {
      await until('the sentinel group to have a master', timeoutMs, async () => {
        const m = await currentMaster()
        return stillRunning(m) && (await infoOf(m, password, 'replication')).includes('role:master')
      })
    },
    stop: async () => { await Promise.allSettled([...sentinels, ...nodes].map(async (n) => await n.stop())) }
  }
}

async function startCluster (opts: { dir: string, password?: string, durable?: boolean }): Promise<RedisTopology> {
  const { password } = opts
  const nodes: PrivateRedis[] = []
  for (let i = 0; i < 6; i++) {
    nodes.push(await startRedisServer({
      dir: join(opts.dir, `node-${i}`),
      ...base(opts),
      config: ['cluster-enabled yes', 'cluster-config-file nodes.conf', 'cluster-node-timeout 2000', ...masterAuth(password)]
    }))
  }
  // The first three are the masters, each of the others a replica of one of them.
  await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes'],
    { env: { ...process.env, ...(password !== undefined ? { REDISCLI_AUTH: password } : {}) } })
  const roleOf = async (node: PrivateRedis): Promise<string> => (await infoOf(node, password, 'replication')).match(/role:(\w+)/)?.[1] ?? ''
  const clusterOk = async (node: PrivateRedis): Promise<boolean> => {
    const c = client(node, password)
    try {
      return String(await c.call('CLUSTER', 'INFO')).includes('cluster_state:ok')
    } finally {
      c.disconnect()
    }
  }
  await until('the cluster to serve every slot', 30_000, async () => (await Promise.all(nodes.map(clusterOk))).every(Boolean))
  // And every replica in sync with its master (before that a replica confirms no write: WAIT).
  await until('the replicas to sync', 30_000, async () => {
    const infos = await Promise.all(nodes.map(async (n) => await infoOf(n, password, 'replication')))
    return infos.filter((i) => i.includes('role:slave') && i.includes('master_link_status:up')).length === 3
  })
  const settings: RedisSettings = { ...NO_REDIS, redisClusterNodes: nodes.slice(0, 3).map((n) => `127.0.0.1:${n.port}`).join(','), redisPassword: password ?? '' }
  const masters = async (): Promise<PrivateRedis[]> => {
    const live = nodes.filter(stillRunning)
    const roles = await Promise.all(live.map(async (n) => await roleOf(n).catch(() => '')))
    return live.filter((_, i) => roles[i] === 'master')
  }
  return {
    kind: 'cluster',
    env: { REDIS_CLUSTER_NODES: settings.redisClusterNodes, ...(password !== undefined ? { REDIS_PASSWORD: password } : {}) },
    settings,
    nodes,
    connect: (options = {}) => connectRedis(settings, options),
    masters,
    healthy: async (timeoutMs = 60_000) => {
      await until('the cluster to serve every slot', timeoutMs, async () => {
        const live = nodes.filter(stillRunning)
        return (await masters()).length >= 3 && (await Promise.all(live.map(clusterOk))).every(Boolean)
      })
    },
    stop: async () => { await Promise.allSettled(nodes.map(async (n) => await n.stop())) }
  }
}
