import { startMock, type Credentials, type Faults, type RunningMock } from '../../adapters/index.js'
import type { MockPeer } from '../../adapters/system.js'
import type { Registry } from '../registry.js'

/**
 * Starts one mock system per receiving participant of the registry, on the port of its
 * endpoint's baseUrl (or a free port when `anyPort`), with the endpoint's own credentials,
 * so the adapters reach them exactly as they would reach the real systems.
 * Returns the mocks by participant id, with the URL each really listens on.
 */
export async function startMockSystems (registry: Registry, opts: { anyPort?: boolean, size?: number, host?: string, control?: boolean, seed?: number, faults?: Partial<Faults>, maxRecords?: number } = {}): Promise<Map<string, RunningMock>> {
  const mocks = new Map<string, RunningMock>()
  try {
    // Systems that call others (civil status calls the population database) start after them.
    const receivers = registry.receivers().sort((a, b) => Number(a.endpoint.kind === 'civil-status') - Number(b.endpoint.kind === 'civil-status'))
    for (const receiver of receivers) {
      const { endpoint } = receiver
      const url = new URL(endpoint.baseUrl)
      const mock = await startMock(endpoint.kind, {
        host: opts.host ?? '127.0.0.1',
        port: opts.anyPort === true ? 0 : Number(url.port),
        credentials: endpoint.credentials as unknown as Credentials,
        ...(endpoint.agencyCode !== undefined ? { agencyCode: endpoint.agencyCode } : {}),
        ...(opts.size !== undefined ? { size: opts.size } : {}),
        ...(opts.control !== undefined ? { control: opts.control } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        ...(opts.faults !== undefined ? { faults: opts.faults } : {}),
        ...(opts.maxRecords !== undefined ? { maxRecords: opts.maxRecords } : {}),
        peers: peersOf(mocks, registry)
      })
      mocks.set(receiver.id, mock)
    }
  } catch (err) {
    await Promise.allSettled([...mocks.values()].map(async (m) => await m.close()))
    throw err
  }
  return mocks
}

/** The running mocks, by kind, with the credentials their endpoints give (the first of each kind). */
function peersOf (mocks: Map<string, RunningMock>, registry: Registry): Record<string, MockPeer> {
  const peers: Record<string, MockPeer> = {}
  for (const [id, mock] of mocks) {
    const endpoint = registry.get(id)?.endpoint
    if (endpoint !== undefined && peers[mock.kind] === undefined) peers[mock.kind] = { url: mock.url, credentials: endpoint.credentials as unknown as Credentials }
  }
  return peers
}
