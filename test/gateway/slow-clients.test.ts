import { connect, type Socket } from 'node:net'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { InFlight } from '../../src/plugins/overload.js'
import { envelope, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { dossierBody } from '../helpers/dossiers.js'

// Slow and greedy clients: headers or a body trickled byte by byte, uploads that hold connections
// open, one address taking every slot, an endless body refused. Real sockets, small limits.
const p = await startPlatform(t)
const APPLICANT = { citizenId: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-05-17', gender: 'male' } as const
const submitBody = (): string => JSON.stringify(envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(APPLICANT)))

async function gateway (t: { teardown: (fn: () => unknown) => void }, env: Partial<typeof p.config>): Promise<{ host: string, port: number, url: string }> {
  const app = await buildApp({ config: { ...p.config, overloadEventLoopDelayMs: 0, ...env }, registry: p.registry, logger: false })
  t.teardown(async () => { await app.close() })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = new URL(url)
  return { host: '127.0.0.1', port: Number(port), url }
}

/** Resolves with how long the server took to close the socket (ms), and what it sent. */
async function openSocket (host: string, port: number): Promise<{ socket: Socket, closed: Promise<{ afterMs: number, received: string }> }> {
  const socket = connect(port, host)
  await new Promise<void>((resolve) => socket.once('connect', () => { resolve() }))
  const started = Date.now()
  let received = ''
  socket.on('data', (d: Buffer) => { received += d.toString() })
  socket.on('error', () => {})
  const closed = new Promise<{ afterMs: number, received: string }>((resolve) => socket.once('close', () => { resolve({ afterMs: Date.now() - started, received }) }))
  return { socket, closed }
}

function trickle (socket: Socket, text: string, everyMs: number): () => void {
  let i = 0
  const timer = setInterval(() => {
    if (i >= text.length || socket.destroyed) { clearInterval(timer); return }
    socket.write(text[i++] as string)
  }, everyMs)
  return () => { clearInterval(timer) }
}

t.test('headers sent a byte at a time: the connection is closed after HTTP_HEADERS_TIMEOUT_MS', async (t) => {
  const gw = await gateway(t, { httpHeadersTimeoutMs: 500, httpRequestTimeoutMs: 2000 })
  const { socket, closed } = await openSocket(gw.host, gw.port)
  const stop = trickle(socket, `GET /v1/services HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.h29}\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`, 100)
  const { afterMs, received } = await closed
  stop()
  t.ok(afterMs < 2500, `closed after ${afterMs} ms`)
  t.match(received, /^(HTTP\/1\.1 408|)/, 'a 408, or nothing: never an answer to the request')
})

t.test('a body sent a byte at a time: the connection is closed after HTTP_REQUEST_TIMEOUT_MS', async (t) => {
  const gw = await gateway(t, { httpHeadersTimeoutMs: 500, httpRequestTimeoutMs: 1000 })
  const { socket, closed } = await openSocket(gw.host, gw.port)
  const body = submitBody()
  socket.write(`POST /v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.dvcqg}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`)
  const stop = trickle(socket, body, 50)
  const { afterMs, received } = await closed
  stop()
  t.ok(afterMs < 3000, `closed after ${afterMs} ms`)
  t.notMatch(received, /HTTP\/1\.1 202/, 'not accepted')
})

t.test('slow uploads hold no slot: a normal client is answered while they trickle', async (t) => {
  const gw = await gateway(t, { overloadMaxInFlight: 4, overloadAddressShare: 1, httpRequestTimeoutMs: 20_000 })
  const slow: Array<() => void> = []
  for (let i = 0; i < 8; i++) {
    const { socket } = await openSocket(gw.host, gw.port)
    const body = submitBody()
    socket.write(`POST /v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.dvcqg}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`)
    slow.push(trickle(socket, body, 200))
    t.teardown(() => { socket.destroy() })
  }
  t.teardown(() => { for (const stop of slow) stop() })
  await new Promise((resolve) => setTimeout(resolve, 300))
  const res = await fetch(`${gw.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.dvcqg}` }, body: submitBody() })
  t.equal(res.status, 202, 'eight uploads in progress, four slots: still answered')
})

t.test('one address holds at most its share of the slots', async (t) => {
  const slots = new InFlight(4, 0.5)
  t.equal(slots.perAddress, 2)
  slots.acquire('10.0.0.1')
  slots.acquire('10.0.0.1')
  t.ok(slots.full('10.0.0.1'), 'a third from the same address waits')
  t.notOk(slots.full('10.0.0.2'), 'another address gets in')
  slots.acquire('2001:db8:1:2::1')
  t.ok(slots.full('2001:db8:1:2::ffff') === false && new InFlight(2, 0.5).perAddress === 1)
  slots.acquire('2001:db8:1:2::2')
  t.ok(slots.full('10.0.0.3'), 'all four taken')
  slots.release('10.0.0.1')
  t.notOk(slots.full('10.0.0.1'))
  const v6 = new InFlight(4, 0.5)
  v6.acquire('2001:db8:1:2::1')
  v6.acquire('2001:db8:1:2::99')
  t.ok(v6.full('2001:db8:1:2::abcd'), 'an IPv6 client is its /64')
  t.equal(new InFlight(4, 1).perAddress, 0, 'share 1: no per-address cap')
})

t.test('through the gateway: one address\'s burst leaves room for others', async (t) => {
  const capped = await buildApp({ config: { ...p.config, overloadEventLoopDelayMs: 0, overloadMaxInFlight: 4, overloadAddressShare: 0.5 }, registry: p.registry, logger: false })
  t.teardown(async () => { await capped.close() })
  await capped.ready()
  const post = async (address: string) => await capped.inject({ method: 'POST', url: '/v1/messages', remoteAddress: address, headers: { authorization: `Bearer ${KEYS.dvcqg}`, 'content-type': 'application/json' }, payload: submitBody() })
  // Redis holds every command for a moment: requests stay in hand meanwhile.
  await capped.redis.call('client', 'pause', '500', 'WRITE')
  const burst = await Promise.all([post('10.1.1.1'), post('10.1.1.1'), post('10.1.1.1'), post('10.1.1.1'), post('10.2.2.2')])
  const codes = burst.map((r) => r.statusCode)
  t.same(codes.slice(0, 4).sort(), [202, 202, 503, 503], 'two of the burst, the rest refused')
  t.equal(codes[4], 202, 'the other address is let in')
})

t.test('a refused upload is not read to its end: answered, and the connection cut', async (t) => {
  const gw = await gateway(t, { overloadHeapUsedRatio: 0.001, overloadSampleIntervalMs: 50 })
  await new Promise((resolve) => setTimeout(resolve, 400))
  const { socket, closed } = await openSocket(gw.host, gw.port)
  socket.write(`POST /v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.dvcqg}\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n`)
  // Keep sending as fast as the socket takes it.
  const chunk = Buffer.alloc(64 * 1024, 0x20)
  let sent = 0
  const pump = (): void => { while (!socket.destroyed && socket.write(chunk)) sent += chunk.length }
  socket.on('drain', pump)
  pump()
  const { afterMs, received } = await closed
  t.match(received, /^HTTP\/1\.1 503/, 'answered 503')
  t.match(received, /connection: close/i)
  t.ok(afterMs < 3000, `cut after ${afterMs} ms`)
  t.ok(sent < 200 * 1024 * 1024, `${Math.round(sent / 1024 / 1024)} MB sent before the cut, far from the 1 GB announced`)
})

t.test('operators get in during an overload: the admin API is not judged', async (t) => {
  const admin = 'overload-admin-token-0123456789abcdefghij'
  const heavy = await buildApp({ config: { ...p.config, overloadEventLoopDelayMs: 0, overloadHeapUsedRatio: 0.001, overloadSampleIntervalMs: 50, adminToken: admin }, registry: p.registry, logger: false })
  t.teardown(async () => { await heavy.close() })
  const url = await heavy.listen({ host: '127.0.0.1', port: 0 })
  await new Promise((resolve) => setTimeout(resolve, 400))
  t.equal((await fetch(`${url}/v1/services`, { headers: { authorization: `Bearer ${KEYS.h29}` } })).status, 503, 'participants are refused')
  t.equal((await fetch(`${url}/admin/api/queues`, { headers: { authorization: `Bearer ${admin}` } })).status, 200, 'the operator is not')
  t.equal((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${admin}` } })).status, 200)
})
