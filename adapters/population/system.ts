import { apiKeyCredentials, commonMockOptions, defineSystem } from '../system.js'
import { PopulationAdapter } from './adapter.js'
import { buildPopulationMock } from './mock.js'

/** The National Population Database: citizen verification and lookup. */
export const populationSystem = defineSystem({
  credentials: apiKeyCredentials,
  createAdapter: (options) => new PopulationAdapter(options),
  buildMock: (options) => {
    const mock = buildPopulationMock({ ...commonMockOptions(options), credentials: options.credentials, ...(options.size !== undefined ? { size: options.size } : {}) })
    return { kit: mock.kit, sample: (n) => mock.citizens.slice(0, n).map((c) => ({ ...c })) }
  }
})
