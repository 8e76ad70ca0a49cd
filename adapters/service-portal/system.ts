import { generateCitizens } from '../population/data.js'
import { commonMockOptions, defineSystem, loginCredentials } from '../system.js'
import { ServicePortalAdapter } from './adapter.js'
import { buildServicePortalMock } from './mock.js'

/** The National Public Service Portal: dossier status sync. */
export const servicePortalSystem = defineSystem({
  credentials: loginCredentials,
  createAdapter: (options) => new ServicePortalAdapter(options),
  buildMock: (options) => {
    const mock = buildServicePortalMock({ ...commonMockOptions(options), credentials: options.credentials, ...(options.sessionTtlMs !== undefined ? { sessionTtlMs: options.sessionTtlMs } : {}) })
    return { kit: mock.kit, sample: (n) => generateCitizens(options.seed, n).map((c) => ({ ...c })) }
  }
})
