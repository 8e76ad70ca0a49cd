import { apiKeyCredentials, commonMockOptions, defineSystem } from '../system.js'
import { BusinessRegistryAdapter } from './adapter.js'
import { buildBusinessRegistryMock } from './mock.js'

/** The National Business Registration Database: enterprise lookup. */
export const businessRegistrySystem = defineSystem({
  credentials: apiKeyCredentials,
  createAdapter: (options) => new BusinessRegistryAdapter(options),
  buildMock: (options) => {
    const mock = buildBusinessRegistryMock({ ...commonMockOptions(options), credentials: options.credentials, ...(options.size !== undefined ? { size: options.size } : {}) })
    return { kit: mock.kit, sample: (n) => mock.enterprises.slice(0, n).map((e) => structuredClone(e) as unknown as Record<string, unknown>) }
  }
})
