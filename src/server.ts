import closeWithGrace from 'close-with-grace'
import { redisConfigured } from './redis-connection.js'
import { buildApp } from './app.js'
import { defaultDeliveryPolicy, loadConfig } from './config.js'
import { devKeysRefusal, missingKeysRefusal } from './dev-keys.js'
import { loggerOptions } from './logger.js'
import { loadRegistry } from './registry.js'

/** The gateway process alone (production): needs REDIS_URL (or sentinels, or a cluster); delivery runs in `worker` processes. */
const config = loadConfig()
if (!redisConfigured(config)) {
  console.error('REDIS_URL (or REDIS_SENTINELS, or REDIS_CLUSTER_NODES) is not set. The gateway process needs a shared Redis; for a local all-in-one run use `npm start`.')
  process.exit(1)
}
const registry = await loadRegistry(config.registryFile, process.env, defaultDeliveryPolicy(config))
const refusal = devKeysRefusal(config.production, registry.participants()) ?? missingKeysRefusal(config.production, config)
if (refusal !== undefined) {
  console.error(refusal)
  process.exit(1)
}
const app = await buildApp({ config, registry, logger: loggerOptions(config.logLevel) })
closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err !== undefined) app.log.error({ err }, 'closing after an error')
  else app.log.info({ signal }, 'closing')
  await app.close()
})
await app.listen({ host: config.host, port: config.port })
