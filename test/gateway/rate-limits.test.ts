import t from 'tap'
import { buildApp } from '../../src/app.js'
import { vietnamDay } from '../../src/identifiers/index.js'
import { envelope, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'

// Audit: "2,000 verifications from one key in 3 s were all answered". Limits come from the
// registry: H29 gets small ones of its own, everyone else the sample registry's defaults.
const p = await startPlatform(t, {
  editRegistry: (doc) => {
    const h29 = doc.participants.find((x) => x.id === IDS.h29)
    if (h29 === undefined) throw new Error('no H29 in the sample registry')
    h29.limits = {
      services: { 'citizen.verify': { max: 3, windowSeconds: 60 } },
      reads: { max: 4, windowSeconds: 30 },
      dailyQuota: { 'citizen.lookup': 2 }
    }
  }
})
const citizens = sampleCitizens(p.mock(IDS.population), 20)
let next = 0
const verify = (from: string = IDS.h29): ReturnType<typeof envelope> => {
  const c = citizens[next++ % citizens.length]
  if (c === undefined) throw new Error('no sample citizen')
  return envelope('citizen.verify', from, IDS.population, { citizenId: c.citizenId, fullName: c.fullName, dateOfBirth: c.dateOfBirth })
}
const lookup = (citizenId?: string): ReturnType<typeof envelope> =>
  envelope('citizen.lookup', IDS.h29, IDS.population, { citizenId: citizenId ?? citizens[next++ % citizens.length]?.citizenId, purpose: 'Xác minh người nộp hồ sơ' })

async function post (app: typeof p.app, body: unknown, key: string = KEYS.h29) {
  return await app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${key}` }, payload: body as object })
}

t.test('a participant over its limit for a service gets 429 LT_RATE_LIMITED with Retry-After and the draft\'s headers', async (t) => {
  for (let i = 1; i <= 3; i++) {
    const res = await post(p.app, verify())
    t.equal(res.statusCode, 200, `verification ${i} answered`)
    // Two policies applied: the rate limit, and the daily quota of citizen.verify (registry default).
    t.equal(res.headers['ratelimit-policy'], '"citizen.verify";q=3;w=60, "citizen.verify-daily";q=50000;w=86400')
    t.match(res.headers.ratelimit, new RegExp(`^"citizen\\.verify";r=${3 - i};t=(60|[1-5][0-9]|[1-9]), "citizen\\.verify-daily";r=${50000 - i};t=\\d+$`))
  }
  const refused = await post(p.app, verify())
  t.equal(refused.statusCode, 429)
  const body = refused.json()
  t.equal(body.code, 'LT_RATE_LIMITED')
  t.match(body.message, /try again in \d+ s/)
  t.type(body.messageId, 'string', 'the refusal names the message')
  const retry = Number(refused.headers['retry-after'])
  t.ok(retry >= 1 && retry <= 60, `Retry-After ${retry} s is within the window`)
  t.equal(refused.headers['ratelimit-policy'], '"citizen.verify";q=3;w=60', 'refused before the quota is counted')
  t.match(refused.headers.ratelimit, /^"citizen\.verify";r=0;t=\d+$/)
  t.equal(p.mock(IDS.population).received().filter((r) => r.path.includes('xacthuc')).length, 3, 'the refused one never reached the population database')

  // Other services of the same participant, and other participants, have their own counters.
  const enterprise = await post(p.app, envelope('enterprise.lookup', IDS.h29, IDS.business, { enterpriseCode: '0300588569' }))
  t.not(enterprise.statusCode, 429, 'enterprise.lookup of H29 is not limited by its citizen.verify limit')
  t.equal(enterprise.headers['ratelimit-policy'], '"enterprise.lookup";q=1200;w=60', 'the registry default applies')
  t.equal((await post(p.app, verify(IDS.h62), KEYS.h62)).statusCode, 200, 'H62 has its own (default) limit')
})

t.test('the limit is shared by every gateway process (counted in Redis)', async (t) => {
  // A second gateway on the same Redis: H29's citizen.verify window is already spent there too.
  const other = await buildApp({ config: p.config, registry: p.registry, logger: false })
  t.teardown(async () => { await other.close() })
  const res = await post(other, verify())
  t.equal(res.statusCode, 429)
  t.equal(res.json().code, 'LT_RATE_LIMITED')
})

t.test('a flood over the registry default is cut at the default, invalid messages and made-up services included', async (t) => {
  // The portal's default: 1200 per service per minute. Messages that fail validation count
  // too (they cost the gateway work), and made-up service names share one counter.
  const bad = (service: string) => envelope(service, IDS.portal, IDS.population, { citizenId: 'not a number', fullName: 'X', dateOfBirth: '1990-01-01' })
  const statuses = new Map<number, number>()
  for (let i = 0; i < 1210; i++) {
    const res = await post(p.app, bad(i % 2 === 0 ? 'citizen.verify' : `made.up.${i}`), KEYS.dvcqg)
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
  }
  t.equal(statuses.get(429), undefined, '605 citizen.verify and 605 made-up services: each under 1200')
  let refused = 0
  for (let i = 0; i < 600; i++) {
    const res = await post(p.app, bad('citizen.verify'), KEYS.dvcqg)
    if (res.statusCode === 429) refused++
  }
  t.equal(refused, 5, '1205 citizen.verify in the minute: the last 5 refused')
})

t.test('reads are limited per participant: message states and the service catalog', async (t) => {
  const message = envelope('enterprise.lookup', IDS.h29, IDS.business, { enterpriseCode: '0101248141' })
  t.equal((await post(p.app, message)).statusCode, 200)
  const id = message.header.messageId
  const statuses: number[] = []
  for (const url of [`/v1/messages/${id as string}`, '/v1/services', `/v1/messages/${id as string}`, '/v1/services/citizen.verify/schema', '/v1/services']) {
    const res = await p.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${KEYS.h29}` } })
    statuses.push(res.statusCode)
    t.equal(res.headers['ratelimit-policy'], '"reads";q=4;w=30')
    if (res.statusCode === 429) {
      t.equal(res.json().code, 'LT_RATE_LIMITED')
      t.ok(Number(res.headers['retry-after']) >= 1)
    }
  }
  t.same(statuses, [200, 200, 200, 200, 429])
  const portal = await p.app.inject({ method: 'GET', url: '/v1/services', headers: { authorization: `Bearer ${KEYS.dvcqg}` } })
  t.equal(portal.statusCode, 200, 'another participant reads on')
})

t.test('a daily quota: 429 LT_QUOTA_EXCEEDED until midnight in Vietnam; refused messages and re-posts cost nothing', async (t) => {
  const invalid = await post(p.app, lookup('123'))
  t.equal(invalid.statusCode, 422, 'an invalid lookup is refused before the quota')
  const first = lookup()
  const a = await post(p.app, first)
  t.equal(a.statusCode, 200)
  t.equal(a.headers['ratelimit-policy'], '"citizen.lookup";q=1200;w=60, "citizen.lookup-daily";q=2;w=86400')
  t.match(a.headers.ratelimit, /^"citizen\.lookup";r=\d+;t=\d+, "citizen\.lookup-daily";r=1;t=\d+$/, 'one left: the invalid lookup did not count')
  t.equal((await post(p.app, first)).statusCode, 200, 'a re-post of the same message is answered again')
  const b = await post(p.app, lookup())
  t.equal(b.statusCode, 200, 'the re-post did not use up the quota')
  const before = vietnamDay(Date.now())
  const c = await post(p.app, lookup())
  t.equal(c.statusCode, 429)
  t.equal(c.json().code, 'LT_QUOTA_EXCEEDED')
  t.match(c.json().message, /daily quota of 2 citizen\.lookup messages.*midnight Vietnam time/)
  const untilMidnight = (before.endsAtMs - Date.now()) / 1000
  t.ok(Math.abs(Number(c.headers['retry-after']) - untilMidnight) <= 2, `Retry-After ${String(c.headers['retry-after'])} s ≈ ${untilMidnight.toFixed(0)} s to midnight UTC+7`)
  t.match(c.headers.ratelimit, /"citizen\.lookup-daily";r=0;t=\d+$/)
  t.equal(p.mock(IDS.population).received().filter((r) => r.path.includes('tracuu')).length, 2, 'two lookups reached the database: the re-post was answered from the record, the third refused')
})

t.test('vietnamDay: days run midnight to midnight in UTC+7', async (t) => {
  t.same(vietnamDay(Date.parse('2026-11-22T16:59:59Z')), { day: '2026-11-22', endsAtMs: Date.parse('2026-11-22T17:00:00Z') })
  t.same(vietnamDay(Date.parse('2026-11-22T17:00:00Z')), { day: '2026-11-23', endsAtMs: Date.parse('2026-11-23T17:00:00Z') })
})
