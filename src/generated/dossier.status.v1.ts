/* Generated from schemas/services/dossier.status.v1.json by npm run gen:types. Do not edit. */

/**
 * Syncs a dossier's status change to the national public service portal. A change the dossier lifecycle forbids (e.g. 10 back to 4) is refused.
 */
export interface DossierStatusRequest {
  /**
   * Dossier code <agency code>-<yymmdd>-<NNNN> (Circular 01/2018/TT-VPCP art. 19).
   */
  dossierCode: string
  /**
   * National portal dossier status: 1 new, 2 received, 3 not received, 4 in progress, 5 supplement requested, 6 payment required, 7 withdrawn, 8 processing stopped, 9 processed, 10 result returned.
   */
  status: number
  /**
   * RFC 3339 date-time with offset, e.g. 2026-11-22T09:30:00+07:00.
   */
  changedAt: string
  /**
   * Administrative procedure code from the national procedure database, e.g. 1.001193.
   */
  procedureCode?: string
  /**
   * Electronic agency code NNN.NN.NN.XNN (Decision 20/2020/QĐ-TTg).
   */
  handlingAgency?: string
  note?: string
}
/**
 * This interface was referenced by `DossierStatusRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface DossierStatusReply {
  /**
   * Dossier code <agency code>-<yymmdd>-<NNNN> (Circular 01/2018/TT-VPCP art. 19).
   */
  dossierCode: string
  /**
   * National portal dossier status: 1 new, 2 received, 3 not received, 4 in progress, 5 supplement requested, 6 payment required, 7 withdrawn, 8 processing stopped, 9 processed, 10 result returned.
   */
  status: number
  /**
   * RFC 3339 date-time with offset, e.g. 2026-11-22T09:30:00+07:00.
   */
  syncedAt: string
}
