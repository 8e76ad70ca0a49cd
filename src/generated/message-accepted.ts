/* Generated from schemas/message-accepted.json by npm run gen:types. Do not edit. */

/**
 * An async message (or a sync one whose receiver did not answer in time) was recorded and queued; follow statusUrl.
 */
export interface MessageAccepted {
  messageId: string
  status: 'accepted' | 'queued' | 'delivering' | 'retrying' | 'delivered' | 'dead' | 'unconfirmed'
  statusUrl: string
  /**
   * dossier.submit: the dossier code the gateway issued for the receiving agency, <agency>-<yymmdd>-<NNNN> (per agency and Vietnam day, never reused); the receiving system registers the dossier under it.
   */
  dossierCode?: string
}
