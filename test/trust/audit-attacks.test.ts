import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { importJWK, SignJWT } from 'jose'
import t from 'tap'
import { devKeysRefusal } from '../../src/dev-keys.js'
import { projectRoot } from '../../src/project-paths.js'
import { SigningKeys } from '../../src/signing/signing-keys.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// The security audit's attacks on main, replayed through the HTTP surface against a real Redis
// and the mock systems: each one must now fail. The features behind them have their own tests
// (test/trust/, test/gateway/); this file keeps the attacker's view in one place.
const gatewayKey = await SigningKeys.generate()
const p = await startPlatform(t, { workers: true, env: { SIGNING_KEYS: JSON.stringify([gatewayKey]) } })
const portal = p.mock(IDS.portal)
const [citizen, second, third] = sampleCitizens(p.mock(IDS.population), 3)
if (citizen === undefined || second === undefined || third === undefined) throw new Error('no sample citizen')

t.test('H62 changes the status of an H29 dossier', async (t) => {
  const code = `000.00.01.H29-261122-${String(1000 + Math.floor(Math.random() * 8000))}`
  const own = envelope('dossier.status', IDS.h29, IDS.portal, { dossierCode: code, status: 2, changedAt: '2026-11-23T08:15:00+07:00', handlingAgency: '000.00.01.H29' })
  t.equal((await p.send(own, KEYS.h29)).statusCode, 202)
  const attack = envelope('dossier.status', IDS.h62, IDS.portal, { dossierCode: code, status: 4, changedAt: '2026-11-23T08:20:00+07:00', handlingAgency: '000.00.01.H29' })
  const res = await p.send(attack, KEYS.h62)
  t.equal(res.statusCode, 403)
  t.equal(res.body.code, 'LT_DOSSIER_FORBIDDEN')
  await eventually(async () => (await p.state(String(own.header.messageId), KEYS.h29)).body.status === 'delivered' ? true : undefined)
  const next = envelope('dossier.status', IDS.h29, IDS.portal, { dossierCode: code, status: 4, changedAt: '2026-11-23T08:25:00+07:00', handlingAgency: '000.00.01.H29' })
  t.equal((await p.send(next, KEYS.h29)).statusCode, 202, 'H29\'s own next change is not refused')
  await eventually(async () => (await p.state(String(next.header.messageId), KEYS.h29)).body.status === 'delivered' ? true : undefined)
  t.same(portal.effects().filter((e: any) => e.MaHoSo === code).map((e: any) => Number(e.TrangThaiHoSo)), [2, 4], 'the portal got H29\'s changes only')
})

t.test('a dossier the gateway has never seen starts at 10', async (t) => {
  const code = `000.00.01.H29-261122-${String(1000 + Math.floor(Math.random() * 8000))}`
  const res = await p.send(envelope('dossier.status', IDS.h29, IDS.portal, { dossierCode: code, status: 10, changedAt: '2026-11-23T08:15:00+07:00' }), KEYS.h29)
  t.equal(res.statusCode, 422)
  t.equal(res.body.code, 'LT_STATUS_TRANSITION_FORBIDDEN')
})

t.test('citizen.verify as a date-of-birth oracle: a wrong name over the days of a year', async (t) => {
  const year = citizen.dateOfBirth.slice(0, 4)
  const answers = new Map<string, number>()
  const start = Date.UTC(Number(year), 0, 1)
  for (let day = 0; day < 365; day += 7) {
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10)
    const res = await p.send(envelope('citizen.verify', IDS.h62, IDS.population, { citizenId: citizen.citizenId, fullName: 'Tên Sai Hoàn Toàn', dateOfBirth: date }), KEYS.h62)
    const key = res.statusCode === 200 ? JSON.stringify(res.body.body) : String(res.body.code)
    answers.set(key, (answers.get(key) ?? 0) + 1)
  }
  t.same([...answers.keys()], [JSON.stringify({ result: 'no-match' }), 'LT_VERIFY_LOCKED'], 'no-match, then refused: nothing falls out')
})

t.test('citizen.verify as a date-of-birth oracle with the right name: the true date is never reached', async (t) => {
  const statuses: string[] = []
  const truth = Date.parse(second.dateOfBirth)
  // The days before the true one, then the true one: a match would reveal it.
  for (let back = 10; back >= 0; back--) {
    const date = new Date(truth - back * 86_400_000).toISOString().slice(0, 10)
    if (date.slice(0, 4) !== second.dateOfBirth.slice(0, 4)) continue
    const res = await p.send(envelope('citizen.verify', IDS.h62, IDS.population, { ...second, dateOfBirth: date }), KEYS.h62)
    statuses.push(res.statusCode === 200 ? String(res.body.body.result) : String(res.body.code))
  }
  t.notOk(statuses.includes('match'), 'the true date of birth never answers match')
  t.equal(statuses.filter((s) => s === 'no-match').length, 5, 'five wrong guesses are answered (VERIFY_MAX_MISMATCHES)')
  t.equal(statuses.at(-1), 'LT_VERIFY_LOCKED')
})

t.test('citizen.verify tells whether an ID number exists', async (t) => {
  // H29 has the field-detail right: even its answers read the same.
  const unknownId = `${citizen.citizenId.slice(0, 6)}${citizen.citizenId.slice(6) === '999999' ? '999998' : '999999'}`
  const wrong = { fullName: 'Tên Sai Hoàn Toàn', dateOfBirth: citizen.dateOfBirth.replace(/-\d\d$/, (d) => d === '-01' ? '-02' : '-01') }
  const known = await p.send(envelope('citizen.verify', IDS.h29, IDS.population, { ...citizen, ...wrong }), KEYS.h29)
  const unknown = await p.send(envelope('citizen.verify', IDS.h29, IDS.population, { ...citizen, citizenId: unknownId, ...wrong }), KEYS.h29)
  t.equal(known.statusCode, 200)
  t.same(known.body.body, unknown.body.body)
  t.same(unknown.body.body, { result: 'no-match', mismatchedFields: ['fullName', 'dateOfBirth'] })
})

t.test('an upper-case copy of an existing messageId is a new message; a 409 tells another sender an id exists', async (t) => {
  const id = randomUUID()
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, { ...third }, { messageId: id })
  const first = await p.send(msg, KEYS.h29)
  const upper = await p.send({ ...msg, header: { ...msg.header, messageId: id.toUpperCase() } }, KEYS.h29)
  t.same(upper.body, first.body, 'the same message, answered again')
  const other = await p.send(envelope('citizen.verify', IDS.h62, IDS.population, { ...third, fullName: 'Tên Sai Hoàn Toàn' }, { messageId: id }), KEYS.h62)
  t.equal(other.statusCode, 200, 'no 409 for another sender')
})

t.test('forged, expired and wrong-audience access tokens', async (t) => {
  const attackerKey = await SigningKeys.generate()
  const now = Math.floor(Date.now() / 1000)
  const claims = { iss: 'lienthong', aud: 'lienthong', sub: IDS.h29, client_id: 'h29-dev-client', scope: 'citizen.verify', iat: now, exp: now + 300, jti: randomUUID() }
  const sign = async (jwk: typeof gatewayKey, payload: Record<string, unknown>): Promise<string> =>
    await new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: gatewayKey.kid as string, typ: 'at+jwt' }).sign(await importJWK(jwk, 'EdDSA'))
  const tokens = {
    'signed by another key under the gateway\'s kid': await sign(attackerKey, claims),
    expired: await sign(gatewayKey, { ...claims, iat: now - 900, exp: now - 600 }),
    'for another audience': await sign(gatewayKey, { ...claims, aud: 'another-gateway' })
  }
  for (const [what, token] of Object.entries(tokens)) {
    const res = await p.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${token}` }, payload: envelope('citizen.verify', IDS.h29, IDS.population, { ...citizen }) })
    t.equal(res.statusCode, 401, what)
    t.equal(res.json().code, 'LT_TOKEN_INVALID', what)
  }
  // A genuine token used beyond its scope.
  const good = await sign(gatewayKey, claims)
  const res = await p.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${good}` }, payload: envelope('enterprise.lookup', IDS.h29, IDS.business, { enterpriseCode: '0300588569' }) })
  t.equal(res.statusCode, 403)
  t.equal(res.json().code, 'LT_SCOPE_FORBIDDEN')
})

t.test('a deeply nested JSON body', async (t) => {
  const depth = 100_000
  const res = await p.app.inject({
    method: 'POST',
    url: '/v1/messages',
    headers: { authorization: `Bearer ${KEYS.h29}`, 'content-type': 'application/json' },
    payload: `{"header":${'['.repeat(depth)}${']'.repeat(depth)}}`
  })
  t.equal(res.statusCode, 400, 'refused, not a 500')
  t.equal(res.json().code, 'LT_JSON_TOO_DEEP')
})

t.test('the development keys in production mode', async (t) => {
  const sample = JSON.parse(await readFile(join(projectRoot, 'config', 'registry.json'), 'utf8'))
  const refusal = devKeysRefusal(true, sample.participants)
  t.match(refusal, /^LT_DEV_KEYS_IN_PRODUCTION: /, 'the gateway, workers and npm start refuse to start (test/deploy/ spawns them)')
  t.equal(devKeysRefusal(false, sample.participants), undefined, 'development mode runs the sample')
})

t.test('the enumeration is also stopped by the rate limit: a loop of verifications from one key', async (t) => {
  // A registry that limits H62's verifications to 40 a minute (the sample's default is 1,200).
  const limited = await startPlatform(t, {
    // The per-number lock would stop this loop first (test above): measure the rate limit alone.
    env: { VERIFY_MAX_MISMATCHES: '1000' },
    editRegistry: (doc) => {
      const h62 = doc.participants.find((x) => x.id === IDS.h62)
      if (h62 !== undefined) h62.limits = { services: { 'citizen.verify': { max: 40, windowSeconds: 60 } } }
    }
  })
  const [target] = sampleCitizens(limited.mock(IDS.population), 1)
  if (target === undefined) throw new Error('no sample citizen')
  const statuses: number[] = []
  for (let day = 0; day < 60; day++) {
    // Days of the target's birth year: the ID number encodes the year, so other years are refused at intake.
    const date = new Date(Date.UTC(Number(target.dateOfBirth.slice(0, 4)), 0, 1) + day * 86_400_000).toISOString().slice(0, 10)
    const res = await limited.send(envelope('citizen.verify', IDS.h62, IDS.population, { ...target, fullName: 'Tên Sai Hoàn Toàn', dateOfBirth: date }), KEYS.h62)
    statuses.push(res.statusCode)
    if (res.statusCode === 429) t.equal(res.body.code, 'LT_RATE_LIMITED')
  }
  t.equal(statuses.filter((s) => s === 200).length, 40, 'forty answered')
  t.equal(statuses.filter((s) => s === 429).length, 20, 'the rest refused')
})

t.test('admin sign-in brute force: wrong tokens, then the right one', async (t) => {
  const token = 'audit-admin-token-0123456789abcdefghij'
  const admin = await startPlatform(t, { env: { ADMIN_TOKEN: token } })
  const statuses: number[] = []
  for (let i = 0; i < 20; i++) {
    const res = await admin.app.inject({ method: 'GET', url: '/admin/api/queues', headers: { authorization: `Bearer wrong-${String(i)}-0123456789abcdefghijklmn` } })
    statuses.push(res.statusCode)
  }
  t.ok(statuses.slice(0, 5).every((s) => s === 401), 'the first failures are 401')
  t.ok(statuses.slice(5).every((s) => s === 429), 'then 429')
  const right = await admin.app.inject({ method: 'GET', url: '/admin/api/queues', headers: { authorization: `Bearer ${token}` } })
  t.equal(right.statusCode, 429, 'the right token does not get through while the address is blocked')
  t.equal(right.json().code, 'LT_RATE_LIMITED')
})
