/* Generated from schemas/message-state.json by npm run gen:types. Do not edit. */

/**
 * Where a message is on its way: accepted → queued → delivering → delivered, retrying between failures, dead when retries are spent or the failure is permanent.
 */
export interface MessageState {
  messageId: string
  service: string
  version: string
  from: string
  to: string
  correlationId?: string
  mode: 'sync' | 'async'
  status: 'accepted' | 'queued' | 'delivering' | 'retrying' | 'delivered' | 'dead' | 'unconfirmed'
  attempts: number
  createdAt: string
  updatedAt: string
  deliveredAt?: string
  nextAttemptAt?: string
  statusUrl: string
  /**
   * dossier.submit: the dossier code the gateway issued, <agency>-<yymmdd>-<NNNN>.
   */
  dossierCode?: string
  /**
   * base64url SHA-256 of the request body bytes the gateway recorded (X-Lienthong-Request-Hash of the answer to the first POST).
   */
  requestHash?: string
  /**
   * Once delivered: base64url SHA-256 of the reply envelope in canonical JSON (RFC 8785).
   */
  replyHash?: string
  /**
   * The reply carried citizen data and was kept only REPLY_RETENTION_HOURS: dropped at this time. replyHash and deliveryReceipt still say what it was.
   */
  replyExpiredAt?: string
  /**
   * Once delivered: the gateway's signed delivery receipt, a compact JWS (typ lienthong-receipt+jwt) over the messageId, sender, receiver, service, request hash, status delivered, delivery time and reply hash; verify it with the keys at /.well-known/jwks.json.
   */
  deliveryReceipt?: string
  reply?: Message
  lastError?: {
    code: string
    message: string
    at: string
    transient?: boolean
    upstreamStatus?: number
  }
  /**
   * dossier.status: the dossier's previous change; this one is delivered after it is delivered or dead.
   */
  previousMessageId?: string
  /**
   * Messages with a callbackUrl: where the signed outcome callback stands.
   */
  callback?: {
    event: 'message.delivered' | 'message.dead'
    status: 'pending' | 'sent' | 'failed'
    attempts: number
    sentAt?: string
    lastError?: string
  }
  /**
   * A procedure group (birth.register, death.register): where its flow stands. running: steps under way; supplement-requested: a step asked for documents (see its result's missingDocuments; send dossier.supplement before supplementDueAt); completed: every step done (the reply gathers their results); failed: a step is dead (replaying it resumes the flow); refused: the documents did not come in time.
   */
  flowState?: 'running' | 'supplement-requested' | 'completed' | 'failed' | 'refused'
  /**
   * A procedure group waiting for documents: the end of the 7th working day after they were asked for; without them by then, the dossier is refused.
   */
  supplementDueAt?: string
  /**
   * A procedure group: each of its steps, an ordinary message of its own (its messageId's state shows it in full).
   */
  steps?: FlowStep[]
  /**
   * A message the gateway sent for a procedure group: the group's message (its record id).
   */
  flowId?: string
  /**
   * Its step in the group (portal: a status sync).
   */
  flowStep?: string
  flowRound?: number
  /**
   * A step: its legal deadline.
   */
  dueAt?: string
  /**
   * A step: when the gateway found it past its deadline and not settled.
   */
  overdueAt?: string
  history?: {
    status: string
    at: string
    attempt?: number
    error?: string
  }[]
}
/**
 * The reply envelope, once delivered (shown to the sender alone).
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
export interface FlowStep {
  /**
   * e.g. civil-status, residence, health-insurance, social-insurance.
   */
  name: string
  service: string
  receiver: string
  /**
   * waiting: the steps before it are not done yet.
   */
  status: 'waiting' | 'accepted' | 'queued' | 'delivering' | 'retrying' | 'delivered' | 'dead' | 'unconfirmed'
  /**
   * 1, and one more for each supplement of documents it was run again after.
   */
  round: number
  attempts: number
  messageId?: string
  /**
   * The step's legal deadline: its procedure's working days (GET /v1/catalogs/procedures), to the end of the day, Vietnam time.
   */
  dueAt?: string
  /**
   * Not settled by dueAt (or settled after it).
   */
  overdue: boolean
  deliveredAt?: string
  /**
   * The step's reply body (its service's reply schema); result supplement-required names the missingDocuments.
   */
  result?: {
    [k: string]: unknown
  }
  lastError?: {
    code: string
    message: string
    at: string
    transient?: boolean
    upstreamStatus?: number
  }
}
