import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

export class DataKeysError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'DataKeysError'
  }
}

interface DataKey { kid: string, key: Buffer }

// `enc1:<kid>:<iv>:<ciphertext and tag>`, base64url parts: what an encrypted field looks like in Redis.
const PREFIX = 'enc1:'
const IV_BYTES = 12
const TAG_BYTES = 16
const KID = /^[A-Za-z0-9_-]{1,32}$/

/** IVs drawn from the system's random source at a time. */
const IV_POOL_SIZE = 256

let ivPool = Buffer.alloc(0)
let ivOffset = 0

/**
 * A fresh random IV, cut from a pool of random bytes filled {@link IV_POOL_SIZE} IVs at a time (as
 * node:crypto pools the bytes of randomUUID): randomBytes(12) costs a call to the system's random
 * source each time, about as much as the sealing itself (measured). Every byte serves one IV only;
 * IVs are not secret (each is stored beside its ciphertext), only never to repeat under a key.
 */
function freshIv (): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_BYTES * IV_POOL_SIZE)
    ivOffset = 0
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES)
  ivOffset += IV_BYTES
  return iv
}

/**
 * Encrypts what the gateway stores of messages (envelopes, replies: citizen data) with AES-256-GCM
 * under keys from `DATA_KEYS`: `kid:base64key,kid:base64key`, 32-byte keys, the first encrypts and
 * all decrypt, so a new key takes over new records while older ones stay readable (rotation:
 * add the new key first, keep the old one until the records it sealed have expired).
 *
 * Each value is bound to where it is kept (`context`, e.g. the record id and the field): a sealed
 * value copied into another record or field does not open there.
 */
export class RecordCipher {
  private readonly keys: DataKey[]
  private readonly byKid: Map<string, DataKey>

  private constructor (keys: DataKey[]) {
    this.keys = keys
    this.byKid = new Map(keys.map((k) => [k.kid, k]))
  }

  /** Parses `DATA_KEYS`; empty gives a cipher that leaves values in clear (development only). */
  static fromEnv (value: string): RecordCipher {
    const keys: DataKey[] = []
    for (const [i, item] of value.split(',').map((s) => s.trim()).filter((s) => s !== '').entries()) {
      const colon = item.indexOf(':')
      const kid = colon < 0 ? '' : item.slice(0, colon)
      if (!KID.test(kid)) throw new DataKeysError(`DATA_KEYS[${i}]: write each key as <kid>:<base64 of 32 random bytes>, the kid 1-32 letters, digits, - or _`)
      const key = Buffer.from(item.slice(colon + 1), 'base64')
      if (key.length !== 32) throw new DataKeysError(`DATA_KEYS[${i}] (${kid}): the key must be 32 bytes (AES-256), base64; it is ${key.length}`)
      if (keys.some((k) => k.kid === kid)) throw new DataKeysError(`DATA_KEYS: kid ${kid} is used twice`)
      keys.push({ kid, key })
    }
    return new RecordCipher(keys)
  }

  /** A fresh `DATA_KEYS` entry: `<kid>:<base64 key>`. */
  static generateEntry (kid = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`): string {
    return `${kid}:${randomBytes(32).toString('base64')}`
  }

  /** False without keys: values are stored in clear. */
  get enabled (): boolean {
    return this.keys.length > 0
  }

  /** The kid that encrypts new values. */
  get currentKid (): string | undefined {
    return this.keys[0]?.kid
  }

  seal (plaintext: string, context: string): string {
    const current = this.keys[0]
    if (current === undefined) return plaintext
    const iv = freshIv()
    const cipher = createCipheriv('aes-256-gcm', current.key, iv)
    cipher.setAAD(Buffer.from(context, 'utf8'))
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
    return `${PREFIX}${current.kid}:${iv.toString('base64url')}:${sealed.toString('base64url')}`
  }

  /** The plaintext of a sealed value; a value stored in clear (before keys were set) as it is. */
  open (stored: string, context: string): string {
    if (!stored.startsWith(PREFIX)) return stored
    const [kid, iv, sealed] = stored.slice(PREFIX.length).split(':')
    const key = this.byKid.get(kid ?? '')
    if (key === undefined) throw new DataKeysError(`a stored value is sealed with data key ${String(kid)}, which DATA_KEYS no longer holds`)
    const bytes = Buffer.from(sealed ?? '', 'base64url')
    if (bytes.length < TAG_BYTES) throw new DataKeysError('a stored value is damaged')
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv ?? '', 'base64url'))
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
    try {
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8')
    } catch {
      throw new DataKeysError('a stored value does not open with its data key: it was altered, or moved from another record')
    }
  }
}
