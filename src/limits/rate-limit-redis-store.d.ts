// @fastify/rate-limit types its plugin, not the Redis store it ships: only what the gateway uses.
declare module '@fastify/rate-limit/store/RedisStore.js' {
  import type { Cluster, Redis } from 'ioredis'

  type Counted = (err: Error | null, result: { current: number, ttl: number } | null) => void

  class RedisStore {
    constructor (continueExceeding: boolean, exponentialBackoff: boolean, redis: Redis | Cluster, key?: string)
    incr (key: string, callback: Counted, timeWindow: number, max: number): void
    read (key: string, callback: Counted, timeWindow: number, max: number): void
    child (params: unknown): RedisStore
  }
  export default RedisStore
}
