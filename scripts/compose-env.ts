import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { projectRoot } from '../src/project-paths.js'
import type { RegistryDocument } from '../src/registry.js'
import { SigningKeys } from '../src/signing/signing-keys.js'
import { RecordCipher } from '../src/crypto/record-cipher.js'
import { issueApiKey } from './issue-api-key.js'

const REGISTRY = join(projectRoot, 'config', 'registry.compose.json')

/**
 * Every secret docker-compose.yml requires, fresh: the admin token, the Redis password, a signing key, the
 * upstream credentials and callback secrets the compose registry names, and one new API key
 * per sender, of which only the hash goes into the environment.
 */
export async function composeEnv (): Promise<{ env: Record<string, string>, keys: Array<{ participant: string, key: string }> }> {
  const doc = JSON.parse(await readFile(REGISTRY, 'utf8')) as RegistryDocument
  // Hex: the Redis password goes into REDIS_URL unescaped.
  const secret = (): string => randomBytes(24).toString('hex')
  // The signing key (Ed25519): access tokens, receipts, delivery receipts. Rotate as the README says.
  const env: Record<string, string> = { ADMIN_TOKEN: secret(), REDIS_PASSWORD: secret(), SIGNING_KEYS: JSON.stringify([await SigningKeys.generate()]), DATA_KEYS: RecordCipher.generateEntry('compose1') }
  const keys: Array<{ participant: string, key: string }> = []
  for (const p of doc.participants) {
    for (const apiKey of p.apiKeys ?? []) {
      const name = /^\$\{([A-Z][A-Z0-9_]*)\}$/.exec(apiKey.sha256)?.[1]
      if (name === undefined) continue
      const issued = issueApiKey()
      env[name] = issued.sha256
      keys.push({ participant: p.id, key: issued.key })
    }
    for (const value of Object.values(p.endpoint?.credentials ?? {})) {
      const name = /^\$\{([A-Z][A-Z0-9_]*)\}$/.exec(value)?.[1]
      if (name !== undefined) env[name] = secret()
    }
    if (p.callbackSecretEnv !== undefined) env[p.callbackSecretEnv] = secret()
  }
  return { env, keys }
}

// `npm run compose:env [-- FILE]`: writes FILE (default .env) once, never over an existing one.
if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const out = process.argv[2] ?? join(projectRoot, '.env')
  const { env, keys } = await composeEnv()
  // Single quotes: compose reads the value as is (the signing key is JSON).
  const lines = ['# docker-compose secrets, made by npm run compose:env', ...Object.entries(env).map(([k, v]) => /^[A-Za-z0-9_-]*$/.test(v) ? `${k}=${v}` : `${k}='${v}'`), '']
  try {
    await writeFile(out, lines.join('\n'), { flag: 'wx', mode: 0o600 })
  } catch (err) {
    console.error(`${out}: ${(err as NodeJS.ErrnoException).code === 'EEXIST' ? 'exists already; not overwritten' : (err as Error).message}`)
    process.exit(1)
  }
  console.log(`Wrote ${out}. The senders' API keys (give each its own; they are stored nowhere, only their hashes):`)
  for (const { participant, key } of keys) console.log(`  ${participant.padEnd(30)} ${key}`)
}
