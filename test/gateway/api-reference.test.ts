import { randomUUID } from 'node:crypto'
import t from 'tap'
import { eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { identifierAgreement } from '../../src/intake/message-intake.js'
import { MessageSchemas } from '../../src/message-schemas.js'
import { exampleName } from '../../src/openapi/openapi-document.js'
import { messageExamples, stateExamples } from '../../src/openapi/message-examples.js'
import { schemasDir } from '../../src/project-paths.js'
import { lintOpenapi } from '../../scripts/lib/openapi-lint.js'

const ADMIN = 'api-reference-admin-token-42-0123456'
const p = await startPlatform(t, { workers: true, env: { ADMIN_TOKEN: ADMIN } })
const schemas = await MessageSchemas.load(schemasDir)
const doc = (await p.app.inject({ method: 'GET', url: '/docs/json' })).json()
const keyOf: Record<string, string> = { [IDS.h29]: KEYS.h29, [IDS.h62]: KEYS.h62, [IDS.portal]: KEYS.dvcqg }
// The services a participant of the sample registry may send (the procedure groups' step services are sent by the gateway).
const SERVICES = ['citizen.verify', 'citizen.lookup', 'enterprise.lookup', 'dossier.submit', 'dossier.status', 'birth.register', 'death.register', 'dossier.supplement']
const ERROR_REF = '#/components/schemas/error'

type Operation = { method: string, path: string, op: any }
const operations: Operation[] = Object.entries(doc.paths as Record<string, Record<string, any>>)
  .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method, path, op })))

function media (response: any): any {
  return response?.content?.['application/json']
}

function valid (id: string, value: unknown): string[] {
  const validate = schemas.validator(id)
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`)
}

t.test('the served document passes the standard OpenAPI 3.1 validator and the project checks', async (t) => {
  const { errors } = await lintOpenapi(p.app.swagger())
  t.same(errors, [], 'no problems')
  t.equal(doc.openapi, '3.1.0')
})

t.test('shared schemas keep their names and every $ref stays in the document', async (t) => {
  const names = Object.keys(doc.components.schemas)
  for (const name of ['envelope', 'envelope-header', 'error', 'message-accepted', 'message-state', 'definitions-personalId', 'definitions-agencyCode']) {
    t.ok(names.includes(name), `component ${name}`)
  }
  for (const service of SERVICES) {
    t.ok(names.includes(`${service}.v1`), `component ${service}.v1`)
    t.ok(names.includes(`${service}.v1-reply`), `component ${service}.v1-reply`)
  }
  t.same(names.filter((n) => /^def-\d+$/.test(n)), [], 'no def-N component')
  const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]*)"/g)].map((m) => m[1] as string)
  t.ok(refs.length > 50)
  const dangling = refs.filter((r) => !r.startsWith('#/components/schemas/') || !names.includes(decodeURIComponent(r.slice('#/components/schemas/'.length))))
  t.same(dangling, [], 'every $ref names a component of the document')
  // Service schemas refer to the shared identifier definitions, not to files beside them.
  t.equal(doc.components.schemas['citizen.verify.v1'].properties.citizenId.$ref, '#/components/schemas/definitions-personalId')
})

t.test('every route declares its error replies with the error schema', async (t) => {
  const post = operations.find((o) => o.method === 'post' && o.path === '/v1/messages')?.op
  t.same(Object.keys(post.responses).filter((s) => Number(s) >= 400).sort(), ['400', '401', '403', '409', '410', '413', '415', '422', '429', '500', '502', '503'])
  for (const { method, path, op } of operations) {
    const where = `${method.toUpperCase()} ${path}`
    const statuses = Object.keys(op.responses)
    if (op.security !== undefined) t.ok(statuses.includes('401'), `${where} declares 401`)
    if (path.includes('{')) {
      t.ok(statuses.includes('400'), `${where} declares 400 (bad path parameter)`)
      t.ok(statuses.includes('404'), `${where} declares 404`)
    }
    for (const status of statuses.filter((s) => Number(s) >= 400)) {
      if (path === '/health/ready') continue // readiness answers with the health body, by design
      if (path === '/oauth2/token') continue // RFC 6749 §5.2 errors (`error`) beside the usual fields, by design
      t.equal(media(op.responses[status])?.schema?.$ref, ERROR_REF, `${where} ${status} uses the error schema`)
      t.notMatch(op.responses[status].description, /^Default Response$/, `${where} ${status} is described`)
    }
    const success = statuses.filter((s) => s.startsWith('2'))
    t.ok(success.length > 0, `${where} declares its success reply`)
  }
})

/** A concrete URL for a templated path; `value` fills every parameter. */
function fill (path: string, value: string): string {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(value))
}

function credential (path: string): string {
  return path.startsWith('/admin/') ? ADMIN : KEYS.h29
}

t.test('the declared errors are what the routes answer', async (t) => {
  const errorSchema = schemas.validator('error.json')
  for (const { method, path, op } of operations) {
    const where = `${method.toUpperCase()} ${path}`
    const declared = Object.keys(op.responses)
    const call = async (url: string, auth?: string): Promise<{ statusCode: number, body: any }> => {
      const res = await p.app.inject({ method: method.toUpperCase() as 'GET', url, headers: auth === undefined ? {} : { authorization: `Bearer ${auth}` } })
      return { statusCode: res.statusCode, body: res.body === '' ? undefined : res.json() }
    }
    const realistic = fill(path, path.includes('{messageId}') ? randomUUID() : path.includes('{receiver}') ? 'VN:GOV:000.00.00.H99:khong' : 'khong.co')
    if (op.security !== undefined) {
      const res = await call(realistic)
      t.equal(res.statusCode, 401, `${where} without a credential`)
      // The token endpoint's errors carry RFC 6749's `error` and `error_description` beside the usual fields.
      const { error: _error, error_description: _description, ...usual } = path === '/oauth2/token' ? res.body : { ...res.body, error: undefined, error_description: undefined }
      t.ok(errorSchema(usual), `${where} 401 body has the error shape`)
    }
    if (path.includes('{')) {
      const bad = await call(fill(path, 'x'.repeat(100)), credential(path))
      t.equal(bad.statusCode, 400, `${where} with a bad path parameter`)
      t.equal(bad.body.code, 'LT_BAD_REQUEST')
      t.ok(declared.includes('400'))
      const missing = await call(realistic, credential(path))
      t.equal(missing.statusCode, 404, `${where} of something that does not exist`)
      t.ok(errorSchema(missing.body), `${where} 404 body has the error shape`)
    }
  }
})

t.test('one named example per service on POST /v1/messages, from the shared example data', async (t) => {
  const post = operations.find((o) => o.method === 'post' && o.path === '/v1/messages')?.op
  const requests = media(post.requestBody).examples
  t.same(Object.keys(requests).sort(), SERVICES.map(exampleName).sort())
  const replies = media(post.responses['200']).examples
  const accepted = media(post.responses['202']).examples
  for (const e of messageExamples) {
    const name = exampleName(e.service)
    t.same(requests[name].value, e.request, `${e.service}: request example is the shared data`)
    t.match(requests[name].summary, e.service)
    t.equal(requests[name].value.header.service, e.service)
    const mode = schemas.versionsOf(e.service)?.get('1')?.mode
    if (mode === 'sync') {
      t.same(replies[name].value, e.reply, `${e.service}: 200 example`)
      t.notOk(accepted[name])
    } else {
      t.same(accepted[name].value, e.accepted, `${e.service}: 202 example`)
      t.notOk(replies[name])
    }
  }
  const states = media(operations.find((o) => o.method === 'get' && o.path === '/v1/messages/{messageId}')?.op.responses['200']).examples
  t.same(Object.keys(states).sort(), stateExamples.map((s) => s.name).sort())
})

t.test('every example is valid by the gateway\'s own schemas and identifier rules', async (t) => {
  for (const e of messageExamples) {
    const definition = schemas.versionsOf(e.request.header.service)?.get(e.request.header.version)
    if (definition === undefined) { t.fail(`no schema for ${e.service}`); continue }
    t.same(valid('envelope.json', e.request), [], `${e.service}: request envelope`)
    t.ok(definition.validateRequest(e.request.body), `${e.service}: request body`)
    t.same(identifierAgreement(e.request.body, '/body'), [], `${e.service}: identifiers agree`)
    t.equal(e.request.header.from, e.sender)
    const reply = e.reply ?? e.eventualReply
    if (reply === undefined) { t.fail(`${e.service} shows no reply`); continue }
    t.same(valid('envelope.json', reply), [], `${e.service}: reply envelope`)
    t.ok(definition.validateReply(reply.body), `${e.service}: reply body matches the reply schema`)
    t.equal(reply.header.inReplyTo, e.request.header.messageId)
    t.equal(reply.header.from, e.request.header.to)
    t.equal(reply.header.to, e.request.header.from)
    if (definition.mode === 'async') {
      t.same(valid('message-accepted.json', e.accepted), [], `${e.service}: 202 body`)
      t.equal(e.accepted?.statusUrl, `/v1/messages/${e.request.header.messageId}`)
    }
  }
  for (const s of stateExamples) t.same(valid('message-state.json', s.value), [], `state example ${s.name}`)
})

t.test('posted with the sample keys, the examples get the answers they show', async (t) => {
  const delivered = stateExamples.find((s) => s.name === 'dossierSubmitDelivered')?.value
  const completed = stateExamples.find((s) => s.name === 'birthRegisterCompleted')?.value
  for (const e of messageExamples) {
    const res = await p.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${keyOf[e.sender] ?? ''}` }, payload: e.request })
    const body = res.json()
    if (e.service === 'dossier.supplement') {
      // It supplies a dossier that waits for documents: this one is not the sender's (the flow tests send one that is).
      t.equal(res.statusCode, 403, 'dossier.supplement of a dossier that is not waiting for it')
      t.equal(body.code, 'LT_DOSSIER_FORBIDDEN')
      continue
    }
    const flow = e.service === 'birth.register' || e.service === 'death.register'
    const definition = schemas.versionsOf(e.service)?.get('1')
    if (e.reply !== undefined) {
      t.equal(res.statusCode, 200, `${e.service}: 200`)
      t.same(body.body, e.reply.body, `${e.service}: the reply body shown`)
      const { messageId, sentAt, ...header } = body.header
      const { messageId: _id, sentAt: _at, ...shown } = e.reply.header
      t.same(header, shown, `${e.service}: the reply header shown, apart from its own messageId and sentAt`)
      t.match(messageId, /^[0-9a-f-]{36}$/)
      t.not(messageId, e.request.header.messageId)
      t.match(sentAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/)
      continue
    }
    t.equal(res.statusCode, 202, `${e.service}: 202`)
    t.equal(res.headers.location, e.accepted?.statusUrl)
    t.equal(body.messageId, e.accepted?.messageId)
    t.equal(body.statusUrl, e.accepted?.statusUrl)
    // A worker may take the message before the answer is written.
    t.ok(['queued', 'delivering', 'delivered'].includes(body.status), `${e.service}: status ${String(body.status)}`)
    const state = await eventually(async () => {
      const s = await p.state(e.request.header.messageId, keyOf[e.sender])
      return s.body.status === 'delivered' ? s.body : undefined
    }, 30_000, `${e.service} delivered`)
    t.same(valid('message-state.json', state), [], `${e.service}: state shape`)
    t.ok(definition?.validateReply(state.reply.body), `${e.service}: the delivered reply matches the reply schema`)
    t.same(Object.keys(state.reply.body).sort(), Object.keys(e.eventualReply?.body ?? {}).sort(), `${e.service}: the reply has the fields shown`)
    t.equal(state.reply.header.inReplyTo, e.request.header.messageId)
    t.equal(state.reply.header.correlationId, e.request.header.correlationId)
    // A dossier code is issued to dossier.submit and the procedure groups alone; a group shows its steps.
    const shown = Object.keys((flow ? completed : delivered) ?? {}).filter((k) => e.service === 'dossier.submit' || flow || k !== 'dossierCode')
    t.same(Object.keys(state).sort(), shown.sort(), `${e.service}: the state has the fields the example shows`)
    t.same(state.history.map((h: any) => h.status), delivered?.history?.map((h) => h.status), `${e.service}: the history the example shows`)
    if (e.service === 'dossier.submit') {
      t.match(state.reply.body.dossierCode, /^000\.00\.01\.H29-\d{6}-0001$/)
      t.equal(body.dossierCode, state.reply.body.dossierCode, 'the 202 named the code the one-stop system registered')
    }
    if (e.service === 'dossier.status') t.equal(state.reply.body.status, e.request.body.status)
  }
})
