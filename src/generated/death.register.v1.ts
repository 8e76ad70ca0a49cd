/* Generated from schemas/services/death.register.v1.json by npm run gen:types. Do not edit. */

/**
 * Procedure group 2 of Decree 63/2024/NĐ-CP: death registration, then permanent residence deregistration and the funeral allowance and survivor benefits of social insurance, in one message. The gateway runs the steps as for birth.register: the civil-status software first, then the residence system and Vietnam Social Security in parallel with the death certificate number.
 */
export interface DeathRegisterRequest {
  /**
   * The procedure group's code (a placeholder: see GET /v1/catalogs/procedures).
   */
  procedureCode: '9.990003'
  /**
   * The commune-level People's Committee that registers the death.
   */
  receivingAgency: string
  deceased: Deceased
  applicant: FlowApplicant
  /**
   * @minItems 1
   * @maxItems 50
   */
  documents: [DossierDocument, ...DossierDocument[]]
}
export interface Deceased {
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
   * Calendar date YYYY-MM-DD.
   */
  dateOfDeath: string
  placeOfDeath: string
  causeOfDeath?: string
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
 * This interface was referenced by `DeathRegisterRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface DeathRegisterReply {
  /**
   * Dossier code <agency code>-<yymmdd>-<NNNN> (Circular 01/2018/TT-VPCP art. 19).
   */
  dossierCode: string
  result: 'completed'
  deathCertificateNumber: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  registeredDate: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  deregisteredDate?: string
  funeralAllowanceVnd?: number
  survivorAllowance?: 'monthly' | 'lump-sum' | 'none'
  /**
   * Calendar date YYYY-MM-DD.
   */
  benefitsDecisionDueDate?: string
}
