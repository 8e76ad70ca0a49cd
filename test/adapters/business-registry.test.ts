import t from 'tap'
import { createAdapter, startMock } from '../../adapters/index.js'
import { enterpriseCodeProblem } from '../../src/identifiers/index.js'
import { deliveryRequest, isoDate } from './helpers.js'

const credentials = { apiKey: 'registry-test-key' }
const budget = { timeoutMs: 5_000 }

t.test('business registration database', async (t) => {
  const mock = await startMock('business-registry', { host: '127.0.0.1', port: 0, credentials })
  const adapter = createAdapter('business-registry', { baseUrl: mock.url, credentials, connections: 2 })
  t.teardown(async () => { await adapter.close(); await mock.close() })

  t.test('holds at least 500 enterprises with valid codes and VSIC lines', async (t) => {
    const all = mock.sample(1_000)
    t.equal(all.length, 500)
    t.equal(new Set(all.map(e => e.maSoDoanhNghiep)).size, 500, 'codes are distinct')
    t.ok(all.every(e => enterpriseCodeProblem(e.maSoDoanhNghiep as string) === null), 'every code has a valid check digit')
    t.ok(all.every(e => (e.nganhNghe as Array<{ maNganh: string, laNganhChinh: boolean }>).filter(l => l.laNganhChinh).length === 1), 'one main line each')
  })

  t.test('enterprise.lookup: translated registration', async (t) => {
    const [native] = mock.sample(1) as Array<Record<string, any>>
    const reply = await adapter.deliver(deliveryRequest('enterprise.lookup', { enterpriseCode: native?.maSoDoanhNghiep }), budget)
    t.equal(reply.found, true)
    const e = reply.enterprise as Record<string, any>
    t.equal(e.enterpriseCode, native?.maSoDoanhNghiep)
    t.equal(e.name, native?.tenDoanhNghiep)
    t.equal(e.foundedOn, isoDate(native?.ngayThanhLap))
    t.equal(e.address, native?.diaChiTruSo)
    t.same(e.legalRepresentative, { fullName: native?.nguoiDaiDien.hoVaTen, title: native?.nguoiDaiDien.chucDanh })
    t.equal(e.charterCapital, native?.vonDieuLe)
    t.ok(Number.isInteger(e.charterCapital))
    t.ok(['active', 'suspended', 'dissolving', 'dissolved', 'bankrupt'].includes(e.status))
    t.ok(['single-member-llc', 'multi-member-llc', 'joint-stock-company', 'private-enterprise', 'partnership'].includes(e.type))
    t.same(e.businessLines, native?.nganhNghe.map((l: any) => ({ code: l.maNganh, name: l.tenNganh, main: l.laNganhChinh })))
    if (native?.tenTiengAnh !== null) t.equal(e.englishName, native?.tenTiengAnh)
    else t.notOk('englishName' in e)
  })

  t.test('every status of the registry maps to a standard status', async (t) => {
    const seen = new Set<string>()
    for (const native of mock.sample(60)) {
      const reply = await adapter.deliver(deliveryRequest('enterprise.lookup', { enterpriseCode: native.maSoDoanhNghiep }), budget)
      seen.add((reply.enterprise as Record<string, string>).status as string)
    }
    t.ok(seen.has('active'))
    t.ok(seen.size >= 2, `statuses seen: ${[...seen].join(', ')}`)
  })

  t.test('enterprise.lookup: not found (a native 404) is an answer, not a failure', async (t) => {
    const reply = await adapter.deliver(deliveryRequest('enterprise.lookup', { enterpriseCode: '0300588569' }), budget)
    t.same(reply, { found: false })
  })
})
