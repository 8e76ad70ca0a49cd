/* Generated from schemas/services/health-insurance.child-card.v1.json by npm run gen:types. Do not edit. */

/**
 * Step of the birth.register procedure group (Decree 63/2024/NĐ-CP): asks Vietnam Social Security for the free health insurance card of a newborn (a child under 6, whose cover the State pays). The reply carries the card number and its validity, from the date of birth to the day before the 6th birthday. A child of 6 or older, or one who already has a card, is refused.
 */
export interface HealthInsuranceChildCardRequest {
  /**
   * Dossier code <agency code>-<yymmdd>-<NNNN> (Circular 01/2018/TT-VPCP art. 19).
   */
  dossierCode: string
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
  dateOfBirth: string
  gender: 'male' | 'female'
  /**
   * Number of the birth certificate (giấy khai sinh) the civil-status registration issued.
   */
  birthCertificateNumber: string
  /**
   * Free-text Vietnamese address.
   */
  address: string
  guardian: ChildCardGuardian
}
/**
 * The parent or guardian who applies for the child.
 */
export interface ChildCardGuardian {
  /**
   * 12-digit personal identification number (số định danh cá nhân).
   */
  citizenId: string
  /**
   * Full name in Vietnamese (Unicode; compared in NFC).
   */
  fullName: string
}
/**
 * issued: the card was issued. cardNumber is the 15-character number printed on the card (Decision 1666/QĐ-BHXH): TE (child under 6), 1 (benefit level, 100 %), the 2-digit province code of the issuing office, then the child's 10-digit social insurance number.
 *
 * This interface was referenced by `HealthInsuranceChildCardRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface HealthInsuranceChildCardReply {
  result: 'issued'
  cardNumber: string
  /**
   * Social insurance number (mã số BHXH), 10 digits.
   */
  socialInsuranceNumber: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  validFrom: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  validTo: string
}
