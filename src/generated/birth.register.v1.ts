/* Generated from schemas/services/birth.register.v1.json by npm run gen:types. Do not edit. */

/**
 * Procedure group 1 of Decree 63/2024/NĐ-CP (2.000986): birth registration, then permanent residence registration and a health insurance card for the child, in one message. The gateway runs the steps: the Ministry of Justice's civil-status software registers the birth (and the population database issues the child's personal ID number), then the residence system and Vietnam Social Security, in parallel, with the first step's results. Each step is a delivery of its own (GET the message for `steps`); the dossier's status is synced to the national portal as it moves. A step that asks for documents pauses the group until dossier.supplement brings them (7 working days, then the dossier is refused).
 */
export interface BirthRegisterRequest {
  /**
   * The procedure group's code.
   */
  procedureCode: '2.000986'
  /**
   * The commune-level People's Committee that registers the birth.
   */
  receivingAgency: string
  child: Newborn
  mother: {
    /**
     * 12-digit personal identification number (số định danh cá nhân).
     */
    citizenId: string
    /**
     * Full name in Vietnamese (Unicode; compared in NFC).
     */
    fullName: string
  }
  father?: {
    /**
     * 12-digit personal identification number (số định danh cá nhân).
     */
    citizenId: string
    /**
     * Full name in Vietnamese (Unicode; compared in NFC).
     */
    fullName: string
  }
  applicant: FlowApplicant
  residence: NewbornResidence
  /**
   * @minItems 1
   * @maxItems 50
   */
  documents: [DossierDocument, ...DossierDocument[]]
}
export interface Newborn {
  /**
   * Full name in Vietnamese (Unicode; compared in NFC).
   */
  fullName: string
  gender: 'male' | 'female'
  /**
   * Calendar date YYYY-MM-DD.
   */
  dateOfBirth: string
  placeOfBirth: string
  ethnicity?: string
  /**
   * ISO 3166-1 alpha-2 (default VN).
   */
  nationality?: string
}
/**
 * Who applies (người yêu cầu): a parent or relative.
 */
export interface FlowApplicant {
  /**
   * 12-digit personal identification number (số định danh cá nhân).
   */
  citizenId: string
  /**
   * Full name in Vietnamese (Unicode; compared in NFC).
   */
  fullName: string
  /**
   * To the child or the deceased, in Vietnamese (mẹ, cha, ông, bà, con, vợ, chồng…).
   */
  relationship: string
  phone?: string
  email?: string
}
/**
 * Where the child is registered as a permanent resident: the household it joins.
 */
export interface NewbornResidence {
  /**
   * Free-text Vietnamese address.
   */
  address: string
  /**
   * 12-digit personal identification number (số định danh cá nhân).
   */
  householdHeadCitizenId: string
  relationshipToHead: string
}
export interface DossierDocument {
  /**
   * What the document is, where a procedure needs to tell (e.g. medical-birth-certificate: the hospital's giấy chứng sinh; death-notice: giấy báo tử; declaration: the tờ khai). A receiver that misses a kind it requires asks for it as a supplement.
   */
  kind?: string
  /**
   * Document name in the procedure's list of components.
   */
  name: string
  fileName: string
  mimeType: string
  sha256: string
  /**
   * Where the receiver can fetch the document: an https URL with a host name or IPv4 address, no user name or password in it.
   */
  url?: string
}
/**
 * Every step's result, gathered once all three are done.
 *
 * This interface was referenced by `BirthRegisterRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface BirthRegisterReply {
  /**
   * Dossier code <agency code>-<yymmdd>-<NNNN> (Circular 01/2018/TT-VPCP art. 19).
   */
  dossierCode: string
  result: 'completed'
  /**
   * 12-digit personal identification number (số định danh cá nhân).
   */
  childCitizenId: string
  birthCertificateNumber: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  registeredDate: string
  householdNumber?: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  residenceRegisteredDate?: string
  healthInsuranceCardNumber?: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  healthInsuranceValidTo?: string
}
