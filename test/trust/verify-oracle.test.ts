import t from 'tap'
import { sampleCitizens } from '../helpers/citizens.js'
import { envelope, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// citizen.verify guessing: a sender that knows an ID number and the name cannot walk the days of a
// year to the date of birth. After VERIFY_MAX_MISMATCHES no-match answers for one number, its
// verifications of that number are refused, in parallel as in series, whether the number exists
// or not; matches and other senders are not held back.
// No in-flight cap: the fifty parallel guesses below must all reach the lock.
const p = await startPlatform(t, { env: { OVERLOAD_MAX_IN_FLIGHT: '0' } })
const citizens = sampleCitizens(p.mock(IDS.population), 6)
const pick = (i: number): NonNullable<typeof citizens[number]> => {
  const c = citizens[i]
  if (c === undefined) throw new Error('no sample citizen')
  return c
}

function dayBefore (date: string, days: number): string {
  return new Date(Date.parse(date) - days * 86_400_000).toISOString().slice(0, 10)
}

async function verify (key: string, from: string, body: Record<string, unknown>): Promise<{ statusCode: number, headers: Record<string, unknown>, body: any }> {
  const res = await p.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${key}` }, payload: envelope('citizen.verify', from, IDS.population, body) })
  return { statusCode: res.statusCode, headers: res.headers, body: res.json() }
}

t.test('the date of birth is out of reach: five wrong guesses, then refused, the true date too', async (t) => {
  const c = pick(0)
  const calls = p.mock(IDS.population).received().length
  for (let i = 1; i <= 5; i++) {
    const res = await verify(KEYS.h62, IDS.h62, { ...c, dateOfBirth: dayBefore(c.dateOfBirth, i * 30) })
    t.equal(res.statusCode, 200, `guess ${i} answered`)
    t.same(res.body.body, { result: 'no-match' })
  }
  const truth = await verify(KEYS.h62, IDS.h62, { ...c })
  t.equal(truth.statusCode, 429)
  t.equal(truth.body.code, 'LT_VERIFY_LOCKED')
  t.same(truth.body.details, [{ pointer: '/body/citizenId', problem: 'too many verifications of this number did not match' }])
  t.ok(Number(truth.headers['retry-after']) > 86_000, 'Retry-After: the rest of the window')
  t.equal(p.mock(IDS.population).received().length, calls + 5, 'refused before the population database is asked')
  t.equal((await p.state(String((truth.body as { messageId?: string }).messageId ?? 'x'), KEYS.h62)).statusCode !== 200, true, 'nothing recorded')
})

t.test('fifty guesses at once: five answered, the rest refused', async (t) => {
  const c = pick(1)
  const results = await Promise.all(Array.from({ length: 50 }, async (_, i) => await verify(KEYS.h62, IDS.h62, { ...c, dateOfBirth: dayBefore(c.dateOfBirth, 1 + i) })))
  t.equal(results.filter((r) => r.statusCode === 200).length, 5)
  t.same(results.filter((r) => r.statusCode !== 200).map((r) => r.body.code), Array(45).fill('LT_VERIFY_LOCKED'))
})

t.test('an unknown number locks the same way: the lock tells nothing of existence', async (t) => {
  const c = pick(2)
  const unknownId = `${c.citizenId.slice(0, 6)}${c.citizenId.slice(6) === '999999' ? '999998' : '999999'}`
  const codes: string[] = []
  for (let i = 0; i < 6; i++) {
    const res = await verify(KEYS.h62, IDS.h62, { ...c, citizenId: unknownId, dateOfBirth: dayBefore(c.dateOfBirth, i + 1) })
    codes.push(res.statusCode === 200 ? String(res.body.body.result) : String(res.body.code))
  }
  t.same(codes, ['no-match', 'no-match', 'no-match', 'no-match', 'no-match', 'LT_VERIFY_LOCKED'])
})

t.test('matches cost nothing; the lock is the sender\'s alone and the number\'s alone', async (t) => {
  const c = pick(3)
  for (let i = 0; i < 12; i++) t.equal((await verify(KEYS.h62, IDS.h62, { ...c })).body.body.result, 'match', `match ${i + 1}`)
  const locked = pick(0)
  const other = await verify(KEYS.h29, IDS.h29, { ...locked })
  t.equal(other.statusCode, 200, 'another sender verifies the number H62 is locked out of')
  t.equal(other.body.body.result, 'match')
  t.equal((await verify(KEYS.h62, IDS.h62, { ...pick(4) })).body.body.result, 'match', 'H62 verifies other numbers')
})

t.test('Redis keeps no ID number in clear for the lock', async (t) => {
  const keys = await p.app.redis.keys('{lt}:verify-guard:*')
  t.ok(keys.length >= 3)
  for (const c of citizens) t.notOk(keys.some((k) => k.includes(c.citizenId)), 'no ID number in a key')
})
