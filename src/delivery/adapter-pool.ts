import { createAdapter, type Credentials } from '../../adapters/index.js'
import type { Registry } from '../registry.js'
import type { Adapter } from './adapter.js'

/** One adapter (and so one connection pool) per receiving system, created on first use. */
export class AdapterPool {
  private readonly registry: Registry
  private readonly adapters = new Map<string, Adapter>()

  constructor (registry: Registry) {
    this.registry = registry
  }

  /** The adapter that reaches `receiverId`; throws when the participant receives nothing. */
  for (receiverId: string): Adapter {
    let adapter = this.adapters.get(receiverId)
    if (adapter === undefined) {
      const endpoint = this.registry.get(receiverId)?.endpoint
      if (endpoint === undefined) throw new Error(`${receiverId} has no endpoint`)
      adapter = createAdapter(endpoint.kind, { baseUrl: endpoint.baseUrl, credentials: endpoint.credentials as unknown as Credentials })
      this.adapters.set(receiverId, adapter)
    }
    return adapter
  }

  async close (): Promise<void> {
    await Promise.allSettled([...this.adapters.values()].map(async (a) => await a.close()))
    this.adapters.clear()
  }
}
