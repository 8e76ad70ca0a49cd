// The lienthong gateway's typed client for integrators: openapi-fetch over the types
// openapi-typescript generates from the gateway's OpenAPI document (lienthong-api.d.ts, kept
// fresh by `npm run generate`). Copy this folder into your system, or generate the types from
// your gateway's /docs/json yourself: `npx openapi-typescript https://<gateway>/docs/json -o lienthong-api.d.ts`.
import createClient, { type Client } from 'openapi-fetch'
import type { components, paths } from './lienthong-api.js'

export type { components, paths }
/** A message: the envelope's header and the service's body (schemas/envelope.json). */
export type Envelope = components['schemas']['envelope']
export type MessageAccepted = components['schemas']['message-accepted']
export type MessageState = components['schemas']['message-state']
/** Every refusal: status, a stable `code`, a message, and the JSON pointer of each bad field. */
export type ErrorBody = components['schemas']['error']
export type LienthongClient = Client<paths>

export interface ClientOptions {
  /** e.g. https://lienthong.example.gov.vn */
  baseUrl: string
  /** An API key, or an OAuth2 access token from POST /oauth2/token. */
  credential: string
  /** Per request (default 15 s); the gateway itself waits up to SYNC_TIMEOUT_MS for a sync receiver. */
  timeoutMs?: number
}

/** A client whose every call carries the credential, with a timeout; paths, bodies and answers are typed. */
export function createLienthongClient (opts: ClientOptions): LienthongClient {
  return createClient<paths>({
    baseUrl: opts.baseUrl,
    headers: { authorization: `Bearer ${opts.credential}` },
    fetch: async (request: Request) => await fetch(request, { signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000) })
  })
}
