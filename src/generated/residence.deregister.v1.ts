/* Generated from schemas/services/residence.deregister.v1.json by npm run gen:types. Do not edit. */

/**
 * Deregisters the permanent residence (xóa đăng ký thường trú) of a deceased resident in the Ministry of Public Security's residence system (Law on Residence 2020 art. 24(1)(a)): the step after the death registration in the death.register procedure group. Refused (LT_UPSTREAM_REJECTED) for a citizen the system does not know or has already deregistered.
 */
export interface ResidenceDeregisterRequest {
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
   * Why the residence is deregistered: deceased (the only reason this step carries).
   */
  reason: 'deceased'
  /**
   * Number of the death certificate (trích lục khai tử) the civil-status registration issued.
   */
  deathCertificateNumber: string
  /**
   * Calendar date YYYY-MM-DD.
   */
  dateOfDeath: string
}
/**
 * deregistered: the resident's permanent residence is deregistered as of deregisteredDate (Vietnam time).
 *
 * This interface was referenced by `ResidenceDeregisterRequest`'s JSON-Schema
 * via the `definition` "reply".
 */
export interface ResidenceDeregisterReply {
  result: 'deregistered'
  /**
   * Calendar date YYYY-MM-DD.
   */
  deregisteredDate: string
}
