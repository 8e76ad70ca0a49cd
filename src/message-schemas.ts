import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import {
  agencyCodeProblem, dossierCodeProblem, enterpriseCodeProblem, participantIdProblem, personalIdProblem
} from './identifiers/index.js'
import type { ErrorDetail } from './errors.js'

// ajv-formats ships CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

/** Identifier formats named in schemas/definitions.json, each with the rule that explains a failure. */
export const identifierFormats: Record<string, (value: string) => string | null> = {
  'vn-participant': participantIdProblem,
  'vn-agency-code': agencyCodeProblem,
  'vn-personal-id': (value) => personalIdProblem(value),
  'vn-enterprise-code': enterpriseCodeProblem,
  'vn-dossier-code': dossierCodeProblem
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * A sender's messageId: a UUID of RFC 9562 version 1 to 7 (a random version 4, a time-ordered
 * version 7, ...). Version 8 is the gateway's own: it keeps a sender's message apart under one
 * when another sender used the same messageId first, and a sender must not be able to take it.
 */
export function messageIdProblem (value: string): string | null {
  if (!UUID.test(value)) return 'must be a UUID (e.g. a random version 4 or a time-ordered version 7)'
  const version = value[14] ?? ''
  if (version < '1' || version > '7') return `is a version ${version} UUID: use version 1 to 7 (4 or 7 usually); version 8 is reserved for the gateway's own ids`
  return null
}

/** Formats that are not identifiers of the domain, each with the rule that explains a failure. */
const otherFormats: Record<string, (value: string) => string | null> = {
  'message-id': messageIdProblem
}

export type ServiceMode = 'sync' | 'async'

/**
 * The rules a service declares beside its schema (`x-lienthong.policy`), which the gateway applies
 * wherever the message goes: no code names a service to decide them.
 */
export interface ServicePolicy {
  /** The reply's `citizen` record is cut to the fields the sender's right lists (the ID number alone without a list). */
  citizenFields: boolean
  /** The reply says match or no-match; the mismatched fields only with a `fieldDetail` right, and only those the sender may look up. */
  matchOnly: boolean
  /** No-match answers per sender and ID number are limited (VERIFY_MAX_MISMATCHES in VERIFY_LOCK_SECONDS): no guessing a date of birth. */
  noMatchLimit: boolean
  /** A delivered message's reply names the dossier code its receiver registered: from then on the receiver holds the dossier. */
  dossierHolder: boolean
  /** A change of a dossier's status: checked against the dossier lifecycle and its holder, and delivered in the order accepted. */
  dossierLifecycle: boolean
}

const NO_POLICY: ServicePolicy = { citizenFields: false, matchOnly: false, noMatchLimit: false, dossierHolder: false, dossierLifecycle: false }

/** A schema's declared policy; a rule the gateway does not know stops the start (a misspelt rule must not be silently off). */
function policyOf (schemaId: string, declared: Record<string, unknown> = {}): ServicePolicy {
  const unknown = Object.keys(declared).filter((k) => !(k in NO_POLICY))
  if (unknown.length > 0) throw new Error(`${schemaId}: x-lienthong.policy has rules the gateway does not know: ${unknown.join(', ')} (known: ${Object.keys(NO_POLICY).join(', ')})`)
  const policy = { ...NO_POLICY }
  for (const [k, v] of Object.entries(declared)) {
    if (typeof v !== 'boolean') throw new Error(`${schemaId}: x-lienthong.policy.${k} must be true or false`)
    policy[k as keyof ServicePolicy] = v
  }
  return policy
}

/** What a service schema's `x-lienthong` block declares. */
export interface ServiceDefinition {
  service: string
  version: string
  mode: ServiceMode
  /** Adapter kind of the systems that serve it (e.g. `population`). */
  receiver: string
  /**
   * Its replies carry citizen data: kept only REPLY_RETENTION_HOURS (as long as an idempotent
   * re-post needs them), after which the message state keeps their hash alone.
   */
  personalData: boolean
  /** The gateway issues the message a dossier code for its `receivingAgency` (`x-lienthong.issuesDossierCode`). */
  issuesDossierCode: boolean
  /** Its rules (`x-lienthong.policy`; unnamed ones are off). */
  policy: ServicePolicy
  title: string
  description: string
  /** `$id` of the request body schema; its reply is at `<$id>#/definitions/reply`. */
  schemaId: string
  schema: AnySchemaObject
  validateRequest: ValidateFunction
  validateReply: ValidateFunction
}

/** All schemas of `schemas/`, compiled once, and the service catalog they define. */
export class MessageSchemas {
  readonly ajv: Ajv
  /** Every schema document by `$id`, for Fastify's `addSchema` and the OpenAPI document. */
  readonly documents: AnySchemaObject[]
  private readonly services = new Map<string, Map<string, ServiceDefinition>>()

  private constructor (ajv: Ajv, documents: AnySchemaObject[]) {
    this.ajv = ajv
    this.documents = documents
  }

  /** Loads and compiles every schema under `dir` (envelope, definitions, services/*). */
  static async load (dir: string): Promise<MessageSchemas> {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).map((f) => join(dir, f))
    const serviceFiles = (await readdir(join(dir, 'services'))).filter((f) => f.endsWith('.json')).map((f) => join(dir, 'services', f))
    const documents: AnySchemaObject[] = []
    for (const file of [...files, ...serviceFiles]) documents.push(JSON.parse(await readFile(file, 'utf8')))

    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, useDefaults: true, coerceTypes: false })
    addFormats(ajv)
    for (const [name, problem] of Object.entries({ ...identifierFormats, ...otherFormats })) {
      ajv.addFormat(name, { type: 'string', validate: (value: string) => problem(value) === null })
    }
    ajv.addKeyword({ keyword: 'x-lienthong', schemaType: 'object' })
    for (const doc of documents) ajv.addSchema(doc)

    const schemas = new MessageSchemas(ajv, documents)
    for (const doc of documents) {
      const meta = doc['x-lienthong'] as { service: string, version: string, mode: ServiceMode, receiver: string, personalData?: boolean, issuesDossierCode?: boolean, policy?: Partial<ServicePolicy> } | undefined
      if (meta === undefined) continue
      const id = doc.$id as string
      const def: ServiceDefinition = {
        ...meta,
        personalData: meta.personalData === true,
        issuesDossierCode: meta.issuesDossierCode === true,
        policy: policyOf(doc.$id as string, meta.policy),
        title: String(doc.title ?? meta.service),
        description: String(doc.description ?? ''),
        schemaId: id,
        schema: doc,
        validateRequest: ajv.getSchema(id) as ValidateFunction,
        validateReply: ajv.compile({ $ref: `${id}#/definitions/reply` })
      }
      const versions = schemas.services.get(meta.service) ?? new Map<string, ServiceDefinition>()
      versions.set(meta.version, def)
      schemas.services.set(meta.service, versions)
    }
    return schemas
  }

  /** The versions of a service, or undefined when no such service exists. */
  versionsOf (service: string): Map<string, ServiceDefinition> | undefined {
    return this.services.get(service)
  }

  /** The rules of a service version (none for an unknown one). */
  policyOf (service: string, version: string): ServicePolicy {
    return this.services.get(service)?.get(version)?.policy ?? NO_POLICY
  }

  all (): ServiceDefinition[] {
    return [...this.services.values()].flatMap((versions) => [...versions.values()])
  }

  validator (id: string): ValidateFunction {
    const validate = this.ajv.getSchema(id)
    if (validate === undefined) throw new Error(`no schema ${id}`)
    return validate
  }
}

/**
 * Turns ajv errors into error details whose pointers lead into the posted document
 * (`prefix` is where the validated value sits in it, e.g. `/body`).
 */
export function toDetails (errors: ErrorObject[] | null | undefined, prefix = ''): ErrorDetail[] {
  const details: ErrorDetail[] = []
  const seen = new Set<string>()
  for (const e of errors ?? []) {
    let pointer = prefix + e.instancePath
    let problem = e.message ?? 'is invalid'
    if (e.keyword === 'required') {
      pointer += `/${escapePointer((e.params as { missingProperty: string }).missingProperty)}`
      problem = 'is required'
    } else if (e.keyword === 'additionalProperties') {
      pointer += `/${escapePointer((e.params as { additionalProperty: string }).additionalProperty)}`
      problem = 'is not an allowed field'
    } else if (e.keyword === 'format') {
      const format = (e.params as { format: string }).format
      const rule = identifierFormats[format] ?? otherFormats[format]
      if (rule !== undefined && typeof e.data === 'string') problem = rule(e.data) ?? problem
    } else if (e.keyword === 'enum') {
      problem = `must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
    } else if (e.keyword === 'const') {
      problem = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`
    }
    const key = `${pointer}\u0000${problem}`
    if (seen.has(key)) continue
    seen.add(key)
    details.push({ pointer, problem })
  }
  return details
}

/** True when every error is a failed identifier format (agency code, personal ID, ...). */
export function onlyIdentifierErrors (errors: ErrorObject[] | null | undefined): boolean {
  const list = errors ?? []
  return list.length > 0 && list.every((e) => e.keyword === 'format' && (e.params as { format: string }).format in identifierFormats)
}

function escapePointer (token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1')
}

declare global {
  // ES2024, in V8 since Node 20; TypeScript's ES2023 lib does not declare them yet.
  interface String {
    isWellFormed: () => boolean
    toWellFormed: () => string
  }
}

const ILL_FORMED = 'is not well-formed Unicode (a lone surrogate)'

/**
 * Normalizes every string of a parsed JSON value to Unicode NFC, in place (Vietnamese text typed
 * in NFD must still match), and answers where a string or a key holds a lone surrogate (text no
 * system can store or compare): one detail per bad string, its pointer under `prefix`.
 * Iterative, so no nesting overflows the stack; pointers are only built when something is wrong.
 */
export function normalizeNfc (value: unknown, prefix = ''): ErrorDetail[] {
  if (typeof value === 'string') return value.isWellFormed() ? [] : [{ pointer: prefix, problem: ILL_FORMED }]
  let illFormed = false
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const node = pending.pop()
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i]
        if (typeof item === 'string') {
          if (item.isWellFormed()) node[i] = item.normalize('NFC')
          else illFormed = true
        } else if (item !== null && typeof item === 'object') {
          pending.push(item)
        }
      }
    } else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>
      for (const key of Object.keys(record)) {
        const item = record[key]
        if (!key.isWellFormed()) illFormed = true
        if (typeof item === 'string') {
          if (item.isWellFormed()) record[key] = item.normalize('NFC')
          else illFormed = true
        } else if (item !== null && typeof item === 'object') {
          pending.push(item)
        }
      }
    }
  }
  return illFormed ? illFormedText(value, prefix) : []
}

/** The pointers of the ill-formed strings and keys in `value` (iterative as well). */
function illFormedText (value: unknown, prefix: string): ErrorDetail[] {
  const details: ErrorDetail[] = []
  const pending: Array<[unknown, string]> = [[value, prefix]]
  while (pending.length > 0) {
    const [node, pointer] = pending.pop() as [unknown, string]
    if (typeof node === 'string') {
      if (!node.isWellFormed()) details.push({ pointer, problem: ILL_FORMED })
    } else if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node)
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i] as [string, unknown]
        const at = `${pointer}/${escapePointer(key.toWellFormed())}`
        if (!key.isWellFormed()) details.push({ pointer: at, problem: 'is a key that is not well-formed Unicode (a lone surrogate)' })
        pending.push([item, at])
      }
    }
  }
  return details
}
