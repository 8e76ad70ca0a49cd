import { createAdapter, type Credentials } from '../../adapters/index.js'
import type { Registry } from '../registry.js'
import type { Adapter } from '../../adapters/contract.js'

/** Wraps each adapter as it is created (metrics, logging), keeping the {@link Adapter} contract. */
export type AdapterDecorator = (adapter: Adapter, receiverId: string) => Adapter

/** One adapter (and so one connection pool) per receiving system, created on first use. */
export class AdapterPool {
  private readonly registry: Registry
  private readonly decorate: AdapterDecorator
  private readonly adapters = new Map<string, Adapter>()

  constructor (registry: Registry, opts: { decorate?: AdapterDecorator } = {}) {
    this.registry = registry
    this.decorate = opts.decorate ?? ((adapter) => adapter)
  }

  /** The adapter that reaches `receiverId`; throws when the participant receives nothing. */
  for (receiverId: string): Adapter {
    let adapter = this.adapters.get(receiverId)
    if (adapter === undefined) {
      const endpoint = this.registry.get(receiverId)?.endpoint
      if (endpoint === undefined) throw new Error(`${receiverId} has no endpoint`)
      adapter = this.decorate(createAdapter(endpoint.kind, { baseUrl: endpoint.baseUrl, credentials: endpoint.credentials as unknown as Credentials }), receiverId)
      this.adapters.set(receiverId, adapter)
    }
    return adapter
  }

  async close (): Promise<void> {
    await Promise.allSettled([...this.adapters.values()].map(async (a) => await a.close()))
    this.adapters.clear()
  }
}
