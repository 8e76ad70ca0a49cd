import { apiKeyCredentials, commonMockOptions, defineSystem } from '../system.js'
import { ResidenceAdapter } from './adapter.js'
import { buildResidenceMock } from './mock.js'

/**
 * The Ministry of Public Security's residence system (Hệ thống quản lý cư trú): permanent
 * residence registration and deregistration. `sample(n)` gives the first `n` seeded residents
 * (the population mock's first `n` citizens, same seed), each with its household: pick a
 * household head with `laChuHo`.
 */
export const residenceSystem = defineSystem({
  credentials: apiKeyCredentials,
  createAdapter: (options) => new ResidenceAdapter(options),
  buildMock: (options) => {
    const mock = buildResidenceMock({ ...commonMockOptions(options), credentials: options.credentials, ...(options.size !== undefined ? { size: options.size } : {}) })
    return { kit: mock.kit, sample: (n) => mock.residents.slice(0, n).map((r) => ({ ...r })) }
  }
})
