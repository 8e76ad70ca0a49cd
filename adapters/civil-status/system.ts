import { apiKeyCredentials, commonMockOptions, defineSystem } from '../system.js'
import { CivilStatusAdapter } from './adapter.js'
import { buildCivilStatusMock } from './mock.js'

/**
 * The Ministry of Justice's shared civil-status registration software (hộ tịch): birth and death
 * registration. Its mock asks the population mock named in `peers.population` for a newborn's
 * personal ID number; without one it issues the number itself.
 */
export const civilStatusSystem = defineSystem({
  credentials: apiKeyCredentials,
  createAdapter: (options) => new CivilStatusAdapter(options),
  buildMock: (options) => {
    const peer = options.peers?.population
    const mock = buildCivilStatusMock({
      ...commonMockOptions(options),
      credentials: options.credentials,
      ...(options.size !== undefined ? { size: options.size } : {}),
      ...(peer !== undefined ? { population: { url: peer.url, apiKey: apiKeyCredentials(peer.credentials, 'population').apiKey } } : {})
    })
    return { kit: mock.kit, sample: (n) => mock.citizens.slice(0, n).map((c) => ({ ...c })) }
  }
})
