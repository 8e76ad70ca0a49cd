/* Generated from schemas/envelope.json by npm run gen:types. Do not edit. */

/**
 * A standardized message: an envelope header plus a body typed by header.service and header.version.
 */
export interface Message {
  header: MessageHeader
  /**
   * Validated against schemas/services/<service>.v<version>.json.
   */
  body: {
    [k: string]: unknown
  }
}
/**
 * This interface was referenced by `Message`'s JSON-Schema
 * via the `definition` "header".
 */
export interface MessageHeader {
  /**
   * UUID chosen by the sender (RFC 9562 version 1 to 7, e.g. a random version 4 or a time-ordered version 7; version 8 is reserved for the gateway's own ids); the idempotency key of the message.
   */
  messageId: string
  /**
   * Service code, e.g. citizen.verify.
   */
  service: string
  /**
   * Service version, e.g. 1.
   */
  version: string
  /**
   * X-Road style participant identifier VN:GOV:<agency code>:<system>.
   */
  from: string
  /**
   * X-Road style participant identifier VN:GOV:<agency code>:<system>.
   */
  to: string
  /**
   * RFC 3339 date-time with offset, e.g. 2026-11-22T09:30:00+07:00.
   */
  sentAt: string
  /**
   * Optional: ties the messages of one dossier or flow.
   */
  correlationId?: string
  /**
   * Optional: where the outcome of an async message is posted.
   */
  callbackUrl?: string
  /**
   * UUID chosen by the sender (RFC 9562 version 1 to 7, e.g. a random version 4 or a time-ordered version 7; version 8 is reserved for the gateway's own ids); the idempotency key of the message.
   */
  inReplyTo?: string
  /**
   * On a reply: the request hash of the message it answers (base64url SHA-256 of the request body bytes the gateway recorded, as in X-Lienthong-Request-Hash). Set by the gateway; a sender does not send it.
   */
  requestHash?: string
}
