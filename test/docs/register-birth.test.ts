import { execFile } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { missingDocuments, runProcedureGroup } from '../../docs/examples/register-birth.js'
import { newEnvelope } from '../../docs/examples/send-message.js'
import { messageExamples } from '../../src/openapi/message-examples.js'
import { projectRoot } from '../../src/project-paths.js'
import { KEYS, startPlatform } from '../helpers/platform.js'

// The guide's procedure-group code against the gateway on a real port.
const p = await startPlatform(t, { workers: true })
await p.app.listen({ port: 0, host: '127.0.0.1' })
const baseUrl = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`
const example = messageExamples.find((e) => e.service === 'birth.register')
if (example === undefined) throw new Error('no birth.register example')

t.test('the guide\'s example runs the group, bringing the medical birth certificate when asked', async (t) => {
  const { documents, ...body } = example.request.body as { documents: Array<{ kind?: string }> }
  const group = newEnvelope({ service: 'birth.register', from: example.request.header.from, to: example.request.header.to }, { ...body, documents: documents.filter((d) => d.kind !== 'medical-birth-certificate') })
  const asked: string[] = []
  const state = await runProcedureGroup(group, {
    baseUrl,
    apiKey: KEYS.h29,
    intervalMs: 100,
    maxWaitMs: 30_000,
    supply: async (missing) => {
      asked.push(...missing.map((m) => m.kind))
      return documents.filter((d) => missing.some((m) => m.kind === d.kind))
    }
  })
  t.same(asked, ['medical-birth-certificate'], 'asked once, for the birth certificate')
  t.equal(state.status, 'delivered')
  t.equal(state.flowState, 'completed')
  t.equal(state.steps?.[0]?.round, 2)
  t.match(state.reply?.body.childCitizenId, /^079\d{9}$/)
  t.same(missingDocuments(state), [], 'nothing missing any more')
})

t.test('without the documents the group waits; the example gives up when told to', async (t) => {
  const { documents, ...body } = example.request.body as { documents: Array<{ kind?: string }> }
  const group = newEnvelope({ service: 'birth.register', from: example.request.header.from, to: example.request.header.to }, { ...body, child: { ...(body as any).child, fullName: 'Hoàng Gia Huy' }, documents: documents.filter((d) => d.kind !== 'medical-birth-certificate') })
  const rejected = runProcedureGroup(group, { baseUrl, apiKey: KEYS.h29, intervalMs: 100, maxWaitMs: 3_000, supply: async () => undefined })
  await t.rejects(rejected, /still supplement-requested/)
})

t.test('run as a script, it registers a birth, supplying the birth certificate when asked', async (t) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(projectRoot, 'docs', 'examples', 'register-birth.ts')], {
    cwd: projectRoot,
    env: { ...process.env, LIENTHONG_URL: baseUrl, LIENTHONG_API_KEY: KEYS.h29 }
  })
  t.match(stdout, /asked for: Giấy chứng sinh; supplying it/)
  t.match(stdout, /civil-status\s+delivered\s+round 2/)
  t.match(stdout, /residence\s+delivered\s+round 1/)
  t.match(stdout, /"childCitizenId": "079\d{9}"/)
})
