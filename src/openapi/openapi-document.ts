import type { AnySchemaObject } from 'ajv'
import { messageExamples, stateExamples, type MessageExample } from './message-examples.js'

/**
 * A copy of a shared schema whose relative `$ref`s (`../definitions.json#/definitions/date`
 * in `services/citizen.verify.v1.json`) are resolved against its `$id`, so they read
 * `definitions.json#/definitions/date`. Ajv resolves relative references by RFC 3986;
 * @fastify/swagger's resolver does not (it takes the reference's path as it is), and left
 * them as dangling `../components/schemas.json` references in the OpenAPI document.
 */
export function withRootRelativeRefs (schema: AnySchemaObject): AnySchemaObject {
  const id = typeof schema.$id === 'string' ? schema.$id : ''
  return rewriteRefs(structuredClone(schema), id) as AnySchemaObject
}

function rewriteRefs (value: unknown, baseId: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, baseId))
  if (value === null || typeof value !== 'object') return value
  const node = value as Record<string, unknown>
  for (const [key, child] of Object.entries(node)) {
    if (key === '$ref' && typeof child === 'string') node.$ref = resolveRef(child, baseId)
    else node[key] = rewriteRefs(child, baseId)
  }
  return node
}

function resolveRef (ref: string, baseId: string): string {
  if (ref.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(ref)) return ref
  const hash = ref.indexOf('#')
  const path = hash === -1 ? ref : ref.slice(0, hash)
  const fragment = hash === -1 ? '' : ref.slice(hash)
  // A scheme of our own gives WHATWG URL a hierarchical base to resolve `..` against.
  const resolved = new URL(path, `lt:/${baseId}`).pathname.replace(/^\//, '')
  return `${resolved}${fragment}`
}

/** OpenAPI 3.1 Example Object. */
export interface ExampleObject {
  summary: string
  description?: string
  value: unknown
}

type MediaTypes = Record<string, { examples?: Record<string, ExampleObject> } | undefined>
interface Operation {
  requestBody?: { content?: MediaTypes }
  responses?: Record<string, { content?: MediaTypes } | undefined>
}
interface OpenapiObject { paths?: Record<string, Record<string, Operation | undefined> | undefined> }

/** Example name of a service: `citizen.verify` → `citizenVerify` (names an OpenAPI `examples` entry). */
export function exampleName (service: string): string {
  return service.replace(/[.-]([a-z])/g, (_m, c: string) => c.toUpperCase())
}

function setExamples (content: MediaTypes | undefined, examples: Record<string, ExampleObject>, where: string): void {
  const media = content?.['application/json']
  if (media === undefined) throw new Error(`the OpenAPI document has no application/json content at ${where}`)
  if (Object.keys(examples).length > 0) media.examples = { ...media.examples, ...examples }
}

function byService (list: readonly MessageExample[], pick: (e: MessageExample) => unknown, note: (e: MessageExample) => string | undefined): Record<string, ExampleObject> {
  const out: Record<string, ExampleObject> = {}
  for (const e of list) {
    const value = pick(e)
    if (value === undefined) continue
    const description = note(e)
    out[exampleName(e.service)] = { summary: e.summary, ...(description !== undefined ? { description } : {}), value }
  }
  return out
}

/**
 * `transformObject` hook of @fastify/swagger: adds the worked example of each service
 * (src/openapi/message-examples.ts) to `POST /v1/messages` (request body, 200 reply,
 * 202 accepted) and `GET /v1/messages/{messageId}` as named OpenAPI `examples`. Route
 * schemas cannot carry them: the generator drops every keyword beside a `$ref`.
 */
export function withMessageExamples<T> (openapiObject: T): T {
  const doc = openapiObject as OpenapiObject
  const post = doc.paths?.['/v1/messages']?.post
  const get = doc.paths?.['/v1/messages/{messageId}']?.get
  if (post === undefined || get === undefined) return openapiObject
  setExamples(post.requestBody?.content, byService(messageExamples, (e) => e.request, (e) => e.description), 'POST /v1/messages request body')
  setExamples(post.responses?.['200']?.content, byService(messageExamples, (e) => e.reply, (e) => e.replyNote), 'POST /v1/messages 200')
  setExamples(post.responses?.['202']?.content, byService(messageExamples, (e) => e.accepted, (e) => e.replyNote), 'POST /v1/messages 202')
  const states: Record<string, ExampleObject> = {}
  for (const s of stateExamples) states[s.name] = { summary: s.summary, value: s.value }
  setExamples(get.responses?.['200']?.content, states, 'GET /v1/messages/{messageId} 200')
  return openapiObject
}
