/* Generated from schemas/services/social-insurance.death-benefits.v1.json by npm run gen:types. Do not edit. */

/**
 * Step of the death.register procedure group (Decree 63/2024/NĐ-CP): files the funeral allowance and survivor allowance claim for a deceased person with Vietnam Social Security. A second claim for the same deceased is refused.
 */
export interface SocialInsuranceDeathBenefitsRequest {
  /**
   * Dossier code <agency code>-<yymmdd>-<NNNN> (Circular 01/2018/TT-VPCP art. 19).
   */
  dossierCode: string
  deceased: DeathBenefitsDeceased
  /**
   * Number of the death certificate (trích lục khai tử) the civil-status registration issued.
   */
  deathCertificateNumber: string
  claimant: DeathBenefitsClaimant
}
export interface DeathBenefitsDeceased {
  /**
   * 12-digit personal identification number (số định danh cá nhân).
   */
  citizenId: string
  /**
   * Full name in Vietnamese (Unicode; compared in NFC).
   */
  fullName: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  dateOfDeath: string
}
/**
 * The relative who claims the allowances.
 */
export interface DeathBenefitsClaimant {
  /**
   * 12-digit personal identification number (số định danh cá nhân).
   */
  citizenId: string
  /**
   * Full name in Vietnamese (Unicode; compared in NFC).
   */
  fullName: string
  /**
   * The claimant's relation to the deceased, in Vietnamese (e.g. vợ, chồng, con, cha, mẹ).
   */
  relationship: string
}
/**
 * accepted: the claim was filed. For an insured person (socialInsuranceNumber present) the funeral allowance is 10 × the base salary (23,400,000 đồng at 2,340,000) and the survivor allowance is monthly after 180 contribution months or more, else a lump sum. Someone never insured leaves no entitlement: no socialInsuranceNumber, funeralAllowanceVnd 0 and survivorAllowance none. decisionDueDate: 12 working days after receipt.
 *
 * This interface was referenced by `SocialInsuranceDeathBenefitsRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface SocialInsuranceDeathBenefitsReply {
  result: 'accepted'
  /**
   * The deceased's social insurance number (mã số BHXH), 10 digits; absent when never insured.
   */
  socialInsuranceNumber?: string
  /**
   * Funeral allowance (trợ cấp mai táng) in đồng.
   */
  funeralAllowanceVnd: number
  /**
   * Survivor allowance (trợ cấp tuất): monthly, lump-sum or none.
   */
  survivorAllowance: 'monthly' | 'lump-sum' | 'none'
  /**
   * Calendar date YYYY-MM-DD.
   */
  decisionDueDate: string
}
