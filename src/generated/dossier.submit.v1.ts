/* Generated from schemas/services/dossier.submit.v1.json by npm run gen:types. Do not edit. */

/**
 * Submits an administrative dossier to the provincial one-stop system named by header.to; the reply carries the dossier code it registered.
 */
export interface DossierSubmitRequest {
  /**
   * Administrative procedure code from the national procedure database, e.g. 1.001193.
   */
  procedureCode: string
  procedureName: string
  /**
   * Electronic agency code NNN.NN.NN.XNN (Decision 20/2020/QĐ-TTg).
   */
  receivingAgency: string
  channel?: 'online' | 'counter'
  applicant: Applicant
  /**
   * @minItems 1
   * @maxItems 50
   */
  documents: [DossierDocument, ...DossierDocument[]]
}
export interface Applicant {
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
  phone?: string
  email?: string
  /**
   * Free-text Vietnamese address.
   */
  address: string
}
export interface DossierDocument {
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
 * This interface was referenced by `DossierSubmitRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface DossierSubmitReply {
  /**
   * Dossier code <agency code>-<yymmdd>-<NNNN> (Circular 01/2018/TT-VPCP art. 19).
   */
  dossierCode: string
  /**
   * RFC 3339 date-time with offset, e.g. 2026-11-22T09:30:00+07:00.
   */
  receivedAt: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  appointmentDate?: string
}
