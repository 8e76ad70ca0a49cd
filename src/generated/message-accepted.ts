/* Generated from schemas/message-accepted.json by npm run gen:types. Do not edit. */

/**
 * An async message (or a sync one whose receiver did not answer in time) was recorded and queued; follow statusUrl.
 */
export interface MessageAccepted {
  messageId: string
  status: 'accepted' | 'queued' | 'delivering' | 'retrying' | 'delivered' | 'dead' | 'unconfirmed'
  statusUrl: string
}
