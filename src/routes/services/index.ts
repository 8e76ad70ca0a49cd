import type { FastifyInstance } from 'fastify'
import { errors } from '../../errors.js'
import { errorResponses, participantSecurity } from '../error-responses.js'

const serviceEntry = {
  type: 'object',
  additionalProperties: false,
  required: ['service', 'mode', 'title', 'versions', 'receivers'],
  properties: {
    service: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    mode: { type: 'string', enum: ['sync', 'async'] },
    versions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['version', 'schemaUrl'],
        properties: { version: { type: 'string' }, schemaUrl: { type: 'string' } }
      }
    },
    receivers: {
      description: 'Receivers this caller may send the service to.',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name'],
        properties: { id: { type: 'string' }, name: { type: 'string' } }
      }
    },
    fields: { description: 'citizen.lookup: the record fields this caller may see.', type: 'array', items: { type: 'string' } }
  }
} as const

export default async function serviceRoutes (app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.authenticate)
  app.addHook('onRequest', app.limits.reads)

  app.get('/v1/services', {
    schema: {
      tags: ['services'],
      summary: 'The services you may use',
      description: 'The service catalog, limited to the caller\'s access rights: mode, receivers, versions and schema links.',
      security: participantSecurity,
      response: {
        200: { description: 'The services you may use, with their receivers and schema links.', type: 'object', additionalProperties: false, required: ['services'], properties: { services: { type: 'array', items: serviceEntry } } },
        ...errorResponses([401, 429, 500, 503])
      }
    }
  }, async (request) => {
    const sender = request.participant
    const services = []
    // An access token narrows the catalog to its scope.
    const scope = request.credential.scope
    for (const right of sender.rights) {
      if (scope !== undefined && !scope.includes(right.service)) continue
      const versions = app.schemas.versionsOf(right.service)
      const first = versions?.values().next().value
      if (versions === undefined || first === undefined) continue
      const receivers = app.registry.receivers()
        .filter((r) => r.endpoint.services.includes(right.service) && app.registry.mayUse(sender, right.service, r.id))
        .map((r) => ({ id: r.id, name: r.name }))
      services.push({
        service: right.service,
        title: first.title,
        description: first.description,
        mode: first.mode,
        versions: [...versions.keys()].map((version) => ({ version, schemaUrl: `/v1/services/${right.service}/schema?version=${version}` })),
        receivers,
        ...(right.fields !== undefined ? { fields: right.fields } : {})
      })
    }
    return { services }
  })

  app.get<{ Params: { service: string }, Querystring: { version?: string } }>('/v1/services/:service/schema', {
    schema: {
      tags: ['services'],
      summary: 'The JSON Schema of a service\'s body',
      description: 'The request body schema; its reply schema is under definitions.reply. Shared definitions are at /v1/schemas/definitions.json.',
      security: participantSecurity,
      params: { type: 'object', required: ['service'], properties: { service: { type: 'string', maxLength: 64 } } },
      querystring: { type: 'object', additionalProperties: false, properties: { version: { type: 'string', pattern: '^[1-9][0-9]{0,3}$' } } },
      response: {
        200: { description: 'A JSON Schema (draft-07).', type: 'object', additionalProperties: true },
        ...errorResponses([400, 401, 404, 429, 500, 503], { 404: 'LT_NOT_FOUND: no such service, or no such version of it.' })
      }
    }
  }, async (request) => {
    const { service } = request.params
    const versions = app.schemas.versionsOf(service)
    if (versions === undefined) throw errors.notFound(`no service ${service}`)
    const version = request.query.version ?? [...versions.keys()].sort((a, b) => Number(b) - Number(a))[0] as string
    const definition = versions.get(version)
    if (definition === undefined) throw errors.notFound(`service ${service} has no version ${version}`)
    return definition.schema
  })

  app.get<{ Params: { name: string } }>('/v1/schemas/:name', {
    schema: {
      tags: ['services'],
      summary: 'A shared schema (envelope.json, definitions.json, error.json)',
      security: participantSecurity,
      params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 64 } } },
      response: {
        200: { description: 'A JSON Schema (draft-07).', type: 'object', additionalProperties: true },
        ...errorResponses([400, 401, 404, 429, 500, 503], { 404: 'LT_NOT_FOUND: no shared schema of this name.' })
      }
    }
  }, async (request) => {
    const doc = app.schemas.documents.find((d) => d.$id === request.params.name)
    if (doc === undefined) throw errors.notFound(`no schema ${request.params.name}`)
    return doc
  })
}
