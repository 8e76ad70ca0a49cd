/**
 * Every error code of the gateway, in one place: the HTTP refusals (status, code, when it is
 * given) and the delivery errors recorded on a message. `src/errors.ts` makes the refusals from it,
 * the OpenAPI document's error replies describe their codes with it, and `npm run generate` writes
 * the README's error tables from it (`npm run check:generated` fails when they differ).
 */

export interface HttpErrorEntry {
  status: 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 502 | 503
  code: `LT_${string}`
  /** When the gateway answers with it (Markdown). */
  when: string
  /** Given by one part of the gateway only (its routes describe it themselves): not in the generic replies. */
  scope?: 'oauth' | 'admin' | 'dashboard'
}

export interface DeliveryErrorEntry {
  code: `LT_${string}`
  /** Retried (transient), or straight to the dead letters. */
  transient: boolean
  when: string
}

export const HTTP_ERRORS = {
  malformedJson: { status: 400, code: 'LT_MALFORMED_JSON', when: 'the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty' },
  jsonTooDeep: { status: 400, code: 'LT_JSON_TOO_DEEP', when: 'objects and arrays nested more than 32 deep (checked before the body is parsed)' },
  badRequest: { status: 400, code: 'LT_BAD_REQUEST', when: 'bad path or query parameters (`details` names each)' },
  oauthInvalidRequest: { status: 400, code: 'LT_OAUTH_INVALID_REQUEST', when: '`/oauth2/token`: RFC 6749 `invalid_request` (not a form, a parameter missing, credentials both in Basic and the form); the body also carries `error` and `error_description`', scope: 'oauth' },
  oauthUnsupportedGrantType: { status: 400, code: 'LT_OAUTH_UNSUPPORTED_GRANT_TYPE', when: '`/oauth2/token`: `unsupported_grant_type` (not `client_credentials`)', scope: 'oauth' },
  oauthInvalidScope: { status: 400, code: 'LT_OAUTH_INVALID_SCOPE', when: '`/oauth2/token`: `invalid_scope` (a service outside the participant\'s rights)', scope: 'oauth' },
  unauthenticated: { status: 401, code: 'LT_UNAUTHENTICATED', when: 'no `Authorization: Bearer` key, or an unknown, revoked or expired key; on the admin API, no or a wrong admin token' },
  tokenInvalid: { status: 401, code: 'LT_TOKEN_INVALID', when: 'an access token that is expired, forged (signature, key, `typ`, `iss`), for another audience, or whose client secret was revoked or expired (`WWW-Authenticate: Bearer error="invalid_token"`)' },
  oauthInvalidClient: { status: 401, code: 'LT_OAUTH_INVALID_CLIENT', when: '`/oauth2/token`: no client credentials, or an unknown client, a wrong, revoked or expired secret (`error: invalid_client`, `WWW-Authenticate: Basic`)', scope: 'oauth' },
  senderMismatch: { status: 403, code: 'LT_SENDER_MISMATCH', when: '`header.from` is not the participant the key belongs to' },
  serviceForbidden: { status: 403, code: 'LT_SERVICE_FORBIDDEN', when: 'the sender has no right to this service, or to this receiver' },
  dossierForbidden: { status: 403, code: 'LT_DOSSIER_FORBIDDEN', when: 'the dossier is not the sender\'s (another system holds it, or its agency is not one of the sender\'s), or `handlingAgency` / `receivingAgency` is not one of the sender\'s agencies' },
  scopeForbidden: { status: 403, code: 'LT_SCOPE_FORBIDDEN', when: 'the access token\'s `scope` does not include the message\'s service (`WWW-Authenticate: Bearer error="insufficient_scope"`)' },
  crossSiteRequest: { status: 403, code: 'LT_CROSS_SITE_REQUEST', when: 'queue dashboard: a change sent with the session cookie from another site', scope: 'dashboard' },
  notFound: { status: 404, code: 'LT_NOT_FOUND', when: 'no such route or resource' },
  messageNotFound: { status: 404, code: 'LT_MESSAGE_NOT_FOUND', when: 'no such message of yours (another sender\'s is answered the same)' },
  methodNotAllowed: { status: 405, code: 'LT_METHOD_NOT_ALLOWED', when: 'the route exists, not with this method (`Allow` lists those it takes)' },
  messageIdConflict: { status: 409, code: 'LT_MESSAGE_ID_CONFLICT', when: 'the messageId was used for different content' },
  supplementNotRequested: { status: 409, code: 'LT_SUPPLEMENT_NOT_REQUESTED', when: '`dossier.supplement` for a procedure group that is not waiting for documents (running, finished, or refused)' },
  replyExpired: { status: 410, code: 'LT_REPLY_EXPIRED', when: 'a re-post of a message whose reply carried citizen data and was kept only `REPLY_RETENTION_HOURS`: its state keeps the `replyHash`; send a new message to ask again' },
  bodyTooLarge: { status: 413, code: 'LT_BODY_TOO_LARGE', when: 'over `BODY_LIMIT_BYTES`' },
  unsupportedMediaType: { status: 415, code: 'LT_UNSUPPORTED_MEDIA_TYPE', when: 'not `application/json`, or a declared charset other than UTF-8 (`charset=latin1`)' },
  schemaInvalid: { status: 422, code: 'LT_SCHEMA_INVALID', when: 'envelope or body does not match its schema (every bad field in `details`); also a string or key holding a lone surrogate (not well-formed Unicode), and a `header.sentAt` more than 5 minutes ahead of the gateway\'s clock' },
  identifierInvalid: { status: 422, code: 'LT_IDENTIFIER_INVALID', when: 'an identifier breaks its rule, or identifiers contradict each other' },
  unknownService: { status: 422, code: 'LT_UNKNOWN_SERVICE', when: 'no such service' },
  unknownVersion: { status: 422, code: 'LT_UNKNOWN_VERSION', when: 'no such version of the service' },
  unknownReceiver: { status: 422, code: 'LT_UNKNOWN_RECEIVER', when: '`header.to` does not serve the service, or a dossier\'s agency is outside the receiver\'s province' },
  statusTransitionForbidden: { status: 422, code: 'LT_STATUS_TRANSITION_FORBIDDEN', when: 'the dossier lifecycle forbids this status change, or a dossier the gateway has not seen starts at a status other than 1, 2 or 3' },
  callbackUrlForbidden: { status: 422, code: 'LT_CALLBACK_URL_FORBIDDEN', when: '`header.callbackUrl` is not under a URL registered for the sender, or the sender has no callback secret' },
  unknownAgency: { status: 422, code: 'LT_UNKNOWN_AGENCY', when: 'an agency code (`receivingAgency`) that is not in the agencies catalog (`GET /v1/catalogs/agencies`)' },
  unknownProcedure: { status: 422, code: 'LT_UNKNOWN_PROCEDURE', when: 'a `procedureCode` that is not in the procedures catalog (`GET /v1/catalogs/procedures`)' },
  procedureNotHandled: { status: 422, code: 'LT_PROCEDURE_NOT_HANDLED', when: 'the receiving agency does not handle this procedure (the procedures catalog lists the agencies of each)' },
  evidenceRangeTooLarge: { status: 422, code: 'LT_EVIDENCE_RANGE_TOO_LARGE', when: 'admin evidence export: the range holds more than `EVIDENCE_EXPORT_MAX_RECORDS` records; narrow it', scope: 'admin' },
  rateLimited: { status: 429, code: 'LT_RATE_LIMITED', when: 'over a rate limit (your messages of this service, or your reads, per window), or too many wrong admin tokens from your address; wait `Retry-After` seconds ([Rate limits](#rate-limits-quotas-and-overload))' },
  quotaExceeded: { status: 429, code: 'LT_QUOTA_EXCEEDED', when: 'your daily quota of this service (citizen lookups, verifications) is used up; `Retry-After` is the time to midnight in Vietnam (UTC+7)' },
  verifyLocked: { status: 429, code: 'LT_VERIFY_LOCKED', when: 'too many of your verifications of this ID number did not match (`VERIFY_MAX_MISMATCHES`); `Retry-After` says when you may verify it again' },
  internal: { status: 500, code: 'LT_INTERNAL', when: 'the gateway failed (logged; the reply shows no internals): retry with the same messageId' },
  upstreamRejected: { status: 502, code: 'LT_UPSTREAM_REJECTED', when: 'sync service: the receiver refused the message (recorded as dead)' },
  upstreamInvalidReply: { status: 502, code: 'LT_UPSTREAM_INVALID_REPLY', when: 'sync service: the receiver answered something the gateway cannot read (recorded as dead)' },
  oauthDisabled: { status: 503, code: 'LT_OAUTH_DISABLED', when: '`/oauth2/token`: the gateway has no signing key (`SIGNING_KEYS` unset); `error: temporarily_unavailable`', scope: 'oauth' },
  unavailable: { status: 503, code: 'LT_UNAVAILABLE', when: 'the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then' },
  notReplicated: { status: 503, code: 'LT_NOT_REPLICATED', when: 'with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again' },
  overloaded: { status: 503, code: 'LT_OVERLOADED', when: 'the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again' },
  dossierCodesExhausted: { status: 503, code: 'LT_DOSSIER_CODES_EXHAUSTED', when: '`dossier.submit`: the receiving agency\'s 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam' },
  evidenceNotSealed: { status: 503, code: 'LT_EVIDENCE_NOT_SEALED', when: 'admin evidence export: the events asked for are being sealed by another process (or one that died holding the sealer\'s lock, for up to 10 s); `Retry-After: 2`', scope: 'admin' }
} as const satisfies Record<string, HttpErrorEntry>

export const DELIVERY_ERRORS = {
  upstreamTimeout: { code: 'LT_UPSTREAM_TIMEOUT', transient: true, when: 'the receiver did not answer within the delivery timeout' },
  upstreamUnavailable: { code: 'LT_UPSTREAM_UNAVAILABLE', transient: true, when: 'the receiver could not be reached, or answered 5xx, 408 or a network error' },
  upstreamRateLimited: { code: 'LT_UPSTREAM_RATE_LIMITED', transient: true, when: 'the receiver answered 429; its `Retry-After` is honoured' },
  circuitOpen: { code: 'LT_CIRCUIT_OPEN', transient: true, when: 'not called: the receiver\'s breaker is open; no attempt is spent' },
  syncInterrupted: { code: 'LT_SYNC_INTERRUPTED', transient: true, when: 'a sync delivery taken over by the queue (its gateway process stopped mid-call)' },
  upstreamRejected: { code: 'LT_UPSTREAM_REJECTED', transient: false, when: 'the receiver refused the message (a 4xx other than 408 and 429, or its own refusal code): straight to dead' },
  upstreamInvalidReply: { code: 'LT_UPSTREAM_INVALID_REPLY', transient: false, when: 'the receiver answered something that is not a valid reply: straight to dead' },
  deliveryAbandoned: { code: 'LT_DELIVERY_ABANDONED', transient: true, when: 'the job\'s workers died more than ten times; dead, replayable' },
  outcomeUnknown: { code: 'LT_OUTCOME_UNKNOWN', transient: true, when: 'retries spent and the receiver could not say whether it applied the message for `RECONCILE_GIVE_UP_HOURS`; dead: check with the receiver before replaying' },
  flowStepFailed: { code: 'LT_FLOW_STEP_FAILED', transient: false, when: 'a procedure group: one of its steps is dead and none still runs (the message names the step and its error); replaying the step, or the group\'s message, resumes the flow' },
  flowStepInvalid: { code: 'LT_FLOW_STEP_INVALID', transient: false, when: 'a procedure group: the message of its next step, built from the earlier steps\' results, does not match the step service\'s schema' },
  supplementTimeout: { code: 'LT_SUPPLEMENT_TIMEOUT', transient: false, when: 'a procedure group waited 7 working days for the documents a step asked for: the dossier is refused (portal status 8)' },
  supplementNotRequested: { code: 'LT_SUPPLEMENT_NOT_REQUESTED', transient: false, when: 'a `dossier.supplement` reached a flow that no longer waited for documents (another supplement resumed it, or it was refused)' },
  dossierForbidden: { code: 'LT_DOSSIER_FORBIDDEN', transient: false, when: 'a `dossier.supplement` names no procedure group of the sender' },
  unknownReceiver: { code: 'LT_UNKNOWN_RECEIVER', transient: false, when: 'the receiver left the registry while the message waited; dead, replayable if it returns' },
  notApplied: { code: 'LT_NOT_APPLIED', transient: true, when: 'an unconfirmed message the receiver then confirmed it never applied (when no earlier error was recorded); dead, replayable' }
} as const satisfies Record<string, DeliveryErrorEntry>

/**
 * Codes that are not answers nor recorded on a message: a process that refuses to start, or the
 * reason BullMQ keeps on a failed job (shown on the queue dashboard).
 */
export const OTHER_CODES = {
  LT_KEYS_MISSING: 'start refused: NODE_ENV=production without DATA_KEYS and SIGNING_KEYS',
  LT_DEV_KEYS_IN_PRODUCTION: 'start refused: NODE_ENV=production with a published development API key in the registry',
  LT_EVIDENCE_NO_KEYS: 'the evidence log cannot sign a checkpoint without SIGNING_KEYS (it is then off)',
  LT_RECORD_MISSING: 'failed job: its message\'s record expired before it ran',
  LT_DEAD: 'failed job: its message was already dead',
  LT_OUTCOME_UNCONFIRMED: 'failed job: its message waits for the reconciler (unconfirmed)'
} as const

export type HttpErrorName = keyof typeof HTTP_ERRORS
export type DeliveryErrorCode = (typeof DELIVERY_ERRORS)[keyof typeof DELIVERY_ERRORS]['code']

/** The README's table of HTTP refusals and its list of delivery errors, as Markdown. */
export function errorTablesMarkdown (): string {
  const rows = Object.values(HTTP_ERRORS as Record<string, HttpErrorEntry>)
    .sort((a, b) => a.status - b.status)
    .map((e) => `| ${e.status} | \`${e.code}\` | ${e.when} |`)
  const delivery = Object.values(DELIVERY_ERRORS as Record<string, DeliveryErrorEntry>)
    .map((e) => `| \`${e.code}\` | ${e.transient ? 'retried' : 'dead at once'} | ${e.when} |`)
  return [
    '| status | code | when |', '|---|---|---|', ...rows, '',
    'Delivery errors recorded on a message (`lastError.code`, the history, the dead letters):', '',
    '| code | | when |', '|---|---|---|', ...delivery
  ].join('\n')
}

/** The codes of one HTTP status with when each is given (those of no particular scope), for the OpenAPI document's error replies. */
export function statusMeaning (status: HttpErrorEntry['status']): string {
  return Object.values(HTTP_ERRORS as Record<string, HttpErrorEntry>)
    .filter((e) => e.status === status && e.scope === undefined)
    .map((e) => `${e.code}: ${e.when}.`)
    .join(' ')
}
