/**
 * The mock systems of a fault-injection run, in their own process: one per receiving participant
 * of REGISTRY_FILE, on its endpoint's port, every one with the same fault switches
 * (CHAOS_MOCK_FAULTS, JSON) and a record of every effect (CHAOS_MOCK_MAX_RECORDS). Tells the
 * parent over IPC when all listen; ends when the parent disconnects or on SIGTERM.
 */
import closeWithGrace from 'close-with-grace'
import { startMock, type Credentials, type Faults, type RunningMock } from '../../adapters/index.js'
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

const mocks: RunningMock[] = []
const urls: Record<string, string> = {}
const close = async (): Promise<void> => { await Promise.allSettled(mocks.map(async (m) => await m.close())) }
try {
  for (const receiver of registry.receivers()) {
    const { endpoint } = receiver
    const mock = await startMock(endpoint.kind, {
      host: '127.0.0.1',
      port: Number(new URL(endpoint.baseUrl).port),
      credentials: endpoint.credentials as unknown as Credentials,
      ...(endpoint.agencyCode !== undefined ? { agencyCode: endpoint.agencyCode } : {}),
      // The mocks' own data is not what this run exercises: keep start-up short.
      size: 200,
      seed,
      faults,
      maxRecords
    })
    mocks.push(mock)
    urls[receiver.id] = mock.url
  }
} catch (err) {
  await close()
  throw err
}

closeWithGrace({ delay: 5000 }, close)
process.once('disconnect', () => { void close().finally(() => process.exit(0)) })
process.send?.({ type: 'ready', urls } satisfies MocksReady)
