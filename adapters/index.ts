import type { Adapter } from './contract.js'
import { businessRegistrySystem } from './business-registry/system.js'
import { civilStatusSystem } from './civil-status/system.js'
import { faultsFromEnv, type Faults } from './mock-kit/faults.js'
import type { MockEffect, ReceivedRequest } from './mock-kit/mock-server.js'
import { oneStopSystem } from './one-stop/system.js'
import { populationSystem } from './population/system.js'
import { residenceSystem } from './residence/system.js'
import { servicePortalSystem } from './service-portal/system.js'
import { socialSecuritySystem } from './social-security/system.js'
import type { Credentials, MockOptions, PoolOptions, SystemDefinition } from './system.js'

export { generateCitizens, CITIZEN_FIELDS, type NativeCitizen } from './population/data.js'
export { generateEnterprises, makeEnterpriseCode, type NativeEnterprise } from './business-registry/data.js'
export { mulberry32, pick, pickWeighted, randomInt, type Random } from './mock-kit/prng.js'
export { vietnameseName, vietnameseAddress, vietnameseCommune, sameVietnameseText, vietnameseTextKey, PROVINCE_NAMES } from './mock-kit/vietnamese.js'
export { FaultController, faultsFromEnv, NO_FAULTS, type Faults } from './mock-kit/faults.js'
export type { MockEffect, ReceivedRequest } from './mock-kit/mock-server.js'
export { PopulationAdapter } from './population/adapter.js'
export { BusinessRegistryAdapter } from './business-registry/adapter.js'
export { OneStopAdapter } from './one-stop/adapter.js'
export { ServicePortalAdapter } from './service-portal/adapter.js'

/**
 * Every receiving system, by kind: the one table a new system is added to (a folder under
 * `adapters/` with its adapter, its mock and a `system.ts` that defines them). The registry's
 * endpoint kinds and its JSON Schema take their list from here.
 */
const SYSTEMS = {
  population: populationSystem,
  'business-registry': businessRegistrySystem,
  'one-stop': oneStopSystem,
  'service-portal': servicePortalSystem,
  'civil-status': civilStatusSystem,
  residence: residenceSystem,
  'social-security': socialSecuritySystem
} as const

/** The external systems lienthong delivers to. */
export type AdapterKind = keyof typeof SYSTEMS

export const ADAPTER_KINDS = Object.keys(SYSTEMS) as readonly AdapterKind[]

export type { ApiKeyCredentials, Credentials, LoginCredentials } from './system.js'

function systemOf (kind: AdapterKind): SystemDefinition {
  // Each system checks its own credentials (`credentials`) before its adapter or mock sees them.
  const system = (SYSTEMS as unknown as Record<string, SystemDefinition | undefined>)[kind]
  if (system === undefined) throw new TypeError(`unknown adapter kind ${String(kind)}`)
  return system
}

export interface CreateAdapterOptions extends PoolOptions {
  credentials: Credentials
}

/**
 * Builds the adapter for one upstream system. Each adapter owns one undici Pool to
 * `baseUrl`; close it with `adapter.close()`.
 */
export function createAdapter (kind: AdapterKind, options: CreateAdapterOptions): Adapter {
  const system = systemOf(kind)
  const { credentials, ...pool } = options
  return system.createAdapter({ ...pool, credentials: system.credentials(credentials, kind) })
}

export interface StartMockOptions {
  /** Default `127.0.0.1`. */
  host?: string
  /** Default 0: a free port. */
  port?: number
  /** Seed of the synthetic data (default 20261122). */
  seed?: number
  /** Records to generate: citizens (default 5,000) or enterprises (default 500). */
  size?: number
  credentials: Credentials
  /** One-stop only: its province agency code (default `000.00.00.H29`). */
  agencyCode?: string
  /** Initial fault switches; when absent they are read from `MOCK_<KIND>_*` variables (see {@link faultsFromEnv}). */
  faults?: Partial<Faults>
  /** Portal only: session lifetime (default 30 minutes). */
  sessionTtlMs?: number
  /** Log requests with Fastify's logger (default off). */
  logger?: boolean
  /** Running mocks this one calls, by kind (civil status: the population database); see {@link MockOptions.peers}. */
  peers?: MockOptions['peers']
  /** Received requests and effects kept, each (default 20,000, oldest dropped first). */
  maxRecords?: number
  /** Serve the `/__mock` fault and record endpoints (default true); off, they answer 404. */
  control?: boolean
}

/** A running mock system. */
export interface RunningMock {
  url: string
  kind: AdapterKind
  close: () => Promise<void>
  setFaults: (partial: Partial<Faults>) => Faults
  received: () => ReceivedRequest[]
  effects: () => MockEffect[]
  /** Forgets received requests and effects (the data, sequences and idempotency memory stay). */
  reset: () => void
  /**
   * `n` seeded native records: citizens for population (and, as sample applicants, for
   * one-stop and the portal), enterprises for the business registry.
   */
  sample: (n: number) => Array<Record<string, unknown>>
}

/** `MOCK_POPULATION`, `MOCK_BUSINESS_REGISTRY`, `MOCK_ONE_STOP`, `MOCK_SERVICE_PORTAL`, `MOCK_CIVIL_STATUS`, `MOCK_RESIDENCE`, `MOCK_SOCIAL_SECURITY`. */
export function mockEnvPrefix (kind: AdapterKind): string {
  return `MOCK_${kind.toUpperCase().replace(/-/g, '_')}`
}

/** Starts one mock system listening on `host:port`. */
export async function startMock (kind: AdapterKind, options: StartMockOptions): Promise<RunningMock> {
  const system = systemOf(kind)
  const { kit, sample } = system.buildMock({
    seed: options.seed ?? 20261122,
    faults: options.faults ?? faultsFromEnv(mockEnvPrefix(kind)),
    credentials: system.credentials(options.credentials, kind),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    ...(options.size !== undefined ? { size: options.size } : {}),
    ...(options.agencyCode !== undefined ? { agencyCode: options.agencyCode } : {}),
    ...(options.sessionTtlMs !== undefined ? { sessionTtlMs: options.sessionTtlMs } : {}),
    ...(options.peers !== undefined ? { peers: options.peers } : {})
  })
  if (options.maxRecords !== undefined) kit.maxRecords = options.maxRecords
  kit.control = options.control ?? true
  const url = await kit.listen(options.host ?? '127.0.0.1', options.port ?? 0)
  return {
    url,
    kind,
    close: async () => { await kit.close() },
    setFaults: partial => kit.faults.set(partial),
    received: () => kit.received(),
    effects: () => kit.effects(),
    reset: () => { kit.reset() },
    sample
  }
}
