import { generateCitizens } from '../population/data.js'
import { apiKeyCredentials, commonMockOptions, defineSystem } from '../system.js'
import { OneStopAdapter } from './adapter.js'
import { buildOneStopMock } from './mock.js'

/** A provincial one-stop system (một cửa): dossier submission. */
export const oneStopSystem = defineSystem({
  credentials: apiKeyCredentials,
  createAdapter: (options) => new OneStopAdapter(options),
  buildMock: (options) => {
    const mock = buildOneStopMock({ ...commonMockOptions(options), credentials: options.credentials, agencyCode: options.agencyCode ?? '000.00.00.H29' })
    return { kit: mock.kit, sample: (n) => generateCitizens(options.seed, n).map((c) => ({ ...c })) }
  }
})
