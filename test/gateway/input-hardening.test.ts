import { randomUUID } from 'node:crypto'
import { connect } from 'node:net'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { envelope, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { normalizeNfc } from '../../src/message-schemas.js'

const ADMIN = 'test-admin-token-0123456789-hardening'
const p = await startPlatform(t, { env: { ADMIN_TOKEN: ADMIN } })
const [citizen, applicant] = sampleCitizens(p.mock(IDS.population), 2)
if (citizen === undefined || applicant === undefined) throw new Error('no sample citizens')
const verifyBody = { citizenId: citizen.citizenId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth }

interface Answer { statusCode: number, body: any, headers: Record<string, unknown> }

async function post (payload: string | Buffer | object, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await p.app.inject({
    method: 'POST',
    url: '/v1/messages',
    headers: { authorization: `Bearer ${KEYS.h29}`, 'content-type': 'application/json', ...headers },
    payload
  })
  return { statusCode: res.statusCode, body: res.json(), headers: res.headers }
}

function assertRefused (t: Test, res: Answer, statusCode: number, code: string, pointer?: string): void {
  t.equal(res.statusCode, statusCode, `status ${statusCode}`)
  t.equal(res.body.code, code)
  t.type(res.body.message, 'string')
  if (pointer !== undefined) t.same(res.body.details?.map((d: { pointer: string }) => d.pointer), [pointer], `points at ${pointer}`)
}

/** `{"header": …, "body": {"nested": [[…]]}}`: the envelope's own two levels plus `depth` arrays. */
function nestedMessage (depth: number): string {
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, verifyBody)
  const json = JSON.stringify(msg)
  return `${json.slice(0, -2)},"nested":${'['.repeat(depth)}${']'.repeat(depth)}}}`
}

t.test('JSON nested deeper than the limit is refused before anything walks it', async (t) => {
  // Before: the NFC normalisation recursed into it and overflowed the stack (500).
  assertRefused(t, await post(nestedMessage(200_000)), 400, 'LT_JSON_TOO_DEEP')
  assertRefused(t, await post(nestedMessage(31)), 400, 'LT_JSON_TOO_DEEP', undefined)
  // 2 levels of envelope + 30 arrays = 32: parsed, then refused by the schema as an extra field.
  assertRefused(t, await post(nestedMessage(30)), 422, 'LT_SCHEMA_INVALID', '/body/nested')
  // Brackets inside strings are text, not nesting.
  const bracketsInText = envelope('citizen.verify', IDS.h29, IDS.population, { ...verifyBody, note: `"[{\\${'['.repeat(500)}` })
  assertRefused(t, await post(bracketsInText), 422, 'LT_SCHEMA_INVALID', '/body/note')
  // The admin API's JSON bodies go through the same parser.
  const admin = await p.app.inject({ method: 'POST', url: '/admin/api/dead-letters/replay', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, payload: `{"messageIds":${'['.repeat(100)}${']'.repeat(100)}}` })
  t.equal(admin.statusCode, 400)
  t.equal(admin.json().code, 'LT_JSON_TOO_DEEP')
})

t.test('normalizeNfc walks any depth without recursion', async (t) => {
  let deep: unknown = 'Nguye\u0302\u0303n'
  for (let i = 0; i < 100_000; i++) deep = i % 2 === 0 ? [deep] : { x: deep }
  t.same(normalizeNfc(deep), [], 'no stack overflow, no problem found')
  let inner: any = deep
  while (typeof inner !== 'string') inner = Array.isArray(inner) ? inner[0] : inner.x
  t.equal(inner, 'Nguyễn', 'the innermost string is NFC')
})

t.test('a declared charset other than UTF-8 is refused (415)', async (t) => {
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, verifyBody)
  for (const contentType of ['application/json; charset=latin1', 'application/json; charset=ISO-8859-1', 'application/json;charset="windows-1258"', 'application/json; charset=utf-16']) {
    assertRefused(t, await post(JSON.stringify(msg), { 'content-type': contentType }), 415, 'LT_UNSUPPORTED_MEDIA_TYPE')
  }
  for (const contentType of ['application/json; charset=utf-8', 'application/json; charset=UTF-8', 'application/json;charset="utf-8"', 'Application/JSON']) {
    const res = await post({ ...msg, header: { ...msg.header, messageId: randomUUID() } }, { 'content-type': contentType })
    t.equal(res.statusCode, 200, `${contentType} is accepted`)
  }
})

t.test('bytes that are not UTF-8 are refused, not replaced', async (t) => {
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, { ...verifyBody, fullName: 'NAME' })
  const json = Buffer.from(JSON.stringify(msg))
  const at = json.indexOf('NAME')
  // "Nguyễn" in Windows-1258 / latin1 bytes: 0xE9 alone is not UTF-8.
  const latin1 = Buffer.concat([json.subarray(0, at), Buffer.from([0x4e, 0x67, 0x75, 0x79, 0xe9, 0x6e]), json.subarray(at + 4)])
  assertRefused(t, await post(latin1), 400, 'LT_MALFORMED_JSON')
  // A surrogate encoded as UTF-8 bytes (CESU-8): not UTF-8 either.
  const cesu = Buffer.concat([json.subarray(0, at), Buffer.from([0xed, 0xa0, 0x80]), json.subarray(at + 4)])
  assertRefused(t, await post(cesu), 400, 'LT_MALFORMED_JSON')
})

t.test('lone surrogates in strings are refused with the pointer of the string', async (t) => {
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, { ...verifyBody, fullName: 'NAME' })
  const lone = JSON.stringify(msg).replace('NAME', 'Nguy\\ud800n')
  const res = await post(lone)
  assertRefused(t, res, 422, 'LT_SCHEMA_INVALID', '/body/fullName')
  t.equal(res.body.messageId, msg.header.messageId)
  const low = JSON.stringify(envelope('dossier.submit', IDS.portal, IDS.h29, { ...dossierBody(applicant), procedureName: 'NAME' })).replace('NAME', 'x\\udc00')
  assertRefused(t, await post(low, { authorization: `Bearer ${KEYS.dvcqg}` }), 422, 'LT_SCHEMA_INVALID', '/body/procedureName')
  const nested = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const inArray = JSON.stringify(nested).replace('"to-khai.pdf"', '"to-khai\\ud83d.pdf"')
  assertRefused(t, await post(inArray, { authorization: `Bearer ${KEYS.dvcqg}` }), 422, 'LT_SCHEMA_INVALID', '/body/documents/0/fileName')
  const inKey = JSON.stringify(msg).replace('"NAME"', '"x","bad\\udfffkey":1')
  const key = await post(inKey)
  assertRefused(t, key, 422, 'LT_SCHEMA_INVALID', '/body/bad\ufffdkey')
  // A pair is a character (an emoji), not a lone surrogate.
  const pair = JSON.stringify(envelope('dossier.submit', IDS.portal, IDS.h29, { ...dossierBody(applicant), procedureName: 'NAME' })).replace('NAME', 'Khai sinh \\ud83d\\udc76')
  t.equal((await post(pair, { authorization: `Bearer ${KEYS.dvcqg}` })).statusCode, 202, 'a surrogate pair is fine')
})

t.test('sentAt more than 5 minutes in the future is refused', async (t) => {
  const at = (ms: number): string => new Date(Date.now() + ms).toISOString()
  for (const sentAt of ['9999-12-31T23:59:59Z', at(10 * 60_000), at(6 * 60_000)]) {
    assertRefused(t, await post(envelope('citizen.verify', IDS.h29, IDS.population, verifyBody, { sentAt })), 422, 'LT_SCHEMA_INVALID', '/header/sentAt')
  }
  // With an offset: 10 minutes ahead, written in Vietnam time.
  const vn = new Date(Date.now() + 10 * 60_000 + 7 * 3_600_000).toISOString().replace('Z', '+07:00')
  assertRefused(t, await post(envelope('citizen.verify', IDS.h29, IDS.population, verifyBody, { sentAt: vn })), 422, 'LT_SCHEMA_INVALID', '/header/sentAt')
  // A sender's clock a little ahead, and old messages (re-sent from a queue), are fine.
  t.equal((await post(envelope('citizen.verify', IDS.h29, IDS.population, verifyBody, { sentAt: at(60_000) }))).statusCode, 200)
  t.equal((await post(envelope('citizen.verify', IDS.h29, IDS.population, verifyBody, { sentAt: '2020-01-01T00:00:00Z' }))).statusCode, 200)
})

t.test('document URLs must be https', async (t) => {
  const withUrl = (url: string): ReturnType<typeof envelope> => {
    const body = dossierBody(applicant)
    ;(body.documents as Array<Record<string, unknown>>)[0]!.url = url
    return envelope('dossier.submit', IDS.portal, IDS.h29, body)
  }
  for (const url of ['file:///etc/passwd', 'http://storage.h29.gov.vn/to-khai.pdf', 'ftp://storage.h29.gov.vn/to-khai.pdf', 'https:///etc/passwd', 'https://user:pw@storage.h29.gov.vn/x.pdf', 'javascript:alert(1)']) {
    assertRefused(t, await post(withUrl(url), { authorization: `Bearer ${KEYS.dvcqg}` }), 422, 'LT_SCHEMA_INVALID', '/body/documents/0/url')
  }
  t.equal((await post(withUrl('https://storage.h29.gov.vn/hoso/to-khai.pdf?v=2'), { authorization: `Bearer ${KEYS.dvcqg}` })).statusCode, 202)
})

t.test('answers that may carry citizen data are not cached', async (t) => {
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, verifyBody)
  const ok = await post(msg)
  t.equal(ok.statusCode, 200)
  t.equal(ok.headers['cache-control'], 'no-store', 'a sync reply')
  t.equal((await post('{')).headers['cache-control'], 'no-store', 'an error')
  const gets = [
    { url: `/v1/messages/${String(msg.header.messageId)}`, auth: KEYS.h29 },
    { url: '/v1/services', auth: KEYS.h29 },
    { url: '/v1/nothing', auth: KEYS.h29 },
    { url: '/admin/api/dead-letters', auth: ADMIN },
    { url: '/admin/api/participants', auth: ADMIN },
    { url: '/admin/api/queues', auth: 'wrong' }
  ]
  for (const { url, auth } of gets) {
    const res = await p.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${auth}` } })
    t.equal(res.headers['cache-control'], 'no-store', `GET ${url} → ${res.statusCode}`)
  }
})

/**
 * Posts `total` bytes over a real socket with `authorization`, 32 KiB at a time, and stops
 * when the gateway closes the connection.
 */
async function upload (port: number, total: number, headers: string): Promise<{ response: string, sent: number, closed: boolean }> {
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  let response = ''
  const state = { closed: false }
  socket.setEncoding('latin1')
  socket.on('data', (chunk: string) => { response += chunk })
  socket.on('close', () => { state.closed = true })
  socket.on('error', () => {}) // EPIPE / ECONNRESET once the gateway has closed
  socket.write(`POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${total}\r\n${headers}\r\n`)
  const chunk = Buffer.alloc(32 * 1024, 0x20)
  let sent = 0
  while (sent < total && !state.closed && !socket.destroyed) {
    const more = socket.write(chunk.subarray(0, Math.min(chunk.length, total - sent)))
    sent += Math.min(chunk.length, total - sent)
    if (!more) await Promise.race([once(socket, 'drain'), once(socket, 'close')])
    await sleep(5)
  }
  const deadline = Date.now() + 2000
  while (!state.closed && Date.now() < deadline) await sleep(20)
  socket.destroy()
  return { response, sent, closed: state.closed }
}

t.test('a request refused before its body is read is answered, then its connection closed', async (t) => {
  await p.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = p.app.server.address() as { port: number }
  const total = 3 * 1024 * 1024
  const wrongKey = await upload(port, total, 'Authorization: Bearer not-a-key\r\nContent-Type: application/json\r\n')
  t.match(wrongKey.response, /^HTTP\/1\.1 401 /, 'the 401 arrives')
  t.match(wrongKey.response, /\r\nconnection: close\r\n/i, 'saying the connection ends')
  t.match(wrongKey.response, /LT_UNAUTHENTICATED/)
  t.ok(wrongKey.closed, 'the gateway closed the connection')
  t.ok(wrongKey.sent < total / 2, `and stopped reading: ${wrongKey.sent} of ${total} bytes sent`)

  const noKey = await upload(port, total, 'Content-Type: application/json\r\n')
  t.match(noKey.response, /^HTTP\/1\.1 401 /)
  t.ok(noKey.closed && noKey.sent < total / 2, `no key: closed after ${noKey.sent} bytes`)

  // A valid key but a body the gateway will not parse: refused before reading, closed as well.
  const text = await upload(port, total, `Authorization: Bearer ${KEYS.h29}\r\nContent-Type: text/plain\r\n`)
  t.match(text.response, /^HTTP\/1\.1 415 /)
  t.ok(text.closed && text.sent < total / 2, `text/plain: closed after ${text.sent} bytes`)

  // A refusal after the body was read keeps the connection (keep-alive) as before.
  const small = JSON.stringify(envelope('citizen.verify', IDS.h62, IDS.population, verifyBody))
  const res = await fetch(`http://127.0.0.1:${port}/v1/messages`, { method: 'POST', headers: { authorization: `Bearer ${KEYS.h29}`, 'content-type': 'application/json' }, body: small })
  t.equal(res.status, 403)
  t.not(res.headers.get('connection'), 'close')
  await res.arrayBuffer()
})
