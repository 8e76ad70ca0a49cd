/**
 * Moves a Redis of the key layout before hash tags (`lt:…`) to the current one (`{lt}:…`,
 * `{lt:q:<queue>}:…`), so that this version sees the messages, queues, credentials and sequences
 * the former one left. Stop every gateway and worker first.
 *
 *   REDIS_URL=redis://… [KEY_PREFIX=lt] npm run migrate:keys
 */
import { Redis } from 'ioredis'
import { loadConfig } from '../src/config.js'
import { formerKeyLayout, migrateFormerKeys } from '../src/redis-connection.js'

const config = loadConfig()
if (config.redisUrl === '') {
  console.error('REDIS_URL is not set: give the Redis the former version used (one server; the former layout never ran on a cluster).')
  process.exit(1)
}
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 })
try {
  if (await formerKeyLayout(redis, config.keyPrefix) === undefined) {
    console.log('nothing to migrate: no key of the former layout')
  } else {
    console.log(`renamed ${await migrateFormerKeys(redis, config.keyPrefix)} keys to the current layout`)
  }
} finally {
  redis.disconnect()
}
