import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Redis, type RedisOptions } from 'ioredis'
import { connectRedis, type RedisClient, type RedisSettings } from '../redis-connection.js'
import { freePort, startRedisServer, type PrivateRedis } from './redis-server.js'

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
  /** Resolves once the topology serves every slot again with a master (after a failover; the old master's replica may not be back). */
  healthy: (timeoutMs?: number) => Promise<void>
  /**
   * Starts a data node that was killed again, on its port, data dir and configuration, as a
   * replica of the master that took its place (found by the sentinels; on a cluster the node
   * learns it from the others). Resolves with the new process once it is in sync with that
   * master; it replaces the killed one in `nodes`.
   */
  restart: (node: PrivateRedis, timeoutMs?: number) => Promise<PrivateRedis>
  stop: () => Promise<void>
}

/** How a data node was started, to start it again the same way. */
interface NodeSpec {
  dir: string
  config: string[]
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
    restart: async () => { throw new Error('redis topology: a single server has no replica to fail over to') },
    stop: async () => { await stopAll([server]) }
  }
}

const NO_REDIS: RedisSettings = { redisUrl: '', redisSentinels: '', redisSentinelMaster: SENTINEL_MASTER, redisSentinelPassword: '', redisClusterNodes: '', redisPassword: '' }

/** A replica must authenticate to its master with the same password. */
function masterAuth (password: string | undefined): string[] {
  return password === undefined ? [] : [`masterauth ${password}`]
}

function client (node: PrivateRedis, password: string | undefined): Redis {
  const c = new Redis({ host: '127.0.0.1', port: node.port, lazyConnect: true, maxRetriesPerRequest: 1, ...(password !== undefined ? { password } : {}) })
  // A node that was just killed refuses the connection: the command fails, which is the answer.
  c.on('error', () => {})
  return c
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

/**
 * Stops the nodes still running (a killed one has exited already: waiting for its exit would never
 * end). A redis-server refuses a SIGTERM while it writes its first append-only file (a replica
 * right after its initial sync) and does not try again: it is asked every second, killed after 10 s.
 */
async function stopAll (nodes: PrivateRedis[]): Promise<void> {
  await Promise.allSettled(nodes.filter(stillRunning).map(async (n) => {
    const again = setInterval(() => { if (stillRunning(n)) n.process.kill('SIGTERM') }, 1000)
    const kill = setTimeout(() => { n.process.kill('SIGKILL') }, 10_000)
    try {
      await n.stop()
    } finally {
      clearInterval(again)
      clearTimeout(kill)
    }
  }))
}

/** Starts `spec` on `port`, which a killed process may hold for a moment. */
async function startOnPort (spec: NodeSpec, port: number, password: string | undefined, durable: boolean | undefined, config: string[]): Promise<PrivateRedis> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRedisServer({ dir: spec.dir, port, ...base({ password, durable }), config })
    } catch (err) {
      if (attempt >= 20) throw err
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}

/**
 * Waits until `node` is a replica whose link to its master is up (its initial sync done) and, with
 * the AOF on, has written the data it got to its own append-only file (before that it would lose
 * it on a restart, and refuses to stop).
 */
async function untilInSync (node: PrivateRedis, password: string | undefined, timeoutMs: number): Promise<void> {
  await until(`the restarted node :${node.port} to sync as a replica`, timeoutMs, async () => {
    const info = await infoOf(node, password, 'replication')
    if (!info.includes('role:slave') || !info.includes('master_link_status:up') || info.includes('master_sync_in_progress:1')) return false
    const persistence = await infoOf(node, password, 'persistence')
    return persistence.includes('aof_rewrite_in_progress:0') && persistence.includes('aof_rewrite_scheduled:0')
  })
}

function base (opts: { password?: string | undefined, durable?: boolean | undefined }): { password?: string, durable?: boolean } {
  return { ...(opts.password !== undefined ? { password: opts.password } : {}), ...(opts.durable !== undefined ? { durable: opts.durable } : {}) }
}

async function startSentinelGroup (opts: { dir: string, password?: string, durable?: boolean, failover?: boolean }): Promise<RedisTopology> {
  const { password } = opts
  const masterSpec: NodeSpec = { dir: join(opts.dir, 'master'), config: masterAuth(password) }
  const master = await startRedisServer({ dir: masterSpec.dir, ...base(opts), config: masterSpec.config })
  const replicaSpec: NodeSpec = { dir: join(opts.dir, 'replica'), config: [...masterAuth(password), `replicaof 127.0.0.1 ${master.port}`] }
  const replica = await startRedisServer({ dir: replicaSpec.dir, ...base(opts), config: replicaSpec.config })
  const nodes = [master, replica]
  const specs = new Map([[master, masterSpec], [replica, replicaSpec]])
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
  const healthy = async (timeoutMs = 60_000): Promise<void> => {
    await until('the sentinel group to have a master', timeoutMs, async () => {
      const m = await currentMaster()
      return stillRunning(m) && (await infoOf(m, password, 'replication')).includes('role:master')
    })
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
    healthy,
    restart: async (node, timeoutMs = 60_000) => {
      const spec = specs.get(node)
      if (spec === undefined || stillRunning(node)) throw new Error(`redis topology: :${node.port} is not a killed data node of the group`)
      // A replica of the promoted master from its first moment: started as the master it was, it
      // would take writes until the sentinels turned it into a replica.
      await healthy(timeoutMs)
      const master = await currentMaster()
      const again = await startOnPort(spec, node.port, password, opts.durable, [...spec.config.filter((line) => !line.startsWith('replicaof ')), `replicaof 127.0.0.1 ${master.port}`])
      nodes[nodes.indexOf(node)] = again
      specs.delete(node)
      specs.set(again, spec)
      await untilInSync(again, password, timeoutMs)
      return again
    },
    stop: async () => { await stopAll([...sentinels, ...nodes]) }
  }
}

async function startCluster (opts: { dir: string, password?: string, durable?: boolean }): Promise<RedisTopology> {
  const { password } = opts
  const nodes: PrivateRedis[] = []
  const specs = new Map<PrivateRedis, NodeSpec>()
  for (let i = 0; i < 6; i++) {
    // The cluster bus on a port of its own: by default it is the node's port + 10000, and a free
    // port above 55535 (a fifth of Linux's ephemeral range) would leave the node unable to start.
    const spec: NodeSpec = {
      dir: join(opts.dir, `node-${i}`),
      config: ['cluster-enabled yes', 'cluster-config-file nodes.conf', 'cluster-node-timeout 2000', `cluster-port ${await freePort()}`, ...masterAuth(password)]
    }
    const node = await startRedisServer({ dir: spec.dir, ...base(opts), config: spec.config })
    nodes.push(node)
    specs.set(node, spec)
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
  // And known as such by every node: CLUSTER SLOTS lists a replica only once the node has heard
  // (by gossip, a moment after the sync) that it holds data; clients find replicas there.
  await until('every node to list the replicas', 30_000, async () => {
    const slots = await Promise.all(nodes.map(async (n) => {
      const c = client(n, password)
      try {
        return await c.call('CLUSTER', 'SLOTS') as unknown[][]
      } finally {
        c.disconnect()
      }
    }))
    return slots.every((ranges) => ranges.length > 0 && ranges.every((range) => range.length >= 4))
  })
  const settings: RedisSettings = { ...NO_REDIS, redisClusterNodes: nodes.slice(0, 3).map((n) => `127.0.0.1:${n.port}`).join(','), redisPassword: password ?? '' }
  const masters = async (): Promise<PrivateRedis[]> => {
    const live = nodes.filter(stillRunning)
    const roles = await Promise.all(live.map(async (n) => await roleOf(n).catch(() => '')))
    return live.filter((_, i) => roles[i] === 'master')
  }
  const healthy = async (timeoutMs = 60_000): Promise<void> => {
    await until('the cluster to serve every slot', timeoutMs, async () => {
      const live = nodes.filter(stillRunning)
      return (await masters()).length >= 3 && (await Promise.all(live.map(clusterOk))).every(Boolean)
    })
  }
  return {
    kind: 'cluster',
    env: { REDIS_CLUSTER_NODES: settings.redisClusterNodes, ...(password !== undefined ? { REDIS_PASSWORD: password } : {}) },
    settings,
    nodes,
    connect: (options = {}) => connectRedis(settings, options),
    masters,
    healthy,
    restart: async (node, timeoutMs = 60_000) => {
      const spec = specs.get(node)
      if (spec === undefined || stillRunning(node)) throw new Error(`redis topology: :${node.port} is not a killed node of the cluster`)
      // Once its replica has taken its slots, the node comes back from its nodes.conf, learns from
      // the others that its slots have a newer owner, and becomes that owner's replica.
      await healthy(timeoutMs)
      const again = await startOnPort(spec, node.port, password, opts.durable, spec.config)
      nodes[nodes.indexOf(node)] = again
      specs.delete(node)
      specs.set(again, spec)
      await untilInSync(again, password, timeoutMs)
      return again
    },
    stop: async () => { await stopAll(nodes) }
  }
}
