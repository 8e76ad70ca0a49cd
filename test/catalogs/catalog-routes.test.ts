import t from 'tap'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// The shared catalogs over HTTP (ETag, If-None-Match, search), and messages checked against them.
const p = await startPlatform(t)
const applicant = sampleCitizens(p.mock(IDS.population), 1)[0] ?? (() => { throw new Error('no sample citizen') })()

async function get (url: string, headers: Record<string, string> = {}): Promise<{ statusCode: number, headers: Record<string, unknown>, body: any }> {
  const res = await p.app.inject({ url, headers: { authorization: `Bearer ${KEYS.h29}`, ...headers } })
  return { statusCode: res.statusCode, headers: res.headers, body: res.body === '' ? undefined : res.json() }
}

t.test('the catalogs are listed with their versions; each is served with an ETag, and 304 while unchanged', async (t) => {
  const list = await get('/v1/catalogs')
  t.equal(list.statusCode, 200)
  t.same(list.body.catalogs.map((c: any) => c.name), ['agencies', 'procedures', 'administrative-units'])
  const units = await get('/v1/catalogs/administrative-units')
  t.equal(units.statusCode, 200)
  t.equal(units.body.total, 34, '34 provinces and cities since 1 July 2025')
  t.equal(units.body.items.length, 34)
  const etag = String(units.headers.etag)
  t.match(etag, /^"[A-Za-z0-9_-]{22}"$/)
  t.equal(etag, list.body.catalogs[2].etag)
  const again = await get('/v1/catalogs/administrative-units', { 'if-none-match': etag })
  t.equal(again.statusCode, 304)
  t.equal(again.body, undefined, 'no body')
  t.equal((await get('/v1/catalogs/administrative-units', { 'if-none-match': '"stale"' })).statusCode, 200)
  t.equal((await get('/v1/catalogs/agencies', { 'if-none-match': etag })).statusCode, 200, 'another catalog\'s ETag does not match')
})

t.test('search by code and by name, without diacritics', async (t) => {
  const birth = await get('/v1/catalogs/procedures?code=1.001193')
  t.equal(birth.body.items.length, 1)
  t.equal(birth.body.items[0].name, 'Đăng ký khai sinh')
  const byName = await get(`/v1/catalogs/procedures?q=${encodeURIComponent('khai sinh')}`)
  t.ok(byName.body.items.some((i: any) => i.code === '1.001193'))
  const hcm = await get('/v1/catalogs/administrative-units?q=ho%20chi%20minh')
  t.equal(hcm.body.items[0].name, 'Thành phố Hồ Chí Minh')
  const merged = await get('/v1/catalogs/administrative-units?q=ha%20giang')
  t.equal(merged.body.items[0].name, 'Tỉnh Tuyên Quang', 'a former province finds the unit it merged into')
  const missing = await get('/v1/catalogs/agencies?code=000.00.00.H99')
  t.equal(missing.statusCode, 404)
  t.equal(missing.body.code, 'LT_NOT_FOUND')
  const unknown = await get('/v1/catalogs/planets')
  t.equal(unknown.statusCode, 404)
  t.match(unknown.body.message, /the catalogs are agencies, procedures, administrative-units/)
  const bad = await get('/v1/catalogs/Bad_Name')
  t.equal(bad.statusCode, 400)
  t.equal(bad.body.details[0].pointer, '/params/name')
  t.equal((await p.app.inject({ url: '/v1/catalogs' })).statusCode, 401, 'participants only')
})

t.test('a dossier is checked against the catalogs: agency, procedure, and whether the agency handles it', async (t) => {
  const send = async (body: Record<string, unknown>): Promise<{ statusCode: number, body: any }> => await p.send(envelope('dossier.submit', IDS.portal, IDS.h29, body), KEYS.dvcqg)
  t.equal((await send(dossierBody(applicant))).statusCode, 202, 'the sample dossier passes')
  const unknownAgency = await send({ ...dossierBody(applicant), receivingAgency: '000.00.77.H29' })
  t.equal(unknownAgency.statusCode, 422)
  t.equal(unknownAgency.body.code, 'LT_UNKNOWN_AGENCY')
  t.equal(unknownAgency.body.details[0].pointer, '/body/receivingAgency')
  const unknownProcedure = await send({ ...dossierBody(applicant), procedureCode: '1.999999' })
  t.equal(unknownProcedure.statusCode, 422)
  t.equal(unknownProcedure.body.code, 'LT_UNKNOWN_PROCEDURE')
  t.equal(unknownProcedure.body.details[0].pointer, '/body/procedureCode')
  // Permanent residence registration is the police's, not a commune's one-stop desk's.
  const notHandled = await send({ ...dossierBody(applicant), procedureCode: '1.004222' })
  t.equal(notHandled.statusCode, 422)
  t.equal(notHandled.body.code, 'LT_PROCEDURE_NOT_HANDLED')
  t.equal(notHandled.body.details[0].pointer, '/body/procedureCode')
  t.match(notHandled.body.message, /000\.00\.01\.H29 does not handle 1\.004222/)
})
