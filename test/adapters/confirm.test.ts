import t from 'tap'
import { createAdapter, startMock } from '../../adapters/index.js'
import { deliveryFailure, deliveryRequest, isoDate, SHA256 } from './helpers.js'

// A receiver asked whether it got a message (its own lookup of a request by its transaction id):
// a delivery whose reply was lost is found applied, with the reply it gave; one never sent is not
// found; one it refused says so; a receiver that is down cannot say (a transient error).
const credentials = { apiKey: 'confirm-test-key' }
const budget = { timeoutMs: 2_000 }
const mock = await startMock('one-stop', { credentials, agencyCode: '000.00.00.H29', faults: {} })
const adapter = createAdapter('one-stop', { baseUrl: mock.url, credentials })
t.teardown(async () => { await adapter.close(); await mock.close() })
const [applicant] = mock.sample(1) as Array<Record<string, string>>
if (applicant === undefined) throw new Error('no sample')

function submission (agency = '000.00.01.H29'): ReturnType<typeof deliveryRequest> {
  return deliveryRequest('dossier.submit', {
    procedureCode: '1.001612',
    procedureName: 'Đăng ký khai sinh',
    receivingAgency: agency,
    applicant: { citizenId: applicant?.soDinhDanh, fullName: applicant?.hoVaTen, dateOfBirth: isoDate(applicant?.ngaySinh as string), address: applicant?.noiThuongTru },
    documents: [{ name: 'Tờ khai', fileName: 'to-khai.pdf', mimeType: 'application/pdf', sha256: SHA256 }]
  }, { to: 'VN:GOV:000.00.00.H29:motcua', from: 'VN:GOV:000.00.00.G22:dvcqg' })
}

t.test('a submission whose reply was lost is found applied, with the reply it was given', async (t) => {
  const request = submission()
  mock.setFaults({ lostReplyRate: 1 })
  t.equal((await deliveryFailure(async () => await adapter.deliver(request, budget))).code, 'LT_UPSTREAM_UNAVAILABLE', 'the sender saw no answer')
  mock.setFaults({ lostReplyRate: 0 })
  const effects = mock.effects().filter((e) => e.idempotencyKey === request.idempotencyKey)
  t.equal(effects.length, 1, 'yet the one-stop system registered it')
  const confirmation = await adapter.confirm?.(request, budget)
  t.match(confirmation, { outcome: 'applied', reply: { dossierCode: effects[0]?.maHoSo } })
  t.equal(mock.effects().filter((e) => e.idempotencyKey === request.idempotencyKey).length, 1, 'asking applied nothing more')
})

t.test('a submission never received is not found; one refused says so', async (t) => {
  t.same(await adapter.confirm?.(submission(), budget), { outcome: 'not-received' })
  const outside = submission('000.00.01.H62')
  t.equal((await deliveryFailure(async () => await adapter.deliver(outside, budget))).code, 'LT_UPSTREAM_REJECTED')
  t.same(await adapter.confirm?.(outside, budget), { outcome: 'refused', upstreamCode: 'HS02' })
})

t.test('a receiver that is down cannot say: a transient error, to ask again later', async (t) => {
  mock.setFaults({ down: true })
  t.teardown(() => { mock.setFaults({ down: false }) })
  const err = await deliveryFailure(async () => await adapter.confirm?.(submission(), budget))
  t.equal(err.code, 'LT_UPSTREAM_UNAVAILABLE')
  t.equal(err.transient, true)
})
