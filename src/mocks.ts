import closeWithGrace from 'close-with-grace'
import { defaultDeliveryPolicy, loadConfig } from './config.js'
import { startMockSystems } from './local/mock-systems.js'
import { createLogger } from './logger.js'
import { loadRegistry } from './registry.js'

/**
 * The mock external systems alone (docker-compose, demos): one per receiving participant of
 * the registry, on its endpoint's port, bound to MOCKS_HOST (default 127.0.0.1), with the
 * same credentials variables the gateway uses. Faults: MOCK_<KIND>_* variables, and with
 * MOCK_CONTROL=true PUT /__mock/faults (off by default: whoever reaches a mock could switch its faults).
 */
const config = loadConfig()
const logger = createLogger(config.logLevel)
const registry = await loadRegistry(config.registryFile, process.env, defaultDeliveryPolicy(config))
const mocks = await startMockSystems(registry, { host: process.env.MOCKS_HOST ?? '127.0.0.1', control: process.env.MOCK_CONTROL === 'true' })
for (const [id, mock] of mocks) logger.info({ participant: id, kind: mock.kind, url: mock.url }, 'mock system listening')
closeWithGrace({ delay: 5000 }, async () => {
  await Promise.allSettled([...mocks.values()].map(async (m) => await m.close()))
})
