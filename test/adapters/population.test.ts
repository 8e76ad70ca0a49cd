import t from 'tap'
import { createAdapter, startMock } from '../../adapters/index.js'
import { deliveryFailure, deliveryRequest, isoDate } from './helpers.js'

const credentials = { apiKey: 'population-test-key' }
const budget = { timeoutMs: 5_000 }

t.test('population database', async (t) => {
  const mock = await startMock('population', { host: '127.0.0.1', port: 0, credentials, seed: 7 })
  const adapter = createAdapter('population', { baseUrl: mock.url, credentials })
  t.teardown(async () => { await adapter.close(); await mock.close() })
  const [citizen, other] = mock.sample(2) as Array<Record<string, string>>
  if (citizen === undefined || other === undefined) throw new Error('no sample')
  const gender = citizen.gioiTinh === 'Nam' ? 'male' : 'female'

  t.test('holds at least 5,000 seeded citizens', async (t) => {
    t.equal(mock.sample(10_000).length, 5_000)
    t.same(mock.sample(3), (await startMockSample()), 'same seed, same citizens')
  })

  t.test('citizen.verify: match', async (t) => {
    const reply = await adapter.deliver(deliveryRequest('citizen.verify', {
      citizenId: citizen.soDinhDanh, fullName: citizen.hoVaTen, dateOfBirth: isoDate(citizen.ngaySinh as string), gender
    }), budget)
    t.same(reply, { result: 'match', mismatchedFields: [] })
  })

  t.test('citizen.verify: a decomposed (NFD), upper-case name still matches', async (t) => {
    const nfd = (citizen.hoVaTen as string).toLocaleUpperCase('vi').normalize('NFD')
    t.not(nfd, citizen.hoVaTen)
    const reply = await adapter.deliver(deliveryRequest('citizen.verify', {
      citizenId: citizen.soDinhDanh, fullName: nfd, dateOfBirth: isoDate(citizen.ngaySinh as string)
    }), budget)
    t.equal(reply.result, 'match')
    // The adapter sends NFC, and the native request is what the mock recorded.
    const sent = mock.received().at(-1)?.body as Record<string, string>
    t.equal(sent.hoVaTen, nfd.normalize('NFC'))
    t.equal(sent.ngaySinh, citizen.ngaySinh, 'date sent in the native dd/MM/yyyy')
  })

  t.test('citizen.verify: mismatch names the fields, never the record', async (t) => {
    const reply = await adapter.deliver(deliveryRequest('citizen.verify', {
      citizenId: citizen.soDinhDanh, fullName: other.hoVaTen === citizen.hoVaTen ? 'Tạ Văn Khác' : other.hoVaTen, dateOfBirth: '1901-01-01', gender: gender === 'male' ? 'female' : 'male'
    }), budget)
    t.same(reply, { result: 'no-match', mismatchedFields: ['fullName', 'dateOfBirth', 'gender'] })
  })

  t.test('citizen.verify: not found', async (t) => {
    const reply = await adapter.deliver(deliveryRequest('citizen.verify', {
      citizenId: '001099000000', fullName: 'Nguyễn Văn An', dateOfBirth: '1999-01-01'
    }), budget)
    t.same(reply, { result: 'no-match', mismatchedFields: ['fullName', 'dateOfBirth'] }, 'read as a citizen whose name and date of birth are both wrong')
  })

  t.test('citizen.lookup: only the allowed fields, translated', async (t) => {
    const reply = await adapter.deliver(deliveryRequest('citizen.lookup', { citizenId: citizen.soDinhDanh, purpose: 'Xác minh hồ sơ' }, {
      allowedFields: ['fullName', 'dateOfBirth', 'gender', 'permanentAddress']
    }), budget)
    t.same(reply, {
      found: true,
      citizen: {
        citizenId: citizen.soDinhDanh,
        fullName: citizen.hoVaTen,
        dateOfBirth: isoDate(citizen.ngaySinh as string),
        gender,
        permanentAddress: citizen.noiThuongTru
      }
    })
    const sent = mock.received().at(-1)?.body as Record<string, unknown>
    t.same(sent.danhSachTruong, ['hoVaTen', 'ngaySinh', 'gioiTinh', 'noiThuongTru'], 'asks the upstream only for those fields')
  })

  t.test('citizen.lookup: no allowed fields gives the ID alone', async (t) => {
    const reply = await adapter.deliver(deliveryRequest('citizen.lookup', { citizenId: citizen.soDinhDanh, purpose: 'Xác minh hồ sơ' }), budget)
    t.same(reply, { found: true, citizen: { citizenId: citizen.soDinhDanh } })
  })

  t.test('citizen.lookup: not found', async (t) => {
    const reply = await adapter.deliver(deliveryRequest('citizen.lookup', { citizenId: '001099000000', purpose: 'Xác minh' }, { allowedFields: ['fullName'] }), budget)
    t.same(reply, { found: false })
  })

  t.test('a repeated idempotency key replays the first answer and applies no second effect', async (t) => {
    mock.reset()
    const request = deliveryRequest('citizen.lookup', { citizenId: citizen.soDinhDanh, purpose: 'Xác minh' }, { allowedFields: ['fullName'] })
    const first = await adapter.deliver(request, budget)
    const second = await adapter.deliver(request, budget)
    t.same(second, first)
    t.equal(mock.received().length, 2)
    t.same(mock.received().map(r => r.idempotencyKey), [request.idempotencyKey, request.idempotencyKey])
    t.same(mock.received().map(r => r.replayed), [false, true])
    t.equal(mock.effects().length, 1)
  })

  t.test('an unknown credential is a permanent refusal', async (t) => {
    const wrong = createAdapter('population', { baseUrl: mock.url, credentials: { apiKey: 'nope' } })
    t.teardown(async () => { await wrong.close() })
    const err = await deliveryFailure(async () => await wrong.deliver(deliveryRequest('citizen.verify', {
      citizenId: citizen.soDinhDanh, fullName: citizen.hoVaTen, dateOfBirth: isoDate(citizen.ngaySinh as string)
    }), budget))
    t.equal(err.code, 'LT_UPSTREAM_REJECTED')
    t.equal(err.transient, false)
    t.equal(err.upstreamStatus, 401)
    t.equal(err.upstreamCode, '03')
  })

  t.test('a malformed native request is a permanent refusal with the native code', async (t) => {
    const err = await deliveryFailure(async () => await adapter.deliver(deliveryRequest('citizen.verify', {
      citizenId: '12', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-01-01'
    }), budget))
    t.equal(err.code, 'LT_UPSTREAM_REJECTED')
    t.equal(err.transient, false)
    t.equal(err.upstreamCode, '02')
  })
})

async function startMockSample (): Promise<unknown> {
  const again = await startMock('population', { credentials, seed: 7, size: 3 })
  try {
    return again.sample(3)
  } finally {
    await again.close()
  }
}
