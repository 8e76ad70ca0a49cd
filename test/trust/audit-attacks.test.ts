import { randomUUID } from 'node:crypto'
import t from 'tap'
import { sampleCitizens } from '../helpers/citizens.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// The security audit's attacks on main, replayed through the HTTP surface against a real Redis
// and the mock systems: each one must now fail. The features behind them have their own tests
// (test/trust/, test/gateway/); this file keeps the attacker's view in one place.
const p = await startPlatform(t, { workers: true })
const portal = p.mock(IDS.portal)
const [citizen] = sampleCitizens(p.mock(IDS.population), 1)
if (citizen === undefined) throw new Error('no sample citizen')

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
    const key = res.statusCode === 200 ? JSON.stringify(res.body.body) : String(res.statusCode)
    answers.set(key, (answers.get(key) ?? 0) + 1)
  }
  t.same([...answers.keys()], [JSON.stringify({ result: 'no-match' })], 'every date answers no-match: nothing falls out')
})

t.test('citizen.verify tells whether an ID number exists', async (t) => {
  const unknownId = `${citizen.citizenId.slice(0, 6)}${citizen.citizenId.slice(6) === '999999' ? '999998' : '999999'}`
  const known = await p.send(envelope('citizen.verify', IDS.h62, IDS.population, { ...citizen, fullName: 'Tên Sai Hoàn Toàn' }), KEYS.h62)
  const unknown = await p.send(envelope('citizen.verify', IDS.h62, IDS.population, { ...citizen, citizenId: unknownId, fullName: 'Tên Sai Hoàn Toàn' }), KEYS.h62)
  t.same(known.body.body, unknown.body.body)
})

t.test('an upper-case copy of an existing messageId is a new message; a 409 tells another sender an id exists', async (t) => {
  const id = randomUUID()
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, { ...citizen }, { messageId: id })
  const first = await p.send(msg, KEYS.h29)
  const upper = await p.send({ ...msg, header: { ...msg.header, messageId: id.toUpperCase() } }, KEYS.h29)
  t.same(upper.body, first.body, 'the same message, answered again')
  const other = await p.send(envelope('citizen.verify', IDS.h62, IDS.population, { ...citizen, fullName: 'Tên Sai Hoàn Toàn' }, { messageId: id }), KEYS.h62)
  t.equal(other.statusCode, 200, 'no 409 for another sender')
})
