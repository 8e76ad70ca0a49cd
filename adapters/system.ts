import type { Adapter } from './contract.js'
import type { Faults } from './mock-kit/faults.js'
import type { MockKit } from './mock-kit/mock-server.js'

/** An API key (population, business registry, one-stop). */
export interface ApiKeyCredentials { apiKey: string }
/** A login (the national portal). */
export interface LoginCredentials { username: string, password: string }
/** The same plain object configures a mock and the adapter that talks to it. */
export type Credentials = ApiKeyCredentials | LoginCredentials

/** Where an adapter's undici Pool connects, and its limits. */
export interface PoolOptions {
  baseUrl: string
  /** Sockets in the adapter's pool (default 10). */
  connections?: number
  connectTimeoutMs?: number
  headersTimeoutMs?: number
  bodyTimeoutMs?: number
}

/** What every mock is built from; each system reads the options that concern it. */
export interface MockOptions {
  seed: number
  faults: Partial<Faults>
  logger?: boolean
  /** Records to generate (population: citizens; business registry: enterprises). */
  size?: number
  /** One-stop: its province agency code. */
  agencyCode?: string
  /** Portal: session lifetime. */
  sessionTtlMs?: number
  /**
   * Other running mocks this one calls as the real system calls its peers, by kind (civil status:
   * the population database, which issues a newborn's personal ID number). Absent: it does without.
   */
  peers?: Partial<Record<string, MockPeer>>
}

/** A running mock another mock calls: where it listens and the credentials it takes. */
export interface MockPeer { url: string, credentials: Credentials }

/** A built mock: its HTTP server kit, and `n` of its seeded native records (sample applicants, citizens, enterprises). */
export interface BuiltMock {
  kit: MockKit
  sample: (n: number) => Array<Record<string, unknown>>
}

/**
 * One receiving system, as its folder under `adapters/` defines it: the credentials it takes,
 * the adapter that speaks its native API, and the mock that stands in for it. `adapters/index.ts`
 * lists every system in one table.
 */
export interface SystemDefinition<C extends Credentials = Credentials> {
  /** Checks the configured credentials have this system's shape (a TypeError naming `kind` if not). */
  credentials: (given: Credentials, kind: string) => C
  createAdapter: (options: PoolOptions & { credentials: C }) => Adapter
  buildMock: (options: MockOptions & { credentials: C }) => BuiltMock
}

/** Declares a system (the identity: it lets TypeScript tie the credentials to the adapter and mock). */
export function defineSystem<C extends Credentials> (definition: SystemDefinition<C>): SystemDefinition<C> {
  return definition
}

export function apiKeyCredentials (given: Credentials, kind: string): ApiKeyCredentials {
  if (!('apiKey' in given) || typeof given.apiKey !== 'string' || given.apiKey === '') {
    throw new TypeError(`${kind} needs credentials { apiKey }`)
  }
  return { apiKey: given.apiKey }
}

export function loginCredentials (given: Credentials, kind: string): LoginCredentials {
  if (!('username' in given) || typeof given.username !== 'string' || typeof given.password !== 'string') {
    throw new TypeError(`${kind} needs credentials { username, password }`)
  }
  return { username: given.username, password: given.password }
}

/** The options every MockKit-based mock shares. */
export function commonMockOptions (options: MockOptions): { seed: number, faults: Partial<Faults>, logger?: boolean } {
  return { seed: options.seed, faults: options.faults, ...(options.logger !== undefined ? { logger: options.logger } : {}) }
}
