import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { Ajv, type ErrorObject, type SchemaObject } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { projectRoot } from '../project-paths.js'
import { vietnamDate } from '../identifiers/index.js'

/**
 * Vietnamese working days: Monday to Friday, except the days off listed per year in
 * catalogs/holidays/<year>.json (public holidays, compensatory and swapped days), plus the
 * Saturdays and Sundays those files declare working days. Days are Vietnam calendar days (UTC+7,
 * no daylight saving time), written YYYY-MM-DD.
 */

// ajv-formats ships CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

/** One day off of a year file (schemas/catalogs/holidays.json). */
export interface HolidayDay {
  date: string
  name: string
  kind: 'holiday' | 'tet' | 'hung-kings' | 'compensatory' | 'swapped'
  note?: string
}

/** A year file: its days off, and the Saturdays and Sundays worked in exchange for swapped days. */
export interface HolidayYear {
  year: number
  version: string
  source: string
  days: HolidayDay[]
  workingWeekends?: Array<{ date: string, name: string, note?: string }>
}

export const holidaysDir = join(projectRoot, 'catalogs', 'holidays')

/** A year file that does not pass its schema or its checks, or a directory without any. */
export class HolidayDataError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'HolidayDataError'
  }
}

/** A question about a day of a year that has no file: an error rather than a guess. */
export class NoHolidayDataError extends Error {
  constructor (readonly year: number, file: string) {
    super(`no holiday data for ${year}: add ${file}`)
    this.name = 'NoHolidayDataError'
  }
}

const DAY_MS = 86_400_000

function nextDay (day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)
}

/** 0 Sunday … 6 Saturday. */
function weekday (day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay()
}

function isCalendarDay (day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(day)) && new Date(day).toISOString().startsWith(day)
}

/** The working-day calendar of the years it was loaded with. */
export class WorkingCalendar {
  /** The years it has data for, ascending. */
  readonly years: readonly number[]
  private readonly daysOff: ReadonlySet<string>
  private readonly workingWeekends: ReadonlySet<string>
  private readonly dir: string

  private constructor (dir: string, years: HolidayYear[]) {
    this.dir = dir
    this.years = years.map((y) => y.year).sort((a, b) => a - b)
    this.daysOff = new Set(years.flatMap((y) => y.days.map((d) => d.date)))
    this.workingWeekends = new Set(years.flatMap((y) => (y.workingWeekends ?? []).map((d) => d.date)))
  }

  /**
   * Reads every `<year>.json` of `dir`, checks it against schemas/catalogs/holidays.json, that its
   * `year` is its name and that its dates lie in that year. Throws a HolidayDataError naming the
   * file and the JSON pointer of the bad field.
   */
  static async load (dir = holidaysDir): Promise<WorkingCalendar> {
    const schema = JSON.parse(await readFile(join(projectRoot, 'schemas', 'catalogs', 'holidays.json'), 'utf8')) as SchemaObject
    const ajv = new Ajv({ allErrors: true, strict: true })
    addFormats(ajv, ['date'])
    const validate = ajv.compile<HolidayYear>(schema)
    const names = (await readdir(dir)).filter((name) => /^\d{4}\.json$/.test(name)).sort()
    if (names.length === 0) throw new HolidayDataError(`no holiday data in ${dir}: add a <year>.json file for each year`)
    const years: HolidayYear[] = []
    for (const name of names) {
      const file = join(dir, name)
      let doc: unknown
      try {
        doc = JSON.parse(await readFile(file, 'utf8'))
      } catch (err) {
        throw new HolidayDataError(`${file}: cannot read it: ${(err as Error).message}`)
      }
      if (!validate(doc)) throw new HolidayDataError(`${file} is invalid: ${(validate.errors ?? []).map(describe).join('; ')}`)
      const problems = yearProblems(doc, Number(name.slice(0, 4)))
      if (problems.length > 0) throw new HolidayDataError(`${file} is invalid: ${problems.join('; ')}`)
      years.push(doc)
    }
    return new WorkingCalendar(dir, years)
  }

  /** Whether `day` (YYYY-MM-DD) is a working day: a weekday not off, or a Saturday or Sunday declared worked. */
  isWorkingDay (day: string): boolean {
    if (!isCalendarDay(day)) throw new RangeError(`not a calendar day YYYY-MM-DD: ${day}`)
    const year = Number(day.slice(0, 4))
    if (!this.years.includes(year)) throw new NoHolidayDataError(year, shown(join(this.dir, `${year}.json`)))
    if (this.daysOff.has(day)) return false
    const dow = weekday(day)
    return (dow !== 0 && dow !== 6) || this.workingWeekends.has(day)
  }

  /**
   * The deadline of `n` working days from `from` (a dossier's receipt): the end, 23:59:59.999
   * Vietnam time, of the n-th working day after the Vietnam day of `from`. The day of receipt is
   * never counted, whatever the hour (Civil Code 2015 art. 147(2); a period ends at 24:00 of its
   * last day, art. 148): a dossier received on a Friday with 1 working day is due at the end of
   * Monday, and so is one received on the Saturday. With n = 0, the end of `from`'s day if it is a
   * working day, else of the next working day.
   */
  addWorkingDays (from: Date, n: number): Date {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a whole number of working days, 0 or more: ${n}`)
    let day = vietnamDate(from)
    if (n === 0) {
      while (!this.isWorkingDay(day)) day = nextDay(day)
    }
    for (let left = n; left > 0;) {
      day = nextDay(day)
      if (this.isWorkingDay(day)) left--
    }
    return new Date(`${day}T23:59:59.999+07:00`)
  }

  /**
   * The working days after `from`'s Vietnam day up to and including `to`'s: how many of a
   * deadline's days have elapsed: `workingDaysBetween(from, addWorkingDays(from, n)) === n` for
   * n ≥ 1. 0 when `to` is on or before `from`'s day.
   */
  workingDaysBetween (from: Date, to: Date): number {
    const last = vietnamDate(to)
    let count = 0
    for (let day = nextDay(vietnamDate(from)); day <= last; day = nextDay(day)) {
      if (this.isWorkingDay(day)) count++
    }
    return count
  }
}

/** What the schema cannot check: the year of the name, dates in the year, once, weekends where they belong. */
function yearProblems (doc: HolidayYear, year: number): string[] {
  const problems: string[] = []
  if (doc.year !== year) problems.push(`/year is ${doc.year}, but the file is named ${year}.json`)
  const seen = new Set<string>()
  const check = (date: string, pointer: string): void => {
    if (!date.startsWith(`${year}-`)) problems.push(`${pointer} ${date} is not in ${year}`)
    if (seen.has(date)) problems.push(`${pointer} ${date} is listed twice`)
    seen.add(date)
  }
  doc.days.forEach((d, i) => {
    check(d.date, `/days/${i}/date`)
    const dow = weekday(d.date)
    if ((d.kind === 'compensatory' || d.kind === 'swapped') && (dow === 0 || dow === 6)) problems.push(`/days/${i}/date ${d.date} is a Saturday or Sunday: a ${d.kind} day off is a weekday`)
  })
  doc.workingWeekends?.forEach((d, i) => {
    check(d.date, `/workingWeekends/${i}/date`)
    const dow = weekday(d.date)
    if (dow !== 0 && dow !== 6) problems.push(`/workingWeekends/${i}/date ${d.date} is not a Saturday or Sunday`)
  })
  return problems
}

function pointerToken (name: unknown): string {
  return String(name).replaceAll('~', '~0').replaceAll('/', '~1')
}

/** One schema error as `<JSON pointer of the field> <problem>`. */
function describe (e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${pointerToken(e.params.additionalProperty)} is not allowed`
  if (e.keyword === 'required') return `${e.instancePath}/${pointerToken(e.params.missingProperty)} is missing`
  return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`
}

/** A path relative to the project root when it is inside it (catalogs/holidays/2031.json). */
function shown (file: string): string {
  return file.startsWith(projectRoot + sep) ? relative(projectRoot, file) : file
}
