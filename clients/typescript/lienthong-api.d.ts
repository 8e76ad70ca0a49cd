// Generated from openapi/openapi.json by openapi-typescript (npm run gen:client): do not edit.

export interface paths {
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up (what a container health check should ask) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ready to accept messages: Redis reachable and at least one delivery worker alive */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ready: Redis answers and at least one delivery worker is alive. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            checks: {
                                /** @enum {string} */
                                redis: "ok" | "unreachable";
                                /**
                                 * @description none: no delivery worker has a current heartbeat; unknown: Redis could not tell.
                                 * @enum {string}
                                 */
                                workers: "ok" | "none" | "unknown";
                            };
                            /** @description Delivery worker processes whose heartbeat is current. */
                            liveWorkers: number;
                            /** @description Receivers whose circuit breaker is open or half-open (the gateway holds calls to them back); reported only, they do not make the gateway unready. */
                            degradedReceivers: string[];
                        };
                    };
                };
                /** @description Not ready: `checks` tells which dependency is missing. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            checks: {
                                /** @enum {string} */
                                redis: "ok" | "unreachable";
                                /**
                                 * @description none: no delivery worker has a current heartbeat; unknown: Redis could not tell.
                                 * @enum {string}
                                 */
                                workers: "ok" | "none" | "unknown";
                            };
                            /** @description Delivery worker processes whose heartbeat is current. */
                            liveWorkers: number;
                            /** @description Receivers whose circuit breaker is open or half-open (the gateway holds calls to them back); reported only, they do not make the gateway unready. */
                            degradedReceivers: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your messages
         * @description The messages you sent, newest first: those accepted between `since` and `until`, with `correlationId` when given (e.g. every message of one dossier). Only your own; kept MESSAGE_RETENTION_DAYS. With an access token, only the services in its scope. `truncated`: there may be more; narrow the range (e.g. `until` = the oldest `createdAt` shown).
         */
        get: {
            parameters: {
                query?: {
                    correlationId?: string;
                    since?: string;
                    until?: string;
                    /** @description At most this many (default 100, up to 1000). */
                    limit?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Your messages, newest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            messages: {
                                messageId: string;
                                service: string;
                                version: string;
                                to: string;
                                correlationId?: string;
                                /** @enum {string} */
                                status: "accepted" | "queued" | "delivering" | "retrying" | "delivered" | "dead";
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                statusUrl: string;
                            }[];
                            /** @description More messages may match: narrow the time range. */
                            truncated: boolean;
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no `Authorization: Bearer` key, or an unknown, revoked or expired key; on the admin API, no or a wrong admin token. LT_TOKEN_INVALID: an access token that is expired, forged (signature, key, `typ`, `iss`), for another audience, or whose client secret was revoked or expired (`WWW-Authenticate: Bearer error="invalid_token"`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Wait `Retry-After` seconds; the `RateLimit-Policy` and `RateLimit` headers show the limit and what is left. LT_RATE_LIMITED: over a rate limit (your messages of this service, or your reads, per window), or too many wrong admin tokens from your address; wait `Retry-After` seconds ([Rate limits](#rate-limits-quotas-and-overload)). LT_QUOTA_EXCEEDED: your daily quota of this service (citizen lookups, verifications) is used up; `Retry-After` is the time to midnight in Vietnam (UTC+7). LT_VERIFY_LOCKED: too many of your verifications of this ID number did not match (`VERIFY_MAX_MISMATCHES`); `Retry-After` says when you may verify it again. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Submit a message
         * @description Validates the envelope and its body against the service schema, checks the sender's rights, records the message (idempotent on header.messageId) and delivers it: sync services answer 200 with the reply envelope; async services, and sync services whose receiver is down or slow, answer 202 with a status link.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["envelope"];
                };
            };
            responses: {
                /** @description Sync service: the reply envelope. */
                200: {
                    headers: {
                        /** @description base64url SHA-256 of the exact request body bytes the gateway received (on every answer, refusals included). */
                        "x-lienthong-request-hash"?: string;
                        /** @description The messageId, as X-Road names it. */
                        "x-road-id"?: string;
                        /** @description The same hash as X-Lienthong-Request-Hash, as X-Road names it. */
                        "x-road-request-hash"?: string;
                        /** @description The gateway's signed receipt: a compact JWS (typ lienthong-receipt+jwt, a kid of /.well-known/jwks.json) over the messageId, sender, receiver, service, request hash (of the message as first recorded), the status and its time; here delivered: the reply hash and the delivery time. Absent when the gateway has no signing key. */
                        "x-lienthong-receipt"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["envelope"];
                    };
                };
                /** @description Queued for delivery (async services, and sync services whose receiver is down or slow); the `Location` header and statusUrl name the message state to poll. */
                202: {
                    headers: {
                        /** @description The message state: /v1/messages/{messageId}. */
                        location?: string;
                        /** @description base64url SHA-256 of the exact request body bytes the gateway received (on every answer, refusals included). */
                        "x-lienthong-request-hash"?: string;
                        /** @description The messageId, as X-Road names it. */
                        "x-road-id"?: string;
                        /** @description The same hash as X-Lienthong-Request-Hash, as X-Road names it. */
                        "x-road-request-hash"?: string;
                        /** @description The gateway's signed receipt: a compact JWS (typ lienthong-receipt+jwt, a kid of /.well-known/jwks.json) over the messageId, sender, receiver, service, request hash (of the message as first recorded), the status and its time; here the status in the answer (queued, or where a re-posted message stands). Absent when the gateway has no signing key. */
                        "x-lienthong-receipt"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["message-accepted"];
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no `Authorization: Bearer` key, or an unknown, revoked or expired key; on the admin API, no or a wrong admin token. LT_TOKEN_INVALID: an access token that is expired, forged (signature, key, `typ`, `iss`), for another audience, or whose client secret was revoked or expired (`WWW-Authenticate: Bearer error="invalid_token"`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_SENDER_MISMATCH: `header.from` is not the participant the key belongs to. LT_SERVICE_FORBIDDEN: the sender has no right to this service, or to this receiver. LT_DOSSIER_FORBIDDEN: the dossier is not the sender's (another system holds it, or its agency is not one of the sender's), or `handlingAgency` / `receivingAgency` is not one of the sender's agencies. LT_SCOPE_FORBIDDEN: the access token's `scope` does not include the message's service (`WWW-Authenticate: Bearer error="insufficient_scope"`). */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_MESSAGE_ID_CONFLICT: the messageId was used for different content. LT_SUPPLEMENT_NOT_REQUESTED: `dossier.supplement` for a procedure group that is not waiting for documents (running, finished, or refused). */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_REPLY_EXPIRED: a re-post of a message whose reply carried citizen data and was kept only `REPLY_RETENTION_HOURS`: its state keeps the `replyHash`; send a new message to ask again. */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_BODY_TOO_LARGE: over `BODY_LIMIT_BYTES`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNSUPPORTED_MEDIA_TYPE: not `application/json`, or a declared charset other than UTF-8 (`charset=latin1`). */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The message is refused; `details` holds the JSON pointer of each bad field. LT_SCHEMA_INVALID: envelope or body does not match its schema (every bad field in `details`); also a string or key holding a lone surrogate (not well-formed Unicode), and a `header.sentAt` more than 5 minutes ahead of the gateway's clock. LT_IDENTIFIER_INVALID: an identifier breaks its rule, or identifiers contradict each other. LT_UNKNOWN_SERVICE: no such service. LT_UNKNOWN_VERSION: no such version of the service. LT_UNKNOWN_RECEIVER: `header.to` does not serve the service, or a dossier's agency is outside the receiver's province. LT_STATUS_TRANSITION_FORBIDDEN: the dossier lifecycle forbids this status change, or a dossier the gateway has not seen starts at a status other than 1, 2 or 3. LT_CALLBACK_URL_FORBIDDEN: `header.callbackUrl` is not under a URL registered for the sender, or the sender has no callback secret. LT_UNKNOWN_AGENCY: an agency code (`receivingAgency`) that is not in the agencies catalog (`GET /v1/catalogs/agencies`). LT_UNKNOWN_PROCEDURE: a `procedureCode` that is not in the procedures catalog (`GET /v1/catalogs/procedures`). LT_PROCEDURE_NOT_HANDLED: the receiving agency does not handle this procedure (the procedures catalog lists the agencies of each). */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_RATE_LIMITED (more messages of this service than your rate limit allows; wait `Retry-After` seconds) or LT_QUOTA_EXCEEDED (your daily quota of this service is used up until midnight Vietnam time) or LT_VERIFY_LOCKED (citizen.verify: too many of your verifications of this ID number did not match; wait `Retry-After` seconds). The `RateLimit-Policy` and `RateLimit` headers show the limits and what is left. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UPSTREAM_REJECTED: sync service: the receiver refused the message (recorded as dead). LT_UPSTREAM_INVALID_REPLY: sync service: the receiver answered something the gateway cannot read (recorded as dead). */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages/{messageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A message's state
         * @description Status, attempts, timestamps, history, the last error and, once delivered, the reply. Only the sender sees a message.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    messageId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Where the message stands. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["message-state"];
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no `Authorization: Bearer` key, or an unknown, revoked or expired key; on the admin API, no or a wrong admin token. LT_TOKEN_INVALID: an access token that is expired, forged (signature, key, `typ`, `iss`), for another audience, or whose client secret was revoked or expired (`WWW-Authenticate: Bearer error="invalid_token"`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_SCOPE_FORBIDDEN: the access token's scope does not include the message's service. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_MESSAGE_NOT_FOUND: you sent no message with this id (another sender's message is answered the same way), or its record has expired (MESSAGE_RETENTION_DAYS). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Wait `Retry-After` seconds; the `RateLimit-Policy` and `RateLimit` headers show the limit and what is left. LT_RATE_LIMITED: over a rate limit (your messages of this service, or your reads, per window), or too many wrong admin tokens from your address; wait `Retry-After` seconds ([Rate limits](#rate-limits-quotas-and-overload)). LT_QUOTA_EXCEEDED: your daily quota of this service (citizen lookups, verifications) is used up; `Retry-After` is the time to midnight in Vietnam (UTC+7). LT_VERIFY_LOCKED: too many of your verifications of this ID number did not match (`VERIFY_MAX_MISMATCHES`); `Retry-After` says when you may verify it again. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The services you may use
         * @description The service catalog, limited to the caller's access rights: mode, receivers, versions and schema links.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The services you may use, with their receivers and schema links. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            services: {
                                service: string;
                                title: string;
                                description?: string;
                                /** @enum {string} */
                                mode: "sync" | "async";
                                versions: {
                                    version: string;
                                    schemaUrl: string;
                                }[];
                                /** @description Receivers this caller may send the service to. */
                                receivers: {
                                    id: string;
                                    name: string;
                                }[];
                                /** @description citizen.lookup: the record fields this caller may see. */
                                fields?: string[];
                            }[];
                        };
                    };
                };
                /** @description LT_UNAUTHENTICATED: no `Authorization: Bearer` key, or an unknown, revoked or expired key; on the admin API, no or a wrong admin token. LT_TOKEN_INVALID: an access token that is expired, forged (signature, key, `typ`, `iss`), for another audience, or whose client secret was revoked or expired (`WWW-Authenticate: Bearer error="invalid_token"`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Wait `Retry-After` seconds; the `RateLimit-Policy` and `RateLimit` headers show the limit and what is left. LT_RATE_LIMITED: over a rate limit (your messages of this service, or your reads, per window), or too many wrong admin tokens from your address; wait `Retry-After` seconds ([Rate limits](#rate-limits-quotas-and-overload)). LT_QUOTA_EXCEEDED: your daily quota of this service (citizen lookups, verifications) is used up; `Retry-After` is the time to midnight in Vietnam (UTC+7). LT_VERIFY_LOCKED: too many of your verifications of this ID number did not match (`VERIFY_MAX_MISMATCHES`); `Retry-After` says when you may verify it again. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/services/{service}/schema": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The JSON Schema of a service's body
         * @description The request body schema; its reply schema is under definitions.reply. Shared definitions are at /v1/schemas/definitions.json.
         */
        get: {
            parameters: {
                query?: {
                    version?: string;
                };
                header?: never;
                path: {
                    service: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A JSON Schema (draft-07). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no `Authorization: Bearer` key, or an unknown, revoked or expired key; on the admin API, no or a wrong admin token. LT_TOKEN_INVALID: an access token that is expired, forged (signature, key, `typ`, `iss`), for another audience, or whose client secret was revoked or expired (`WWW-Authenticate: Bearer error="invalid_token"`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_NOT_FOUND: no such service, or no such version of it. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Wait `Retry-After` seconds; the `RateLimit-Policy` and `RateLimit` headers show the limit and what is left. LT_RATE_LIMITED: over a rate limit (your messages of this service, or your reads, per window), or too many wrong admin tokens from your address; wait `Retry-After` seconds ([Rate limits](#rate-limits-quotas-and-overload)). LT_QUOTA_EXCEEDED: your daily quota of this service (citizen lookups, verifications) is used up; `Retry-After` is the time to midnight in Vietnam (UTC+7). LT_VERIFY_LOCKED: too many of your verifications of this ID number did not match (`VERIFY_MAX_MISMATCHES`); `Retry-After` says when you may verify it again. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemas/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A shared schema (envelope.json, definitions.json, error.json) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A JSON Schema (draft-07). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no `Authorization: Bearer` key, or an unknown, revoked or expired key; on the admin API, no or a wrong admin token. LT_TOKEN_INVALID: an access token that is expired, forged (signature, key, `typ`, `iss`), for another audience, or whose client secret was revoked or expired (`WWW-Authenticate: Bearer error="invalid_token"`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_NOT_FOUND: no shared schema of this name. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Wait `Retry-After` seconds; the `RateLimit-Policy` and `RateLimit` headers show the limit and what is left. LT_RATE_LIMITED: over a rate limit (your messages of this service, or your reads, per window), or too many wrong admin tokens from your address; wait `Retry-After` seconds ([Rate limits](#rate-limits-quotas-and-overload)). LT_QUOTA_EXCEEDED: your daily quota of this service (citizen lookups, verifications) is used up; `Retry-After` is the time to midnight in Vietnam (UTC+7). LT_VERIFY_LOCKED: too many of your verifications of this ID number did not match (`VERIFY_MAX_MISMATCHES`); `Retry-After` says when you may verify it again. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalogs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shared catalogs and their versions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Each catalog: name, version, valid from, item count and ETag. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            catalogs: {
                                name: string;
                                version: string;
                                validFrom: string;
                                total: number;
                                etag: string;
                                url: string;
                            }[];
                        };
                    };
                };
                /** @description LT_UNAUTHENTICATED: no `Authorization: Bearer` key, or an unknown, revoked or expired key; on the admin API, no or a wrong admin token. LT_TOKEN_INVALID: an access token that is expired, forged (signature, key, `typ`, `iss`), for another audience, or whose client secret was revoked or expired (`WWW-Authenticate: Bearer error="invalid_token"`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Wait `Retry-After` seconds; the `RateLimit-Policy` and `RateLimit` headers show the limit and what is left. LT_RATE_LIMITED: over a rate limit (your messages of this service, or your reads, per window), or too many wrong admin tokens from your address; wait `Retry-After` seconds ([Rate limits](#rate-limits-quotas-and-overload)). LT_QUOTA_EXCEEDED: your daily quota of this service (citizen lookups, verifications) is used up; `Retry-After` is the time to midnight in Vietnam (UTC+7). LT_VERIFY_LOCKED: too many of your verifications of this ID number did not match (`VERIFY_MAX_MISMATCHES`); `Retry-After` says when you may verify it again. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalogs/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One catalog, or its items matching a code or a name
         * @description `code`: the item with that exact code. `q`: items whose name has words starting with every word of `q`, case and Vietnamese diacritics ignored (`ha noi` finds Thành phố Hà Nội; former provinces count for units: `ha giang` finds Tỉnh Tuyên Quang). Without either: the whole catalog.
         */
        get: {
            parameters: {
                query?: {
                    code?: string;
                    q?: string;
                    /** @description With `q`: at most this many (default 50, up to 1000). */
                    limit?: string;
                };
                header?: {
                    /** @description The ETag of the copy you hold: 304 while the catalog is unchanged. */
                    "if-none-match"?: string;
                };
                path: {
                    /** @description One of agencies, procedures, administrative-units. */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The catalog (or the items matching `code` / `q`), its version and the date it is valid from. `ETag` names the catalog's content: send it back as `If-None-Match` to get `304` while it is unchanged. */
                200: {
                    headers: {
                        etag?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            name: "agencies" | "procedures" | "administrative-units";
                            version: string;
                            /** Format: date */
                            validFrom: string;
                            /** @description The legal basis and the origin of the data. */
                            source: string;
                            /** @description Items in the whole catalog. */
                            total: number;
                            /** @description agencies: { code, name, parent?, province?, level, codeStatus, note? }; procedures: { code, name, level, feeVnd, deadlineWorkingDays, agencies?, includes?, codeStatus, note? }; administrative-units: { code, name, kind, formerProvinces: [{ code, name, personalIdCode }] }. `codeStatus` says whether a code is confirmed from an official source, unverified or a placeholder. */
                            items: {
                                [key: string]: unknown;
                            }[];
                        };
                    };
                };
                /** @description Not modified: the copy whose ETag you sent is current. */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no `Authorization: Bearer` key, or an unknown, revoked or expired key; on the admin API, no or a wrong admin token. LT_TOKEN_INVALID: an access token that is expired, forged (signature, key, `typ`, `iss`), for another audience, or whose client secret was revoked or expired (`WWW-Authenticate: Bearer error="invalid_token"`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_NOT_FOUND: no such catalog, or (with `code`) no item with that code. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Wait `Retry-After` seconds; the `RateLimit-Policy` and `RateLimit` headers show the limit and what is left. LT_RATE_LIMITED: over a rate limit (your messages of this service, or your reads, per window), or too many wrong admin tokens from your address; wait `Retry-After` seconds ([Rate limits](#rate-limits-quotas-and-overload)). LT_QUOTA_EXCEEDED: your daily quota of this service (citizen lookups, verifications) is used up; `Retry-After` is the time to midnight in Vietnam (UTC+7). LT_VERIFY_LOCKED: too many of your verifications of this ID number did not match (`VERIFY_MAX_MISMATCHES`); `Retry-After` says when you may verify it again. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/queues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delivery queues and their counts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Each receiver's queue: counts and whether paused. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_RATE_LIMITED: too many wrong admin tokens from this client address (ADMIN_SIGN_IN_MAX_FAILURES); every token is refused until `Retry-After` seconds have passed. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/participants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Participants and their access rights (read-only; the registry file is the source)
         * @description Each participant's credentials as the credential store holds them (id, kind, source, created, last used, expiry, state; never a secret or its hash: the same view as its credentials endpoint), rights per service and receiver, callback URL prefixes, whether a callback secret is set, and each receiver's endpoint and delivery policy (never its credentials).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every participant of the registry. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_RATE_LIMITED: too many wrong admin tokens from this client address (ADMIN_SIGN_IN_MAX_FAILURES); every token is refused until `Retry-After` seconds have passed. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/circuit-breakers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Circuit breakers of the receiving systems
         * @description closed: calls go through; open: after repeated failures, sync calls fall back to the queue at once and queued deliveries wait until retryAt; half-open: one probe call decides.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Each receiver's breaker: state, consecutive failures, openedAt, retryAt, lastError. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_RATE_LIMITED: too many wrong admin tokens from this client address (ADMIN_SIGN_IN_MAX_FAILURES); every token is refused until `Retry-After` seconds have passed. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/circuit-breakers/{receiver}/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close a receiver's circuit breaker now (the receiver is known to be back) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    receiver: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The breaker, now closed. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_NOT_FOUND: no receiver with this id. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_RATE_LIMITED: too many wrong admin tokens from this client address (ADMIN_SIGN_IN_MAX_FAILURES); every token is refused until `Retry-After` seconds have passed. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/queues/{receiver}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause delivery to a receiver (messages are still accepted and queued) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    receiver: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The receiver's queue is paused or resumed. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            receiver: string;
                            paused: boolean;
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_NOT_FOUND: no receiver with this id. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_BODY_TOO_LARGE: over `BODY_LIMIT_BYTES`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNSUPPORTED_MEDIA_TYPE: not `application/json`, or a declared charset other than UTF-8 (`charset=latin1`). */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_RATE_LIMITED: too many wrong admin tokens from this client address (ADMIN_SIGN_IN_MAX_FAILURES); every token is refused until `Retry-After` seconds have passed. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/queues/{receiver}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume delivery to a receiver */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    receiver: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The receiver's queue is paused or resumed. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            receiver: string;
                            paused: boolean;
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_NOT_FOUND: no receiver with this id. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_BODY_TOO_LARGE: over `BODY_LIMIT_BYTES`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNSUPPORTED_MEDIA_TYPE: not `application/json`, or a declared charset other than UTF-8 (`charset=latin1`). */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_RATE_LIMITED: too many wrong admin tokens from this client address (ADMIN_SIGN_IN_MAX_FAILURES); every token is refused until `Retry-After` seconds have passed. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Dead letters, newest first */
        get: {
            parameters: {
                query?: {
                    receiver?: string;
                    service?: string;
                    since?: string;
                    until?: string;
                    limit?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Dead letters, newest first, each with its last error. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_RATE_LIMITED: too many wrong admin tokens from this client address (ADMIN_SIGN_IN_MAX_FAILURES); every token is refused until `Retry-After` seconds have passed. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/dead-letters/{messageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One dead letter: its record, last error and every attempt */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    messageId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The dead letter's record, with its history. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_MESSAGE_NOT_FOUND: no dead letter with this messageId. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_RATE_LIMITED: too many wrong admin tokens from this client address (ADMIN_SIGN_IN_MAX_FAILURES); every token is refused until `Retry-After` seconds have passed. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Purge one dead letter (its record stays, status dead) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    messageId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Purged. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_MESSAGE_NOT_FOUND: no dead letter with this messageId. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_RATE_LIMITED: too many wrong admin tokens from this client address (ADMIN_SIGN_IN_MAX_FAILURES); every token is refused until `Retry-After` seconds have passed. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/dead-letters/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replay a selection of dead letters (same messageIds)
         * @description Either `messageIds`, or filters (receiver, service, since, until; at most `limit`, default 100), or `all: true` for every dead letter up to `limit`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        messageIds?: string[];
                        receiver?: string;
                        service?: string;
                        /** Format: date-time */
                        since?: string;
                        /** Format: date-time */
                        until?: string;
                        limit?: number;
                        /** @enum {boolean} */
                        all?: true;
                    };
                };
            };
            responses: {
                /** @description `replayed`: the messageIds queued again; `skipped`: those that were not dead letters. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_BODY_TOO_LARGE: over `BODY_LIMIT_BYTES`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNSUPPORTED_MEDIA_TYPE: not `application/json`, or a declared charset other than UTF-8 (`charset=latin1`). */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The message is refused; `details` holds the JSON pointer of each bad field. LT_SCHEMA_INVALID: envelope or body does not match its schema (every bad field in `details`); also a string or key holding a lone surrogate (not well-formed Unicode), and a `header.sentAt` more than 5 minutes ahead of the gateway's clock. LT_IDENTIFIER_INVALID: an identifier breaks its rule, or identifiers contradict each other. LT_UNKNOWN_SERVICE: no such service. LT_UNKNOWN_VERSION: no such version of the service. LT_UNKNOWN_RECEIVER: `header.to` does not serve the service, or a dossier's agency is outside the receiver's province. LT_STATUS_TRANSITION_FORBIDDEN: the dossier lifecycle forbids this status change, or a dossier the gateway has not seen starts at a status other than 1, 2 or 3. LT_CALLBACK_URL_FORBIDDEN: `header.callbackUrl` is not under a URL registered for the sender, or the sender has no callback secret. LT_UNKNOWN_AGENCY: an agency code (`receivingAgency`) that is not in the agencies catalog (`GET /v1/catalogs/agencies`). LT_UNKNOWN_PROCEDURE: a `procedureCode` that is not in the procedures catalog (`GET /v1/catalogs/procedures`). LT_PROCEDURE_NOT_HANDLED: the receiving agency does not handle this procedure (the procedures catalog lists the agencies of each). */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_RATE_LIMITED: too many wrong admin tokens from this client address (ADMIN_SIGN_IN_MAX_FAILURES); every token is refused until `Retry-After` seconds have passed. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/dead-letters/{messageId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replay one dead letter (same messageId) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    messageId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Queued again, with its full attempts. */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            messageId: string;
                            /** @enum {string} */
                            status: "queued";
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_MESSAGE_NOT_FOUND: no dead letter with this messageId. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_BODY_TOO_LARGE: over `BODY_LIMIT_BYTES`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNSUPPORTED_MEDIA_TYPE: not `application/json`, or a declared charset other than UTF-8 (`charset=latin1`). */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_RATE_LIMITED: too many wrong admin tokens from this client address (ADMIN_SIGN_IN_MAX_FAILURES); every token is refused until `Retry-After` seconds have passed. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/participants/{participantId}/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A participant's API keys and client secrets (never the secrets or their hashes) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    participantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Oldest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            credentials: {
                                /** @description The credential id; for a client secret, the OAuth2 client_id. */
                                id: string;
                                participantId: string;
                                /** @enum {string} */
                                kind: "api-key" | "client-secret";
                                /**
                                 * @description registry: seeded from the registry file; admin: issued through this API.
                                 * @enum {string}
                                 */
                                source: "registry" | "admin";
                                /** Format: date-time */
                                createdAt: string;
                                /**
                                 * Format: date-time
                                 * @description Last authentication with it (written at most once a minute per gateway process).
                                 */
                                lastUsedAt?: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                /** Format: date-time */
                                revokedAt?: string;
                                /** @enum {string} */
                                state: "active" | "expired" | "revoked" | "removed-from-registry";
                            }[];
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_NOT_FOUND: no participant with this id in the registry. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Issue an API key or an OAuth2 client secret (shown once)
         * @description The answer holds the secret: this is the only time it is shown, since the gateway keeps only its SHA-256. Hand it to the participant over a secure channel. A client secret's credential id is its OAuth2 client_id.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    participantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "api-key" | "client-secret";
                        /**
                         * Format: date-time
                         * @description When it stops working; none: until revoked.
                         */
                        expiresAt?: string;
                    };
                };
            };
            responses: {
                /** @description Issued. `secret` is shown this once. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            credential: {
                                /** @description The credential id; for a client secret, the OAuth2 client_id. */
                                id: string;
                                participantId: string;
                                /** @enum {string} */
                                kind: "api-key" | "client-secret";
                                /**
                                 * @description registry: seeded from the registry file; admin: issued through this API.
                                 * @enum {string}
                                 */
                                source: "registry" | "admin";
                                /** Format: date-time */
                                createdAt: string;
                                /**
                                 * Format: date-time
                                 * @description Last authentication with it (written at most once a minute per gateway process).
                                 */
                                lastUsedAt?: string;
                                /** Format: date-time */
                                expiresAt?: string;
                                /** Format: date-time */
                                revokedAt?: string;
                                /** @enum {string} */
                                state: "active" | "expired" | "revoked" | "removed-from-registry";
                            };
                            secret: string;
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_NOT_FOUND: no participant with this id in the registry. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_BODY_TOO_LARGE: over `BODY_LIMIT_BYTES`. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNSUPPORTED_MEDIA_TYPE: not `application/json`, or a declared charset other than UTF-8 (`charset=latin1`). */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The message is refused; `details` holds the JSON pointer of each bad field. LT_SCHEMA_INVALID: envelope or body does not match its schema (every bad field in `details`); also a string or key holding a lone surrogate (not well-formed Unicode), and a `header.sentAt` more than 5 minutes ahead of the gateway's clock. LT_IDENTIFIER_INVALID: an identifier breaks its rule, or identifiers contradict each other. LT_UNKNOWN_SERVICE: no such service. LT_UNKNOWN_VERSION: no such version of the service. LT_UNKNOWN_RECEIVER: `header.to` does not serve the service, or a dossier's agency is outside the receiver's province. LT_STATUS_TRANSITION_FORBIDDEN: the dossier lifecycle forbids this status change, or a dossier the gateway has not seen starts at a status other than 1, 2 or 3. LT_CALLBACK_URL_FORBIDDEN: `header.callbackUrl` is not under a URL registered for the sender, or the sender has no callback secret. LT_UNKNOWN_AGENCY: an agency code (`receivingAgency`) that is not in the agencies catalog (`GET /v1/catalogs/agencies`). LT_UNKNOWN_PROCEDURE: a `procedureCode` that is not in the procedures catalog (`GET /v1/catalogs/procedures`). LT_PROCEDURE_NOT_HANDLED: the receiving agency does not handle this procedure (the procedures catalog lists the agencies of each). */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/participants/{participantId}/credentials/{credentialId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a credential (at once; every gateway process within a second)
         * @description Revoking a client secret also ends the access tokens issued to it. Revoking twice is harmless: the first revocation time stays. A key seeded from the registry file stays revoked even though the file still lists it.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    participantId: string;
                    credentialId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The credential, revoked. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The credential id; for a client secret, the OAuth2 client_id. */
                            id: string;
                            participantId: string;
                            /** @enum {string} */
                            kind: "api-key" | "client-secret";
                            /**
                             * @description registry: seeded from the registry file; admin: issued through this API.
                             * @enum {string}
                             */
                            source: "registry" | "admin";
                            /** Format: date-time */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description Last authentication with it (written at most once a minute per gateway process).
                             */
                            lastUsedAt?: string;
                            /** Format: date-time */
                            expiresAt?: string;
                            /** Format: date-time */
                            revokedAt?: string;
                            /** @enum {string} */
                            state: "active" | "expired" | "revoked" | "removed-from-registry";
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_NOT_FOUND: no such participant, or it has no credential with this id. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit records of admin changes, newest first
         * @description Every change made through the admin API (credentials, queues, dead letters, circuit breakers) and every dashboard sign-in and sign-out: who (`actor`), what (`action`, `target`, `detail`), when (`at`), from where (`clientAddress`), and the `outcome`. Kept AUDIT_RETENTION_DAYS.
         */
        get: {
            parameters: {
                query?: {
                    since?: string;
                    until?: string;
                    /** @description At most this many (default 100, up to 9999). */
                    limit?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Audit records, newest first. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            records: {
                                /** @description Redis stream entry id (orders the records). */
                                id: string;
                                /** Format: date-time */
                                at: string;
                                /** @enum {string} */
                                actor: "admin-token" | "admin-session" | "registry-file";
                                action: string;
                                target: string;
                                clientAddress: string;
                                /** @enum {string} */
                                outcome: "success" | "refused" | "failed";
                                statusCode: number;
                                detail?: {
                                    [key: string]: unknown;
                                };
                            }[];
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/monitoring": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Operational monitoring records: one per settled message
         * @description Every message that reached delivered or dead: sender, receiver, service, sizes, the time from acceptance to its end and of the last call to the receiver, attempts, outcome, request hash and the process that settled it. Identifiers, sizes and times only: never message content. Oldest first; `next` (JSON) or the `Link` header gives the next page. `format=csv` or `jsonl` for export. Kept MONITORING_RETENTION_DAYS.
         */
        get: {
            parameters: {
                query?: {
                    since?: string;
                    until?: string;
                    /** @description As sender or receiver. */
                    participant?: string;
                    service?: string;
                    outcome?: "delivered" | "dead";
                    /** @description The `id` of the last record of the previous page. */
                    after?: string;
                    /** @description At most this many (default 1000, up to 10000). */
                    limit?: string;
                    /** @description json (default), jsonl or csv. */
                    format?: "json" | "jsonl" | "csv";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The records (JSON); with format=jsonl one record per line (application/x-ndjson), with format=csv a header line and one line per record (text/csv). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            records: {
                                /** @description Redis stream entry id: orders the records; pass the last one as `after` for the next page. */
                                id: string;
                                /** @description The sender's messageId. */
                                messageId: string;
                                sender: string;
                                receiver: string;
                                service: string;
                                version: string;
                                /** @enum {string} */
                                mode: "sync" | "async";
                                /** @enum {string} */
                                outcome: "delivered" | "dead";
                                /** @description Dead: the error it ended with. */
                                errorCode?: string;
                                attempts: number;
                                /** @description Size of the request body as received. */
                                requestBytes?: number;
                                /** @description Delivered: size of the reply envelope. */
                                replyBytes?: number;
                                /** @description X-Lienthong-Request-Hash of the request. */
                                requestHash?: string;
                                /** Format: date-time */
                                acceptedAt: string;
                                /** Format: date-time */
                                settledAt: string;
                                /** @description From acceptance to delivery or death. */
                                totalMs: number;
                                /** @description The last attempt's call to the receiver. */
                                upstreamMs?: number;
                                /** @description The gateway or worker process that settled it (`<host>/<pid>`). */
                                instance: string;
                            }[];
                            /** @description More may follow: pass it as `after`. */
                            next?: string;
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no or wrong `Authorization: Bearer <ADMIN_TOKEN>`, or the admin API is off (ADMIN_TOKEN unset). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Wait `Retry-After` seconds; the `RateLimit-Policy` and `RateLimit` headers show the limit and what is left. LT_RATE_LIMITED: over a rate limit (your messages of this service, or your reads, per window), or too many wrong admin tokens from your address; wait `Retry-After` seconds ([Rate limits](#rate-limits-quotas-and-overload)). LT_QUOTA_EXCEEDED: your daily quota of this service (citizen lookups, verifications) is used up; `Retry-After` is the time to midnight in Vietnam (UTC+7). LT_VERIFY_LOCKED: too many of your verifications of this ID number did not match (`VERIFY_MAX_MISMATCHES`); `Retry-After` says when you may verify it again. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/evidence/messages/{messageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The evidence of one message, as a verifiable bundle
         * @description Every event of the message (accepted, each attempt and its outcome, delivered with the reply hash, dead, replayed, purged), each with the Merkle proof that ties it to a signed checkpoint, and a signed manifest of its status and event count, so a missing event shows. Identifiers and hashes only. The messageId is the record's id (as the dead letters and the monitoring records give it).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    messageId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A self-contained evidence bundle (one JSON document): verify it offline with `npm run evidence -- verify <file>`. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            format: "lienthong-evidence-bundle/1";
                            /** @description The gateway's public keys (its /.well-known/jwks.json) when it exported; pin them with `--jwks`. */
                            keys: {
                                [key: string]: unknown;
                            };
                            /** @description Compact JWS (typ lienthong-evidence-manifest+jwt): the scope and, for a message, its status and event count. */
                            manifest: string;
                            /** @description Evidence records: { v, seq, id, at, event, messageId?, n?, detail, prev, hash }; `hash` is the base64url SHA-256 of the record's RFC 8785 JSON without it, `prev` the hash of the record before. */
                            records: {
                                [key: string]: unknown;
                            }[];
                            /** @description Signed checkpoints ({ checkpoint: compact JWS, typ lienthong-evidence-checkpoint+jwt, over fromSeq, toSeq, head, Merkle root and the previous checkpoint; timestamp?: RFC 3161 token, base64 DER }). */
                            checkpoints: {
                                [key: string]: unknown;
                            }[];
                            /** @description A message's bundle: each record's RFC 6962 Merkle audit path into its checkpoint (the other records of the chain are not included). */
                            proofs?: {
                                [key: string]: unknown;
                            }[];
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no `Authorization: Bearer` key, or an unknown, revoked or expired key; on the admin API, no or a wrong admin token. LT_TOKEN_INVALID: an access token that is expired, forged (signature, key, `typ`, `iss`), for another audience, or whose client secret was revoked or expired (`WWW-Authenticate: Bearer error="invalid_token"`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_NOT_FOUND: no such message in the store (its record expired, or it never was: try the time-range export), or the evidence log is off (EVIDENCE_LOG=off, or no SIGNING_KEYS). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Wait `Retry-After` seconds; the `RateLimit-Policy` and `RateLimit` headers show the limit and what is left. LT_RATE_LIMITED: over a rate limit (your messages of this service, or your reads, per window), or too many wrong admin tokens from your address; wait `Retry-After` seconds ([Rate limits](#rate-limits-quotas-and-overload)). LT_QUOTA_EXCEEDED: your daily quota of this service (citizen lookups, verifications) is used up; `Retry-After` is the time to midnight in Vietnam (UTC+7). LT_VERIFY_LOCKED: too many of your verifications of this ID number did not match (`VERIFY_MAX_MISMATCHES`); `Retry-After` says when you may verify it again. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_EVIDENCE_NOT_SEALED: the events asked for are being sealed by another process; retry after `Retry-After` seconds. LT_UNAVAILABLE: Redis is away. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The evidence of a time range, as a verifiable bundle
         * @description Every record of the checkpoints that cover events between `since` and `until` (default: now), whole, so the chain, each record's link to the one before and each checkpoint's Merkle root can be recomputed. Admin actions are in it too.
         */
        get: {
            parameters: {
                query: {
                    since: string;
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A self-contained evidence bundle (one JSON document): verify it offline with `npm run evidence -- verify <file>`. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            format: "lienthong-evidence-bundle/1";
                            /** @description The gateway's public keys (its /.well-known/jwks.json) when it exported; pin them with `--jwks`. */
                            keys: {
                                [key: string]: unknown;
                            };
                            /** @description Compact JWS (typ lienthong-evidence-manifest+jwt): the scope and, for a message, its status and event count. */
                            manifest: string;
                            /** @description Evidence records: { v, seq, id, at, event, messageId?, n?, detail, prev, hash }; `hash` is the base64url SHA-256 of the record's RFC 8785 JSON without it, `prev` the hash of the record before. */
                            records: {
                                [key: string]: unknown;
                            }[];
                            /** @description Signed checkpoints ({ checkpoint: compact JWS, typ lienthong-evidence-checkpoint+jwt, over fromSeq, toSeq, head, Merkle root and the previous checkpoint; timestamp?: RFC 3161 token, base64 DER }). */
                            checkpoints: {
                                [key: string]: unknown;
                            }[];
                            /** @description A message's bundle: each record's RFC 6962 Merkle audit path into its checkpoint (the other records of the chain are not included). */
                            proofs?: {
                                [key: string]: unknown;
                            }[];
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no `Authorization: Bearer` key, or an unknown, revoked or expired key; on the admin API, no or a wrong admin token. LT_TOKEN_INVALID: an access token that is expired, forged (signature, key, `typ`, `iss`), for another audience, or whose client secret was revoked or expired (`WWW-Authenticate: Bearer error="invalid_token"`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_NOT_FOUND: no such message in the store (its record expired, or it never was: try the time-range export), or the evidence log is off (EVIDENCE_LOG=off, or no SIGNING_KEYS). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_EVIDENCE_RANGE_TOO_LARGE: the range holds more records than one export may (EVIDENCE_EXPORT_MAX_RECORDS): narrow it. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Wait `Retry-After` seconds; the `RateLimit-Policy` and `RateLimit` headers show the limit and what is left. LT_RATE_LIMITED: over a rate limit (your messages of this service, or your reads, per window), or too many wrong admin tokens from your address; wait `Retry-After` seconds ([Rate limits](#rate-limits-quotas-and-overload)). LT_QUOTA_EXCEEDED: your daily quota of this service (citizen lookups, verifications) is used up; `Retry-After` is the time to midnight in Vietnam (UTC+7). LT_VERIFY_LOCKED: too many of your verifications of this ID number did not match (`VERIFY_MAX_MISMATCHES`); `Retry-After` says when you may verify it again. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_EVIDENCE_NOT_SEALED: the events asked for are being sealed by another process; retry after `Retry-After` seconds. LT_UNAVAILABLE: Redis is away. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/api/flows/overdue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Procedure-group steps past their legal deadline
         * @description Steps of birth.register and death.register flows not settled by their deadline (their procedure's working days, weekends and public holidays excluded), oldest deadline first, up to 1,000. The same count is the `lt_flow_steps_overdue` metric.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Overdue as of this time (default now): e.g. what will be overdue by Friday if nothing moves. */
                    at?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The overdue steps. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            steps: {
                                /** @description The step message (its record id). */
                                messageId: string;
                                /** @description The procedure group's message (its record id). */
                                flowId: string;
                                step: string;
                                round?: number;
                                service: string;
                                receiver: string;
                                status: string;
                                attempts?: number;
                                /**
                                 * Format: date-time
                                 * @description Its legal deadline (working days of its procedure).
                                 */
                                dueAt: string;
                                /**
                                 * Format: date-time
                                 * @description When the workers found it past the deadline.
                                 */
                                overdueAt?: string;
                                lastError?: {
                                    [key: string]: unknown;
                                };
                            }[];
                        };
                    };
                };
                /** @description LT_MALFORMED_JSON: the body is not JSON, not UTF-8 (bytes that are not UTF-8 are refused, never replaced), or empty. LT_JSON_TOO_DEEP: objects and arrays nested more than 32 deep (checked before the body is parsed). LT_BAD_REQUEST: bad path or query parameters (`details` names each). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_UNAUTHENTICATED: no `Authorization: Bearer` key, or an unknown, revoked or expired key; on the admin API, no or a wrong admin token. LT_TOKEN_INVALID: an access token that is expired, forged (signature, key, `typ`, `iss`), for another audience, or whose client secret was revoked or expired (`WWW-Authenticate: Bearer error="invalid_token"`). */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Wait `Retry-After` seconds; the `RateLimit-Policy` and `RateLimit` headers show the limit and what is left. LT_RATE_LIMITED: over a rate limit (your messages of this service, or your reads, per window), or too many wrong admin tokens from your address; wait `Retry-After` seconds ([Rate limits](#rate-limits-quotas-and-overload)). LT_QUOTA_EXCEEDED: your daily quota of this service (citizen lookups, verifications) is used up; `Retry-After` is the time to midnight in Vietnam (UTC+7). LT_VERIFY_LOCKED: too many of your verifications of this ID number did not match (`VERIFY_MAX_MISMATCHES`); `Retry-After` says when you may verify it again. */
                429: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        /** @description The policies that applied, e.g. `"citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400` (quota q per window w seconds). */
                        "ratelimit-policy"?: string;
                        /** @description What is left of each, e.g. `"citizen.verify";r=0;t=17` (r requests left, t seconds until the window resets). */
                        ratelimit?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_INTERNAL: the gateway failed (logged; the reply shows no internals): retry with the same messageId. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description Retry after `Retry-After` seconds (with the same messageId). LT_UNAVAILABLE: the gateway cannot take the request now (e.g. Redis restarting or failing over); `Retry-After: 1`. Post the same message (same messageId) again: a message recorded before the failure is not recorded twice, and one left unqueued is queued then. LT_NOT_REPLICATED: with `REDIS_WAIT_REPLICAS` set: the message was recorded and queued, but no replica confirmed it within `REDIS_WAIT_TIMEOUT_MS`, so a failover now could lose it; `Retry-After: 1`. Post the same message (same messageId) again: it is not recorded twice, and the answer waits for the replicas again. LT_OVERLOADED: the gateway has more load than it can take and refused the request at once, before authenticating or parsing it (nothing recorded); `Retry-After: 1`, then post it again. LT_DOSSIER_CODES_EXHAUSTED: `dossier.submit`: the receiving agency's 9,999 dossier codes of the day (Vietnam time) are spent; `Retry-After` is the time to midnight in Vietnam. */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again. */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description This process's request and upstream latency, refusals at intake, Node.js process series, and the cluster-wide series read from Redis: messages by outcome, retries, dead letters, queue depth per receiver, live workers. Prometheus text format 0.0.4.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Prometheus text exposition format. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
                /** @description The one shape of every 4xx and 5xx reply. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description LT_RATE_LIMITED: too many wrong admin tokens from this client address (ADMIN_SIGN_IN_MAX_FAILURES); every token is refused until `Retry-After` seconds have passed. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The one shape of every 4xx and 5xx reply. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth2/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get an access token (OAuth2 client credentials)
         * @description Send your client id and secret as HTTP Basic (`client_secret_basic`; or as `client_id` and `client_secret` form fields) and `grant_type=client_credentials`, form-encoded. The token is a signed JWT (`sub` your participant, `scope` the services it covers, `aud` the gateway) to send as `Authorization: Bearer <token>` until it expires; then ask for a new one. Errors follow RFC 6749 §5.2 (`error`, `error_description`), with the gateway's `statusCode`, `code` and `message`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/x-www-form-urlencoded": {
                        /** @description Always `client_credentials`. */
                        grant_type?: string;
                        /** @description Space-separated service codes; default: every service the participant may use. */
                        scope?: string;
                        /** @description Only without HTTP Basic (client_secret_post). */
                        client_id?: string;
                        /** @description Only without HTTP Basic (client_secret_post). */
                        client_secret?: string;
                    };
                };
            };
            responses: {
                /** @description The access token (RFC 6749 §5.1). Not cached: `Cache-Control: no-store`. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            /** @description Seconds until it expires (TOKEN_TTL_SECONDS). */
                            expires_in: number;
                            /** @description The services the token covers, space-separated. */
                            scope: string;
                        };
                    };
                };
                /** @description invalid_request (LT_OAUTH_INVALID_REQUEST: not a form, a parameter missing or repeated), unsupported_grant_type (LT_OAUTH_UNSUPPORTED_GRANT_TYPE) or invalid_scope (LT_OAUTH_INVALID_SCOPE: a service outside your rights). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description RFC 6749 §5.2 error code.
                             * @enum {string}
                             */
                            error: "invalid_request" | "invalid_client" | "unsupported_grant_type" | "invalid_scope" | "temporarily_unavailable" | "slow_down" | "server_error";
                            error_description: string;
                            statusCode: number;
                            code: string;
                            message: string;
                            details?: {
                                pointer: string;
                                problem: string;
                            }[];
                        };
                    };
                };
                /** @description invalid_client (LT_OAUTH_INVALID_CLIENT): no client credentials, or an unknown client, a wrong, revoked or expired secret. With `WWW-Authenticate: Basic`. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description RFC 6749 §5.2 error code.
                             * @enum {string}
                             */
                            error: "invalid_request" | "invalid_client" | "unsupported_grant_type" | "invalid_scope" | "temporarily_unavailable" | "slow_down" | "server_error";
                            error_description: string;
                            statusCode: number;
                            code: string;
                            message: string;
                            details?: {
                                pointer: string;
                                problem: string;
                            }[];
                        };
                    };
                };
                /** @description slow_down (LT_RATE_LIMITED): more token requests from your address than OAUTH_TOKEN_RATE_PER_MINUTE; wait `Retry-After` seconds. Reuse a token until it nears its expiry. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description RFC 6749 §5.2 error code.
                             * @enum {string}
                             */
                            error: "invalid_request" | "invalid_client" | "unsupported_grant_type" | "invalid_scope" | "temporarily_unavailable" | "slow_down" | "server_error";
                            error_description: string;
                            statusCode: number;
                            code: string;
                            message: string;
                            details?: {
                                pointer: string;
                                problem: string;
                            }[];
                        };
                    };
                };
                /** @description temporarily_unavailable (LT_OAUTH_DISABLED): the gateway has no signing key (SIGNING_KEYS unset). */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description RFC 6749 §5.2 error code.
                             * @enum {string}
                             */
                            error: "invalid_request" | "invalid_client" | "unsupported_grant_type" | "invalid_scope" | "temporarily_unavailable" | "slow_down" | "server_error";
                            error_description: string;
                            statusCode: number;
                            code: string;
                            message: string;
                            details?: {
                                pointer: string;
                                problem: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The gateway's public signing keys (JWK Set)
         * @description Every key that may have signed a token still valid: verify by the token's `kid`. Cached for a minute; during a rotation a new key is published before it signs.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A JWK Set (RFC 7517). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            keys: ({
                                kty: string;
                                kid: string;
                                alg?: string;
                                use?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** Shared identifier and value definitions */
        definitions: unknown;
        /**
         * Format: message-id
         * @description UUID chosen by the sender (RFC 9562 version 1 to 7, e.g. a random version 4 or a time-ordered version 7; version 8 is reserved for the gateway's own ids); the idempotency key of the message.
         * @example 5f0c1c7e-4b7a-4c8e-9a51-2f0d8a6c1e01
         */
        "definitions-messageId": string;
        /**
         * @description A SHA-256 digest in base64url without padding (43 characters).
         * @example ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0
         */
        "definitions-sha256": string;
        /**
         * Format: vn-participant
         * @description X-Road style participant identifier VN:GOV:<agency code>:<system>.
         * @example VN:GOV:000.00.00.H29:motcua
         */
        "definitions-participantId": string;
        /**
         * Format: vn-agency-code
         * @description Electronic agency code NNN.NN.NN.XNN (Decision 20/2020/QĐ-TTg).
         * @example 000.00.01.H29
         */
        "definitions-agencyCode": string;
        /**
         * Format: vn-personal-id
         * @description 12-digit personal identification number (số định danh cá nhân).
         * @example 001090012345
         */
        "definitions-personalId": string;
        /**
         * Format: vn-enterprise-code
         * @description Enterprise code (mã số doanh nghiệp): 10 digits with a check digit, or 10-3 for a branch.
         * @example 0300588569
         */
        "definitions-enterpriseCode": string;
        /**
         * Format: vn-dossier-code
         * @description Dossier code <agency code>-<yymmdd>-<NNNN> (Circular 01/2018/TT-VPCP art. 19).
         * @example 000.00.01.H29-261122-0001
         */
        "definitions-dossierCode": string;
        /**
         * @description Administrative procedure code from the national procedure database, e.g. 1.001193.
         * @example 1.001193
         */
        "definitions-procedureCode": string;
        /** @description National portal dossier status: 1 new, 2 received, 3 not received, 4 in progress, 5 supplement requested, 6 payment required, 7 withdrawn, 8 processing stopped, 9 processed, 10 result returned. */
        "definitions-dossierStatus": number;
        /**
         * @description Full name in Vietnamese (Unicode; compared in NFC).
         * @example Nguyễn Thị Minh Khai
         */
        "definitions-personName": string;
        /** @enum {string} */
        "definitions-gender": "male" | "female";
        /**
         * Format: date
         * @description Calendar date YYYY-MM-DD.
         */
        "definitions-date": string;
        /**
         * Format: date-time
         * @description RFC 3339 date-time with offset, e.g. 2026-11-22T09:30:00+07:00.
         */
        "definitions-dateTime": string;
        /** @description Free-text Vietnamese address. */
        "definitions-address": string;
        /** @example 0912345678 */
        "definitions-phone": string;
        /** Format: email */
        "definitions-email": string;
        /** DossierDocument */
        "definitions-document": {
            /** @description What the document is, where a procedure needs to tell (e.g. medical-birth-certificate: the hospital's giấy chứng sinh; death-notice: giấy báo tử; declaration: the tờ khai). A receiver that misses a kind it requires asks for it as a supplement. */
            kind?: string;
            /** @description Document name in the procedure's list of components. */
            name: string;
            fileName: string;
            mimeType: string;
            sha256: string;
            /**
             * Format: uri
             * @description Where the receiver can fetch the document: an https URL with a host name or IPv4 address, no user name or password in it.
             */
            url?: string;
        };
        /** @description Documents a receiver says are missing: the dossier waits for them (supplement requested). */
        "definitions-missingDocuments": {
            kind: string;
            name: string;
        }[];
        /**
         * Message
         * @description A standardized message: an envelope header plus a body typed by header.service and header.version.
         */
        envelope: {
            header: components["schemas"]["envelope-header"];
            /** @description Validated against schemas/services/<service>.v<version>.json. */
            body: {
                [key: string]: unknown;
            };
        };
        /** MessageHeader */
        "envelope-header": {
            messageId: components["schemas"]["definitions-messageId"];
            /** @description Service code, e.g. citizen.verify. */
            service: string;
            /** @description Service version, e.g. 1. */
            version: string;
            from: components["schemas"]["definitions-participantId"];
            to: components["schemas"]["definitions-participantId"];
            sentAt: components["schemas"]["definitions-dateTime"];
            /** @description Optional: ties the messages of one dossier or flow. */
            correlationId?: string;
            /**
             * Format: uri
             * @description Optional: where the outcome of an async message is posted.
             */
            callbackUrl?: string;
            inReplyTo?: components["schemas"]["definitions-messageId"];
            requestHash?: components["schemas"]["definitions-sha256"];
        };
        /**
         * ErrorBody
         * @description The one shape of every 4xx and 5xx reply.
         * @example {
         *       "statusCode": 422,
         *       "code": "LT_SCHEMA_INVALID",
         *       "message": "The message does not match its schema",
         *       "details": [
         *         {
         *           "pointer": "/body/citizenId",
         *           "problem": "must be 12 digits"
         *         }
         *       ],
         *       "messageId": "5f0c1c7e-4b7a-4c8e-9a51-2f0d8a6c1e01"
         *     }
         */
        error: {
            statusCode: number;
            /** @description Stable machine-readable code, e.g. LT_SCHEMA_INVALID. */
            code: string;
            /** @description Human-readable explanation. */
            message: string;
            details?: {
                /** @description JSON pointer of the bad field in the posted document. */
                pointer: string;
                problem: string;
            }[];
            messageId?: string;
        };
        /**
         * MessageAccepted
         * @description An async message (or a sync one whose receiver did not answer in time) was recorded and queued; follow statusUrl.
         * @example {
         *       "messageId": "5f0c1c7e-4b7a-4c8e-9a51-2f0d8a6c1e01",
         *       "status": "queued",
         *       "statusUrl": "/v1/messages/5f0c1c7e-4b7a-4c8e-9a51-2f0d8a6c1e01"
         *     }
         */
        "message-accepted": {
            messageId: string;
            /** @enum {string} */
            status: "accepted" | "queued" | "delivering" | "retrying" | "delivered" | "dead" | "unconfirmed";
            statusUrl: string;
            dossierCode?: components["schemas"]["definitions-dossierCode"];
        };
        /**
         * MessageState
         * @description Where a message is on its way: accepted → queued → delivering → delivered, retrying between failures, dead when retries are spent or the failure is permanent.
         */
        "message-state": {
            messageId: string;
            service: string;
            version: string;
            from: string;
            to: string;
            correlationId?: string;
            /** @enum {string} */
            mode: "sync" | "async";
            /** @enum {string} */
            status: "accepted" | "queued" | "delivering" | "retrying" | "delivered" | "dead" | "unconfirmed";
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            deliveredAt?: string;
            /** Format: date-time */
            nextAttemptAt?: string;
            statusUrl: string;
            dossierCode?: components["schemas"]["definitions-dossierCode"];
            requestHash?: components["schemas"]["definitions-sha256"];
            replyHash?: components["schemas"]["definitions-sha256"];
            /**
             * Format: date-time
             * @description The reply carried citizen data and was kept only REPLY_RETENTION_HOURS: dropped at this time. replyHash and deliveryReceipt still say what it was.
             */
            replyExpiredAt?: string;
            /** @description Once delivered: the gateway's signed delivery receipt, a compact JWS (typ lienthong-receipt+jwt) over the messageId, sender, receiver, service, request hash, status delivered, delivery time and reply hash; verify it with the keys at /.well-known/jwks.json. */
            deliveryReceipt?: string;
            reply?: components["schemas"]["envelope"];
            lastError?: {
                code: string;
                message: string;
                /** Format: date-time */
                at: string;
                transient?: boolean;
                upstreamStatus?: number;
            };
            /** @description dossier.status: the dossier's previous change; this one is delivered after it is delivered or dead. */
            previousMessageId?: string;
            /** @description Messages with a callbackUrl: where the signed outcome callback stands. */
            callback?: {
                /** @enum {string} */
                event: "message.delivered" | "message.dead";
                /** @enum {string} */
                status: "pending" | "sent" | "failed";
                attempts: number;
                /** Format: date-time */
                sentAt?: string;
                lastError?: string;
            };
            /**
             * @description A procedure group (birth.register, death.register): where its flow stands. running: steps under way; supplement-requested: a step asked for documents (see its result's missingDocuments; send dossier.supplement before supplementDueAt); completed: every step done (the reply gathers their results); failed: a step is dead (replaying it resumes the flow); refused: the documents did not come in time.
             * @enum {string}
             */
            flowState?: "running" | "supplement-requested" | "completed" | "failed" | "refused";
            /**
             * Format: date-time
             * @description A procedure group waiting for documents: the end of the 7th working day after they were asked for; without them by then, the dossier is refused.
             */
            supplementDueAt?: string;
            /** @description A procedure group: each of its steps, an ordinary message of its own (its messageId's state shows it in full). */
            steps?: {
                /** @description e.g. civil-status, residence, health-insurance, social-insurance. */
                name: string;
                service: string;
                receiver: string;
                /**
                 * @description waiting: the steps before it are not done yet.
                 * @enum {string}
                 */
                status: "waiting" | "accepted" | "queued" | "delivering" | "retrying" | "delivered" | "dead" | "unconfirmed";
                /** @description 1, and one more for each supplement of documents it was run again after. */
                round: number;
                attempts: number;
                /** Format: uuid */
                messageId?: string;
                /**
                 * Format: date-time
                 * @description The step's legal deadline: its procedure's working days (GET /v1/catalogs/procedures), to the end of the day, Vietnam time.
                 */
                dueAt?: string;
                /** @description Not settled by dueAt (or settled after it). */
                overdue: boolean;
                /** Format: date-time */
                deliveredAt?: string;
                /** @description The step's reply body (its service's reply schema); result supplement-required names the missingDocuments. */
                result?: {
                    [key: string]: unknown;
                };
                lastError?: {
                    code: string;
                    message: string;
                    /** Format: date-time */
                    at: string;
                    transient?: boolean;
                    upstreamStatus?: number;
                };
            }[];
            /**
             * Format: uuid
             * @description A message the gateway sent for a procedure group: the group's message (its record id).
             */
            flowId?: string;
            /** @description Its step in the group (portal: a status sync). */
            flowStep?: string;
            flowRound?: number;
            /**
             * Format: date-time
             * @description A step: its legal deadline.
             */
            dueAt?: string;
            /**
             * Format: date-time
             * @description A step: when the gateway found it past its deadline and not settled.
             */
            overdueAt?: string;
            history?: {
                status: string;
                /** Format: date-time */
                at: string;
                attempt?: number;
                error?: string;
            }[];
        };
        /**
         * BirthRegisterRequest
         * @description Procedure group 1 of Decree 63/2024/NĐ-CP (2.000986): birth registration, then permanent residence registration and a health insurance card for the child, in one message. The gateway runs the steps: the Ministry of Justice's civil-status software registers the birth (and the population database issues the child's personal ID number), then the residence system and Vietnam Social Security, in parallel, with the first step's results. Each step is a delivery of its own (GET the message for `steps`); the dossier's status is synced to the national portal as it moves. A step that asks for documents pauses the group until dossier.supplement brings them (7 working days, then the dossier is refused).
         */
        "birth.register.v1": {
            /**
             * @description The procedure group's code.
             * @enum {unknown}
             */
            procedureCode: "2.000986";
            /** @description The commune-level People's Committee that registers the birth. */
            receivingAgency: components["schemas"]["definitions-agencyCode"];
            /** Newborn */
            child: {
                fullName: components["schemas"]["definitions-personName"];
                gender: components["schemas"]["definitions-gender"];
                dateOfBirth: components["schemas"]["definitions-date"];
                placeOfBirth: string;
                ethnicity?: string;
                /** @description ISO 3166-1 alpha-2 (default VN). */
                nationality?: string;
            };
            mother: {
                citizenId: components["schemas"]["definitions-personalId"];
                fullName: components["schemas"]["definitions-personName"];
            };
            father?: {
                citizenId: components["schemas"]["definitions-personalId"];
                fullName: components["schemas"]["definitions-personName"];
            };
            /**
             * FlowApplicant
             * @description Who applies (người yêu cầu): a parent or relative.
             */
            applicant: {
                citizenId: components["schemas"]["definitions-personalId"];
                fullName: components["schemas"]["definitions-personName"];
                /** @description To the child or the deceased, in Vietnamese (mẹ, cha, ông, bà, con, vợ, chồng…). */
                relationship: string;
                phone?: components["schemas"]["definitions-phone"];
                email?: components["schemas"]["definitions-email"];
            };
            /**
             * NewbornResidence
             * @description Where the child is registered as a permanent resident: the household it joins.
             */
            residence: {
                address: components["schemas"]["definitions-address"];
                householdHeadCitizenId: components["schemas"]["definitions-personalId"];
                relationshipToHead: string;
            };
            documents: components["schemas"]["definitions-document"][];
        };
        /**
         * BirthRegisterReply
         * @description Every step's result, gathered once all three are done.
         */
        "birth.register.v1-reply": {
            dossierCode: components["schemas"]["definitions-dossierCode"];
            /** @enum {unknown} */
            result: "completed";
            childCitizenId: components["schemas"]["definitions-personalId"];
            birthCertificateNumber: string;
            registeredDate: components["schemas"]["definitions-date"];
            householdNumber?: string;
            residenceRegisteredDate?: components["schemas"]["definitions-date"];
            healthInsuranceCardNumber?: string;
            healthInsuranceValidTo?: components["schemas"]["definitions-date"];
        };
        /**
         * CitizenLookupRequest
         * @description Returns a citizen's record from the population database, limited to the fields the sender's access rights allow.
         * @example {
         *       "citizenId": "001090012345",
         *       "purpose": "Xác minh thông tin người nộp hồ sơ 000.00.01.H29-261122-0001"
         *     }
         */
        "citizen.lookup.v1": {
            citizenId: components["schemas"]["definitions-personalId"];
            /** @description Why the record is needed (legal basis or dossier), kept with the message for audit. */
            purpose: string;
        };
        /** @enum {string} */
        "citizen.lookup.v1-citizenField": "citizenId" | "fullName" | "dateOfBirth" | "gender" | "nationality" | "ethnicity" | "religion" | "placeOfOrigin" | "permanentAddress" | "currentAddress";
        /**
         * CitizenLookupReply
         * @example {
         *       "found": true,
         *       "citizen": {
         *         "citizenId": "001090012345",
         *         "fullName": "Nguyễn Văn An",
         *         "dateOfBirth": "1990-05-17",
         *         "gender": "male",
         *         "permanentAddress": "Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội"
         *       }
         *     }
         */
        "citizen.lookup.v1-reply": {
            found: boolean;
            /**
             * CitizenRecord
             * @description Only the fields the sender may see are present.
             */
            citizen?: {
                citizenId: components["schemas"]["definitions-personalId"];
                fullName?: string;
                dateOfBirth?: components["schemas"]["definitions-date"];
                gender?: components["schemas"]["definitions-gender"];
                nationality?: string;
                ethnicity?: string;
                religion?: string;
                placeOfOrigin?: string;
                permanentAddress?: string;
                currentAddress?: string;
            };
        };
        /**
         * CitizenVerifyRequest
         * @description Does this personal identification number match this name and date of birth? Answers match or no-match (the mismatched fields only with a right for them), never the record.
         * @example {
         *       "citizenId": "001090012345",
         *       "fullName": "Nguyễn Văn An",
         *       "dateOfBirth": "1990-05-17",
         *       "gender": "male"
         *     }
         */
        "citizen.verify.v1": {
            citizenId: components["schemas"]["definitions-personalId"];
            fullName: components["schemas"]["definitions-personName"];
            dateOfBirth: components["schemas"]["definitions-date"];
            gender?: components["schemas"]["definitions-gender"];
        };
        /**
         * CitizenVerifyReply
         * @description match: the ID number, name and date of birth (and gender, when sent) belong to one citizen. no-match: anything else, an unknown ID number included. mismatchedFields only for senders whose right allows field detail, and only fields their citizen.lookup right shows.
         * @example {
         *       "result": "no-match"
         *     }
         */
        "citizen.verify.v1-reply": {
            /** @enum {string} */
            result: "match" | "no-match";
            mismatchedFields?: ("fullName" | "dateOfBirth" | "gender")[];
        };
        /**
         * CivilStatusBirthRequest
         * @description Registers a birth in the Ministry of Justice's shared civil-status registration software (step 1 of the birth.register procedure group, Decree 63/2024/NĐ-CP). The software checks the parents against the population database, which issues the child's personal identification number; the reply carries that number and the birth certificate number. Without a document of kind medical-birth-certificate (Giấy chứng sinh) the software asks for it (supplement-required) and registers nothing.
         * @example {
         *       "dossierCode": "000.00.01.H29-261123-0001",
         *       "registrationAgency": "000.00.01.H29",
         *       "child": {
         *         "fullName": "Lâm Minh Khang",
         *         "gender": "male",
         *         "dateOfBirth": "2026-11-15",
         *         "placeOfBirth": "Bệnh viện Hùng Vương, Thành phố Hồ Chí Minh",
         *         "ethnicity": "Kinh",
         *         "nationality": "VN"
         *       },
         *       "mother": {
         *         "citizenId": "082188234394",
         *         "fullName": "Huỳnh Bảo Hằng"
         *       },
         *       "father": {
         *         "citizenId": "026081949699",
         *         "fullName": "Lâm Hữu Trung"
         *       },
         *       "applicant": {
         *         "citizenId": "026081949699",
         *         "fullName": "Lâm Hữu Trung",
         *         "relationship": "cha"
         *       },
         *       "documents": [
         *         {
         *           "kind": "declaration",
         *           "name": "Tờ khai đăng ký khai sinh",
         *           "fileName": "to-khai-khai-sinh.pdf",
         *           "mimeType": "application/pdf",
         *           "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
         *         },
         *         {
         *           "kind": "medical-birth-certificate",
         *           "name": "Giấy chứng sinh",
         *           "fileName": "giay-chung-sinh.pdf",
         *           "mimeType": "application/pdf",
         *           "sha256": "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
         *         }
         *       ]
         *     }
         */
        "civil-status.birth.v1": {
            dossierCode: components["schemas"]["definitions-dossierCode"];
            registrationAgency: components["schemas"]["definitions-agencyCode"];
            /** BirthChild */
            child: {
                fullName: components["schemas"]["definitions-personName"];
                gender: components["schemas"]["definitions-gender"];
                dateOfBirth: components["schemas"]["definitions-date"];
                /** @description Where the child was born (a hospital, a commune). */
                placeOfBirth: string;
                /** @description Ethnic group (dân tộc), e.g. Kinh. */
                ethnicity?: string;
                /**
                 * @description ISO 3166-1 alpha-2 code; a child of another nationality is another procedure and is refused.
                 * @default VN
                 */
                nationality: string;
            };
            mother: components["schemas"]["civil-status.birth.v1-parent"];
            father?: components["schemas"]["civil-status.birth.v1-parent"];
            applicant: components["schemas"]["civil-status.birth.v1-applicant"];
            /** @description The dossier's documents; the Giấy chứng sinh has kind medical-birth-certificate. */
            documents: components["schemas"]["definitions-document"][];
        };
        /**
         * BirthParent
         * @description A parent as the population database knows them.
         */
        "civil-status.birth.v1-parent": {
            citizenId: components["schemas"]["definitions-personalId"];
            fullName: components["schemas"]["definitions-personName"];
        };
        /**
         * CivilStatusApplicant
         * @description The person who asks for the registration.
         */
        "civil-status.birth.v1-applicant": {
            citizenId: components["schemas"]["definitions-personalId"];
            fullName: components["schemas"]["definitions-personName"];
            /** @description Relationship to the child, e.g. mẹ, cha, ông, bà. */
            relationship: string;
        };
        /**
         * CivilStatusBirthReply
         * @description registered: the birth is registered; childCitizenId (issued by the population database), birthCertificateNumber (the software's register number <n>/<year>/KS) and registeredDate are set, missingDocuments is not. supplement-required: nothing is registered; missingDocuments names what to add, the other fields are absent.
         * @example {
         *       "result": "registered",
         *       "childCitizenId": "079226617163",
         *       "birthCertificateNumber": "1/2026/KS",
         *       "registeredDate": "2026-11-23"
         *     }
         */
        "civil-status.birth.v1-reply": {
            /** @enum {string} */
            result: "registered" | "supplement-required";
            childCitizenId?: components["schemas"]["definitions-personalId"];
            /** @description Number of the birth certificate in the registering agency's register: <n>/<year>/KS. */
            birthCertificateNumber?: string;
            registeredDate?: components["schemas"]["definitions-date"];
            missingDocuments?: components["schemas"]["definitions-missingDocuments"];
        };
        /**
         * CivilStatusDeathRequest
         * @description Registers a death in the Ministry of Justice's shared civil-status registration software (step 1 of the death.register procedure group, Decree 63/2024/NĐ-CP); the reply carries the death certificate (trích lục khai tử) number. Without a document of kind death-notice (Giấy báo tử) the software asks for it (supplement-required). Refused (LT_UPSTREAM_REJECTED): a citizen whose death is already registered, a date of death after today or before the date of birth, a personal ID number that disagrees with the date of birth or gender.
         * @example {
         *       "dossierCode": "000.00.01.H29-261123-0002",
         *       "registrationAgency": "000.00.01.H29",
         *       "deceased": {
         *         "citizenId": "011140608913",
         *         "fullName": "Vũ Thanh Thủy",
         *         "dateOfBirth": "1940-11-17",
         *         "gender": "female",
         *         "dateOfDeath": "2026-11-20",
         *         "placeOfDeath": "Bệnh viện Chợ Rẫy, Thành phố Hồ Chí Minh",
         *         "causeOfDeath": "Bệnh già"
         *       },
         *       "applicant": {
         *         "citizenId": "026081949699",
         *         "fullName": "Lâm Hữu Trung",
         *         "relationship": "con"
         *       },
         *       "documents": [
         *         {
         *           "kind": "declaration",
         *           "name": "Tờ khai đăng ký khai tử",
         *           "fileName": "to-khai-khai-tu.pdf",
         *           "mimeType": "application/pdf",
         *           "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
         *         },
         *         {
         *           "kind": "death-notice",
         *           "name": "Giấy báo tử",
         *           "fileName": "giay-bao-tu.pdf",
         *           "mimeType": "application/pdf",
         *           "sha256": "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13"
         *         }
         *       ]
         *     }
         */
        "civil-status.death.v1": {
            dossierCode: components["schemas"]["definitions-dossierCode"];
            registrationAgency: components["schemas"]["definitions-agencyCode"];
            /** Deceased */
            deceased: {
                citizenId: components["schemas"]["definitions-personalId"];
                fullName: components["schemas"]["definitions-personName"];
                dateOfBirth: components["schemas"]["definitions-date"];
                gender: components["schemas"]["definitions-gender"];
                dateOfDeath: components["schemas"]["definitions-date"];
                placeOfDeath: string;
                causeOfDeath?: string;
            };
            applicant: components["schemas"]["civil-status.death.v1-applicant"];
            /** @description The dossier's documents; the Giấy báo tử has kind death-notice. Empty, the software asks for it. */
            documents: components["schemas"]["definitions-document"][];
        };
        /**
         * CivilStatusApplicant
         * @description The person who asks for the registration.
         */
        "civil-status.death.v1-applicant": {
            citizenId: components["schemas"]["definitions-personalId"];
            fullName: components["schemas"]["definitions-personName"];
            /** @description Relationship to the deceased, e.g. con, vợ, chồng. */
            relationship: string;
        };
        /**
         * CivilStatusDeathReply
         * @description registered: the death is registered; deathCertificateNumber (the software's register number <n>/<year>/KT) and registeredDate are set, missingDocuments is not. supplement-required: nothing is registered; missingDocuments names what to add, the other fields are absent.
         * @example {
         *       "result": "registered",
         *       "deathCertificateNumber": "1/2026/KT",
         *       "registeredDate": "2026-11-23"
         *     }
         */
        "civil-status.death.v1-reply": {
            /** @enum {string} */
            result: "registered" | "supplement-required";
            /** @description Number of the death certificate (trích lục khai tử) in the registering agency's register: <n>/<year>/KT. */
            deathCertificateNumber?: string;
            registeredDate?: components["schemas"]["definitions-date"];
            missingDocuments?: components["schemas"]["definitions-missingDocuments"];
        };
        /**
         * DeathRegisterRequest
         * @description Procedure group 2 of Decree 63/2024/NĐ-CP: death registration, then permanent residence deregistration and the funeral allowance and survivor benefits of social insurance, in one message. The gateway runs the steps as for birth.register: the civil-status software first, then the residence system and Vietnam Social Security in parallel with the death certificate number.
         */
        "death.register.v1": {
            /**
             * @description The procedure group's code (a placeholder: see GET /v1/catalogs/procedures).
             * @enum {unknown}
             */
            procedureCode: "9.990003";
            /** @description The commune-level People's Committee that registers the death. */
            receivingAgency: components["schemas"]["definitions-agencyCode"];
            /** Deceased */
            deceased: {
                citizenId: components["schemas"]["definitions-personalId"];
                fullName: components["schemas"]["definitions-personName"];
                dateOfBirth: components["schemas"]["definitions-date"];
                gender: components["schemas"]["definitions-gender"];
                dateOfDeath: components["schemas"]["definitions-date"];
                placeOfDeath: string;
                causeOfDeath?: string;
            };
            /**
             * FlowApplicant
             * @description Who applies (người yêu cầu): a parent or relative.
             */
            applicant: {
                citizenId: components["schemas"]["definitions-personalId"];
                fullName: components["schemas"]["definitions-personName"];
                /** @description To the child or the deceased, in Vietnamese (mẹ, cha, ông, bà, con, vợ, chồng…). */
                relationship: string;
                phone?: components["schemas"]["definitions-phone"];
                email?: components["schemas"]["definitions-email"];
            };
            documents: components["schemas"]["definitions-document"][];
        };
        /** DeathRegisterReply */
        "death.register.v1-reply": {
            dossierCode: components["schemas"]["definitions-dossierCode"];
            /** @enum {unknown} */
            result: "completed";
            deathCertificateNumber: string;
            registeredDate: components["schemas"]["definitions-date"];
            deregisteredDate?: components["schemas"]["definitions-date"];
            funeralAllowanceVnd?: number;
            /** @enum {string} */
            survivorAllowance?: "monthly" | "lump-sum" | "none";
            benefitsDecisionDueDate?: components["schemas"]["definitions-date"];
        };
        /**
         * DossierStatusRequest
         * @description Syncs a dossier's status change to the national public service portal. A change the dossier lifecycle forbids (e.g. 10 back to 4) is refused.
         * @example {
         *       "dossierCode": "000.00.01.H29-261122-0001",
         *       "status": 4,
         *       "changedAt": "2026-11-23T08:15:00+07:00",
         *       "handlingAgency": "000.00.01.H29",
         *       "note": "Chuyển phòng chuyên môn xử lý"
         *     }
         */
        "dossier.status.v1": {
            dossierCode: components["schemas"]["definitions-dossierCode"];
            status: components["schemas"]["definitions-dossierStatus"];
            changedAt: components["schemas"]["definitions-dateTime"];
            procedureCode?: components["schemas"]["definitions-procedureCode"];
            handlingAgency?: components["schemas"]["definitions-agencyCode"];
            note?: string;
        };
        /** DossierStatusReply */
        "dossier.status.v1-reply": {
            dossierCode: components["schemas"]["definitions-dossierCode"];
            status: components["schemas"]["definitions-dossierStatus"];
            syncedAt: components["schemas"]["definitions-dateTime"];
        };
        /**
         * DossierSubmitRequest
         * @description Submits an administrative dossier to the provincial one-stop system named by header.to; the reply carries the dossier code it registered.
         * @example {
         *       "procedureCode": "1.001193",
         *       "procedureName": "Đăng ký khai sinh",
         *       "receivingAgency": "000.00.01.H29",
         *       "channel": "online",
         *       "applicant": {
         *         "citizenId": "001090012345",
         *         "fullName": "Nguyễn Văn An",
         *         "dateOfBirth": "1990-05-17",
         *         "phone": "0912345678",
         *         "address": "Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội"
         *       },
         *       "documents": [
         *         {
         *           "name": "Tờ khai đăng ký khai sinh",
         *           "fileName": "to-khai.pdf",
         *           "mimeType": "application/pdf",
         *           "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
         *         }
         *       ]
         *     }
         */
        "dossier.submit.v1": {
            procedureCode: components["schemas"]["definitions-procedureCode"];
            procedureName: string;
            receivingAgency: components["schemas"]["definitions-agencyCode"];
            /**
             * @default online
             * @enum {string}
             */
            channel: "online" | "counter";
            /** Applicant */
            applicant: {
                citizenId: components["schemas"]["definitions-personalId"];
                fullName: components["schemas"]["definitions-personName"];
                dateOfBirth: components["schemas"]["definitions-date"];
                phone?: components["schemas"]["definitions-phone"];
                email?: components["schemas"]["definitions-email"];
                address: components["schemas"]["definitions-address"];
            };
            documents: {
                /** @description Document name in the procedure's list of components. */
                name: string;
                fileName: string;
                mimeType: string;
                sha256: string;
                /**
                 * Format: uri
                 * @description Where the receiver can fetch the document: an https URL with a host name or IPv4 address, no user name or password in it.
                 */
                url?: string;
            }[];
        };
        /**
         * DossierSubmitReply
         * @example {
         *       "dossierCode": "000.00.01.H29-261122-0001",
         *       "receivedAt": "2026-11-22T09:30:05+07:00",
         *       "appointmentDate": "2026-11-27"
         *     }
         */
        "dossier.submit.v1-reply": {
            dossierCode: components["schemas"]["definitions-dossierCode"];
            receivedAt: components["schemas"]["definitions-dateTime"];
            appointmentDate?: components["schemas"]["definitions-date"];
        };
        /**
         * DossierSupplementRequest
         * @description Supplies the documents a procedure group's step asked for (its state shows `flowState: supplement-requested` and each waiting step's `missingDocuments`). Sent by the group's sender, to the group's receiver, within 7 working days: the waiting steps run again with the documents added.
         * @example {
         *       "dossierCode": "000.00.01.H29-261204-0001",
         *       "documents": [
         *         {
         *           "kind": "medical-birth-certificate",
         *           "name": "Giấy chứng sinh",
         *           "fileName": "giay-chung-sinh.pdf",
         *           "mimeType": "application/pdf",
         *           "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
         *         }
         *       ]
         *     }
         */
        "dossier.supplement.v1": {
            dossierCode: components["schemas"]["definitions-dossierCode"];
            documents: components["schemas"]["definitions-document"][];
            note?: string;
        };
        /**
         * DossierSupplementReply
         * @example {
         *       "dossierCode": "000.00.01.H29-261204-0001",
         *       "resumedSteps": [
         *         "civil-status"
         *       ]
         *     }
         */
        "dossier.supplement.v1-reply": {
            dossierCode: components["schemas"]["definitions-dossierCode"];
            resumedSteps: string[];
        };
        /**
         * EnterpriseLookupRequest
         * @description Returns an enterprise's registration from the national business registration database.
         * @example {
         *       "enterpriseCode": "0300588569"
         *     }
         */
        "enterprise.lookup.v1": {
            enterpriseCode: components["schemas"]["definitions-enterpriseCode"];
        };
        /** EnterpriseLookupReply */
        "enterprise.lookup.v1-reply": {
            found: boolean;
            /** EnterpriseRegistration */
            enterprise?: {
                enterpriseCode: components["schemas"]["definitions-enterpriseCode"];
                name: string;
                englishName?: string;
                type?: string;
                /** @enum {string} */
                status: "active" | "suspended" | "dissolving" | "dissolved" | "bankrupt";
                foundedOn?: components["schemas"]["definitions-date"];
                address: string;
                legalRepresentative: {
                    fullName: string;
                    title?: string;
                };
                /** @description Charter capital in VND. */
                charterCapital?: number;
                businessLines: {
                    /** @description VSIC code. */
                    code: string;
                    name: string;
                    main: boolean;
                }[];
            };
        };
        /**
         * HealthInsuranceChildCardRequest
         * @description Step of the birth.register procedure group (Decree 63/2024/NĐ-CP): asks Vietnam Social Security for the free health insurance card of a newborn (a child under 6, whose cover the State pays). The reply carries the card number and its validity, from the date of birth to the day before the 6th birthday. A child of 6 or older, or one who already has a card, is refused.
         * @example {
         *       "dossierCode": "000.00.01.H29-261123-0002",
         *       "citizenId": "079226004512",
         *       "fullName": "Lâm Gia Huy",
         *       "dateOfBirth": "2026-11-20",
         *       "gender": "male",
         *       "birthCertificateNumber": "125/2026/KS",
         *       "address": "Số 213 đường Điện Biên Phủ, Phường Xuân Hòa, Huyện Thạch Hà, Tỉnh Vĩnh Phúc",
         *       "guardian": {
         *         "citizenId": "026081949699",
         *         "fullName": "Lâm Hữu Trung"
         *       }
         *     }
         */
        "health-insurance.child-card.v1": {
            dossierCode: components["schemas"]["definitions-dossierCode"];
            citizenId: components["schemas"]["definitions-personalId"];
            fullName: components["schemas"]["definitions-personName"];
            dateOfBirth: components["schemas"]["definitions-date"];
            gender: components["schemas"]["definitions-gender"];
            /** @description Number of the birth certificate (giấy khai sinh) the civil-status registration issued. */
            birthCertificateNumber: string;
            address: components["schemas"]["definitions-address"];
            /**
             * ChildCardGuardian
             * @description The parent or guardian who applies for the child.
             */
            guardian: {
                citizenId: components["schemas"]["definitions-personalId"];
                fullName: components["schemas"]["definitions-personName"];
            };
        };
        /**
         * HealthInsuranceChildCardReply
         * @description issued: the card was issued. cardNumber is the 15-character number printed on the card (Decision 1666/QĐ-BHXH): TE (child under 6), 1 (benefit level, 100 %), the 2-digit province code of the issuing office, then the child's 10-digit social insurance number.
         * @example {
         *       "result": "issued",
         *       "cardNumber": "TE1797901234567",
         *       "socialInsuranceNumber": "7901234567",
         *       "validFrom": "2026-11-20",
         *       "validTo": "2032-11-19"
         *     }
         */
        "health-insurance.child-card.v1-reply": {
            /** @enum {string} */
            result: "issued";
            cardNumber: string;
            /** @description Social insurance number (mã số BHXH), 10 digits. */
            socialInsuranceNumber: string;
            validFrom: components["schemas"]["definitions-date"];
            validTo: components["schemas"]["definitions-date"];
        };
        /**
         * ResidenceDeregisterRequest
         * @description Deregisters the permanent residence (xóa đăng ký thường trú) of a deceased resident in the Ministry of Public Security's residence system (Law on Residence 2020 art. 24(1)(a)): the step after the death registration in the death.register procedure group. Refused (LT_UPSTREAM_REJECTED) for a citizen the system does not know or has already deregistered.
         * @example {
         *       "dossierCode": "000.00.02.H29-261120-0003",
         *       "citizenId": "024051152228",
         *       "fullName": "Phạm Quốc Long",
         *       "reason": "deceased",
         *       "deathCertificateNumber": "87/2026/KT",
         *       "dateOfDeath": "2026-11-18"
         *     }
         */
        "residence.deregister.v1": {
            dossierCode: components["schemas"]["definitions-dossierCode"];
            citizenId: components["schemas"]["definitions-personalId"];
            fullName: components["schemas"]["definitions-personName"];
            /**
             * @description Why the residence is deregistered: deceased (the only reason this step carries).
             * @enum {string}
             */
            reason: "deceased";
            /** @description Number of the death certificate (trích lục khai tử) the civil-status registration issued. */
            deathCertificateNumber: string;
            dateOfDeath: components["schemas"]["definitions-date"];
        };
        /**
         * ResidenceDeregisterReply
         * @description deregistered: the resident's permanent residence is deregistered as of deregisteredDate (Vietnam time).
         * @example {
         *       "result": "deregistered",
         *       "deregisteredDate": "2026-11-20"
         *     }
         */
        "residence.deregister.v1-reply": {
            /** @enum {string} */
            result: "deregistered";
            deregisteredDate: components["schemas"]["definitions-date"];
        };
        /**
         * ResidenceRegisterRequest
         * @description Registers a newborn's permanent residence (đăng ký thường trú) in the household of a head who is a registered resident, in the Ministry of Public Security's residence system: the step after the birth registration in the birth.register procedure group. Refused (LT_UPSTREAM_REJECTED) when the head is not the head of a household still registered there, or the citizen is already registered.
         * @example {
         *       "dossierCode": "000.00.01.H29-261122-0001",
         *       "citizenId": "079226004321",
         *       "fullName": "Phan Minh Khang",
         *       "dateOfBirth": "2026-11-20",
         *       "gender": "male",
         *       "birthCertificateNumber": "125/2026/KS",
         *       "address": "Số 129 đường Võ Thị Sáu, Phường Nghĩa Đô, Quận Châu Thành, Thành phố Hồ Chí Minh",
         *       "householdHeadCitizenId": "079203545310",
         *       "relationshipToHead": "Con"
         *     }
         */
        "residence.register.v1": {
            dossierCode: components["schemas"]["definitions-dossierCode"];
            citizenId: components["schemas"]["definitions-personalId"];
            fullName: components["schemas"]["definitions-personName"];
            dateOfBirth: components["schemas"]["definitions-date"];
            gender: components["schemas"]["definitions-gender"];
            /** @description Number of the birth certificate (giấy khai sinh) the civil-status registration issued. */
            birthCertificateNumber: string;
            address: components["schemas"]["definitions-address"];
            householdHeadCitizenId: components["schemas"]["definitions-personalId"];
            /** @description The child's relationship to the head, in Vietnamese as the residence system writes it (e.g. Con, Cháu). */
            relationshipToHead: string;
        };
        /**
         * ResidenceRegisterReply
         * @description registered: the child is a permanent resident of the head's household; householdNumber is that household's number, registeredDate the day of registration (Vietnam time).
         * @example {
         *       "result": "registered",
         *       "householdNumber": "079000014",
         *       "registeredDate": "2026-11-22"
         *     }
         */
        "residence.register.v1-reply": {
            /** @enum {string} */
            result: "registered";
            /** @description Number of the household (số hộ) in the residence system. */
            householdNumber: string;
            registeredDate: components["schemas"]["definitions-date"];
        };
        /**
         * SocialInsuranceDeathBenefitsRequest
         * @description Step of the death.register procedure group (Decree 63/2024/NĐ-CP): files the funeral allowance and survivor allowance claim for a deceased person with Vietnam Social Security. A second claim for the same deceased is refused.
         * @example {
         *       "dossierCode": "000.00.01.H29-261123-0003",
         *       "deceased": {
         *         "citizenId": "020152092041",
         *         "fullName": "Nguyễn Kim Thảo",
         *         "dateOfDeath": "2026-11-18"
         *       },
         *       "deathCertificateNumber": "87/2026/KT",
         *       "claimant": {
         *         "citizenId": "044086239142",
         *         "fullName": "Nguyễn Minh Nghĩa",
         *         "relationship": "con"
         *       }
         *     }
         */
        "social-insurance.death-benefits.v1": {
            dossierCode: components["schemas"]["definitions-dossierCode"];
            /** DeathBenefitsDeceased */
            deceased: {
                citizenId: components["schemas"]["definitions-personalId"];
                fullName: components["schemas"]["definitions-personName"];
                dateOfDeath: components["schemas"]["definitions-date"];
            };
            /** @description Number of the death certificate (trích lục khai tử) the civil-status registration issued. */
            deathCertificateNumber: string;
            /**
             * DeathBenefitsClaimant
             * @description The relative who claims the allowances.
             */
            claimant: {
                citizenId: components["schemas"]["definitions-personalId"];
                fullName: components["schemas"]["definitions-personName"];
                /** @description The claimant's relation to the deceased, in Vietnamese (e.g. vợ, chồng, con, cha, mẹ). */
                relationship: string;
            };
        };
        /**
         * SocialInsuranceDeathBenefitsReply
         * @description accepted: the claim was filed. For an insured person (socialInsuranceNumber present) the funeral allowance is 10 × the base salary (23,400,000 đồng at 2,340,000) and the survivor allowance is monthly after 180 contribution months or more, else a lump sum. Someone never insured leaves no entitlement: no socialInsuranceNumber, funeralAllowanceVnd 0 and survivorAllowance none. decisionDueDate: 12 working days after receipt.
         * @example {
         *       "result": "accepted",
         *       "socialInsuranceNumber": "2023217500",
         *       "funeralAllowanceVnd": 23400000,
         *       "survivorAllowance": "monthly",
         *       "decisionDueDate": "2026-12-09"
         *     }
         */
        "social-insurance.death-benefits.v1-reply": {
            /** @enum {string} */
            result: "accepted";
            /** @description The deceased's social insurance number (mã số BHXH), 10 digits; absent when never insured. */
            socialInsuranceNumber?: string;
            /** @description Funeral allowance (trợ cấp mai táng) in đồng. */
            funeralAllowanceVnd: number;
            /**
             * @description Survivor allowance (trợ cấp tuất): monthly, lump-sum or none.
             * @enum {string}
             */
            survivorAllowance: "monthly" | "lump-sum" | "none";
            decisionDueDate: components["schemas"]["definitions-date"];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
