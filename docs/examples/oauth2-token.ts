// OAuth2 client credentials against the lienthong gateway: trade the client id and secret for a
// short-lived access token, reuse it until shortly before it expires, then get a new one.
// Node 20+ (global fetch), no dependencies. See docs/integrator-guide.md, section 1.
//
// Run against `npm start` (lists the services the token covers):
//   npx tsx docs/examples/oauth2-token.ts
// Environment: LIENTHONG_URL (default http://127.0.0.1:8080), LIENTHONG_CLIENT_ID and
// LIENTHONG_CLIENT_SECRET (default the development client of VN:GOV:000.00.00.H29:motcua),
// LIENTHONG_SCOPE (optional: service codes, space-separated).
import { pathToFileURL } from 'node:url'

export interface TokenClientOptions {
  baseUrl: string
  clientId: string
  clientSecret: string
  /** Service codes, space-separated; none: every service your system may use. */
  scope?: string
  /** Get a new token when the current one has less than this left (seconds). */
  refreshMarginSeconds?: number
}

/** A token endpoint refusal (RFC 6749 §5.2 `error`), with the gateway's `code`. */
export class TokenRefusal extends Error {
  readonly status: number
  readonly error: string
  readonly code: string
  constructor (status: number, body: { error?: string, error_description?: string, code?: string }) {
    super(`${status} ${body.error ?? 'unknown'}: ${body.error_description ?? ''}`)
    this.name = 'TokenRefusal'
    this.status = status
    this.error = body.error ?? 'unknown'
    this.code = body.code ?? 'unknown'
  }
}

/** Keeps one access token and renews it before it expires. One instance per client, shared by all calls. */
export class TokenClient {
  private readonly opts: TokenClientOptions
  private current: { token: string, scope: string, renewAt: number } | undefined
  private pending: Promise<string> | undefined
  /** How many tokens this client asked for (to see the reuse). */
  requested = 0

  constructor (opts: TokenClientOptions) {
    this.opts = opts
  }

  /** A valid access token: the cached one, or a new one. */
  async token (): Promise<string> {
    if (this.current !== undefined && Date.now() < this.current.renewAt) return this.current.token
    // Concurrent callers share one token request.
    this.pending ??= this.fetchToken().finally(() => { this.pending = undefined })
    return await this.pending
  }

  /** Forget the token (after a 401 LT_TOKEN_INVALID, e.g. when the gateway rotated its keys or the secret was revoked). */
  invalidate (): void {
    this.current = undefined
  }

  private async fetchToken (): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' })
    if (this.opts.scope !== undefined) form.set('scope', this.opts.scope)
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before they go into HTTP Basic.
    const basic = Buffer.from(`${encodeURIComponent(this.opts.clientId)}:${encodeURIComponent(this.opts.clientSecret)}`).toString('base64')
    this.requested++
    const response = await fetch(new URL('/oauth2/token', this.opts.baseUrl), {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      signal: AbortSignal.timeout(10_000)
    })
    const body = await response.json() as { access_token?: string, expires_in?: number, scope?: string, error?: string }
    if (response.status !== 200 || body.access_token === undefined) throw new TokenRefusal(response.status, body)
    const margin = this.opts.refreshMarginSeconds ?? 30
    this.current = { token: body.access_token, scope: body.scope ?? '', renewAt: Date.now() + ((body.expires_in ?? 0) - margin) * 1000 }
    return body.access_token
  }
}

/** A GET with the token; on 401 LT_TOKEN_INVALID it gets a new token and tries once more. */
export async function getWithToken (client: TokenClient, baseUrl: string, path: string): Promise<{ status: number, body: any }> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(new URL(path, baseUrl), { headers: { authorization: `Bearer ${await client.token()}`, accept: 'application/json' } })
    const body = await response.json() as { code?: string }
    if (response.status === 401 && body.code === 'LT_TOKEN_INVALID' && attempt === 1) {
      client.invalidate()
      continue
    }
    return { status: response.status, body }
  }
}

async function main (): Promise<void> {
  const baseUrl = process.env.LIENTHONG_URL ?? 'http://127.0.0.1:8080'
  const client = new TokenClient({
    baseUrl,
    clientId: process.env.LIENTHONG_CLIENT_ID ?? 'h29-dev-client',
    clientSecret: process.env.LIENTHONG_CLIENT_SECRET ?? 'lts_dev_h29_motcua_Vb3Nq8Ze5Rw1Yc6Tj0Hk',
    ...(process.env.LIENTHONG_SCOPE !== undefined ? { scope: process.env.LIENTHONG_SCOPE } : {})
  })
  try {
    const { status, body } = await getWithToken(client, baseUrl, '/v1/services')
    if (status !== 200) throw new Error(`${status} ${String(body.code)}: ${String(body.message)}`)
    console.log(JSON.stringify(body.services.map((s: { service: string }) => s.service)))
  } catch (err) {
    console.error(err instanceof Error ? err.message : err)
    process.exitCode = 1
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
