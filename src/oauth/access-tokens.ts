import { randomUUID } from 'node:crypto'
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose'
import { SIGNING_ALGORITHMS, type SigningKeys } from '../signing/signing-keys.js'

/** What a verified access token grants. */
export interface AccessTokenGrant {
  /** The participant (`sub`). */
  participantId: string
  /** The client credential the token was issued to (`client_id`). */
  clientId: string
  /** The services it may be used for (`scope`). */
  scope: string[]
  jti: string
  expiresAt: number
}

/** Why a token was refused; `reason` is safe to show the caller (no key material, no claims). */
export class AccessTokenError extends Error {
  readonly reason: string
  constructor (reason: string) {
    super(reason)
    this.name = 'AccessTokenError'
    this.reason = reason
  }
}

/** Three base64url parts: a compact JWS. API keys never contain a dot. */
export function looksLikeJwt (value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value)
}

// Clocks of one deployment agree closely; a few seconds absorb the rest.
const CLOCK_TOLERANCE_S = 5
const VERIFIED_MAX = 10_000

// RFC 9068: JWT access tokens say what they are, so an ID token or another JWT signed with the
// same keys (receipts, later) is never taken for an access token.
const TOKEN_TYPE = 'at+jwt'

export interface AccessTokenOptions {
  keys: SigningKeys
  /** `aud` of every token, and its `iss`: the gateway issues tokens for itself. */
  audience: string
  ttlSeconds: number
}

/** OAuth2 client-credentials access tokens (RFC 6749 §4.4) as signed JWTs (RFC 9068). */
export class AccessTokens {
  private readonly opts: AccessTokenOptions
  /**
   * Tokens verified already, until they expire. A client reuses its token for many requests, and
   * a signature check (WebCrypto, ~300 µs) would cost most of an accepted message's CPU time; a
   * token is immutable, so its verdict holds until `exp`. Insertion order makes the oldest go first.
   */
  private readonly verified = new Map<string, AccessTokenGrant>()

  constructor (opts: AccessTokenOptions) {
    this.opts = opts
  }

  get ttlSeconds (): number {
    return this.opts.ttlSeconds
  }

  async issue (grant: { participantId: string, clientId: string, scope: string[] }): Promise<{ token: string, expiresIn: number }> {
    const key = this.opts.keys.current()
    const token = await new SignJWT({ scope: grant.scope.join(' '), client_id: grant.clientId })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: TOKEN_TYPE })
      .setIssuer(this.opts.audience)
      .setAudience(this.opts.audience)
      .setSubject(grant.participantId)
      .setIssuedAt()
      .setExpirationTime(`${this.opts.ttlSeconds}s`)
      .setJti(randomUUID())
      .sign(key.privateKey)
    return { token, expiresIn: this.opts.ttlSeconds }
  }

  /** Checks signature (a published key, by `kid`), type, issuer, audience and expiry; throws an {@link AccessTokenError}. */
  async verify (token: string): Promise<AccessTokenGrant> {
    const known = this.verified.get(token)
    if (known !== undefined) {
      if ((known.expiresAt + CLOCK_TOLERANCE_S) * 1000 > Date.now()) return known
      this.verified.delete(token)
      throw new AccessTokenError('the access token has expired')
    }
    const grant = await this.verifySignature(token)
    if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value as string)
    this.verified.set(token, grant)
    return grant
  }

  private async verifySignature (token: string): Promise<AccessTokenGrant> {
    let payload
    try {
      ({ payload } = await jwtVerify(token, this.opts.keys.verificationKeys, {
        algorithms: [...SIGNING_ALGORITHMS],
        issuer: this.opts.audience,
        audience: this.opts.audience,
        typ: TOKEN_TYPE,
        requiredClaims: ['sub', 'exp', 'iat', 'jti', 'scope', 'client_id'],
        clockTolerance: CLOCK_TOLERANCE_S
      }))
    } catch (err) {
      throw new AccessTokenError(reasonOf(err))
    }
    if (typeof payload.scope !== 'string' || typeof payload.client_id !== 'string' || typeof payload.sub !== 'string') throw new AccessTokenError('the token\'s claims are malformed')
    return { participantId: payload.sub, clientId: payload.client_id, scope: payload.scope.split(' ').filter((s) => s !== ''), jti: String(payload.jti), expiresAt: Number(payload.exp) }
  }
}

function reasonOf (err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'the access token has expired'
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return 'the access token is for another audience'
    if (err.claim === 'iss') return 'the access token was issued by someone else'
    return `the access token's ${err.claim} claim is not valid`
  }
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'the access token is signed with a key the gateway does not publish'
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'the access token\'s signature does not verify'
  return 'the access token is not valid'
}
