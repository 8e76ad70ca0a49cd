// Checks an OpenAPI 3.1 document: the standard validator (@readme/openapi-parser: the OpenAPI
// 3.1 schema, path parameters, operationIds, $ref pointers), then what it leaves out and an
// integrator would trip over: references leaving the document, unknown security schemes,
// component schemas that are not valid JSON Schema 2020-12, and examples that contradict
// their own schemas.
import { validate, compileErrors } from '@readme/openapi-parser'
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { identifierFormats } from '../../src/message-schemas.js'

// ajv-formats ships CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

export interface LintResult {
  errors: string[]
  warnings: string[]
}

type Json = Record<string, unknown>

function isObject (value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function escapePointer (token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1')
}

function unescapePointer (token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~')
}

function resolvePointer (doc: unknown, pointer: string): unknown {
  let node = doc
  for (const token of pointer.split('/').slice(1)) {
    if (!isObject(node) && !Array.isArray(node)) return undefined
    node = (node as Json)[unescapePointer(token)]
  }
  return node
}

/** Every `$ref` in the document with the JSON pointer of the object that holds it. */
function collectRefs (value: unknown, at: string, out: Array<{ at: string, ref: string }>): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectRefs(item, `${at}/${i}`, out))
    return
  }
  if (!isObject(value)) return
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') out.push({ at, ref: child })
    else collectRefs(child, `${at}/${escapePointer(key)}`, out)
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

interface Media { at: string, media: Json }

/** Media type objects of request bodies and responses, with their pointers. */
function mediaObjects (doc: Json): Media[] {
  const out: Media[] = []
  const paths = isObject(doc.paths) ? doc.paths : {}
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue
    for (const method of METHODS) {
      const op = item[method]
      if (!isObject(op)) continue
      const base = `/paths/${escapePointer(path)}/${method}`
      const containers: Array<[string, unknown]> = [[`${base}/requestBody`, op.requestBody]]
      if (isObject(op.responses)) {
        for (const [status, response] of Object.entries(op.responses)) containers.push([`${base}/responses/${status}`, response])
      }
      for (const [at, container] of containers) {
        if (!isObject(container) || !isObject(container.content)) continue
        for (const [type, media] of Object.entries(container.content)) {
          if (isObject(media)) out.push({ at: `${at}/content/${escapePointer(type)}`, media })
        }
      }
    }
  }
  return out
}

function describe (errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).slice(0, 5).map((e) => `${e.instancePath === '' ? '/' : e.instancePath} ${e.message ?? 'is invalid'}`).join('; ')
}

function projectChecks (doc: Json): string[] {
  const problems: string[] = []
  const components = isObject(doc.components) ? doc.components : {}
  const schemas = isObject(components.schemas) ? components.schemas : {}

  const refs: Array<{ at: string, ref: string }> = []
  collectRefs(doc, '', refs)
  for (const { at, ref } of refs) {
    if (!ref.startsWith('#/')) problems.push(`${at}: $ref "${ref}" leaves the document (a published document must stand alone)`)
  }
  for (const name of Object.keys(schemas)) {
    if (/^def-\d+$/.test(name)) problems.push(`/components/schemas/${name}: a shared schema lost its name (give it an $id)`)
  }

  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {}
  const requirements: Array<{ at: string, list: unknown }> = [{ at: '/security', list: doc.security }]
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    for (const method of METHODS) {
      const op = isObject(item) ? item[method] : undefined
      if (isObject(op)) requirements.push({ at: `/paths/${escapePointer(path)}/${method}/security`, list: op.security })
    }
  }
  for (const { at, list } of requirements) {
    if (!Array.isArray(list)) continue
    for (const requirement of list) {
      for (const name of Object.keys(isObject(requirement) ? requirement : {})) {
        if (schemes[name] === undefined) problems.push(`${at}: security scheme "${name}" is not in components.securitySchemes`)
      }
    }
  }

  // OpenAPI 3.1 schema objects are JSON Schema 2020-12; the document is the schema root, so
  // "#/components/schemas/x" references resolve as they do for a reader of the document.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: true, logger: false })
  addFormats(ajv)
  for (const [name, problem] of Object.entries(identifierFormats)) {
    ajv.addFormat(name, { type: 'string', validate: (value: string) => problem(value) === null })
  }
  const root = 'urn:lienthong:openapi'
  for (const [name, schema] of Object.entries(schemas)) {
    if (!ajv.validateSchema(schema as object)) problems.push(`/components/schemas/${name}: not a valid JSON Schema 2020-12: ${describe(ajv.errors)}`)
  }
  // Examples are checked against schemas that stand: a broken schema has been reported already.
  if (problems.some((problem) => problem.includes('leaves the document') || problem.includes('not a valid JSON Schema'))) return problems
  ajv.addSchema({ ...doc, $id: root }, undefined, undefined, false)

  function check (schemaAt: string, value: unknown, where: string): void {
    let validateExample
    try {
      validateExample = ajv.compile({ $ref: `${root}#${schemaAt}` })
    } catch (err) {
      problems.push(`${schemaAt}: the schema does not compile: ${(err as Error).message}`)
      return
    }
    if (!validateExample(value)) problems.push(`${where}: the example does not match its schema: ${describe(validateExample.errors)}`)
  }
  for (const [name, schema] of Object.entries(schemas)) {
    const examples = isObject(schema) && Array.isArray(schema.examples) ? schema.examples : []
    examples.forEach((example, i) => { check(`/components/schemas/${escapePointer(name)}`, example, `/components/schemas/${name}/examples/${i}`) })
  }
  for (const { at, media } of mediaObjects(doc)) {
    if (media.schema === undefined) continue
    if (media.example !== undefined) check(`${at}/schema`, media.example, `${at}/example`)
    for (const [name, example] of Object.entries(isObject(media.examples) ? media.examples : {})) {
      const resolved = isObject(example) && typeof example.$ref === 'string' ? resolvePointer(doc, example.$ref.slice(1)) : example
      if (isObject(resolved) && 'value' in resolved) check(`${at}/schema`, resolved.value, `${at}/examples/${name}`)
    }
  }
  return problems
}

/**
 * Lints an OpenAPI document (the object, not a file name: nothing outside it is read).
 * Errors make the document unfit to publish; warnings are the validator's advice.
 */
export async function lintOpenapi (document: unknown): Promise<LintResult> {
  if (!isObject(document)) return { errors: ['the document is not a JSON object'], warnings: [] }
  const doc = structuredClone(document)
  const errors: string[] = []
  let warnings: string[] = []
  try {
    // Nothing is fetched: references that leave the document are errors of their own (below).
    const result = await validate(structuredClone(doc) as unknown as Parameters<typeof validate>[0], { resolve: { external: false, file: false } })
    warnings = result.warnings.map((w) => w.message)
    if (!result.valid) errors.push(compileErrors(result).trim())
  } catch (err) {
    errors.push(`the validator could not read the document: ${(err as Error).message}`)
  }
  errors.push(...projectChecks(doc))
  return { errors, warnings }
}
