import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { agencyCodeProblem, parsePersonalId, PROVINCE_CODES } from '../identifiers/index.js'
import { toDetails } from '../message-schemas.js'
import { projectRoot } from '../project-paths.js'

// ajv-formats ships CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

/**
 * The shared catalogs (danh mục dùng chung): versioned data files under `catalogs/`, each checked
 * against its JSON Schema under `schemas/catalogs/` and against the other catalogs when loaded.
 */
export type CatalogName = 'agencies' | 'procedures' | 'administrative-units'
export const CATALOG_NAMES: readonly CatalogName[] = Object.freeze(['agencies', 'procedures', 'administrative-units'])

/** True for the name of a catalog (e.g. to check a route parameter). */
export function isCatalogName (name: string): name is CatalogName {
  return (CATALOG_NAMES as readonly string[]).includes(name)
}

export type GovernmentLevel = 'central' | 'province' | 'commune'
/** How far an item's code was checked; see the schemas' `codeStatus`. */
export type CodeStatus = 'confirmed' | 'unverified' | 'placeholder'

export interface Agency {
  readonly code: string
  readonly name: string
  readonly parent?: string
  /** Code of the province-level unit (after 1 July 2025); absent for central agencies. */
  readonly province?: string
  readonly level: GovernmentLevel
  readonly codeStatus: CodeStatus
  readonly note?: string
}

export interface Procedure {
  readonly code: string
  readonly name: string
  readonly level: GovernmentLevel
  readonly feeVnd: number
  readonly deadlineWorkingDays: number
  readonly agencies?: readonly string[]
  /** For an interlinked group: the procedures it bundles. */
  readonly includes?: readonly string[]
  readonly codeStatus: CodeStatus
  readonly note?: string
}

export interface FormerProvince {
  readonly code: string
  readonly name: string
  /** Digits 1-3 of personal identification numbers registered there. */
  readonly personalIdCode: string
}

export interface AdministrativeUnit {
  readonly code: string
  readonly name: string
  readonly kind: 'city' | 'province'
  readonly formerProvinces: readonly FormerProvince[]
}

export interface CatalogItems {
  agencies: Agency
  procedures: Procedure
  'administrative-units': AdministrativeUnit
}

export interface Catalog<N extends CatalogName = CatalogName> {
  readonly name: N
  readonly version: string
  readonly validFrom: string
  readonly source: string
  readonly items: ReadonlyArray<CatalogItems[N]>
  /**
   * Strong ETag of the catalog (quotes included), for `ETag` and `If-None-Match`: the first 22
   * characters of the base64url SHA-256 of the file's canonical JSON, so it changes with any
   * change of content and not with whitespace or member order.
   */
  readonly etag: string
}

export interface CatalogSearch {
  /** Exact code. */
  code?: string
  /** Words that must all start a word of the name, ignoring case and Vietnamese diacritics. */
  q?: string
  /** At most this many items (default 50). */
  limit?: number
}

export const DEFAULT_SEARCH_LIMIT = 50

export interface CatalogProblem {
  /** JSON pointer into the file. */
  pointer: string
  problem: string
}

/** A catalog file that cannot be read, does not match its schema or contradicts another catalog. */
export class CatalogError extends Error {
  readonly file: string
  readonly problems: CatalogProblem[]

  constructor (file: string, problems: CatalogProblem[]) {
    super(`catalog ${file} is invalid:\n  ${problems.map((p) => `${p.pointer === '' ? '/' : p.pointer}: ${p.problem}`).join('\n  ')}`)
    this.name = 'CatalogError'
    this.file = file
    this.problems = problems
  }
}

export const defaultCatalogsDir = join(projectRoot, 'catalogs')
export const defaultCatalogSchemasDir = join(projectRoot, 'schemas', 'catalogs')

export interface LoadOptions {
  /** Where the schemas are (default `schemas/catalogs/`). */
  schemasDir?: string
}

interface Indexed<N extends CatalogName> {
  catalog: Catalog<N>
  byCode: Map<string, CatalogItems[N]>
  /** Folded words of each item's name, in catalog order; units add their former provinces' names. */
  words: Array<{ own: string[], other: string[] }>
}

type Loaded = { [N in CatalogName]: Indexed<N> }

/** The loaded catalogs: lookups for checking messages, and search for an HTTP route. */
export class Catalogs {
  private readonly loaded: Loaded
  private readonly unitByPersonalIdCode: Map<string, AdministrativeUnit>

  private constructor (loaded: Loaded) {
    this.loaded = loaded
    this.unitByPersonalIdCode = new Map()
    for (const unit of loaded['administrative-units'].catalog.items) {
      for (const former of unit.formerProvinces) this.unitByPersonalIdCode.set(former.personalIdCode, unit)
    }
  }

  /**
   * Reads `<dir>/agencies.json`, `procedures.json` and `administrative-units.json`, checks each
   * against its schema and the three against each other. Throws a CatalogError naming the file
   * and the JSON pointer of every bad field.
   */
  static async load (dir: string = defaultCatalogsDir, options: LoadOptions = {}): Promise<Catalogs> {
    const schemasDir = options.schemasDir ?? defaultCatalogSchemasDir
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, coerceTypes: false, useDefaults: false })
    addFormats(ajv)
    ajv.addFormat('vn-agency-code', { type: 'string', validate: (value: string) => agencyCodeProblem(value) === null })

    const docs = {} as { [N in CatalogName]: RawCatalog<N> }
    for (const name of CATALOG_NAMES) {
      const file = join(dir, `${name}.json`)
      const schemaFile = join(schemasDir, `${name}.json`)
      const schema = JSON.parse(await readFile(schemaFile, 'utf8')) as Record<string, unknown>
      const validate = ajv.compile(schema)
      const doc = await readJson(file)
      normalizeStrings(doc)
      if (!validate(doc)) throw new CatalogError(file, describe(validate))
      ;(docs as Record<CatalogName, unknown>)[name] = doc
    }

    const units = docs['administrative-units']
    const agencies = docs.agencies
    const procedures = docs.procedures
    fail(join(dir, 'administrative-units.json'), checkUnits(units))
    fail(join(dir, 'agencies.json'), checkAgencies(agencies, new Set(units.items.map((u) => u.code))))
    fail(join(dir, 'procedures.json'), checkProcedures(procedures, new Set(agencies.items.map((a) => a.code))))

    return new Catalogs({
      agencies: index(agencies, (a) => [a.name]),
      procedures: index(procedures, (p) => [p.name]),
      'administrative-units': index(units, (u) => [u.name], (u) => u.formerProvinces.map((f) => f.name))
    })
  }

  /** A whole catalog with its version and ETag. */
  get<N extends CatalogName> (name: N): Catalog<N> {
    return this.indexed(name).catalog
  }

  /**
   * Items by exact `code` and/or by name: every word of `q` must start a word of the name, case
   * and diacritics ignored (`ha noi` finds Thành phố Hà Nội). For units the former provinces'
   * names count too (`ha giang` finds Tỉnh Tuyên Quang). Order: names matching every word whole,
   * then by prefix; own names before former provinces' names; catalog order within each.
   */
  search<N extends CatalogName> (name: N, query: CatalogSearch = {}): Array<CatalogItems[N]> {
    const { catalog, byCode, words } = this.indexed(name)
    const limit = query.limit ?? DEFAULT_SEARCH_LIMIT
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('search limit must be a positive integer')
    const wanted = query.q === undefined ? [] : foldWords(query.q)

    if (query.code !== undefined) {
      const item = byCode.get(query.code)
      if (item === undefined) return []
      return wanted.length === 0 || rank(wanted, words[catalog.items.indexOf(item)]) !== undefined ? [item] : []
    }
    if (wanted.length === 0) return catalog.items.slice(0, limit)

    const tiers: Array<Array<CatalogItems[N]>> = [[], [], [], []]
    catalog.items.forEach((item, i) => {
      const tier = rank(wanted, words[i])
      if (tier !== undefined) tiers[tier]?.push(item)
    })
    return tiers.flat().slice(0, limit)
  }

  agency (code: string): Agency | undefined {
    return this.loaded.agencies.byCode.get(code)
  }

  procedure (code: string): Procedure | undefined {
    return this.loaded.procedures.byCode.get(code)
  }

  /** The province-level unit (after 1 July 2025) with this two-digit code. */
  unit (code: string): AdministrativeUnit | undefined {
    return this.loaded['administrative-units'].byCode.get(code)
  }

  /**
   * The unit (after 1 July 2025) that the province of birth registration encoded in digits 1-3 of
   * a 12-digit personal identification number now belongs to; undefined when `idNumber` is not 12
   * digits or its first three are no province code.
   */
  unitOfPersonalId (idNumber: string): AdministrativeUnit | undefined {
    const parts = parsePersonalId(idNumber)
    return parts === null ? undefined : this.unitByPersonalIdCode.get(parts.province)
  }

  /** True when the procedure lists the agency among those that handle it. */
  agencyHandles (agencyCode: string, procedureCode: string): boolean {
    if (this.agency(agencyCode) === undefined) return false
    return this.procedure(procedureCode)?.agencies?.includes(agencyCode) === true
  }

  /**
   * The unit an agency serves: its own `province`, or the nearest ancestor's; undefined for a
   * central agency or an unknown code.
   */
  agencyProvince (agencyCode: string): AdministrativeUnit | undefined {
    const seen = new Set<string>()
    let agency = this.agency(agencyCode)
    while (agency !== undefined && !seen.has(agency.code)) {
      if (agency.province !== undefined) return this.unit(agency.province)
      seen.add(agency.code)
      agency = agency.parent === undefined ? undefined : this.agency(agency.parent)
    }
    return undefined
  }

  private indexed<N extends CatalogName> (name: N): Indexed<N> {
    const found = (this.loaded as Partial<Loaded>)[name]
    if (found === undefined) throw new RangeError(`no catalog named ${String(name)}; the catalogs are ${CATALOG_NAMES.join(', ')}`)
    return found as Indexed<N>
  }
}

interface RawCatalog<N extends CatalogName> {
  name: N
  version: string
  validFrom: string
  source: string
  items: Array<CatalogItems[N]>
}

async function readJson (file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new CatalogError(file, [{ pointer: '', problem: `cannot be read: ${(err as Error).message}` }])
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new CatalogError(file, [{ pointer: '', problem: `is not JSON: ${(err as Error).message}` }])
  }
}

function fail (file: string, problems: CatalogProblem[]): void {
  if (problems.length > 0) throw new CatalogError(file, problems)
}

/** ajv errors as pointers into the file, with the identifier rules' own explanations (as for messages). */
function describe (validate: ValidateFunction): CatalogProblem[] {
  return toDetails(validate.errors)
}

function checkUnits (doc: RawCatalog<'administrative-units'>): CatalogProblem[] {
  const problems: CatalogProblem[] = []
  const codes = new Map<string, string>()
  const formerCodes = new Map<string, string>()
  const personalIdCodes = new Map<string, string>()
  doc.items.forEach((unit, i) => {
    const at = `/items/${i}`
    unique(codes, unit.code, `${at}/code`, 'unit code', problems)
    unit.formerProvinces.forEach((former, j) => {
      const fat = `${at}/formerProvinces/${j}`
      unique(formerCodes, former.code, `${fat}/code`, 'former province code', problems)
      unique(personalIdCodes, former.personalIdCode, `${fat}/personalIdCode`, 'personal-ID province code', problems)
      if (!PROVINCE_CODES.has(former.personalIdCode)) {
        problems.push({ pointer: `${fat}/personalIdCode`, problem: `${former.personalIdCode} is not a province code of personal identification numbers` })
      } else if (former.personalIdCode !== `0${former.code}`) {
        problems.push({ pointer: `${fat}/personalIdCode`, problem: `must be the former province code with a leading zero (0${former.code})` })
      }
    })
  })
  const missing = [...PROVINCE_CODES].filter((code) => !personalIdCodes.has(code))
  if (missing.length > 0) problems.push({ pointer: '/items', problem: `no unit takes the personal-ID province codes ${missing.join(', ')}` })
  return problems
}

function checkAgencies (doc: RawCatalog<'agencies'>, unitCodes: ReadonlySet<string>): CatalogProblem[] {
  const problems: CatalogProblem[] = []
  const codes = new Map<string, string>()
  doc.items.forEach((agency, i) => unique(codes, agency.code, `/items/${i}/code`, 'agency code', problems))
  const byCode = new Map(doc.items.map((a) => [a.code, a]))
  doc.items.forEach((agency, i) => {
    const at = `/items/${i}`
    if (agency.parent !== undefined) {
      if (agency.parent === agency.code) problems.push({ pointer: `${at}/parent`, problem: 'is the agency itself' })
      else if (!byCode.has(agency.parent)) problems.push({ pointer: `${at}/parent`, problem: `${agency.parent} is not in the catalog` })
      else if (inCycle(agency.code, byCode)) problems.push({ pointer: `${at}/parent`, problem: 'leads back to the agency (a cycle of parents)' })
    }
    if (agency.province !== undefined && !unitCodes.has(agency.province)) {
      problems.push({ pointer: `${at}/province`, problem: `${agency.province} is not a unit of administrative-units.json` })
    }
    if (agency.level === 'central' && agency.province !== undefined) {
      problems.push({ pointer: `${at}/province`, problem: 'a central agency has no province' })
    } else if (agency.level !== 'central' && agency.province === undefined) {
      problems.push({ pointer: `${at}/province`, problem: `is required for a ${agency.level} agency` })
    }
  })
  return problems
}

function inCycle (start: string, byCode: ReadonlyMap<string, Agency>): boolean {
  const seen = new Set<string>()
  let code: string | undefined = start
  while (code !== undefined) {
    if (seen.has(code)) return true
    seen.add(code)
    code = byCode.get(code)?.parent
  }
  return false
}

function checkProcedures (doc: RawCatalog<'procedures'>, agencyCodes: ReadonlySet<string>): CatalogProblem[] {
  const problems: CatalogProblem[] = []
  const codes = new Map<string, string>()
  doc.items.forEach((procedure, i) => unique(codes, procedure.code, `/items/${i}/code`, 'procedure code', problems))
  doc.items.forEach((procedure, i) => {
    procedure.agencies?.forEach((code, j) => {
      if (!agencyCodes.has(code)) problems.push({ pointer: `/items/${i}/agencies/${j}`, problem: `${code} is not in agencies.json` })
    })
    procedure.includes?.forEach((code, j) => {
      if (code === procedure.code) problems.push({ pointer: `/items/${i}/includes/${j}`, problem: 'is the group itself' })
      else if (!codes.has(code)) problems.push({ pointer: `/items/${i}/includes/${j}`, problem: `${code} is not in the catalog` })
    })
  })
  return problems
}

/** Records `value` at `pointer`, or a problem naming where it was seen first. */
function unique (seen: Map<string, string>, value: string, pointer: string, what: string, problems: CatalogProblem[]): void {
  const first = seen.get(value)
  if (first === undefined) seen.set(value, pointer)
  else problems.push({ pointer, problem: `${what} ${value} repeats ${first}` })
}

function index<N extends CatalogName> (
  doc: RawCatalog<N>,
  ownNames: (item: CatalogItems[N]) => string[],
  otherNames: (item: CatalogItems[N]) => string[] = () => []
): Indexed<N> {
  const etag = `"${createHash('sha256').update(canonicalJson(doc), 'utf8').digest('base64url').slice(0, 22)}"`
  const items = deepFreeze(doc.items) as ReadonlyArray<CatalogItems[N]>
  const catalog: Catalog<N> = Object.freeze({ name: doc.name, version: doc.version, validFrom: doc.validFrom, source: doc.source, items, etag })
  const byCode = new Map<string, CatalogItems[N]>(items.map((item) => [item.code, item]))
  const words = items.map((item) => ({ own: ownNames(item).flatMap(foldWords), other: otherNames(item).flatMap(foldWords) }))
  return { catalog, byCode, words }
}

/** Lower case without Vietnamese diacritics (NFD, combining marks removed, đ as d), split into words. */
export function foldWords (text: string): string[] {
  const folded = text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase()
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '')
}

/**
 * 0: every wanted word is a word of the item's own name; 1: each starts one; 2 and 3: the same
 * for its other names (a unit's former provinces); undefined: no match.
 */
function rank (wanted: readonly string[], words: { own: string[], other: string[] } | undefined): number | undefined {
  if (words === undefined) return undefined
  const whole = (names: string[]): boolean => wanted.every((w) => names.includes(w))
  const prefix = (names: string[]): boolean => wanted.every((w) => names.some((word) => word.startsWith(w)))
  if (whole(words.own)) return 0
  if (prefix(words.own)) return 1
  if (whole(words.other)) return 2
  if (prefix(words.other)) return 3
  return undefined
}

/** Every string of a parsed JSON value to NFC, in place, so NFD text compares and hashes alike. */
function normalizeStrings (value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => { if (typeof item === 'string') value[i] = item.normalize('NFC'); else normalizeStrings(item) })
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    for (const [key, item] of Object.entries(record)) {
      if (typeof item === 'string') record[key] = item.normalize('NFC')
      else normalizeStrings(item)
    }
  }
}

/** RFC 8785-style canonical JSON: members sorted by UTF-16 code units, no whitespace. */
function canonicalJson (value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const record = value as Record<string, unknown>
  return `{${Object.keys(record).sort().filter((k) => record[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`
}

function deepFreeze<T> (value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item)
    Object.freeze(value)
  }
  return value
}
