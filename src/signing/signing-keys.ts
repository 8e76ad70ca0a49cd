import { KeyObject, sign } from 'node:crypto'
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose'

/** The algorithms the gateway signs with: compact keys and signatures, no RSA. */
export type SigningAlgorithm = 'EdDSA' | 'ES256'
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['EdDSA', 'ES256']

export class SigningKeysError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'SigningKeysError'
  }
}

interface LoadedKey {
  kid: string
  alg: SigningAlgorithm
  privateKey: CryptoKey
  /** The same key for node:crypto's synchronous `sign` (receipts are signed on every answer). */
  keyObject: KeyObject
  publicJwk: JWK
}

function algorithmOf (jwk: JWK): SigningAlgorithm | undefined {
  if (jwk.alg !== undefined) return (SIGNING_ALGORITHMS as readonly string[]).includes(jwk.alg) ? jwk.alg as SigningAlgorithm : undefined
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA'
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256'
  return undefined
}

/**
 * The gateway's signing key set (`SIGNING_KEYS`): private JWKs, each with a `kid`. The first
 * signs; every one is published (`/.well-known/jwks.json`) and verifies. Rotation without
 * downtime: add the new key second and deploy (every process now verifies it), move it first
 * and deploy (it signs), and remove the old key once the longest-lived thing it signed expired.
 * Access tokens use it today; signed receipts are meant to use the same keys and `kid`s.
 */
export class SigningKeys {
  private readonly keys: LoadedKey[]
  private readonly keySet: JWTVerifyGetKey

  private constructor (keys: LoadedKey[]) {
    this.keys = keys
    this.keySet = createLocalJWKSet(this.jwks())
  }

  /** Parses `SIGNING_KEYS` (a JSON array of private JWKs); empty gives an empty set (nothing can be signed). */
  static async fromJson (json: string): Promise<SigningKeys> {
    if (json.trim() === '') return new SigningKeys([])
    let parsed: unknown
    try {
      parsed = JSON.parse(json)
    } catch {
      throw new SigningKeysError('SIGNING_KEYS is not JSON: give a JSON array of private JWKs')
    }
    const list = Array.isArray(parsed) ? parsed : [parsed]
    const keys: LoadedKey[] = []
    for (const [i, item] of list.entries()) {
      const jwk = item as JWK
      const alg = typeof jwk === 'object' && jwk !== null ? algorithmOf(jwk) : undefined
      if (alg === undefined) throw new SigningKeysError(`SIGNING_KEYS[${i}]: only Ed25519 (EdDSA) and P-256 (ES256) keys are supported`)
      if (typeof jwk.d !== 'string') throw new SigningKeysError(`SIGNING_KEYS[${i}]: a private key is needed (the JWK has no "d")`)
      let privateKey: CryptoKey
      try {
        privateKey = await importJWK({ ...jwk, alg }, alg) as CryptoKey
      } catch (err) {
        throw new SigningKeysError(`SIGNING_KEYS[${i}]: not a usable key: ${(err as Error).message}`)
      }
      const { d: _d, key_ops: _ops, ...publicPart } = jwk
      const kid = jwk.kid ?? await calculateJwkThumbprint(publicPart)
      if (keys.some((k) => k.kid === kid)) throw new SigningKeysError(`SIGNING_KEYS[${i}]: kid ${kid} is used twice`)
      keys.push({ kid, alg, privateKey, keyObject: KeyObject.from(privateKey), publicJwk: { ...publicPart, kid, alg, use: 'sig' } })
    }
    return new SigningKeys(keys)
  }

  /** A new private JWK with a `kid` (its RFC 7638 thumbprint), for `SIGNING_KEYS`. */
  static async generate (alg: SigningAlgorithm = 'EdDSA'): Promise<JWK> {
    const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) })
    const jwk = await exportJWK(privateKey)
    const { d: _d, ...publicPart } = jwk
    return { ...jwk, alg, kid: await calculateJwkThumbprint(publicPart) }
  }

  /** False when SIGNING_KEYS is empty: the gateway then issues no tokens. */
  get canSign (): boolean {
    return this.keys.length > 0
  }

  /** The key that signs now (the first of the set). */
  current (): { kid: string, alg: SigningAlgorithm, privateKey: CryptoKey } {
    const key = this.keys[0]
    if (key === undefined) throw new SigningKeysError('no signing key: set SIGNING_KEYS')
    return { kid: key.kid, alg: key.alg, privateKey: key.privateKey }
  }

  /**
   * A compact JWS (RFC 7515) of `payload` signed by the current key, its protected header
   * `{ alg, kid, typ }`. Synchronous, through node:crypto: tens of microseconds for Ed25519, where
   * WebCrypto's promise costs several times that, and receipts are signed on every answer.
   */
  signCompact (payload: object, typ: string): string {
    const key = this.keys[0]
    if (key === undefined) throw new SigningKeysError('no signing key: set SIGNING_KEYS')
    const input = `${base64url({ alg: key.alg, kid: key.kid, typ })}.${base64url(payload)}`
    // ES256 signatures are the raw r‖s pair in JWS (RFC 7518 §3.4), not DER.
    const signature = key.alg === 'EdDSA'
      ? sign(null, Buffer.from(input), key.keyObject)
      : sign('sha256', Buffer.from(input), { key: key.keyObject, dsaEncoding: 'ieee-p1363' })
    return `${input}.${signature.toString('base64url')}`
  }

  /** The public keys, as published at /.well-known/jwks.json. */
  jwks (): JSONWebKeySet {
    return { keys: this.keys.map((k) => ({ ...k.publicJwk })) }
  }

  /** For `jwtVerify`/`compactVerify`: finds the key by the token's `kid` and algorithm. */
  get verificationKeys (): JWTVerifyGetKey {
    return this.keySet
  }
}

function base64url (value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}
