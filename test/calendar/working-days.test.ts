import t from 'tap'
import { vietnamDate, vietnamDay, vietnamTimestamp } from '../../src/identifiers/index.js'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  HolidayDataError, holidaysDir, NoHolidayDataError, WorkingCalendar, type HolidayYear
} from '../../src/calendar/working-days.js'

const calendar = await WorkingCalendar.load()

/** The end of a Vietnam day, as addWorkingDays answers it. */
const endOf = (day: string): string => new Date(`${day}T23:59:59.999+07:00`).toISOString()
const at = (vietnamTime: string): Date => new Date(`${vietnamTime}+07:00`)

t.test('the catalog: every year file loads, with the 11 days of art. 112 and a Saturday worked for each swapped day', async (t) => {
  t.same(calendar.years, [2025, 2026, 2027])
  for (const year of calendar.years) {
    const doc = JSON.parse(await readFile(join(holidaysDir, `${year}.json`), 'utf8')) as HolidayYear
    const count = (kind: string): number => doc.days.filter((d) => d.kind === kind).length
    t.equal(count('holiday'), 5, `${year}: 1/1, 30/4, 1/5, 2/9 and its adjacent day`)
    t.equal(count('tet'), 5, `${year}: five days of Tết`)
    t.equal(count('hung-kings'), 1, `${year}: Giỗ Tổ Hùng Vương`)
    t.equal(count('swapped'), doc.workingWeekends?.length ?? 0, `${year}: each swapped day is worked on a weekend day`)
    // 261 weekdays in each of these years, less the 11 holidays (or their compensatory days).
    t.equal(calendar.workingDaysBetween(at(`${year - 1}-12-31T12:00:00`), at(`${year}-12-31T12:00:00`)), 250, `${year}: 250 working days`)
  }
})

t.test('isWorkingDay', async (t) => {
  for (const day of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) t.notOk(calendar.isWorkingDay(day), `${day}: Tết Bính Ngọ`)
  t.ok(calendar.isWorkingDay('2026-02-13'), 'the Friday before Tết')
  t.ok(calendar.isWorkingDay('2026-02-23'), 'the Monday after')
  t.notOk(calendar.isWorkingDay('2026-02-14'), 'a Saturday')
  t.notOk(calendar.isWorkingDay('2026-03-01'), 'a Sunday')
  t.notOk(calendar.isWorkingDay('2026-04-26'), 'Giỗ Tổ Hùng Vương, a Sunday')
  t.notOk(calendar.isWorkingDay('2026-04-27'), 'its compensatory Monday')
  t.ok(calendar.isWorkingDay('2026-04-28'), 'the Tuesday after')
  t.notOk(calendar.isWorkingDay('2026-01-02'), 'Friday 2/1/2026, swapped')
  t.ok(calendar.isWorkingDay('2026-01-10'), 'Saturday 10/1/2026, worked for it')
  t.ok(calendar.isWorkingDay('2025-04-26'), 'Saturday 26/4/2025, worked for Friday 2/5')
  t.notOk(calendar.isWorkingDay('2025-05-02'))
  t.notOk(calendar.isWorkingDay('2027-05-03'), 'compensatory for 1/5/2027, a Saturday')
  t.notOk(calendar.isWorkingDay('2027-02-11'), 'compensatory for Tết 2027')
  t.ok(calendar.isWorkingDay('2027-02-12'))
  t.throws(() => calendar.isWorkingDay('2026-02-30'), RangeError)
  t.throws(() => calendar.isWorkingDay('17/02/2026'), RangeError)
})

t.test('vietnamDate is the day in UTC+7', async (t) => {
  t.equal(vietnamDate(new Date('2026-02-16T16:59:59.999Z')), '2026-02-16')
  t.equal(vietnamDate(new Date('2026-02-16T17:00:00Z')), '2026-02-17')
  t.throws(() => vietnamDate(new Date('not a date')), RangeError)
  t.equal(vietnamDate(Date.parse('1969-12-31T17:00:00Z')), '1970-01-01', 'before the epoch too')
  t.same(vietnamDay(Date.parse('1969-12-31T12:00:00Z')), { day: '1969-12-31', endsAtMs: Date.parse('1969-12-31T17:00:00Z') })
  t.equal(vietnamTimestamp(new Date('2026-02-16T17:00:05.123Z')), '2026-02-17T00:00:05+07:00')
})

t.test('addWorkingDays: the end of the n-th working day after the day of receipt', async (t) => {
  // Received Friday 13/2/2026: Tết 16–20/2 and two weekends pass; 23–27/2 and 2–3/3 count.
  t.equal(calendar.addWorkingDays(at('2026-02-13T10:00:00'), 7).toISOString(), endOf('2026-03-03'))
  t.equal(calendar.addWorkingDays(at('2026-02-13T10:00:00'), 1).toISOString(), endOf('2026-02-23'))
  t.equal(calendar.addWorkingDays(at('2026-03-05T09:00:00'), 3).toISOString(), endOf('2026-03-10'), 'across a weekend')
  t.equal(calendar.addWorkingDays(at('2026-03-07T09:00:00'), 1).toISOString(), endOf('2026-03-09'), 'received on a Saturday')
  // 01:00 on Friday in Vietnam is still Thursday in UTC: the Vietnam day counts.
  t.equal(calendar.addWorkingDays(new Date('2026-03-05T18:00:00Z'), 1).toISOString(), endOf('2026-03-09'))
  t.equal(calendar.addWorkingDays(at('2026-01-09T15:00:00'), 1).toISOString(), endOf('2026-01-10'), 'a Saturday declared worked counts')
  t.equal(calendar.addWorkingDays(at('2025-12-31T15:00:00'), 1).toISOString(), endOf('2026-01-05'), 'into the next year file, past 1/1 and the swapped 2/1')
  t.equal(calendar.addWorkingDays(at('2026-04-24T08:00:00'), 2).toISOString(), endOf('2026-04-29'), 'past Hùng Kings and its compensatory day')
})

t.test('addWorkingDays with n = 0', async (t) => {
  t.equal(calendar.addWorkingDays(at('2026-02-17T08:00:00'), 0).toISOString(), endOf('2026-02-23'), 'on a Tết day: the next working day')
  t.equal(calendar.addWorkingDays(at('2026-02-13T08:00:00'), 0).toISOString(), endOf('2026-02-13'), 'on a working day: that day')
  t.equal(calendar.addWorkingDays(at('2026-01-10T08:00:00'), 0).toISOString(), endOf('2026-01-10'), 'on a Saturday worked')
  t.throws(() => calendar.addWorkingDays(at('2026-02-13T08:00:00'), -1), RangeError)
  t.throws(() => calendar.addWorkingDays(at('2026-02-13T08:00:00'), 1.5), RangeError)
})

t.test('workingDaysBetween', async (t) => {
  t.equal(calendar.workingDaysBetween(at('2026-02-13T10:00:00'), at('2026-03-03T09:00:00')), 7)
  t.equal(calendar.workingDaysBetween(at('2026-02-13T10:00:00'), at('2026-02-22T23:00:00')), 0, 'Tết and its weekends')
  t.equal(calendar.workingDaysBetween(at('2026-02-12T10:00:00'), at('2026-02-13T00:30:00')), 1, 'any hour of the last day counts')
  t.equal(calendar.workingDaysBetween(at('2026-02-13T08:00:00'), at('2026-02-13T17:00:00')), 0, 'the same day')
  t.equal(calendar.workingDaysBetween(at('2026-03-03T08:00:00'), at('2026-02-13T17:00:00')), 0, 'backwards')
  for (const [from, n] of [['2026-02-13T10:00:00', 7], ['2026-08-20T16:00:00', 4], ['2025-04-25T09:00:00', 5], ['2027-02-04T09:00:00', 3]] as const) {
    t.equal(calendar.workingDaysBetween(at(from), calendar.addWorkingDays(at(from), n)), n, `the inverse of addWorkingDays from ${from}`)
  }
})

t.test('a year without a file is an error, not a guess', async (t) => {
  t.throws(() => calendar.isWorkingDay('2031-05-05'), new NoHolidayDataError(2031, 'catalogs/holidays/2031.json'))
  t.throws(() => calendar.isWorkingDay('2024-05-06'), { name: 'NoHolidayDataError', year: 2024, message: 'no holiday data for 2024: add catalogs/holidays/2024.json' })
  t.throws(() => calendar.addWorkingDays(at('2027-12-30T10:00:00'), 5), { name: 'NoHolidayDataError', year: 2028 }, 'a deadline running into 2028')
  t.throws(() => calendar.workingDaysBetween(at('2027-12-30T10:00:00'), at('2028-01-03T10:00:00')), { name: 'NoHolidayDataError', year: 2028 })
})

t.test('the loader refuses a bad year file, naming the file and the field', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'holidays-'))
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  const good = await readFile(join(holidaysDir, '2026.json'), 'utf8')
  let n = 0
  const dirWith = async (name: string, change: (doc: HolidayYear & Record<string, unknown>) => void): Promise<string> => {
    const dir = join(root, String(++n))
    await mkdir(dir)
    const doc = JSON.parse(good) as HolidayYear & Record<string, unknown>
    change(doc)
    await writeFile(join(dir, name), JSON.stringify(doc))
    return dir
  }
  const refused = async (dir: string, file: string, ...parts: string[]): Promise<void> => {
    const err = await WorkingCalendar.load(dir).then(() => undefined, (e: unknown) => e)
    t.type(err, HolidayDataError)
    const message = (err as Error | undefined)?.message ?? ''
    for (const part of [join(dir, file), ...parts]) t.match(message, part, `names ${part}`)
  }

  await refused(await dirWith('2026.json', (doc) => { doc.days[3]!.date = '2026-13-01' }), '2026.json', '/days/3/date', 'must match format "date"')
  await refused(await dirWith('2026.json', (doc) => { doc.days[1]!.date = '2025-12-31' }), '2026.json', '/days/1/date 2025-12-31 is not in 2026')
  await refused(await dirWith('2026.json', (doc) => { doc.days[2]!.date = doc.days[3]!.date }), '2026.json', '/days/3/date 2026-02-17 is listed twice')
  await refused(await dirWith('2027.json', () => {}), '2027.json', '/year is 2026, but the file is named 2027.json')
  await refused(await dirWith('2026.json', (doc) => { doc.year = 2019 }), '2026.json', '/year must be >= 2020')
  await refused(await dirWith('2026.json', (doc) => { Object.assign(doc.days[0]!, { colour: 'red' }) }), '2026.json', '/days/0/colour is not allowed')
  await refused(await dirWith('2026.json', (doc) => { delete (doc as Partial<HolidayYear>).source }), '2026.json', '/source is missing')
  await refused(await dirWith('2026.json', (doc) => { Object.assign(doc.days[0]!, { kind: 'party' }) }), '2026.json', '/days/0/kind must be equal to one of the allowed values')
  await refused(await dirWith('2026.json', (doc) => { doc.workingWeekends![0]!.date = '2026-01-09' }), '2026.json', '/workingWeekends/0/date 2026-01-09 is not a Saturday or Sunday')
  await refused(await dirWith('2026.json', (doc) => { doc.days[1]!.date = '2026-01-03' }), '2026.json', '/days/1/date 2026-01-03 is a Saturday or Sunday')

  const empty = join(root, 'empty')
  await mkdir(empty)
  await t.rejects(WorkingCalendar.load(empty), { name: 'HolidayDataError', message: /no holiday data in/ })

  // The same file, unchanged, loads; a year it lacks names the file to add in its own directory.
  const alone = await WorkingCalendar.load(await dirWith('2026.json', () => {}))
  t.same(alone.years, [2026])
  t.notOk(alone.isWorkingDay('2026-02-17'))
  t.throws(() => alone.isWorkingDay('2025-06-02'), { message: `no holiday data for 2025: add ${join(root, String(n), '2025.json')}` })
})
