import { apiKeyCredentials, commonMockOptions, defineSystem } from '../system.js'
import { SocialSecurityAdapter } from './adapter.js'
import type { InsuranceSample } from './data.js'
import { buildSocialSecurityMock } from './mock.js'

/**
 * Vietnam Social Security (Bảo hiểm xã hội Việt Nam): health insurance cards of children under 6
 * and survivorship (funeral and survivor allowance) claims. Its mock's `sample(n)` gives the first
 * `n` seeded citizens (the population mock's, same seed), each with `maSoBHXH` (null when
 * uninsured) and `soThangDong` (contribution months, 0 when uninsured).
 */
export const socialSecuritySystem = defineSystem({
  credentials: apiKeyCredentials,
  createAdapter: (options) => new SocialSecurityAdapter(options),
  buildMock: (options) => {
    const mock = buildSocialSecurityMock({ ...commonMockOptions(options), credentials: options.credentials, ...(options.size !== undefined ? { size: options.size } : {}) })
    const insured = new Map(mock.insured.map((p) => [p.soDinhDanh, p]))
    return {
      kit: mock.kit,
      sample: (n) => mock.citizens.slice(0, n).map((c) => {
        const record = insured.get(c.soDinhDanh)
        return { ...c, maSoBHXH: record?.maSoBHXH ?? null, soThangDong: record?.soThangDong ?? 0 } satisfies InsuranceSample
      })
    }
  }
})
