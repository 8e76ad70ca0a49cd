import t, { type Test } from 'tap'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CATALOG_NAMES, CatalogError, Catalogs, defaultCatalogsDir, foldWords, isCatalogName, type CatalogName
} from '../../src/catalogs/catalogs.js'
import { makePersonalId, PROVINCE_CODES } from '../../src/identifiers/index.js'
import { projectRoot } from '../../src/project-paths.js'

const catalogs = await Catalogs.load()

/** A temporary copy of the three catalog files; `edit` changes one parsed file before it is written. */
async function copyCatalogs (t: Test, edit?: { name: CatalogName, change: (doc: any) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lienthong-catalogs-'))
  t.teardown(async () => await rm(dir, { recursive: true, force: true }))
  for (const name of CATALOG_NAMES) {
    const text = await readFile(join(defaultCatalogsDir, `${name}.json`), 'utf8')
    if (edit?.name === name) {
      const doc = JSON.parse(text)
      edit.change(doc)
      await writeFile(join(dir, `${name}.json`), JSON.stringify(doc, null, 2))
    } else {
      await writeFile(join(dir, `${name}.json`), text)
    }
  }
  return dir
}

/** The CatalogError a load of `dir` fails with. */
async function loadError (t: Test, dir: string): Promise<CatalogError> {
  try {
    await Catalogs.load(dir)
  } catch (err) {
    t.type(err, CatalogError)
    return err as CatalogError
  }
  t.fail('the catalogs loaded')
  throw new Error('unreachable')
}

t.test('the real files load, each with its name, version and validity date', async (t) => {
  t.same(CATALOG_NAMES, ['agencies', 'procedures', 'administrative-units'])
  for (const name of CATALOG_NAMES) {
    const catalog = catalogs.get(name)
    t.equal(catalog.name, name)
    t.equal(catalog.version, '2025.1')
    t.equal(catalog.validFrom, '2025-07-01')
    t.ok(catalog.items.length > 0, `${name} has items`)
    t.match(catalog.etag, /^"[A-Za-z0-9_-]{22}"$/, `${name}: strong ETag of 22 base64url characters`)
  }
  t.ok(isCatalogName('procedures'))
  t.notOk(isCatalogName('holidays'))
  t.throws(() => catalogs.get('holidays' as CatalogName), RangeError)
})

t.test('34 units after 1 July 2025, the 63 former provinces each in exactly one', async (t) => {
  const units = catalogs.get('administrative-units').items
  t.equal(units.length, 34)
  t.equal(new Set(units.map((u) => u.code)).size, 34, 'unit codes are unique')
  t.same(units.filter((u) => u.kind === 'city').map((u) => u.code), ['01', '31', '46', '48', '79', '92'], 'six centrally-run cities')
  const former = units.flatMap((u) => u.formerProvinces)
  t.equal(former.length, 63)
  t.equal(new Set(former.map((f) => f.code)).size, 63, 'each former province once')
  t.same(new Set(former.map((f) => f.personalIdCode)), PROVINCE_CODES, 'exactly the personal-ID province codes')
  t.equal(units.filter((u) => u.formerProvinces.length === 1).length, 11, '11 units kept as they were')

  // Every personal-ID province code leads to the one unit that lists it.
  for (const code of PROVINCE_CODES) {
    const unit = catalogs.unitOfPersonalId(makePersonalId(code, 1990, 'male', 12345))
    t.ok(unit?.formerProvinces.some((f) => f.personalIdCode === code), `${code} maps to a unit listing it`)
    t.equal(units.filter((u) => u.formerProvinces.some((f) => f.personalIdCode === code)).length, 1, `${code} is in one unit only`)
  }

  const merged = (code: string): string[] => catalogs.unit(code)?.formerProvinces.map((f) => f.code).sort() ?? []
  t.same(merged('08'), ['02', '08'], 'Tuyên Quang = Tuyên Quang + Hà Giang')
  t.same(merged('79'), ['74', '77', '79'], 'Hồ Chí Minh City = + Bình Dương + Bà Rịa - Vũng Tàu')
  t.same(merged('01'), ['01'], 'Hà Nội unchanged')
  t.same(merged('25'), ['17', '25', '26'], 'Phú Thọ = + Vĩnh Phúc + Hòa Bình')
  t.same(merged('92'), ['92', '93', '94'], 'Cần Thơ = + Hậu Giang + Sóc Trăng')
  t.equal(catalogs.unit('02'), undefined, 'Hà Giang is no longer a unit')
})

t.test('unitOfPersonalId', async (t) => {
  t.equal(catalogs.unitOfPersonalId('001090012345')?.name, 'Thành phố Hà Nội')
  t.equal(catalogs.unitOfPersonalId('074303001234')?.name, 'Thành phố Hồ Chí Minh', 'born in Bình Dương, now part of the city')
  t.equal(catalogs.unitOfPersonalId('002190012345')?.code, '08', 'Hà Giang, now Tuyên Quang')
  t.equal(catalogs.unitOfPersonalId('036090012345')?.code, '37', 'Nam Định, now Ninh Bình')
  t.equal(catalogs.unitOfPersonalId('003090012345'), undefined, '003 is no province code')
  t.equal(catalogs.unitOfPersonalId('00109001234'), undefined, '11 digits')
  t.equal(catalogs.unitOfPersonalId('00109001234x'), undefined)
})

t.test('every agency code of config/registry.json and of the sample messages is in the catalog', async (t) => {
  const registry = await readFile(join(projectRoot, 'config', 'registry.json'), 'utf8')
  const codes = new Set(registry.match(/\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}/g) ?? [])
  t.ok(codes.size >= 5, `the registry names ${[...codes].join(', ')}`)
  for (const code of codes) t.ok(catalogs.agency(code), `${code} is in the catalog`)

  // The dossier.submit example: its procedure is known and its receiving agency handles it.
  const schema = JSON.parse(await readFile(join(projectRoot, 'schemas', 'services', 'dossier.submit.v1.json'), 'utf8'))
  const example = schema.examples[0] as { procedureCode: string, receivingAgency: string }
  t.ok(catalogs.procedure(example.procedureCode), `example procedure ${example.procedureCode}`)
  t.ok(catalogs.agencyHandles(example.receivingAgency, example.procedureCode), `${example.receivingAgency} handles it`)

  t.equal(catalogs.agency('000.00.00.G22')?.name, 'Văn phòng Chính phủ')
  t.equal(catalogs.agency('000.00.00.H00'), undefined)
})

t.test('procedure codes follow definitions.json, placeholders are marked and explained', async (t) => {
  const definitions = JSON.parse(await readFile(join(projectRoot, 'schemas', 'definitions.json'), 'utf8'))
  const pattern = new RegExp(definitions.definitions.procedureCode.pattern as string)
  for (const procedure of catalogs.get('procedures').items) {
    t.match(procedure.code, pattern, `${procedure.code} is a valid procedureCode`)
    t.equal(procedure.code.startsWith('9.99'), procedure.codeStatus === 'placeholder', `${procedure.code}: 9.99xxxx codes and only they are placeholders`)
    if (procedure.codeStatus !== 'confirmed') t.ok(procedure.note, `${procedure.code}: a ${procedure.codeStatus} code is explained`)
  }
  for (const agency of catalogs.get('agencies').items) {
    if (agency.codeStatus !== 'confirmed') t.ok(agency.note, `${agency.code}: a ${agency.codeStatus} code is explained`)
  }
  t.same(catalogs.procedure('2.000986')?.includes, ['1.001193', '1.004222', '9.990001'], 'the birth group bundles its three procedures')
  t.equal(catalogs.procedure('1.004222')?.deadlineWorkingDays, 7)
  t.equal(catalogs.procedure('1.001193')?.feeVnd, 0)
})

t.test('search by code', async (t) => {
  t.same(catalogs.search('procedures', { code: '1.001193' }).map((p) => p.name), ['Đăng ký khai sinh'])
  t.same(catalogs.search('agencies', { code: '000.00.00.G22' }).map((a) => a.code), ['000.00.00.G22'])
  t.same(catalogs.search('administrative-units', { code: '79' }).map((u) => u.name), ['Thành phố Hồ Chí Minh'])
  t.same(catalogs.search('procedures', { code: '1.999999' }), [], 'unknown code')
  t.same(catalogs.search('procedures', { code: '1.00119' }), [], 'no prefix match on codes')
  t.same(catalogs.search('procedures', { code: '1.001193', q: 'khai tu' }), [], 'code and words must both match')
  t.equal(catalogs.search('procedures', { code: '1.001193', q: 'khai sinh' }).length, 1)
})

t.test('search by name, ignoring case and Vietnamese diacritics', async (t) => {
  t.same(foldWords('Thành phố Hồ Chí Minh'), ['thanh', 'pho', 'ho', 'chi', 'minh'])
  t.same(foldWords('Đắk Lắk, ĐÀ NẴNG'), ['dak', 'lak', 'da', 'nang'], 'đ as d, punctuation splits')

  const units = (q: string): string[] => catalogs.search('administrative-units', { q }).map((u) => u.name)
  t.same(units('ha noi'), ['Thành phố Hà Nội'])
  t.same(units('HÀ NỘI'), ['Thành phố Hà Nội'])
  t.same(units('Hà Nội'.normalize('NFD')), ['Thành phố Hà Nội'], 'decomposed input')
  t.same(units('da nang'), ['Thành phố Đà Nẵng'])
  t.equal(units('ha giang')[0], 'Tỉnh Tuyên Quang', 'found by a former province, whole words first')
  t.same(units('binh duong'), ['Thành phố Hồ Chí Minh'])
  t.same(units('quang ninh'), ['Tỉnh Quảng Ninh'])
  t.same(units('nowhere'), [])

  const procedures = (q: string): string[] => catalogs.search('procedures', { q }).map((p) => p.code)
  t.same(procedures('khai sinh'), ['1.001193', '2.000986'], 'birth registration and its interlinked group')
  t.same(procedures('dang ky khai sinh'), ['1.001193', '2.000986'])
  t.same(procedures('khai sinh thuong tru'), ['2.000986'], 'every word must match')
  t.same(procedures('thuong tru'), ['1.004222', '1.003197', '2.000986', '9.990003'])
  t.same(procedures('xoa dang ky thuong tru'), ['1.003197', '9.990003'])
  t.same(procedures('bao hiem y te'), ['9.990001', '2.000986'])

  t.same(catalogs.search('agencies', { q: 'bo cong an' }).map((a) => a.code), ['000.00.00.G01'])
  t.equal(catalogs.search('administrative-units', { limit: 5 }).length, 5, 'no words: the first items')
  t.equal(catalogs.search('administrative-units', { q: '  ' }).length, 34, 'blank q: every item up to the default limit')
  t.equal(catalogs.search('administrative-units', { q: 'tinh', limit: 3 }).length, 3)
  t.throws(() => catalogs.search('procedures', { limit: 0 }), RangeError)
  t.throws(() => catalogs.search('procedures', { limit: 1.5 }), RangeError)
})

t.test('agencyHandles and agencyProvince', async (t) => {
  t.ok(catalogs.agencyHandles('000.00.01.H29', '1.001193'), 'a commune handles birth registration')
  t.notOk(catalogs.agencyHandles('000.00.01.H29', '1.004222'), 'residence registration is the police')
  t.ok(catalogs.agencyHandles('000.00.00.G01', '1.004222'))
  t.notOk(catalogs.agencyHandles('000.00.99.H29', '1.001193'), 'unknown agency')
  t.notOk(catalogs.agencyHandles('000.00.01.H29', '1.999999'), 'unknown procedure')

  t.equal(catalogs.agencyProvince('000.00.00.H29')?.code, '79')
  t.equal(catalogs.agencyProvince('000.00.01.H62')?.name, 'Tỉnh Phú Thọ', 'the former Vĩnh Phúc is part of Phú Thọ')
  t.equal(catalogs.agencyProvince('000.00.00.G22'), undefined, 'a central agency')
  t.equal(catalogs.agencyProvince('000.00.99.H29'), undefined, 'an unknown agency')
})

t.test('the items cannot be changed by a caller', async (t) => {
  const unit = catalogs.get('administrative-units').items[0] as { name: string }
  t.throws(() => { unit.name = 'changed' }, TypeError)
  t.throws(() => { (catalogs.get('procedures').items as unknown[]).push({}) }, TypeError)
  t.equal(catalogs.unit('01')?.name, 'Thành phố Hà Nội')
})

t.test('ETag: the same across loads and layouts, different when the content changes', async (t) => {
  const again = await Catalogs.load()
  for (const name of CATALOG_NAMES) t.equal(again.get(name).etag, catalogs.get(name).etag, `${name}: stable across loads`)

  // Whitespace and member order do not count.
  const reformatted = await copyCatalogs(t, {
    name: 'procedures',
    change: (doc) => { doc.items = doc.items.map((item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).reverse())) }
  })
  t.equal((await Catalogs.load(reformatted)).get('procedures').etag, catalogs.get('procedures').etag, 'reformatted file, same ETag')

  const changed = await copyCatalogs(t, {
    name: 'procedures',
    change: (doc) => { doc.items[0].feeVnd = 1000 }
  })
  const loaded = await Catalogs.load(changed)
  t.not(loaded.get('procedures').etag, catalogs.get('procedures').etag, 'a changed fee changes the ETag')
  t.equal(loaded.get('agencies').etag, catalogs.get('agencies').etag, 'the other catalogs keep theirs')
  t.equal(loaded.procedure('1.001193')?.feeVnd, 1000)
})

t.test('a bad file is refused, naming the file and the pointer', async (t) => {
  const badCode = await loadError(t, await copyCatalogs(t, { name: 'agencies', change: (doc) => { doc.items[1].code = '000.01.00.G12' } }))
  t.ok(badCode.file.endsWith('agencies.json'))
  t.match(badCode.message, /agencies\.json/)
  t.match(badCode.message, /\/items\/1\/code: agency code sets a lower level while level 2 is 00/, 'the agency-code rule explains it')
  t.ok(badCode.problems.some((p) => p.pointer === '/items/1/code'))

  const extra = await loadError(t, await copyCatalogs(t, { name: 'procedures', change: (doc) => { doc.items[2].fee = 5 } }))
  t.ok(extra.file.endsWith('procedures.json'))
  t.same(extra.problems, [{ pointer: '/items/2/fee', problem: 'is not an allowed field' }])

  const level = await loadError(t, await copyCatalogs(t, { name: 'procedures', change: (doc) => { doc.items[0].level = 'district' } }))
  t.same(level.problems, [{ pointer: '/items/0/level', problem: 'must be one of: central, province, commune' }])

  const unknownAgency = await loadError(t, await copyCatalogs(t, { name: 'procedures', change: (doc) => { doc.items[0].agencies = ['000.00.00.G22', '000.00.77.H29'] } }))
  t.ok(unknownAgency.file.endsWith('procedures.json'))
  t.same(unknownAgency.problems, [{ pointer: '/items/0/agencies/1', problem: '000.00.77.H29 is not in agencies.json' }])

  const parent = await loadError(t, await copyCatalogs(t, { name: 'agencies', change: (doc) => { doc.items[0].parent = '000.00.00.G99' } }))
  t.same(parent.problems, [{ pointer: '/items/0/parent', problem: '000.00.00.G99 is not in the catalog' }])

  const province = await loadError(t, await copyCatalogs(t, { name: 'agencies', change: (doc) => { doc.items[0].province = '02' } }))
  t.same(province.problems.map((p) => p.pointer), ['/items/0/province', '/items/0/province'], 'no unit 02, and a central agency has no province')

  const duplicate = await loadError(t, await copyCatalogs(t, { name: 'administrative-units', change: (doc) => { doc.items[1].code = '01' } }))
  t.ok(duplicate.file.endsWith('administrative-units.json'))
  t.same(duplicate.problems, [{ pointer: '/items/1/code', problem: 'unit code 01 repeats /items/0/code' }])

  const dropped = await loadError(t, await copyCatalogs(t, { name: 'administrative-units', change: (doc) => { doc.items[2].formerProvinces.pop() } }))
  t.same(dropped.problems, [{ pointer: '/items', problem: 'no unit takes the personal-ID province codes 002' }], 'Hà Giang left out')

  const twice = await loadError(t, await copyCatalogs(t, {
    name: 'administrative-units',
    change: (doc) => { doc.items[0].formerProvinces.push({ code: '02', name: 'Tỉnh Hà Giang', personalIdCode: '002' }) }
  }))
  t.same(twice.problems.map((p) => p.pointer), ['/items/2/formerProvinces/1/code', '/items/2/formerProvinces/1/personalIdCode'], 'Hà Giang in two units')

  const swapped = await loadError(t, await copyCatalogs(t, { name: 'agencies', change: (doc) => { doc.name = 'procedures' } }))
  t.same(swapped.problems, [{ pointer: '/name', problem: 'must be "agencies"' }])

  const dir = await copyCatalogs(t)
  await writeFile(join(dir, 'procedures.json'), '{ "name": "procedures", ')
  const notJson = await loadError(t, dir)
  t.ok(notJson.file.endsWith('procedures.json'))
  t.equal(notJson.problems[0]?.pointer, '')
  t.match(notJson.message, /is not JSON/)
})
