/* Generated from schemas/services/dossier.supplement.v1.json by npm run gen:types. Do not edit. */

/**
 * Supplies the documents a procedure group's step asked for (its state shows `flowState: supplement-requested` and each waiting step's `missingDocuments`). Sent by the group's sender, to the group's receiver, within 7 working days: the waiting steps run again with the documents added.
 */
export interface DossierSupplementRequest {
  /**
   * Dossier code <agency code>-<yymmdd>-<NNNN> (Circular 01/2018/TT-VPCP art. 19).
   */
  dossierCode: string
  /**
   * @minItems 1
   * @maxItems 20
   */
  documents:
    | [DossierDocument]
    | [DossierDocument, DossierDocument]
    | [DossierDocument, DossierDocument, DossierDocument]
    | [DossierDocument, DossierDocument, DossierDocument, DossierDocument]
    | [DossierDocument, DossierDocument, DossierDocument, DossierDocument, DossierDocument]
    | [DossierDocument, DossierDocument, DossierDocument, DossierDocument, DossierDocument, DossierDocument]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
    | [
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument,
        DossierDocument
      ]
  note?: string
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
 * This interface was referenced by `DossierSupplementRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface DossierSupplementReply {
  /**
   * Dossier code <agency code>-<yymmdd>-<NNNN> (Circular 01/2018/TT-VPCP art. 19).
   */
  dossierCode: string
  resumedSteps: string[]
}
