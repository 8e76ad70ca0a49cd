import t from 'tap'
import { createAdapter, startMock } from '../../adapters/index.js'
import { dossierCodeProblem, formatDossierCode } from '../../src/identifiers/index.js'
import { deliveryFailure, deliveryRequest, isoDate, SHA256 } from './helpers.js'

const credentials = { apiKey: 'motcua-test-key' }
const budget = { timeoutMs: 10_000 }

function submission (applicant: Record<string, string>, receivingAgency: string): Record<string, unknown> {
  return {
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    receivingAgency,
    channel: 'online',
    applicant: {
      citizenId: applicant.soDinhDanh,
      fullName: applicant.hoVaTen,
      dateOfBirth: isoDate(applicant.ngaySinh as string),
      phone: '0912345678',
      address: applicant.noiThuongTru
    },
    documents: [{ name: 'Tờ khai đăng ký khai sinh', fileName: 'to-khai.pdf', mimeType: 'application/pdf', sha256: SHA256 }]
  }
}

t.test('provincial one-stop systems', async (t) => {
  const hanoi = await startMock('one-stop', { host: '127.0.0.1', port: 0, credentials, agencyCode: '000.00.00.H29' })
  const kontum = await startMock('one-stop', { host: '127.0.0.1', port: 0, credentials, agencyCode: '000.00.00.H62' })
  const toHanoi = createAdapter('one-stop', { baseUrl: hanoi.url, credentials, connections: 16 })
  const toKontum = createAdapter('one-stop', { baseUrl: kontum.url, credentials })
  t.teardown(async () => {
    await Promise.all([toHanoi.close(), toKontum.close()])
    await Promise.all([hanoi.close(), kontum.close()])
  })
  const [applicant] = hanoi.sample(1) as Array<Record<string, string>>
  if (applicant === undefined) throw new Error('no sample')

  t.test('dossier.submit: registers and answers a dossier code', async (t) => {
    const before = new Date()
    const reply = await toHanoi.deliver(deliveryRequest('dossier.submit', submission(applicant, '000.00.01.H29')), budget)
    t.equal(dossierCodeProblem(reply.dossierCode as string), null)
    t.equal(reply.dossierCode, formatDossierCode('000.00.01.H29', before, 1))
    t.match(reply.receivedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/)
    t.ok(Math.abs(Date.parse(reply.receivedAt as string) - before.getTime()) < 5_000, 'receivedAt is now')
    t.match(reply.appointmentDate, /^\d{4}-\d{2}-\d{2}$/)
    t.ok((reply.appointmentDate as string) > (reply.receivedAt as string).slice(0, 10), 'appointment after receipt')
    const [effect] = hanoi.effects()
    t.equal(effect?.maHoSo, reply.dossierCode)
    const sent = hanoi.received()[0]?.body as Record<string, any>
    t.equal(sent.maTTHC, '1.001193')
    t.equal(sent.nguoiNop.ngaySinh, applicant.ngaySinh, 'native date format')
    t.equal(sent.thanhPhanHoSo[0].maBam, SHA256)
  })

  t.test('50 concurrent submits get sequential distinct codes: none equal, none skipped', async (t) => {
    hanoi.reset()
    const agency = '000.00.02.H29'
    const day = new Date()
    const replies = await Promise.all(Array.from({ length: 50 }, async () =>
      await toHanoi.deliver(deliveryRequest('dossier.submit', submission(applicant, agency)), budget)))
    const codes = replies.map(r => r.dossierCode as string)
    t.equal(new Set(codes).size, 50, 'no two equal')
    const expected = Array.from({ length: 50 }, (_, i) => formatDossierCode(agency, day, i + 1))
    t.same([...codes].sort(), expected, 'sequences 0001..0050, none skipped')
    t.equal(hanoi.effects().length, 50)
  })

  t.test('a retried message (same idempotency key) is registered once', async (t) => {
    hanoi.reset()
    const request = deliveryRequest('dossier.submit', submission(applicant, '000.00.03.H29'))
    const first = await toHanoi.deliver(request, budget)
    const second = await toHanoi.deliver(request, budget)
    t.same(second, first, 'same dossier code')
    t.equal(hanoi.received().length, 2)
    t.equal(hanoi.effects().length, 1, 'one dossier registered')
  })

  t.test('several instances run at once, each with its own province and counters', async (t) => {
    const reply = await toKontum.deliver(deliveryRequest('dossier.submit', submission(applicant, '000.00.00.H62')), budget)
    t.match(reply.dossierCode, /^000\.00\.00\.H62-\d{6}-0001$/)
  })

  t.test('an agency outside the province is refused permanently with the native code', async (t) => {
    const err = await deliveryFailure(async () => await toKontum.deliver(deliveryRequest('dossier.submit', submission(applicant, '000.00.01.H29')), budget))
    t.equal(err.code, 'LT_UPSTREAM_REJECTED')
    t.equal(err.transient, false)
    t.equal(err.upstreamStatus, 422)
    t.equal(err.upstreamCode, 'HS02')
    t.equal(kontum.effects().filter(e => e.coQuanTiepNhan === '000.00.01.H29').length, 0)
  })
})

t.test('a dossier code issued by the gateway: registered under it, once; a code already taken or malformed is refused', async (t) => {
  const mock = await startMock('one-stop', { host: '127.0.0.1', port: 0, credentials, agencyCode: '000.00.00.H29' })
  const adapter = createAdapter('one-stop', { baseUrl: mock.url, credentials })
  t.teardown(async () => { await adapter.close(); await mock.close() })
  const [applicant] = mock.sample(1) as Array<Record<string, string>>
  if (applicant === undefined) throw new Error('no sample applicant')
  const code = formatDossierCode('000.00.01.H29', new Date(), 4321)
  const request = deliveryRequest('dossier.submit', submission(applicant, '000.00.01.H29'), { dossierCode: code })
  const reply = await adapter.deliver(request, budget)
  t.equal(reply.dossierCode, code)
  t.same(mock.effects().map((e) => e.maHoSo), [code])
  t.equal((await adapter.deliver(request, budget)).dossierCode, code, 'a retry of the same request is answered again, not refused')
  const taken = await deliveryFailure(async () => await adapter.deliver(deliveryRequest('dossier.submit', submission(applicant, '000.00.01.H29'), { dossierCode: code }), budget))
  t.equal(taken.code, 'LT_UPSTREAM_REJECTED')
  t.equal(taken.upstreamStatus, 409)
  t.equal(taken.upstreamCode, 'HS04')
  const foreign = await deliveryFailure(async () => await adapter.deliver(deliveryRequest('dossier.submit', submission(applicant, '000.00.01.H29'), { dossierCode: formatDossierCode('000.00.02.H29', new Date(), 1) }), budget))
  t.equal(foreign.upstreamStatus, 400, 'another agency\'s code')
  t.equal(mock.effects().length, 1, 'nothing else registered')
})
