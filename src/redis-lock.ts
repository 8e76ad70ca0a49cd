import { randomUUID } from 'node:crypto'
import type { RedisClient } from './redis-connection.js'

// Deletes the lock only if it is still ours: a holder that outlived its lock must not end the next one's.
const RELEASE_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"

/**
 * Runs `fn` holding a lock in Redis (`SET key token PX ttlMs NX`) shared by every process, waiting
 * up to `waitMs` for it. Resolves undefined, without running `fn`, when another holder kept it that
 * long. A holder that dies keeps the others out for `ttlMs` at most.
 */
export async function withRedisLock<T> (redis: RedisClient, key: string, ttlMs: number, fn: () => Promise<T>, waitMs = 0): Promise<T | undefined> {
  const token = randomUUID()
  const deadline = Date.now() + waitMs
  while (await redis.set(key, token, 'PX', ttlMs, 'NX') !== 'OK') {
    if (Date.now() >= deadline) return undefined
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  try {
    return await fn()
  } finally {
    await redis.eval(RELEASE_SCRIPT, 1, key, token)
  }
}
