import { execFile } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { createCallbackReceiver, type CallbackEvent } from '../../docs/examples/callback-receiver.js'
import { projectRoot } from '../../src/project-paths.js'

const secret = 'whsec_g22_1f6a7c03e9d24b58'
const received: CallbackEvent[] = []
let failNext = 0
const server = createCallbackReceiver({
  secret,
  onEvent: async (event) => {
    if (failNext > 0) { failNext--; throw new Error('store unavailable') }
    received.push(event)
  }
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
t.teardown(async () => { await new Promise((resolve) => server.close(resolve)) })
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lienthong/callbacks`

const event: CallbackEvent = {
  event: 'message.delivered',
  messageId: '332ed400-d58a-458e-a97a-c62612062c37',
  service: 'dossier.submit',
  version: '1',
  from: 'VN:GOV:000.00.00.G22:dvcqg',
  to: 'VN:GOV:000.00.00.H29:motcua',
  correlationId: 'DVCQG-261123-000457',
  status: 'delivered',
  attempts: 1,
  occurredAt: '2026-11-23T03:15:02.087Z',
  deliveredAt: '2026-11-23T03:15:02.087Z',
  reply: { header: { inReplyTo: '332ed400-d58a-458e-a97a-c62612062c37' }, body: { dossierCode: '000.00.01.H29-261123-0001' } }
}

async function post (raw: string, opts: { key?: string, timestamp?: number } = {}): Promise<number> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000)
  const signature = createHmac('sha256', opts.key ?? secret).update(`${timestamp}.${raw}`).digest('hex')
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-lienthong-event': 'message.delivered', 'x-lienthong-message-id': event.messageId, 'x-lienthong-timestamp': String(timestamp), 'x-lienthong-signature': `v1=${signature}` },
    body: raw
  })
  await res.arrayBuffer()
  return res.status
}

t.test('a genuine callback is recorded once, however often it comes', async (t) => {
  const raw = JSON.stringify(event)
  t.equal(await post(raw), 204)
  t.equal(await post(raw), 204, 'the retry of a delivered callback is acknowledged')
  t.equal(received.length, 1, 'and recorded once')
  t.same(received[0], event)
  const dead = { ...event, event: 'message.dead', status: 'dead', lastError: { code: 'LT_UPSTREAM_REJECTED', message: 'refused' } }
  t.equal(await post(JSON.stringify(dead)), 204)
  t.equal(received.length, 2, 'another event of the same message is another record')
})

t.test('forged, stale and malformed callbacks are refused before anything is recorded', async (t) => {
  const before = received.length
  const other = JSON.stringify({ ...event, messageId: '8734502f-ef77-48cf-b646-6555ec701b3b' })
  t.equal(await post(other, { key: 'not-the-secret' }), 401)
  t.equal(await post(other, { timestamp: Math.floor(Date.now() / 1000) - 3600 }), 401)
  const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: other })
  t.equal(unsigned.status, 401)
  t.equal(await unsigned.text(), 'missing-timestamp')
  t.equal(await post('{"event":'), 400, 'signed but not JSON')
  t.equal((await fetch(url)).status, 405)
  t.equal(received.length, before)
})

t.test('when recording fails the receiver answers 500, so the gateway retries, and the retry is recorded', async (t) => {
  const before = received.length
  const raw = JSON.stringify({ ...event, messageId: 'e208764a-b1d5-489c-8c8d-1706aae110c2' })
  failNext = 1
  t.equal(await post(raw), 500)
  t.equal(received.length, before)
  t.equal(await post(raw), 204)
  t.equal(received.length, before + 1)
})

t.test('the shell recipe (curl + openssl) signs as the gateway does', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'lt-callback-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const file = join(dir, 'callback.json')
  const body = { ...event, messageId: 'b4a09037-33a4-46b8-95a0-bd755fe000a9', reply: { header: {}, body: { note: 'Hồ sơ đã tiếp nhận' } } }
  await writeFile(file, JSON.stringify(body, null, 2))
  const script = join(projectRoot, 'docs', 'examples', 'post-test-callback.sh')
  const run = promisify(execFile)
  const ok = await run('bash', [script, url, secret, file])
  t.equal(ok.stdout.trim(), '204')
  t.equal(received.at(-1)?.messageId, body.messageId)
  t.equal((received.at(-1)?.reply?.body as { note: string }).note, 'Hồ sơ đã tiếp nhận', 'UTF-8 signed byte for byte')
  const bad = await run('bash', [script, url, 'wrong-secret', file])
  t.equal(bad.stdout.trim(), '401')
})
