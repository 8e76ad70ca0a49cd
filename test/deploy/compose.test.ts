import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { parse } from 'yaml'
import { composeEnv } from '../../scripts/compose-env.js'
import { publishedDevKeysIn, PUBLISHED_DEV_KEY_HASHES, refuseDevKeysInProduction } from '../../src/dev-keys.js'
import { projectRoot } from '../../src/project-paths.js'
import { loadRegistry } from '../../src/registry.js'
import { fileCredentials } from '../helpers/platform.js'
import { SigningKeys } from '../../src/signing/signing-keys.js'
import { RecordCipher } from '../../src/crypto/record-cipher.js'

// No Docker engine here (and often no `docker compose`): the file is checked as data.
const text = await readFile(join(projectRoot, 'docker-compose.yml'), 'utf8')
const compose = parse(text, { merge: true }) as {
  services: Record<string, { ports?: unknown, command?: string[], networks?: string[], environment?: Record<string, string>, healthcheck?: { test?: string[] } }>
  networks?: Record<string, { internal?: boolean } | null>
}
const { redis, mocks, gateway, worker } = compose.services
const networks = compose.networks ?? {}
const internal = Object.keys(networks).filter((n) => networks[n]?.internal === true)
const registryFile = join(projectRoot, 'config', 'registry.compose.json')
const registryText = await readFile(registryFile, 'utf8')

t.test('Redis and the mocks publish no port and sit only on an internal network', async (t) => {
  t.ok(redis !== undefined && mocks !== undefined && gateway !== undefined && worker !== undefined)
  t.equal(internal.length, 1, 'one internal network')
  for (const [name, service] of [['redis', redis], ['mocks', mocks]] as const) {
    t.equal(service?.ports, undefined, `${name} has no ports`)
    t.ok((service?.networks ?? []).length > 0, `${name} names its networks`)
    t.ok((service?.networks ?? []).every((n) => internal.includes(n)), `${name} only on internal networks`)
  }
  for (const [name, service] of [['gateway', gateway], ['worker', worker]] as const) {
    t.ok(service?.networks?.some((n) => internal.includes(n)), `${name} reaches Redis and the mocks`)
    t.ok(service?.networks?.some((n) => !internal.includes(n)), `${name} reaches the outside (clients, real upstreams)`)
  }
  t.ok(gateway?.ports !== undefined, 'the gateway alone is published')
})

t.test('Redis runs with a password from .env, durable and never evicting; every client uses it', async (t) => {
  const command = redis?.command ?? []
  const i = command.indexOf('--requirepass')
  t.ok(i > 0, '--requirepass')
  t.match(command[i + 1], /^\$\{REDIS_PASSWORD:\?/, 'the password is required from the environment')
  t.match(command.join(' '), /--appendonly yes/)
  t.match(command.join(' '), /--maxmemory-policy noeviction/)
  for (const [name, service] of [['gateway', gateway], ['worker', worker]] as const) {
    t.match(service?.environment?.REDIS_URL, /^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]*\}@redis:6379$/, `${name}'s REDIS_URL carries the password`)
  }
  t.match(redis?.environment?.REDISCLI_AUTH, /REDIS_PASSWORD/, 'the health check authenticates')
})

t.test('the workers archive the evidence log on a volume they share, created writable in the image', async (t) => {
  const dir = worker?.environment?.EVIDENCE_DIR
  t.equal(dir, '/var/lib/lienthong/evidence')
  t.ok((worker as { volumes?: string[] } | undefined)?.volumes?.includes(`evidence:${dir ?? ''}`), 'a named volume')
  t.ok(Object.keys((compose as { volumes?: Record<string, unknown> }).volumes ?? {}).includes('evidence'))
  const dockerfile = await readFile(join(projectRoot, 'Dockerfile'), 'utf8')
  t.match(dockerfile, new RegExp(`mkdir -p ${dir ?? ''} && chown node:node ${dir ?? ''}`))
})

t.test('the mocks keep their fault and record endpoints off', async (t) => {
  t.not(mocks?.environment?.MOCK_CONTROL, 'true')
  t.notMatch(text, /MOCK_CONTROL:\s*["']?true/)
})

t.test('the image runs with NODE_ENV=production (so published development keys are refused)', async (t) => {
  t.match(await readFile(join(projectRoot, 'Dockerfile'), 'utf8'), /ENV NODE_ENV=production/)
  t.equal(gateway?.environment?.NODE_ENV, undefined, 'compose does not override it')
})

t.test('the compose registry holds no key hash; every value it reads from the environment is passed in', async (t) => {
  const doc = JSON.parse(registryText)
  t.same(publishedDevKeysIn(doc.participants), [])
  for (const hash of PUBLISHED_DEV_KEY_HASHES) t.notOk(registryText.includes(hash))
  t.notMatch(registryText, /"sha256": "[0-9a-f]{64}"/, 'every hash comes from the environment')
  const names = [...registryText.matchAll(/"\$\{([A-Z][A-Z0-9_]*)\}"/g), ...registryText.matchAll(/"callbackSecretEnv": "([A-Z][A-Z0-9_]*)"/g)].map((m) => m[1] as string)
  t.ok(names.length > 10)
  for (const name of names) {
    for (const [service, s] of [['gateway', gateway], ['worker', worker]] as const) t.match(s?.environment?.[name], new RegExp(`^\\$\\{${name}:\\?`), `${service} gets ${name}, required`)
  }
})

t.test('npm run compose:env writes every variable compose requires, with fresh keys the registry accepts in production', async (t) => {
  const required = [...new Set([...text.matchAll(/\$\{([A-Z][A-Z0-9_]*):\?/g)].map((m) => m[1] as string))]
  t.ok(required.includes('REDIS_PASSWORD') && required.includes('API_KEY_SHA256_H29_MOTCUA'))
  const { env, keys } = await composeEnv()
  for (const name of required) t.ok((env[name] ?? '').length >= 16, `${name} is set`)
  t.match(env.REDIS_PASSWORD, /^[0-9a-f]+$/, 'the password needs no escaping in REDIS_URL')
  t.ok(required.includes('SIGNING_KEYS'), 'the gateway and the workers get signing keys')
  const keySet = await SigningKeys.fromJson(env.SIGNING_KEYS ?? '')
  t.ok(keySet.canSign, 'a usable signing key: tokens and receipts work under compose')
  t.ok(required.includes('DATA_KEYS'))
  t.ok(RecordCipher.fromEnv(env.DATA_KEYS ?? '').enabled, 'a data key: citizen data sealed at rest under compose')
  const registry = await loadRegistry(registryFile, env)
  t.doesNotThrow(() => { refuseDevKeysInProduction(true, registry.participants()) })
  t.equal(keys.length, 3)
  for (const { participant, key } of keys) t.equal(fileCredentials(registry).authenticate(key, 'api-key')?.participant.id, participant, `the printed key of ${participant} works`)
  const again = await composeEnv()
  t.not(again.env.REDIS_PASSWORD, env.REDIS_PASSWORD, 'random each time')
})

t.test('npm run compose:env prints the keys and writes the file once, never over an existing one', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'lt-compose-env-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const out = join(dir, '.env')
  const run = (): ReturnType<typeof spawnSync> => spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'compose-env.ts'), out], { cwd: projectRoot, encoding: 'utf8' })
  const first = run()
  t.equal(first.status, 0, String(first.stderr))
  t.match(String(first.stdout), /VN:GOV:000\.00\.00\.H29:motcua\s+lt_/)
  const written = await readFile(out, 'utf8')
  t.match(written, /^REDIS_PASSWORD=[0-9a-f]{32,}$/m)
  t.match(written, /^API_KEY_SHA256_H29_MOTCUA=[0-9a-f]{64}$/m)
  const signing = /^SIGNING_KEYS='(.+)'$/m.exec(written)?.[1]
  t.ok((await SigningKeys.fromJson(signing ?? '')).canSign, 'the signing key, quoted so compose reads the JSON as is')
  t.notOk(written.includes(' lt_'), 'the keys themselves are not written')
  const second = run()
  t.not(second.status, 0)
  t.equal(await readFile(out, 'utf8'), written, 'left as it was')
})

const noCompose = spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status !== 0 ? 'docker compose is not available' : false
t.test('docker compose accepts the file (when the compose plugin is installed)', { skip: noCompose }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'lt-compose-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const envFile = join(dir, '.env')
  spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'compose-env.ts'), envFile], { cwd: projectRoot })
  const res = spawnSync('docker', ['compose', '--env-file', envFile, '-f', join(projectRoot, 'docker-compose.yml'), 'config', '--quiet'], { encoding: 'utf8' })
  t.equal(res.status, 0, res.stderr)
})
