import type { Adapter } from './contract.js'
import { BusinessRegistryAdapter } from './business-registry/adapter.js'
import { buildBusinessRegistryMock } from './business-registry/mock.js'
import { faultsFromEnv, type Faults } from './mock-kit/faults.js'
import type { MockEffect, MockKit, ReceivedRequest } from './mock-kit/mock-server.js'
import { OneStopAdapter } from './one-stop/adapter.js'
import { buildOneStopMock } from './one-stop/mock.js'
import { PopulationAdapter } from './population/adapter.js'
import { generateCitizens } from './population/data.js'
import { buildPopulationMock } from './population/mock.js'
import { ServicePortalAdapter } from './service-portal/adapter.js'
import { buildServicePortalMock } from './service-portal/mock.js'

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

/** The external systems lienthong delivers to. */
export type AdapterKind = 'population' | 'business-registry' | 'one-stop' | 'service-portal'

export const ADAPTER_KINDS: readonly AdapterKind[] = ['population', 'business-registry', 'one-stop', 'service-portal']

/** An API key (population, business registry, one-stop). */
export interface ApiKeyCredentials { apiKey: string }
/** A login (the national portal). */
export interface LoginCredentials { username: string, password: string }
/** The same plain object configures a mock and the adapter that talks to it. */
export type Credentials = ApiKeyCredentials | LoginCredentials

export interface CreateAdapterOptions {
  baseUrl: string
  credentials: Credentials
  /** Sockets in the adapter's pool (default 10). */
  connections?: number
  connectTimeoutMs?: number
  headersTimeoutMs?: number
  bodyTimeoutMs?: number
}

/**
 * Builds the adapter for one upstream system. Each adapter owns one undici Pool to
 * `baseUrl`; close it with `adapter.close()`.
 */
export function createAdapter (kind: AdapterKind, options: CreateAdapterOptions): Adapter {
  const { credentials, ...pool } = options
  switch (kind) {
    case 'population':
      return new PopulationAdapter({ ...pool, credentials: apiKeyOf(kind, credentials) })
    case 'business-registry':
      return new BusinessRegistryAdapter({ ...pool, credentials: apiKeyOf(kind, credentials) })
    case 'one-stop':
      return new OneStopAdapter({ ...pool, credentials: apiKeyOf(kind, credentials) })
    case 'service-portal':
      return new ServicePortalAdapter({ ...pool, credentials: loginOf(kind, credentials) })
    default:
      throw new TypeError(`unknown adapter kind ${String(kind)}`)
  }
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

/** `MOCK_POPULATION`, `MOCK_BUSINESS_REGISTRY`, `MOCK_ONE_STOP`, `MOCK_SERVICE_PORTAL`. */
export function mockEnvPrefix (kind: AdapterKind): string {
  return `MOCK_${kind.toUpperCase().replace(/-/g, '_')}`
}

/** Starts one mock system listening on `host:port`. */
export async function startMock (kind: AdapterKind, options: StartMockOptions): Promise<RunningMock> {
  const seed = options.seed ?? 20261122
  const faults = options.faults ?? faultsFromEnv(mockEnvPrefix(kind))
  const common = { seed, faults, ...(options.logger !== undefined ? { logger: options.logger } : {}) }
  let kit: MockKit
  let sample: (n: number) => Array<Record<string, unknown>>
  switch (kind) {
    case 'population': {
      const mock = buildPopulationMock({ ...common, credentials: apiKeyOf(kind, options.credentials), ...(options.size !== undefined ? { size: options.size } : {}) })
      kit = mock.kit
      sample = n => mock.citizens.slice(0, n).map(c => ({ ...c }))
      break
    }
    case 'business-registry': {
      const mock = buildBusinessRegistryMock({ ...common, credentials: apiKeyOf(kind, options.credentials), ...(options.size !== undefined ? { size: options.size } : {}) })
      kit = mock.kit
      sample = n => mock.enterprises.slice(0, n).map(e => structuredClone(e) as unknown as Record<string, unknown>)
      break
    }
    case 'one-stop': {
      const mock = buildOneStopMock({ ...common, credentials: apiKeyOf(kind, options.credentials), agencyCode: options.agencyCode ?? '000.00.00.H29' })
      kit = mock.kit
      sample = n => generateCitizens(seed, n).map(c => ({ ...c }))
      break
    }
    case 'service-portal': {
      const mock = buildServicePortalMock({ ...common, credentials: loginOf(kind, options.credentials), ...(options.sessionTtlMs !== undefined ? { sessionTtlMs: options.sessionTtlMs } : {}) })
      kit = mock.kit
      sample = n => generateCitizens(seed, n).map(c => ({ ...c }))
      break
    }
    default:
      throw new TypeError(`unknown mock kind ${String(kind)}`)
  }
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

function apiKeyOf (kind: AdapterKind, credentials: Credentials): ApiKeyCredentials {
  if (!('apiKey' in credentials) || typeof credentials.apiKey !== 'string' || credentials.apiKey === '') {
    throw new TypeError(`${kind} needs credentials { apiKey }`)
  }
  return { apiKey: credentials.apiKey }
}

function loginOf (kind: AdapterKind, credentials: Credentials): LoginCredentials {
  if (!('username' in credentials) || typeof credentials.username !== 'string' || typeof credentials.password !== 'string') {
    throw new TypeError(`${kind} needs credentials { username, password }`)
  }
  return { username: credentials.username, password: credentials.password }
}
