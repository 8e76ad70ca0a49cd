import { createServer } from 'node:net'
import t from 'tap'
import { request } from 'undici'
import { createAdapter, faultsFromEnv, startMock } from '../../adapters/index.js'
import { deliveryFailure, deliveryRequest, isoDate } from './helpers.js'

const credentials = { apiKey: 'faults-test-key' }

t.test('fault switches, seen through the adapter', async (t) => {
  const mock = await startMock('population', { host: '127.0.0.1', port: 0, credentials, size: 50 })
  const adapter = createAdapter('population', { baseUrl: mock.url, credentials })
  t.teardown(async () => { await adapter.close(); await mock.close() })
  const [citizen] = mock.sample(1) as Array<Record<string, string>>
  if (citizen === undefined) throw new Error('no sample')
  const verify = (): ReturnType<typeof deliveryRequest> => deliveryRequest('citizen.verify', {
    citizenId: citizen.soDinhDanh, fullName: citizen.hoVaTen, dateOfBirth: isoDate(citizen.ngaySinh as string)
  })
  t.afterEach(() => { mock.setFaults({ latencyMs: 0, errorRate: 0, timeoutRate: 0, down: false, failNext: 0, failStatus: 503, retryAfterSeconds: null }) })

  t.test('failNext: the next N requests answer 503, a transient failure; then it recovers', async (t) => {
    mock.reset()
    mock.setFaults({ failNext: 2 })
    for (let i = 0; i < 2; i++) {
      const err = await deliveryFailure(async () => await adapter.deliver(verify(), { timeoutMs: 2_000 }))
      t.equal(err.code, 'LT_UPSTREAM_UNAVAILABLE')
      t.equal(err.transient, true)
      t.equal(err.upstreamStatus, 503)
    }
    const reply = await adapter.deliver(verify(), { timeoutMs: 2_000 })
    t.equal(reply.result, 'match')
    t.same(mock.received().map(r => r.fault), ['fail', 'fail', null])
    t.equal(mock.effects().length, 1, 'failed requests applied nothing')
  })

  t.test('down: the socket is destroyed without an answer, a transient failure', async (t) => {
    mock.setFaults({ down: true })
    const err = await deliveryFailure(async () => await adapter.deliver(verify(), { timeoutMs: 2_000 }))
    t.equal(err.code, 'LT_UPSTREAM_UNAVAILABLE')
    t.equal(err.transient, true)
    // The control endpoints keep answering while the system is down.
    const res = await request(`${mock.url}/__mock/faults`)
    t.equal(res.statusCode, 200)
    t.equal(((await res.body.json()) as Record<string, unknown>).down, true)
  })

  t.test('timeoutRate 1: LT_UPSTREAM_TIMEOUT within the budget', async (t) => {
    mock.setFaults({ timeoutRate: 1 })
    const started = Date.now()
    const err = await deliveryFailure(async () => await adapter.deliver(verify(), { timeoutMs: 300 }))
    const elapsed = Date.now() - started
    t.equal(err.code, 'LT_UPSTREAM_TIMEOUT')
    t.equal(err.transient, true)
    t.ok(elapsed >= 250 && elapsed < 1_000, `gave up after ${elapsed} ms`)
    t.equal(mock.received().at(-1)?.fault, 'hold')
  })

  t.test('latency beyond the budget is a timeout too', async (t) => {
    mock.setFaults({ latencyMs: 400 })
    const err = await deliveryFailure(async () => await adapter.deliver(verify(), { timeoutMs: 150 }))
    t.equal(err.code, 'LT_UPSTREAM_TIMEOUT')
  })

  t.test('429 with Retry-After: rate limited, transient, retryAfterMs', async (t) => {
    mock.setFaults({ failNext: 1, failStatus: 429, retryAfterSeconds: 7 })
    const err = await deliveryFailure(async () => await adapter.deliver(verify(), { timeoutMs: 2_000 }))
    t.equal(err.code, 'LT_UPSTREAM_RATE_LIMITED')
    t.equal(err.transient, true)
    t.equal(err.retryAfterMs, 7_000)
  })

  t.test('408 is transient', async (t) => {
    mock.setFaults({ failNext: 1, failStatus: 408 })
    const err = await deliveryFailure(async () => await adapter.deliver(verify(), { timeoutMs: 2_000 }))
    t.equal(err.code, 'LT_UPSTREAM_TIMEOUT')
    t.equal(err.transient, true)
  })

  t.test('another 4xx is a permanent refusal', async (t) => {
    mock.setFaults({ failNext: 1, failStatus: 403 })
    const err = await deliveryFailure(async () => await adapter.deliver(verify(), { timeoutMs: 2_000 }))
    t.equal(err.code, 'LT_UPSTREAM_REJECTED')
    t.equal(err.transient, false)
    t.equal(err.upstreamStatus, 403)
  })

  t.test('errorRate 1 answers 503', async (t) => {
    mock.setFaults({ errorRate: 1 })
    const err = await deliveryFailure(async () => await adapter.deliver(verify(), { timeoutMs: 2_000 }))
    t.equal(err.code, 'LT_UPSTREAM_UNAVAILABLE')
  })

  t.test('control endpoints over HTTP', async (t) => {
    const put = await request(`${mock.url}/__mock/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ failNext: 1 }) })
    t.equal(put.statusCode, 200)
    t.equal(((await put.body.json()) as Record<string, unknown>).failNext, 1)
    const bad = await request(`${mock.url}/__mock/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 2 }) })
    t.equal(bad.statusCode, 400)
    await bad.body.dump()
    await deliveryFailure(async () => await adapter.deliver(verify(), { timeoutMs: 2_000 }))
    const received = await request(`${mock.url}/__mock/received`)
    const list = await received.body.json() as Array<Record<string, unknown>>
    t.ok(list.length > 0)
    t.equal(list.at(-1)?.path, '/api/congdan/xacthuc')
    const effects = await request(`${mock.url}/__mock/effects`)
    t.ok(Array.isArray(await effects.body.json()))
    const del = await request(`${mock.url}/__mock/received`, { method: 'DELETE' })
    t.equal(del.statusCode, 204)
    await del.body.dump()
    t.same(mock.received(), [])
  })
})

t.test('a closed port is a transient connection failure', async (t) => {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>(resolve => server.close(() => { resolve() }))
  const adapter = createAdapter('business-registry', { baseUrl: `http://127.0.0.1:${port}`, credentials })
  t.teardown(async () => { await adapter.close() })
  const err = await deliveryFailure(async () => await adapter.deliver(deliveryRequest('enterprise.lookup', { enterpriseCode: '0300588569' }), { timeoutMs: 2_000 }))
  t.equal(err.code, 'LT_UPSTREAM_UNAVAILABLE')
  t.equal(err.transient, true)
})

t.test('a reply that is not JSON is an invalid reply, permanent', async (t) => {
  const { default: Fastify } = await import('fastify')
  const app = Fastify()
  app.post('/api/hoso/tiepnhan', async (_request, reply) => await reply.type('text/html').send('<html>502 Bad Gateway</html>'))
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const adapter = createAdapter('one-stop', { baseUrl: `http://127.0.0.1:${port}`, credentials })
  t.teardown(async () => { await adapter.close(); await app.close() })
  const err = await deliveryFailure(async () => await adapter.deliver(deliveryRequest('dossier.submit', {
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    receivingAgency: '000.00.01.H29',
    applicant: { citizenId: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-05-17', address: 'Hà Nội' },
    documents: []
  }), { timeoutMs: 2_000 }))
  t.equal(err.code, 'LT_UPSTREAM_INVALID_REPLY')
  t.equal(err.transient, false)
})

t.test('faults from the environment', async (t) => {
  t.same(faultsFromEnv('MOCK_POPULATION', {
    MOCK_POPULATION_LATENCY_MS: '250', MOCK_POPULATION_ERROR_RATE: '0.1', MOCK_POPULATION_TIMEOUT_RATE: '0', MOCK_POPULATION_DOWN: 'true', MOCK_POPULATION_FAIL_NEXT: '3'
  }), { latencyMs: 250, errorRate: 0.1, timeoutRate: 0, down: true, failNext: 3 })
  t.same(faultsFromEnv('MOCK_POPULATION', {}), {})
  t.throws(() => faultsFromEnv('MOCK_POPULATION', { MOCK_POPULATION_ERROR_RATE: 'lots' }))
  t.throws(() => faultsFromEnv('MOCK_POPULATION', { MOCK_POPULATION_ERROR_RATE: '1.5' }))

  const mock = await startMock('one-stop', { credentials, faults: { failNext: 1 } })
  t.teardown(async () => { await mock.close() })
  t.equal(mock.setFaults({}).failNext, 1, 'explicit faults configure the mock at start')
})
