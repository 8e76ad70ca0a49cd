import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { createAdapter, startMock } from '../../adapters/index.js'
import { deliveryFailure, deliveryRequest } from './helpers.js'

const credentials = { username: 'lienthong', password: 'mat-khau-thu' }
const budget = { timeoutMs: 5_000 }
const from = 'VN:GOV:000.00.00.H29:motcua'

t.test('national public service portal', async (t) => {
  const mock = await startMock('service-portal', { host: '127.0.0.1', port: 0, credentials, sessionTtlMs: 500 })
  const adapter = createAdapter('service-portal', { baseUrl: mock.url, credentials })
  t.teardown(async () => { await adapter.close(); await mock.close() })
  const logins = (): number => mock.received().filter(r => r.path === '/login').length

  t.test('dossier.status on a dossier the portal does not know falls back to DongBoHoSoMC', async (t) => {
    const reply = await adapter.deliver(deliveryRequest('dossier.status', {
      dossierCode: '000.00.01.H29-261122-0001', status: 2, changedAt: '2026-11-22T02:30:00Z', procedureCode: '1.001193', note: 'Đã tiếp nhận'
    }, { from }), budget)
    t.equal(reply.dossierCode, '000.00.01.H29-261122-0001')
    t.equal(reply.status, 2)
    t.match(reply.syncedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/)
    const calls = mock.received().filter(r => r.path === '/api').map(r => r.body as Record<string, any>)
    t.same(calls.map(c => c.service), ['CapNhatTienDoHoSoMC', 'DongBoHoSoMC'])
    t.equal(calls[1]?.madonvi, '000.00.00.H29', 'madonvi from the sender')
    t.same(calls[1]?.data, [{ MaHoSo: '000.00.01.H29-261122-0001', TrangThaiHoSo: '2', ThoiGianCapNhat: '20261122093000', NoiDungXuLy: 'Đã tiếp nhận', MaTTHC: '1.001193' }],
      'status as a string, time as yyyyMMddHHmmss in Vietnam time')
    t.equal(logins(), 1, 'logged in lazily, once')
    t.same(mock.effects().map(e => [e.type, e.TrangThaiHoSo]), [['DongBoHoSoMC', '2']])
  })

  t.test('a known dossier is updated with CapNhatTienDoHoSoMC', async (t) => {
    mock.reset()
    const reply = await adapter.deliver(deliveryRequest('dossier.status', {
      dossierCode: '000.00.01.H29-261122-0001', status: 4, changedAt: '2026-11-23T08:15:00+07:00', handlingAgency: '000.00.01.H29'
    }, { from }), budget)
    t.equal(reply.status, 4)
    t.same(mock.effects().map(e => [e.type, e.MaHoSo, e.TrangThaiHoSo, e.madonvi]), [['CapNhatTienDoHoSoMC', '000.00.01.H29-261122-0001', '4', '000.00.01.H29']])
  })

  t.test('an expired session is renewed transparently', async (t) => {
    mock.reset()
    await sleep(600) // past the 500 ms session lifetime
    const reply = await adapter.deliver(deliveryRequest('dossier.status', {
      dossierCode: '000.00.01.H29-261122-0001', status: 9, changedAt: '2026-11-24T08:15:00+07:00'
    }, { from }), budget)
    t.equal(reply.status, 9)
    t.equal(logins(), 1, 'logged in again once')
    const apiCalls = mock.received().filter(r => r.path === '/api')
    t.equal(apiCalls.length, 2, 'the refused call, then the same call on the new session')
    t.same(mock.effects().map(e => e.TrangThaiHoSo), ['9'], 'applied once')
  })

  t.test('a replayed message applies no second effect', async (t) => {
    mock.reset()
    const request = deliveryRequest('dossier.status', { dossierCode: '000.00.01.H29-261122-0001', status: 10, changedAt: '2026-11-25T08:15:00+07:00' }, { from })
    const first = await adapter.deliver(request, budget)
    const second = await adapter.deliver(request, budget)
    t.equal(second.status, first.status)
    t.equal(mock.effects().length, 1)
  })

  t.test('a wrong password is a permanent refusal', async (t) => {
    const wrong = createAdapter('service-portal', { baseUrl: mock.url, credentials: { username: 'lienthong', password: 'sai' } })
    t.teardown(async () => { await wrong.close() })
    const err = await deliveryFailure(async () => await wrong.deliver(deliveryRequest('dossier.status', {
      dossierCode: '000.00.01.H29-261122-0001', status: 4, changedAt: '2026-11-23T08:15:00+07:00'
    }, { from }), budget))
    t.equal(err.code, 'LT_UPSTREAM_REJECTED')
    t.equal(err.transient, false)
    t.equal(err.upstreamStatus, 401)
    const login = mock.received().filter(r => r.path === '/login').at(-1)?.body as Record<string, unknown>
    t.equal(login.password, '***', 'the recorded login hides the password')
  })
})
