import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { PUBLISHED_DEV_KEY_HASHES, publishedDevKeysIn, refuseDevKeysInProduction } from '../../src/dev-keys.js'
import { localCredentials } from '../../src/local/local-credentials.js'
import { freePort } from '../../src/local/redis-server.js'
import { projectRoot } from '../../src/project-paths.js'
import { buildRegistry, hashApiKey, loadRegistry, type RegistryDocument } from '../../src/registry.js'
import { eventually, KEYS, startTestRedis, fileCredentials } from '../helpers/platform.js'
import { RecordCipher } from '../../src/crypto/record-cipher.js'
import { SigningKeys } from '../../src/signing/signing-keys.js'

const sample = JSON.parse(await readFile(join(projectRoot, 'config', 'registry.json'), 'utf8')) as RegistryDocument

t.test('the list of published development keys is the sample registry\'s keys and the test keys', async (t) => {
  const sampleHashes = sample.participants.flatMap((p) => [...p.apiKeys ?? [], ...p.clientSecrets ?? []].map((k) => k.sha256))
  t.ok(sampleHashes.length >= 4, 'the API keys and the OAuth2 client secret')
  for (const hash of sampleHashes) t.ok(PUBLISHED_DEV_KEY_HASHES.has(hash), `${hash} is listed`)
  for (const key of Object.values(KEYS)) t.ok(PUBLISHED_DEV_KEY_HASHES.has(hashApiKey(key)), `${key.slice(0, 12)}… is listed`)
})

t.test('publishedDevKeysIn names each participant and key id holding a published key', async (t) => {
  t.same(publishedDevKeysIn(sample.participants), [
    { participant: 'VN:GOV:000.00.00.H29:motcua', keyId: 'h29-dev-1' },
    { participant: 'VN:GOV:000.00.00.H29:motcua', keyId: 'h29-dev-client' },
    { participant: 'VN:GOV:000.00.00.H62:motcua', keyId: 'h62-dev-1' },
    { participant: 'VN:GOV:000.00.00.G22:dvcqg', keyId: 'dvcqg-dev-1' }
  ])
  const own = [{ id: 'VN:GOV:000.00.00.H29:motcua', apiKeys: [{ id: 'prod-1', sha256: hashApiKey('a key only the operator knows') }] }]
  t.same(publishedDevKeysIn(own), [])
  t.same(publishedDevKeysIn([{ id: 'x', apiKeys: [{ id: 'upper', sha256: hashApiKey(KEYS.h62).toUpperCase() }] }]), [{ participant: 'x', keyId: 'upper' }], 'hex case does not hide one')
})

t.test('refuseDevKeysInProduction throws only in production, with a stable code', async (t) => {
  t.doesNotThrow(() => { refuseDevKeysInProduction(false, sample.participants) })
  t.throws(() => { refuseDevKeysInProduction(true, sample.participants) }, { code: 'LT_DEV_KEYS_IN_PRODUCTION', message: /VN:GOV:000\.00\.00\.H29:motcua \(key h29-dev-1\)/ })
  t.doesNotThrow(() => { refuseDevKeysInProduction(true, [{ id: 'a', apiKeys: [{ id: 'k', sha256: hashApiKey('fresh') }] }]) })
})

t.test('the compose registry holds no published development key', async (t) => {
  const compose = JSON.parse(await readFile(join(projectRoot, 'config', 'registry.compose.json'), 'utf8')) as RegistryDocument
  t.same(publishedDevKeysIn(compose.participants), [])
  for (const hash of PUBLISHED_DEV_KEY_HASHES) t.notOk(JSON.stringify(compose).includes(hash))
})

t.test('the compose registry reads its key hashes from the environment, and a dev key there is still caught', async (t) => {
  const file = join(projectRoot, 'config', 'registry.compose.json')
  const hashes = { API_KEY_SHA256_H29_MOTCUA: hashApiKey('k1'), API_KEY_SHA256_H62_MOTCUA: hashApiKey('k2'), API_KEY_SHA256_G22_DVCQG: hashApiKey('k3') }
  const registry = await loadRegistry(file, { ...localCredentials(), ...hashes })
  t.equal(fileCredentials(registry).authenticate('k1', 'api-key')?.participant.id, 'VN:GOV:000.00.00.H29:motcua')
  t.equal(fileCredentials(registry).authenticate('k3', 'api-key')?.credential.id, 'dvcqg-1')
  await t.rejects(loadRegistry(file, { ...localCredentials(), ...hashes, API_KEY_SHA256_H62_MOTCUA: '' }), /API_KEY_SHA256_H62_MOTCUA/, 'a missing hash stops the start')
  const withDevKey = await loadRegistry(file, { ...localCredentials(), ...hashes, API_KEY_SHA256_H29_MOTCUA: hashApiKey(KEYS.h29) })
  t.throws(() => { refuseDevKeysInProduction(true, withDevKey.participants()) }, { code: 'LT_DEV_KEYS_IN_PRODUCTION', message: /H29:motcua \(key h29-1\)/ })
  t.throws(() => buildRegistry({ participants: [{ id: 'VN:GOV:000.00.00.H29:motcua', name: 'x', apiKeys: [{ id: 'a', sha256: '$' + '{NOPE}' }] }] }, { NOPE: 'not a hash' }), /NOPE/)
})

// The processes as deployed (from source): NODE_ENV=production with the sample registry must not start.
const redis = await startTestRedis(t)
const dir = await mkdtemp(join(tmpdir(), 'lt-devkeys-'))
t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
const creds = localCredentials()

async function run (entry: string, env: Record<string, string>): Promise<{ code: number | null, output: string, port: number, child: ReturnType<typeof spawn> }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', entry)], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, ...creds, REDIS_URL: redis.url, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (c: Buffer) => { output += c.toString() })
  child.stderr.on('data', (c: Buffer) => { output += c.toString() })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', (c) => resolve(c))
    // A refusal comes within seconds of the start; past this the process is taken as started.
    setTimeout(() => resolve(null), 30_000).unref()
    // A process that starts does not exit: report it as running once it answers.
    if (entry === 'server.ts') {
      eventually(async () => await fetch(`http://127.0.0.1:${port}/health/live`).then((r) => r.ok ? true : undefined, () => undefined), 30_000, 'the gateway to listen')
        .then(() => resolve(null), () => resolve(null))
    }
  })
  return { code, output, port, child }
}

for (const entry of ['server.ts', 'worker.ts']) {
  t.test(`${entry} with NODE_ENV=production refuses the sample registry's development keys`, async (t) => {
    const { code, output } = await run(entry, { REGISTRY_FILE: join(projectRoot, 'config', 'registry.json') })
    t.not(code, 0, 'exits with an error')
    t.not(code, null, 'exits')
    t.match(output, /LT_DEV_KEYS_IN_PRODUCTION/)
    t.match(output, /VN:GOV:000\.00\.00\.H29:motcua \(key h29-dev-1\)/, 'names the participant and the key id')
    t.match(output, /VN:GOV:000\.00\.00\.G22:dvcqg \(key dvcqg-dev-1\)/)
  })
}

t.test('server.ts with NODE_ENV=production starts with a registry of the operator\'s own keys', async (t) => {
  const doc = structuredClone(sample)
  for (const p of doc.participants) {
    // Credential ids are unique across the gateway (the credential store's rule).
    if (p.apiKeys !== undefined) p.apiKeys = [{ id: `prod-${p.id.split(':')[2] ?? ''}`, sha256: hashApiKey(`lt_${randomBytes(24).toString('base64url')}`) }]
    delete p.clientSecrets
  }
  const file = join(dir, 'registry.json')
  await writeFile(file, JSON.stringify(doc))
  // Without the keys that seal citizen data and sign receipts, production does not start either.
  for (const entry of ['server.ts', 'worker.ts']) {
    const bare = await run(entry, { REGISTRY_FILE: file })
    t.equal(bare.code, 1, `${entry} stops without DATA_KEYS and SIGNING_KEYS`)
    t.match(bare.output, /LT_KEYS_MISSING: .*DATA_KEYS .* and SIGNING_KEYS/)
  }
  const keys = { DATA_KEYS: RecordCipher.generateEntry('prod1'), SIGNING_KEYS: JSON.stringify([await SigningKeys.generate()]) }
  const { code, port, child } = await run('server.ts', { REGISTRY_FILE: file, ...keys })
  t.equal(code, null, 'still running')
  const res = await fetch(`http://127.0.0.1:${port}/v1/services`, { headers: { authorization: `Bearer ${KEYS.h29}` } })
  t.equal(res.status, 401, 'a development key is not accepted')
  const exited = new Promise((resolve) => child.on('exit', resolve))
  child.kill('SIGTERM')
  t.equal(await exited, 0)
})
