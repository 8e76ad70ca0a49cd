import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { loggerOptions } from './logger.js'

/** The gateway process alone (production): needs REDIS_URL; delivery runs in `worker` processes. */
const config = loadConfig()
if (config.redisUrl === '') {
  console.error('REDIS_URL is not set. The gateway process needs a shared Redis; for a local all-in-one run use `npm start`.')
  process.exit(1)
}
const app = await buildApp({ config, logger: loggerOptions(config.logLevel) })
closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err !== undefined) app.log.error({ err }, 'closing after an error')
  else app.log.info({ signal }, 'closing')
  await app.close()
})
await app.listen({ host: config.host, port: config.port })
