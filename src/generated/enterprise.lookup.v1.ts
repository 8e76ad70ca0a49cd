/* Generated from schemas/services/enterprise.lookup.v1.json by npm run gen:types. Do not edit. */

/**
 * Returns an enterprise's registration from the national business registration database.
 */
export interface EnterpriseLookupRequest {
  /**
   * Enterprise code (mã số doanh nghiệp): 10 digits with a check digit, or 10-3 for a branch.
   */
  enterpriseCode: string
}
/**
 * This interface was referenced by `EnterpriseLookupRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface EnterpriseLookupReply {
  found: boolean
  enterprise?: EnterpriseRegistration
}
export interface EnterpriseRegistration {
  /**
   * Enterprise code (mã số doanh nghiệp): 10 digits with a check digit, or 10-3 for a branch.
   */
  enterpriseCode: string
  name: string
  englishName?: string
  type?: string
  status: 'active' | 'suspended' | 'dissolving' | 'dissolved' | 'bankrupt'
  /**
   * Calendar date YYYY-MM-DD.
   */
  foundedOn?: string
  address: string
  legalRepresentative: {
    fullName: string
    title?: string
  }
  /**
   * Charter capital in VND.
   */
  charterCapital?: number
  businessLines: {
    /**
     * VSIC code.
     */
    code: string
    name: string
    main: boolean
  }[]
}
