/* Generated from schemas/services/civil-status.death.v1.json by npm run gen:types. Do not edit. */

/**
 * Documents a receiver says are missing: the dossier waits for them (supplement requested).
 *
 * @minItems 1
 * @maxItems 20
 */
export type MissingDocuments =
  | [MissingDocument]
  | [MissingDocument, MissingDocument]
  | [MissingDocument, MissingDocument, MissingDocument]
  | [MissingDocument, MissingDocument, MissingDocument, MissingDocument]
  | [MissingDocument, MissingDocument, MissingDocument, MissingDocument, MissingDocument]
  | [MissingDocument, MissingDocument, MissingDocument, MissingDocument, MissingDocument, MissingDocument]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]
  | [
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument,
      MissingDocument
    ]

/**
 * Registers a death in the Ministry of Justice's shared civil-status registration software (step 1 of the death.register procedure group, Decree 63/2024/NĐ-CP); the reply carries the death certificate (trích lục khai tử) number. Without a document of kind death-notice (Giấy báo tử) the software asks for it (supplement-required). Refused (LT_UPSTREAM_REJECTED): a citizen whose death is already registered, a date of death after today or before the date of birth, a personal ID number that disagrees with the date of birth or gender.
 */
export interface CivilStatusDeathRequest {
  /**
   * Dossier code <agency code>-<yymmdd>-<NNNN> (Circular 01/2018/TT-VPCP art. 19).
   */
  dossierCode: string
  /**
   * The commune-level People's Committee that registers the death.
   */
  registrationAgency: string
  deceased: Deceased
  applicant: CivilStatusApplicant
  /**
   * The dossier's documents; the Giấy báo tử has kind death-notice. Empty, the software asks for it.
   *
   * @maxItems 50
   */
  documents: DossierDocument[]
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
 * The person who asks for the registration.
 *
 * This interface was referenced by `CivilStatusDeathRequest`'s JSON-Schema
 * via the `definition` "applicant".
 */
export interface CivilStatusApplicant {
  /**
   * 12-digit personal identification number (số định danh cá nhân).
   */
  citizenId: string
  /**
   * Full name in Vietnamese (Unicode; compared in NFC).
   */
  fullName: string
  /**
   * Relationship to the deceased, e.g. con, vợ, chồng.
   */
  relationship: string
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
 * registered: the death is registered; deathCertificateNumber (the software's register number <n>/<year>/KT) and registeredDate are set, missingDocuments is not. supplement-required: nothing is registered; missingDocuments names what to add, the other fields are absent.
 *
 * This interface was referenced by `CivilStatusDeathRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface CivilStatusDeathReply {
  result: 'registered' | 'supplement-required'
  /**
   * Number of the death certificate (trích lục khai tử) in the registering agency's register: <n>/<year>/KT.
   */
  deathCertificateNumber?: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  registeredDate?: string
  missingDocuments?: MissingDocuments
}
export interface MissingDocument {
  kind: string
  name: string
}
