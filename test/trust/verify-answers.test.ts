import t from 'tap'
import { sampleCitizens } from '../helpers/citizens.js'
import { envelope, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// citizen.verify answers only what it must: match / no-match by default, an unknown ID number
// answered like a mismatch, field detail only with a registry right and within the sender's
// lookup rights. The audit's date-of-birth oracle, replayed.
// The answers' shape is what is tested here; the per-number lock has its own test (verify-oracle).
const p = await startPlatform(t, { env: { VERIFY_MAX_MISMATCHES: '1000' } })
const [citizen] = sampleCitizens(p.mock(IDS.population), 1)
if (citizen === undefined) throw new Error('no sample citizen')

async function verify (key: string, from: string, body: Record<string, unknown>): Promise<any> {
  const res = await p.send(envelope('citizen.verify', from, IDS.population, body), key)
  t.equal(res.statusCode, 200)
  return res.body.body
}

t.test('without a detail right: match or no-match, nothing else', async (t) => {
  t.same(await verify(KEYS.h62, IDS.h62, { ...citizen }), { result: 'match' })
  const wrongDate = { ...citizen, dateOfBirth: citizen.dateOfBirth.replace(/-\d\d$/, (d) => d === '-01' ? '-02' : '-01') }
  t.same(await verify(KEYS.h62, IDS.h62, wrongDate), { result: 'no-match' })
  // An ID number nobody holds (valid by its rules, same birth year and sex) answers the same.
  const unknownId = `${citizen.citizenId.slice(0, 6)}${citizen.citizenId.slice(6) === '999999' ? '999998' : '999999'}`
  t.same(await verify(KEYS.h62, IDS.h62, { ...citizen, citizenId: unknownId }), { result: 'no-match' })
})

t.test('the date-of-birth oracle: a wrong name over the days of the birth month tells nothing', async (t) => {
  const [yyyy, mm] = citizen.dateOfBirth.split('-')
  const answers = new Set<string>()
  for (let day = 1; day <= 28; day++) {
    const body = await verify(KEYS.h62, IDS.h62, { citizenId: citizen.citizenId, fullName: 'Tên Sai Hoàn Toàn', dateOfBirth: `${String(yyyy)}-${String(mm)}-${String(day).padStart(2, '0')}` })
    answers.add(JSON.stringify(body))
  }
  t.same([...answers], [JSON.stringify({ result: 'no-match' })], 'every day answers the same')
})

t.test('with a detail right: the mismatched fields its lookup right shows', async (t) => {
  // H29's citizen.verify right has fieldDetail; its citizen.lookup right shows fullName, dateOfBirth, gender.
  t.same(await verify(KEYS.h29, IDS.h29, { ...citizen, fullName: 'Tên Sai Hoàn Toàn' }), { result: 'no-match', mismatchedFields: ['fullName'] })
  t.same(await verify(KEYS.h29, IDS.h29, { ...citizen }), { result: 'match', mismatchedFields: [] })

  // Narrow its lookup right to the name: the date of birth is no longer named, even as a mismatch.
  const lookup = p.registry.get(IDS.h29)?.rights.find((r) => r.service === 'citizen.lookup')
  const saved = lookup?.fields
  if (lookup !== undefined) lookup.fields = ['fullName']
  t.teardown(() => { if (lookup !== undefined) lookup.fields = saved })
  const wrongDate = { ...citizen, dateOfBirth: citizen.dateOfBirth.replace(/-\d\d$/, (d) => d === '-01' ? '-02' : '-01') }
  t.same(await verify(KEYS.h29, IDS.h29, wrongDate), { result: 'no-match', mismatchedFields: [] })
})

t.test('a detail right without a lookup right gives no detail', async (t) => {
  const right = p.registry.get(IDS.h62)?.rights.find((r) => r.service === 'citizen.verify')
  if (right !== undefined) right.fieldDetail = true
  t.teardown(() => { if (right !== undefined) delete right.fieldDetail })
  t.same(await verify(KEYS.h62, IDS.h62, { ...citizen, fullName: 'Tên Sai Hoàn Toàn' }), { result: 'no-match' })
})
