import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { hashSecret } from '../../src/credentials/credential-store.js'
import { buildRegistry, type RegistryDocument } from '../../src/registry.js'
import { SigningKeys } from '../../src/signing/signing-keys.js'
import { eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

const ADMIN = 'test-admin-token-0123456789-credentials'
// No event-loop overload check in the extra gateways: a busy test machine's lag is not what these tests are about.
const env = { ADMIN_TOKEN: ADMIN, SIGNING_KEYS: JSON.stringify([await SigningKeys.generate()]), OVERLOAD_EVENT_LOOP_DELAY_MS: '0' }
const p = await startPlatform(t, { env })
// A second gateway process on the same Redis: changes made through one must reach the other.
const other = await buildApp({ config: loadConfig({ ...p.redis.env, LOG_LEVEL: 'silent', ...env }), registry: p.registry, logger: false })
t.teardown(async () => { await other.close() })
await other.ready()
const redis = p.redis.connect()
t.teardown(() => { redis.disconnect() })

async function admin (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, token = ADMIN): Promise<{ statusCode: number, body: any }> {
  const res = await p.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload } : {}) })
  return { statusCode: res.statusCode, body: res.body === '' ? undefined : res.json() }
}
const credentialsOf = (participant: string): string => `/admin/api/participants/${encodeURIComponent(participant)}/credentials`

async function services (key: string, app: FastifyInstance = p.app): Promise<number> {
  return (await app.inject({ method: 'GET', url: '/v1/services', headers: { authorization: `Bearer ${key}` } })).statusCode
}

/** How long until `app` answers `status` with `key`, in ms. */
async function timeUntil (key: string, status: number, app: FastifyInstance): Promise<number> {
  const start = Date.now()
  await eventually(async () => (await services(key, app)) === status ? true : undefined, 5000, `status ${status}`)
  return Date.now() - start
}

async function auditRecords (query = ''): Promise<any[]> {
  const res = await admin('GET', `/admin/api/audit${query}`)
  if (res.statusCode !== 200) throw new Error(`audit answered ${res.statusCode}`)
  return res.body.records
}

t.test('the admin API issues an API key, shown once, that every process accepts at once', async (t) => {
  const issued = await admin('POST', credentialsOf(IDS.h62), { kind: 'api-key' })
  t.equal(issued.statusCode, 201)
  const { credential, secret } = issued.body
  t.match(secret, /^lt_[A-Za-z0-9_-]{32}$/)
  t.match(credential, { participantId: IDS.h62, kind: 'api-key', source: 'admin', state: 'active' })
  t.notOk('sha256' in credential)
  t.equal(await services(secret), 200, 'this process')
  const delay = await timeUntil(secret, 200, other)
  t.ok(delay < 1000, `the other process accepts it within a second (${delay} ms)`)

  const listed = (await admin('GET', credentialsOf(IDS.h62))).body.credentials
  t.same(listed.map((c: any) => c.id), ['h62-dev-1', credential.id], 'the seeded key and the new one')
  t.match(listed[0], { source: 'registry', kind: 'api-key', state: 'active' })
  const mine = listed.find((c: any) => c.id === credential.id)
  t.ok(Date.parse(mine.lastUsedAt) >= Date.parse(credential.createdAt), 'last use recorded')
  t.notOk(JSON.stringify(listed).includes(secret), 'the secret is never shown again')
  t.notOk(JSON.stringify(listed).includes('sha256'), 'nor its hash')
  t.notOk(JSON.stringify(await redis.hgetall('{lt}:{credentials}:records')).includes(secret), 'Redis holds the hash only')
})

t.test('revoking a credential locks it out of every process within a second', async (t) => {
  const { credential, secret } = (await admin('POST', credentialsOf(IDS.h62), { kind: 'api-key' })).body
  await timeUntil(secret, 200, other)
  const revoked = await admin('DELETE', `${credentialsOf(IDS.h62)}/${String(credential.id)}`)
  t.equal(revoked.statusCode, 200)
  t.equal(revoked.body.state, 'revoked')
  t.ok(revoked.body.revokedAt)
  t.equal(await services(secret), 401, 'this process: at once')
  const delay = await timeUntil(secret, 401, other)
  t.ok(delay < 1000, `the other process refuses it within a second (${delay} ms)`)
  const again = await admin('DELETE', `${credentialsOf(IDS.h62)}/${String(credential.id)}`)
  t.equal(again.body.revokedAt, revoked.body.revokedAt, 'revoking twice keeps the first time')
  t.equal((await admin('DELETE', `${credentialsOf(IDS.h29)}/${String(credential.id)}`)).statusCode, 404, 'not through another participant')
  t.equal((await admin('DELETE', `${credentialsOf(IDS.h62)}/no-such-credential`)).statusCode, 404)
  t.equal((await admin('POST', credentialsOf('VN:GOV:000.00.00.H99:nobody'), { kind: 'api-key' })).statusCode, 404)
  t.equal((await admin('POST', credentialsOf(IDS.h62), { kind: 'password' })).statusCode, 422)
})

t.test('a change that missed its notification is picked up by the version poll', async (t) => {
  const { credential, secret } = (await admin('POST', credentialsOf(IDS.h62), { kind: 'api-key' })).body
  await timeUntil(secret, 200, other)
  // Revoke behind the gateways' backs: the record and the version move, nothing is published.
  const record = JSON.parse(await redis.hget('{lt}:{credentials}:records', credential.id) as string)
  await redis.multi().hset('{lt}:{credentials}:records', credential.id, JSON.stringify({ ...record, revokedAt: new Date().toISOString() })).incr('{lt}:{credentials}:version').exec()
  const delay = await timeUntil(secret, 401, other)
  t.ok(delay < 1500, `refused within the poll interval (${delay} ms)`)
})

t.test('credentials may expire', async (t) => {
  const past = await admin('POST', credentialsOf(IDS.h62), { kind: 'api-key', expiresAt: new Date(Date.now() - 1000).toISOString() })
  t.equal(past.statusCode, 422)
  t.same(past.body.details.map((d: any) => d.pointer), ['/expiresAt'])
  const expiresAt = new Date(Date.now() + 1500).toISOString()
  const { credential, secret } = (await admin('POST', credentialsOf(IDS.h62), { kind: 'api-key', expiresAt })).body
  t.equal(credential.expiresAt, expiresAt)
  t.equal(await services(secret), 200, 'until it expires')
  await timeUntil(secret, 401, p.app)
  t.ok(Date.now() >= Date.parse(expiresAt), 'refused once expired, not before')
  const listed = (await admin('GET', credentialsOf(IDS.h62))).body.credentials.find((c: any) => c.id === credential.id)
  t.equal(listed.state, 'expired')
})

t.test('a client secret issued through the admin API gets tokens; revoking it ends them', async (t) => {
  const { credential, secret } = (await admin('POST', credentialsOf(IDS.h62), { kind: 'client-secret' })).body
  t.match(credential.id, /^client_[A-Za-z0-9_-]+$/)
  const basic = `Basic ${Buffer.from(`${String(credential.id)}:${String(secret)}`).toString('base64')}`
  const res = await eventually(async () => {
    const answer = await other.inject({ method: 'POST', url: '/oauth2/token', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' })
    return answer.statusCode === 200 ? answer : undefined
  }, 1000, 'the other process to know the new client')
  const token = res.json().access_token
  t.equal(await services(token), 200)
  t.equal(await services(secret), 401, 'a client secret is not an API key')
  await admin('DELETE', `${credentialsOf(IDS.h62)}/${String(credential.id)}`)
  t.equal(await services(token), 401, 'its access token is refused at once')
  await timeUntil(token, 401, other)
})

t.test('every admin change leaves an audit record: who, what, when, from where', async (t) => {
  const since = new Date().toISOString()
  const receiver = encodeURIComponent(IDS.h29)
  const missing = randomUUID()
  t.equal((await admin('POST', `/admin/api/queues/${receiver}/pause`)).statusCode, 200)
  t.equal((await admin('POST', `/admin/api/queues/${receiver}/resume`)).statusCode, 200)
  t.equal((await admin('POST', `/admin/api/circuit-breakers/${receiver}/reset`)).statusCode, 200)
  t.equal((await admin('POST', `/admin/api/dead-letters/${missing}/replay`)).statusCode, 404)
  t.equal((await admin('POST', '/admin/api/dead-letters/replay', { receiver: IDS.h29, limit: 5 })).statusCode, 200)
  t.equal((await admin('DELETE', `/admin/api/dead-letters/${missing}`)).statusCode, 404)
  const issued = (await admin('POST', credentialsOf(IDS.h62), { kind: 'client-secret' })).body
  await admin('DELETE', `${credentialsOf(IDS.h62)}/${String(issued.credential.id)}`)
  // Without the admin token nothing changes, and nothing is recorded.
  t.equal((await admin('POST', `/admin/api/queues/${receiver}/pause`, undefined, 'wrong')).statusCode, 401)
  // Reads are not changes.
  await admin('GET', '/admin/api/queues')

  const records = await auditRecords(`?since=${encodeURIComponent(since)}`)
  t.same(records.map((r) => [r.action, r.outcome]).reverse(), [
    ['queue.pause', 'success'],
    ['queue.resume', 'success'],
    ['circuit-breaker.reset', 'success'],
    ['dead-letter.replay', 'refused'],
    ['dead-letters.replay-selection', 'success'],
    ['dead-letter.purge', 'refused'],
    ['credential.issue', 'success'],
    ['credential.revoke', 'success']
  ], 'newest first, each change once')
  const [revoke, issue] = records
  t.match(revoke, { actor: 'admin-token', target: `${IDS.h62}/${String(issued.credential.id)}`, clientAddress: '127.0.0.1', statusCode: 200 })
  t.ok(Date.parse(revoke.at) >= Date.parse(since))
  t.same(issue.detail, { credentialId: issued.credential.id, kind: 'client-secret' })
  t.notOk(JSON.stringify(records).includes(issued.secret), 'no secret in the audit trail')
  t.same(records.find((r) => r.action === 'dead-letters.replay-selection').detail, { selection: { receiver: IDS.h29, limit: 5 } })
  t.equal(records.find((r) => r.action === 'queue.pause').target, IDS.h29)

  t.equal((await auditRecords(`?since=${encodeURIComponent(since)}&limit=2`)).length, 2, 'limit')
  t.same(await auditRecords(`?until=${encodeURIComponent(new Date(Date.parse(since) - 60_000).toISOString())}&since=${encodeURIComponent(new Date(Date.parse(since) - 120_000).toISOString())}`), [], 'until')
  t.equal((await admin('GET', '/admin/api/audit?limit=0')).statusCode, 400)
  t.equal((await admin('GET', '/admin/api/audit', undefined, KEYS.h29)).statusCode, 401, 'the audit needs the admin token')
  t.equal((await other.inject({ method: 'GET', url: '/admin/api/audit?limit=1', headers: { authorization: `Bearer ${ADMIN}` } })).json().records[0].action, 'credential.revoke', 'one trail for every process')
})

t.test('dashboard sign-in and sign-out are audited', async (t) => {
  const since = new Date().toISOString()
  const refused = await p.app.inject({ method: 'POST', url: '/admin/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'token=wrong' })
  t.equal(refused.statusCode, 401)
  const login = await p.app.inject({ method: 'POST', url: '/admin/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${ADMIN}` })
  t.equal(login.statusCode, 303)
  const cookie = String(login.headers['set-cookie']).split(';')[0] as string
  const logout = await p.app.inject({ method: 'POST', url: '/admin/logout', headers: { cookie, 'sec-fetch-site': 'same-origin' } })
  t.equal(logout.statusCode, 303)
  const records = await auditRecords(`?since=${encodeURIComponent(since)}`)
  t.same(records.map((r) => [r.action, r.actor]), [['admin.sign-out', 'admin-session'], ['admin.sign-in', 'admin-token']], 'a refused sign-in is logged, not audited')
  t.equal(records[0].clientAddress, '127.0.0.1')
})

t.test('a key seeded from the registry, once revoked, stays revoked when a gateway starts again', async (t) => {
  t.equal(await services(KEYS.dvcqg), 200)
  t.equal((await admin('DELETE', `${credentialsOf(IDS.portal)}/dvcqg-dev-1`)).statusCode, 200)
  t.equal(await services(KEYS.dvcqg), 401)
  // A restart seeds the registry file again.
  const restarted = await buildApp({ config: loadConfig({ ...p.redis.env, LOG_LEVEL: 'silent', ...env }), registry: p.registry, logger: false })
  t.teardown(async () => { await restarted.close() })
  await restarted.ready()
  t.equal(await services(KEYS.dvcqg, restarted), 401, 'the file does not resurrect it')
  t.equal(await services(KEYS.h29, restarted), 200, 'the file\'s other keys work')
})

/** A gateway started on the same Redis with the registry file edited by `edit`. */
async function restartWith (t: { teardown: (fn: () => unknown) => void }, edit: (doc: RegistryDocument) => void): Promise<FastifyInstance> {
  const doc = structuredClone(p.registryDoc)
  edit(doc)
  const app = await buildApp({ config: loadConfig({ ...p.redis.env, LOG_LEVEL: 'silent', ...env }), registry: buildRegistry(doc, p.env, { attempts: 5, backoffMs: 50, timeoutMs: 2000, syncTimeoutMs: 1500 }), logger: false })
  t.teardown(async () => { await app.close() })
  await app.ready()
  return app
}

t.test('a new hash under a seeded id in the file is a re-key: the new key works, the old one stops', async (t) => {
  const newKey = `lt_test_h62_rekey_${randomUUID()}`
  t.equal(await services(KEYS.h62), 200)
  const restarted = await restartWith(t, (doc) => {
    const key = doc.participants.find((x) => x.id === IDS.h62)?.apiKeys?.find((k) => k.id === 'h62-dev-1')
    if (key === undefined) throw new Error('no h62-dev-1 in the sample registry')
    key.sha256 = hashSecret(newKey)
  })
  t.equal(await services(newKey, restarted), 200, 'the re-keyed credential works')
  t.equal(await services(KEYS.h62, restarted), 401, 'the old key does not')
  const seeded = (await auditRecords()).find((r) => r.action === 'credential.seed-rekeyed' && r.target === `${IDS.h62}/h62-dev-1`)
  t.match(seeded, { actor: 'registry-file', outcome: 'success' }, 'the re-key is in the audit log')
  // The first gateway still runs with the old file: it holds to it until restarted.
  t.equal(await services(newKey), 401, 'a process with the old file does not take the new key')
})

t.test('an expiresAt changed in the file applies', async (t) => {
  const past = new Date(Date.now() - 60_000).toISOString()
  const restarted = await restartWith(t, (doc) => {
    const key = doc.participants.find((x) => x.id === IDS.h29)?.apiKeys?.find((k) => k.id === 'h29-dev-1')
    if (key === undefined) throw new Error('no h29-dev-1 in the sample registry')
    key.expiresAt = past
  })
  t.equal(await services(KEYS.h29, restarted), 401, 'expired by the file')
  const listed = (await admin('GET', credentialsOf(IDS.h29))).body.credentials.find((c: any) => c.id === 'h29-dev-1')
  t.match(listed, { expiresAt: past, state: 'expired' })
  // And back: the file without the expiry.
  const again = await restartWith(t, () => {})
  t.equal(await services(KEYS.h29, again), 200, 'the expiry lifted by the file')
})

t.test('the file cannot take over a credential issued through the admin API', async (t) => {
  const issued = await admin('POST', credentialsOf(IDS.h29), { kind: 'api-key' })
  t.equal(issued.statusCode, 201)
  const { credential, secret } = issued.body
  const id = String(credential.id)
  const restarted = await restartWith(t, (doc) => {
    doc.participants.find((x) => x.id === IDS.h29)?.apiKeys?.push({ id, sha256: hashSecret('lt_test_attacker_key_000000000000') })
  })
  t.equal(await services(secret, restarted), 200, 'the admin-issued key still works')
  const attackerStatus = await services('lt_test_attacker_key_000000000000', restarted)
  t.equal(attackerStatus, 401, `the file's hash under its id does not (${attackerStatus})`)
})
