import { randomBytes } from 'node:crypto'
import { hashApiKey } from '../src/registry.js'

/**
 * `npm run issue-key -- [ENV_NAME]`: a new random API key and the SHA-256 the registry stores.
 * Give the key to the participant (it is shown once, kept nowhere); put the hash in the
 * registry's `apiKeys[].sha256`, or in ENV_NAME when the registry reads it as `${ENV_NAME}`.
 */
export function issueApiKey (): { key: string, sha256: string } {
  const key = `lt_${randomBytes(24).toString('base64url')}`
  return { key, sha256: hashApiKey(key) }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const name = process.argv[2]
  const { key, sha256 } = issueApiKey()
  console.log(`API key (give it to the participant; it is not stored): ${key}`)
  console.log(name !== undefined ? `${name}=${sha256}` : `sha256: ${sha256}`)
}
