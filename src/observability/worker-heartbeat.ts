import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { RedisClient } from '../redis-connection.js'
import type { Logger } from 'pino'

/** How often a worker process says it is alive, and how long one beat counts. */
export const HEARTBEAT_INTERVAL_MS = 5_000
/** Three missed beats: a worker that stopped without closing (killed, crashed, hung) counts as gone. */
export const HEARTBEAT_TTL_MS = 15_000

/** Redis keys of the heartbeats: one key per worker process with a TTL, and the set of their ids. */
export function heartbeatKeys (keyPrefix: string): { key: (workerId: string) => string, index: string } {
  return { key: (workerId) => `${keyPrefix}:worker:${workerId}`, index: `${keyPrefix}:workers` }
}

export interface HeartbeatOptions {
  redis: RedisClient
  keyPrefix: string
  logger: Logger
  /** What the beat carries, for whoever inspects it (e.g. `redis-cli get`). */
  info?: Record<string, unknown>
  intervalMs?: number
  ttlMs?: number
}

/**
 * A worker process's heartbeat: `SET <prefix>:worker:<id> … PX ttl` every interval, so the key
 * exists while the process is alive and expires on its own after a crash. A graceful stop
 * deletes it at once. The ids are also kept in a set, so readers find the workers without
 * scanning the keyspace (which holds every message).
 */
export class WorkerHeartbeat {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  private readonly opts: Required<Omit<HeartbeatOptions, 'info'>> & { info: Record<string, unknown> }
  private readonly keys: ReturnType<typeof heartbeatKeys>
  private timer: NodeJS.Timeout | undefined
  private beating: Promise<void> | undefined

  constructor (opts: HeartbeatOptions) {
    this.opts = { intervalMs: HEARTBEAT_INTERVAL_MS, ttlMs: HEARTBEAT_TTL_MS, info: {}, ...opts }
    this.keys = heartbeatKeys(opts.keyPrefix)
  }

  /** Beats now and then every interval. */
  start (): void {
    if (this.timer !== undefined) return
    void this.beat()
    this.timer = setInterval(() => { void this.beat() }, this.opts.intervalMs)
    this.timer.unref()
  }

  /** Stops beating and removes the key: readiness sees the worker gone at once. */
  async stop (): Promise<void> {
    this.halt()
    await this.beating
    const { redis } = this.opts
    await redis.multi().del(this.keys.key(this.workerId)).srem(this.keys.index, this.workerId).exec()
      .catch((err: unknown) => { this.opts.logger.warn({ err }, 'could not remove the worker heartbeat; it expires on its own') })
  }

  /** Stops beating and leaves the key to expire, as a crashed process would. */
  halt (): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  private async beat (): Promise<void> {
    // A beat still waiting on a slow Redis is enough; do not pile more behind it.
    if (this.beating !== undefined) return
    const { redis, ttlMs, info, logger } = this.opts
    const value = JSON.stringify({ ...info, host: hostname(), pid: process.pid, at: new Date().toISOString() })
    this.beating = redis.multi()
      .set(this.keys.key(this.workerId), value, 'PX', ttlMs)
      .sadd(this.keys.index, this.workerId)
      .exec()
      .then(() => undefined, (err: unknown) => { logger.warn({ err }, 'worker heartbeat failed') })
      .finally(() => { this.beating = undefined })
    await this.beating
  }
}

/** Reads the heartbeats: how many worker processes are alive now. */
export class WorkerLiveness {
  private readonly redis: RedisClient
  private readonly keys: ReturnType<typeof heartbeatKeys>

  constructor (redis: RedisClient, keyPrefix: string) {
    this.redis = redis
    this.keys = heartbeatKeys(keyPrefix)
  }

  /** Live worker processes; forgets the ids of those whose heartbeat expired. */
  async countLive (): Promise<number> {
    const ids = await this.redis.smembers(this.keys.index)
    if (ids.length === 0) return 0
    const beats = await this.redis.mget(ids.map((id) => this.keys.key(id)))
    const gone = ids.filter((_id, i) => beats[i] === null)
    if (gone.length > 0) await this.redis.srem(this.keys.index, ...gone)
    return ids.length - gone.length
  }
}
