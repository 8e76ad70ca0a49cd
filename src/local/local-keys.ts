import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { RecordCipher } from '../crypto/record-cipher.js'
import { SigningKeys } from '../signing/signing-keys.js'

/** `npm start`'s own keys, kept beside its Redis data so a restart still reads and verifies what it stored. */
export interface LocalKeys {
  /** SIGNING_KEYS: a JSON array of private JWKs. */
  signingKeys: string
  /** DATA_KEYS: `kid:base64key`. */
  dataKeys: string
}

/**
 * The keys of a local run, from `<dataDir>/keys.json` (mode 600), made on the first run. The
 * records in `<dataDir>/redis` are sealed with the data key and their receipts signed with the
 * signing key: a key made afresh each run would leave them unreadable and unverifiable.
 */
export async function localKeys (dataDir: string): Promise<LocalKeys> {
  const file = join(dataDir, 'keys.json')
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<LocalKeys>
    if (typeof stored.signingKeys === 'string' && typeof stored.dataKeys === 'string') return { signingKeys: stored.signingKeys, dataKeys: stored.dataKeys }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const keys: LocalKeys = { signingKeys: JSON.stringify([await SigningKeys.generate()]), dataKeys: RecordCipher.generateEntry('local1') }
  await mkdir(dataDir, { recursive: true })
  await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 })
  return keys
}
