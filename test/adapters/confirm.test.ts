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
    procedureCode: '1.001193',
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

t.test('the national portal looks a status change up by its transaction id', async (t) => {
  const portalCredentials = { username: 'confirm-user', password: 'confirm-password' }
  const portal = await startMock('service-portal', { credentials: portalCredentials })
  const portalAdapter = createAdapter('service-portal', { baseUrl: portal.url, credentials: portalCredentials })
  t.teardown(async () => { await portalAdapter.close(); await portal.close() })
  const change = (code: string): ReturnType<typeof deliveryRequest> => deliveryRequest('dossier.status', {
    dossierCode: code, status: 2, changedAt: '2026-11-23T08:15:00+07:00', handlingAgency: '000.00.01.H29'
  }, { from: 'VN:GOV:000.00.00.H29:motcua', to: 'VN:GOV:000.00.00.G22:dvcqg' })

  // Applied, answer lost: the portal did not know the dossier, so the change went as a sync.
  const lost = change('000.00.01.H29-261123-0101')
  portal.setFaults({ lostReplyRate: 1 })
  t.equal((await deliveryFailure(async () => await portalAdapter.deliver(lost, budget))).code, 'LT_UPSTREAM_UNAVAILABLE')
  portal.setFaults({ lostReplyRate: 0 })
  // The update's answer (unknown dossier) was lost: nothing applied yet.
  t.same(await portalAdapter.confirm?.(lost, budget), { outcome: 'not-received' }, 'an update refused as unknown, no sync: not applied')
  t.match(await portalAdapter.deliver(lost, budget), { dossierCode: '000.00.01.H29-261123-0101', status: 2 })
  t.match(await portalAdapter.confirm?.(lost, budget), { outcome: 'applied', reply: { dossierCode: '000.00.01.H29-261123-0101', status: 2 } })
  t.equal(portal.effects().filter((e) => e.idempotencyKey === lost.idempotencyKey).length, 1, 'asking applied nothing more')

  t.same(await portalAdapter.confirm?.(change('000.00.01.H29-261123-0102'), budget), { outcome: 'not-received' })
  portal.setFaults({ down: true })
  t.teardown(() => { portal.setFaults({ down: false }) })
  t.equal((await deliveryFailure(async () => await portalAdapter.confirm?.(change('000.00.01.H29-261123-0103'), budget))).transient, true, 'down: it cannot say')
})
