/**
 * The mock systems of a fault-injection run, in their own process: one per receiving participant
 * of REGISTRY_FILE, on its endpoint's port, every one with the same fault switches
 * (CHAOS_MOCK_FAULTS, JSON) and a record of every effect (CHAOS_MOCK_MAX_RECORDS). Tells the
 * parent over IPC when all listen; ends when the parent disconnects or on SIGTERM.
 */
import closeWithGrace from 'close-with-grace'
import type { Faults, RunningMock } from '../../adapters/index.js'
import { startMockSystems } from '../../src/local/mock-systems.js'
import { defaultDeliveryPolicy, loadConfig } from '../../src/config.js'
import { loadRegistry } from '../../src/registry.js'

export interface MocksReady {
  type: 'ready'
  /** participant id → base URL */
  urls: Record<string, string>
}

const config = loadConfig()
const registry = await loadRegistry(config.registryFile, process.env, defaultDeliveryPolicy(config))
const faults = JSON.parse(process.env.CHAOS_MOCK_FAULTS ?? '{}') as Partial<Faults>
const seed = Number(process.env.CHAOS_SEED ?? '1')
const maxRecords = Number(process.env.CHAOS_MOCK_MAX_RECORDS ?? '100000')

// Each on its endpoint's port; civil status, which asks the population mock for newborns' ID
// numbers, after it. The mocks' own data is not what this run exercises: keep start-up short.
const running = await startMockSystems(registry, { size: 200, seed, faults, maxRecords })
const mocks: RunningMock[] = [...running.values()]
const urls: Record<string, string> = Object.fromEntries([...running].map(([id, mock]) => [id, mock.url]))
const close = async (): Promise<void> => { await Promise.allSettled(mocks.map(async (m) => await m.close())) }

closeWithGrace({ delay: 5000 }, close)
process.once('disconnect', () => { void close().finally(() => process.exit(0)) })
process.send?.({ type: 'ready', urls } satisfies MocksReady)
