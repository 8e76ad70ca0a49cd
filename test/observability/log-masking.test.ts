import { PassThrough } from 'node:stream'
import t from 'tap'
import { createLogger } from '../../src/logger.js'
import { maskLogLine, maskPersonalId } from '../../src/observability/log-masking.js'

const ID = '001099012345'
const NAME = 'Nguyễn Thị Thu Hà'
const DOB = '1999-03-17'
const NATIVE_DOB = '17/03/1999'

function capture (): { logger: ReturnType<typeof createLogger>, text: () => string } {
  const stream = new PassThrough()
  const chunks: string[] = []
  stream.on('data', (c) => chunks.push(String(c)))
  return { logger: createLogger('info', stream), text: () => chunks.join('') }
}

t.test('a personal ID keeps its first four digits; anything else in its place is masked whole', async (t) => {
  t.equal(maskPersonalId(ID), '0010********')
  t.equal(maskPersonalId('0010990123'), '[masked]')
  t.equal(maskPersonalId(12), '[masked]')
})

t.test('12-digit numbers in any string are masked; timestamps and messageIds are not', async (t) => {
  const line = JSON.stringify({ time: 1795441107194, messageId: '5f0c1c7e-4b7a-4c8e-9a51-202611220930', msg: `no citizen ${ID} (ID:${ID}); tax code 0300588569; 1234567890123` })
  const masked = maskLogLine(line)
  const parsed = JSON.parse(masked)
  t.equal(parsed.msg, 'no citizen 0010******** (ID:0010********); tax code 0300588569; 1234567890123')
  t.equal(parsed.time, 1795441107194)
  t.equal(parsed.messageId, '5f0c1c7e-4b7a-4c8e-9a51-202611220930', 'a UUID whose last group is all digits stays whole')
  t.equal(JSON.parse(maskLogLine(JSON.stringify({ clientRequestId: `trace-${ID}` }))).clientRequestId, 'trace-0010********', 'after a hyphen that ends no UUID group, still masked')
})

t.test('citizen fields are masked at any depth, also in JSON quoted inside a string', async (t) => {
  const upstream = JSON.stringify({ maKetQua: '01', congDan: { soDinhDanh: ID, hoVaTen: NAME, ngaySinh: NATIVE_DOB } })
  const line = JSON.stringify({ a: { b: { c: { fullName: NAME, dateOfBirth: DOB, note: 'kept' } } }, err: { message: `upstream said ${upstream}` } })
  const masked = maskLogLine(line)
  const parsed = JSON.parse(masked)
  t.same(parsed.a.b.c, { fullName: '[masked]', dateOfBirth: '[masked]', note: 'kept' })
  t.equal(parsed.err.message, 'upstream said {"maKetQua":"01","congDan":{"soDinhDanh":"0010********","hoVaTen":"[masked]","ngaySinh":"[masked]"}}')
  for (const clear of [ID, NAME, DOB, NATIVE_DOB]) t.notOk(masked.includes(clear), `no ${clear}`)
})

t.test('the project logger redacts credentials and masks citizen data whatever code logs', async (t) => {
  const { logger, text } = capture()
  const body = { citizenId: ID, fullName: NAME, dateOfBirth: DOB, applicant: { citizenId: ID, fullName: NAME, dateOfBirth: DOB } }
  logger.info({ body }, 'a careless body dump')
  logger.info({ envelope: { header: { messageId: 'm-1' }, body } }, 'an envelope dump')
  logger.warn({ reply: { body: { citizen: { citizenId: ID, fullName: NAME, dateOfBirth: DOB } } } }, 'a reply dump')
  logger.error({ err: new Error(`lookup of ${ID} failed`) }, 'an error quoting the ID')
  logger.info({ req: { headers: { authorization: 'Bearer lt_dev_secret_key', 'x-api-key': 'k-123', cookie: 's=1' } } }, 'headers')
  const out = text()
  const lines = out.trim().split('\n').map((l) => JSON.parse(l))
  t.equal(lines.length, 5, 'every line is still JSON')
  t.same(lines[0].body, { citizenId: '0010********', fullName: '[masked]', dateOfBirth: '[masked]', applicant: { citizenId: '0010********', fullName: '[masked]', dateOfBirth: '[masked]' } })
  t.equal(lines[1].envelope.header.messageId, 'm-1')
  t.same(lines[2].reply.body.citizen, { citizenId: '0010********', fullName: '[masked]', dateOfBirth: '[masked]' })
  t.match(lines[3].err.message, 'lookup of 0010******** failed')
  t.same(lines[4].req.headers, { authorization: '[Redacted]', 'x-api-key': '[Redacted]', cookie: '[Redacted]' })
  for (const clear of [ID, NAME, DOB, 'lt_dev_secret_key', 'k-123']) t.notOk(out.includes(clear), `no ${clear} in the output`)
})
