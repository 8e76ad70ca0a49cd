import { hashApiKey } from './registry.js'

/**
 * The development API keys and client secret of the sample registry (config/registry.json). They are published
 * (README, tests, docs), so they prove nothing about the caller: a production gateway must not
 * accept them. The one list of them; the sample registry holds exactly their hashes.
 */
export const PUBLISHED_DEV_KEYS: readonly string[] = [
  'lt_dev_h29_motcua_7Qk2mV9xLp4Rt8Wz',
  'lt_dev_h62_motcua_3Hf6nB1cJd5Ys0Ue',
  'lt_dev_g22_dvcqg_9Xa4Tq7Lm2Pv6Kr1',
  // The sample OAuth2 client secret (client id h29-dev-client).
  'lts_dev_h29_motcua_Vb3Nq8Ze5Rw1Yc6Tj0Hk'
]

/** SHA-256 (hex) of each published development key, as a registry stores them. */
export const PUBLISHED_DEV_KEY_HASHES: ReadonlySet<string> = new Set(PUBLISHED_DEV_KEYS.map(hashApiKey))

/** Anything that holds hashed API keys for participants: the registry file today, a credential store later. */
export interface KeyHolder {
  id: string
  apiKeys?: ReadonlyArray<{ id: string, sha256: string }>
  clientSecrets?: ReadonlyArray<{ id: string, sha256: string }>
}

/** The published development keys among `holders`' keys, by participant and key id. */
export function publishedDevKeysIn (holders: Iterable<KeyHolder>): Array<{ participant: string, keyId: string }> {
  const found: Array<{ participant: string, keyId: string }> = []
  for (const holder of holders) {
    for (const key of [...holder.apiKeys ?? [], ...holder.clientSecrets ?? []]) {
      if (PUBLISHED_DEV_KEY_HASHES.has(key.sha256.toLowerCase())) found.push({ participant: holder.id, keyId: key.id })
    }
  }
  return found
}

export class DevKeysInProductionError extends Error {
  readonly code = 'LT_DEV_KEYS_IN_PRODUCTION'
  readonly keys: Array<{ participant: string, keyId: string }>

  constructor (keys: Array<{ participant: string, keyId: string }>) {
    const list = keys.map((k) => `${k.participant} (key ${k.keyId})`).join(', ')
    super(`NODE_ENV=production, but the registry accepts published development API keys: ${list}. ` +
      'Anyone can read these keys. Issue new keys (npm run issue-key), put their hashes in the registry and remove these.')
    this.name = 'DevKeysInProductionError'
    this.keys = keys
  }
}

/** Throws a {@link DevKeysInProductionError} when `production` and `holders` accept any published development key. */
export function refuseDevKeysInProduction (production: boolean, holders: Iterable<KeyHolder>): void {
  if (!production) return
  const found = publishedDevKeysIn(holders)
  if (found.length > 0) throw new DevKeysInProductionError(found)
}

/** For the entry points: the line to print before exiting, when {@link refuseDevKeysInProduction} refuses; else undefined. */
export function devKeysRefusal (production: boolean, holders: Iterable<KeyHolder>): string | undefined {
  try {
    refuseDevKeysInProduction(production, holders)
    return undefined
  } catch (err) {
    if (err instanceof DevKeysInProductionError) return `${err.code}: ${err.message}`
    throw err
  }
}

/**
 * For the entry points: the line to print before exiting when `production` and the keys that
 * protect citizen data and sign receipts are missing (DATA_KEYS, SIGNING_KEYS); else undefined.
 */
export function missingKeysRefusal (production: boolean, keys: { dataKeys: string, signingKeys: string }): string | undefined {
  if (!production) return undefined
  const missing = [keys.dataKeys.trim() === '' ? 'DATA_KEYS (envelopes and replies are sealed with it in Redis)' : '', keys.signingKeys.trim() === '' ? 'SIGNING_KEYS (receipts and access tokens are signed with it)' : ''].filter((m) => m !== '')
  if (missing.length === 0) return undefined
  return `LT_KEYS_MISSING: NODE_ENV=production, but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set. ` +
    'npm run compose:env makes both for the compose deployment; see the README (Configuration).'
}
