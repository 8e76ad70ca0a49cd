import t from 'tap'
import { request } from 'undici'
import { createAdapter, faultsFromEnv, startMock } from '../../adapters/index.js'
import { FaultController } from '../../adapters/mock-kit/faults.js'
import { deliveryFailure, deliveryRequest, isoDate, SHA256 } from './helpers.js'

const credentials = { apiKey: 'lost-reply-test-key' }
const budget = { timeoutMs: 2_000 }

t.test('lostReplyRate: a switch like the other rates', async (t) => {
  const faults = new FaultController({ lostReplyRate: 1 })
  t.equal(faults.decide().kind, 'lose-reply')
  t.equal(faults.get().lostReplyRate, 1)
  t.throws(() => faults.set({ lostReplyRate: 1.5 }), TypeError)
  t.throws(() => faults.set({ lostReplyRate: -0.1 }), TypeError)
  faults.set({ lostReplyRate: 0.2 })
  const lost = Array.from({ length: 500 }, () => faults.decide().kind).filter(k => k === 'lose-reply').length
  t.ok(lost > 60 && lost < 140, `about a fifth lose their reply (${lost})`)
  t.equal(new FaultController({ errorRate: 1, lostReplyRate: 1 }).decide().kind, 'fail', 'an injected error wins: nothing was processed')
  t.same(faultsFromEnv('MOCK_ONE_STOP', { MOCK_ONE_STOP_LOST_REPLY_RATE: '0.05' }), { lostReplyRate: 0.05 })
  t.throws(() => faultsFromEnv('MOCK_ONE_STOP', { MOCK_ONE_STOP_LOST_REPLY_RATE: '2' }))
})

t.test('a lost reply: the effect is applied once, the client sees a transient failure, the retry gets the same answer', async (t) => {
  const mock = await startMock('one-stop', { credentials, agencyCode: '000.00.00.H29', faults: {} })
  const adapter = createAdapter('one-stop', { baseUrl: mock.url, credentials })
  t.teardown(async () => { await adapter.close(); await mock.close() })
  const [applicant] = mock.sample(1) as Array<Record<string, string>>
  if (applicant === undefined) throw new Error('no sample')
  const request = deliveryRequest('dossier.submit', {
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    receivingAgency: '000.00.01.H29',
    applicant: { citizenId: applicant.soDinhDanh, fullName: applicant.hoVaTen, dateOfBirth: isoDate(applicant.ngaySinh as string), address: applicant.noiThuongTru },
    documents: [{ name: 'Tờ khai', fileName: 'to-khai.pdf', mimeType: 'application/pdf', sha256: SHA256 }]
  }, { to: 'VN:GOV:000.00.00.H29:motcua', from: 'VN:GOV:000.00.00.G22:dvcqg' })

  mock.setFaults({ lostReplyRate: 1 })
  const err = await deliveryFailure(async () => await adapter.deliver(request, budget))
  t.equal(err.code, 'LT_UPSTREAM_UNAVAILABLE', 'a connection closed without an answer')
  t.equal(err.transient, true, 'so the queue retries it')
  t.equal(mock.received()[0]?.fault, 'lost-reply')
  const [effect] = mock.effects()
  t.equal(mock.effects().length, 1, 'the dossier was registered although the answer was lost')
  t.equal(effect?.idempotencyKey, request.idempotencyKey, 'the effect names the idempotency key that caused it')

  // A replayed answer can be lost too, and still registers nothing new.
  await deliveryFailure(async () => await adapter.deliver(request, budget))
  t.same(mock.received().map(r => [r.fault, r.replayed]), [['lost-reply', false], ['lost-reply', true]])

  mock.setFaults({ lostReplyRate: 0 })
  const reply = await adapter.deliver(request, budget)
  t.equal(reply.dossierCode, effect?.maHoSo, 'the retry is answered with the dossier registered the first time')
  t.equal(mock.received().at(-1)?.replayed, true)
  t.equal(mock.effects().length, 1, 'registered exactly once')
})

t.test('maxRecords bounds the received and effects lists', async (t) => {
  const mock = await startMock('one-stop', { credentials, agencyCode: '000.00.00.H29', faults: { errorRate: 1 }, maxRecords: 3 })
  t.teardown(async () => { await mock.close() })
  for (let i = 0; i < 5; i++) {
    const res = await request(`${mock.url}/api/hoso/tiepnhan`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': String(i) }, body: '{}' })
    await res.body.dump()
  }
  t.same(mock.received().map(r => r.idempotencyKey), ['2', '3', '4'], 'the newest three')
})
