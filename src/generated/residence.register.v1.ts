/* Generated from schemas/services/residence.register.v1.json by npm run gen:types. Do not edit. */

/**
 * Registers a newborn's permanent residence (đăng ký thường trú) in the household of a head who is a registered resident, in the Ministry of Public Security's residence system: the step after the birth registration in the birth.register procedure group. Refused (LT_UPSTREAM_REJECTED) when the head is not the head of a household still registered there, or the citizen is already registered.
 */
export interface ResidenceRegisterRequest {
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
  /**
   * 12-digit personal identification number (số định danh cá nhân).
   */
  householdHeadCitizenId: string
  /**
   * The child's relationship to the head, in Vietnamese as the residence system writes it (e.g. Con, Cháu).
   */
  relationshipToHead: string
}
/**
 * registered: the child is a permanent resident of the head's household; householdNumber is that household's number, registeredDate the day of registration (Vietnam time).
 *
 * This interface was referenced by `ResidenceRegisterRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface ResidenceRegisterReply {
  result: 'registered'
  /**
   * Number of the household (số hộ) in the residence system.
   */
  householdNumber: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  registeredDate: string
}
