/* Generated from schemas/services/civil-status.birth.v1.json by npm run gen:types. Do not edit. */

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
 * Registers a birth in the Ministry of Justice's shared civil-status registration software (step 1 of the birth.register procedure group, Decree 63/2024/NĐ-CP). The software checks the parents against the population database, which issues the child's personal identification number; the reply carries that number and the birth certificate number. Without a document of kind medical-birth-certificate (Giấy chứng sinh) the software asks for it (supplement-required) and registers nothing.
 */
export interface CivilStatusBirthRequest {
  /**
   * Dossier code <agency code>-<yymmdd>-<NNNN> (Circular 01/2018/TT-VPCP art. 19).
   */
  dossierCode: string
  /**
   * The commune-level People's Committee that registers the birth; its province gives digits 1-3 of the child's number.
   */
  registrationAgency: string
  child: BirthChild
  mother: BirthParent
  father?: BirthParent
  applicant: CivilStatusApplicant
  /**
   * The dossier's documents; the Giấy chứng sinh has kind medical-birth-certificate.
   *
   * @minItems 1
   * @maxItems 50
   */
  documents: [DossierDocument, ...DossierDocument[]]
}
export interface BirthChild {
  /**
   * Full name in Vietnamese (Unicode; compared in NFC).
   */
  fullName: string
  gender: 'male' | 'female'
  /**
   * Calendar date YYYY-MM-DD.
   */
  dateOfBirth: string
  /**
   * Where the child was born (a hospital, a commune).
   */
  placeOfBirth: string
  /**
   * Ethnic group (dân tộc), e.g. Kinh.
   */
  ethnicity?: string
  /**
   * ISO 3166-1 alpha-2 code; a child of another nationality is another procedure and is refused.
   */
  nationality?: string
}
/**
 * A parent as the population database knows them.
 *
 * This interface was referenced by `CivilStatusBirthRequest`'s JSON-Schema
 * via the `definition` "parent".
 */
export interface BirthParent {
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
 * The person who asks for the registration.
 *
 * This interface was referenced by `CivilStatusBirthRequest`'s JSON-Schema
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
   * Relationship to the child, e.g. mẹ, cha, ông, bà.
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
 * registered: the birth is registered; childCitizenId (issued by the population database), birthCertificateNumber (the software's register number <n>/<year>/KS) and registeredDate are set, missingDocuments is not. supplement-required: nothing is registered; missingDocuments names what to add, the other fields are absent.
 *
 * This interface was referenced by `CivilStatusBirthRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface CivilStatusBirthReply {
  result: 'registered' | 'supplement-required'
  /**
   * 12-digit personal identification number (số định danh cá nhân).
   */
  childCitizenId?: string
  /**
   * Number of the birth certificate in the registering agency's register: <n>/<year>/KS.
   */
  birthCertificateNumber?: string
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
