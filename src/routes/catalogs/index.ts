import type { FastifyInstance } from 'fastify'
import { CATALOG_NAMES, DEFAULT_SEARCH_LIMIT, isCatalogName, type CatalogName } from '../../catalogs/catalogs.js'
import { errors } from '../../errors.js'
import { errorResponses, participantSecurity } from '../error-responses.js'

interface CatalogQuery { code?: string, q?: string, limit?: string }

const item = { type: 'object', additionalProperties: true } as const

const catalogAnswer = {
  description: 'The catalog (or the items matching `code` / `q`), its version and the date it is valid from. `ETag` names the catalog\'s content: send it back as `If-None-Match` to get `304` while it is unchanged.',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version', 'validFrom', 'source', 'total', 'items'],
  properties: {
    name: { type: 'string', enum: [...CATALOG_NAMES] },
    version: { type: 'string' },
    validFrom: { type: 'string', format: 'date' },
    source: { type: 'string', description: 'The legal basis and the origin of the data.' },
    total: { type: 'integer', description: 'Items in the whole catalog.' },
    items: {
      type: 'array',
      description: 'agencies: { code, name, parent?, province?, level, codeStatus, note? }; procedures: { code, name, level, feeVnd, deadlineWorkingDays, agencies?, includes?, codeStatus, note? }; administrative-units: { code, name, kind, formerProvinces: [{ code, name, personalIdCode }] }. `codeStatus` says whether a code is confirmed from an official source, unverified or a placeholder.',
      items: item
    }
  }
} as const

/**
 * The shared catalogs (agencies, administrative procedures, administrative units after the 2025
 * reorganisation): versioned data files, read-only, with ETags and search by code or name.
 */
export default async function catalogRoutes (app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.authenticate)
  app.addHook('onRequest', app.limits.reads)

  app.get('/v1/catalogs', {
    schema: {
      tags: ['catalogs'],
      summary: 'The shared catalogs and their versions',
      security: participantSecurity,
      response: {
        200: {
          description: 'Each catalog: name, version, valid from, item count and ETag.',
          type: 'object',
          additionalProperties: false,
          required: ['catalogs'],
          properties: {
            catalogs: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['name', 'version', 'validFrom', 'total', 'etag', 'url'],
                properties: { name: { type: 'string' }, version: { type: 'string' }, validFrom: { type: 'string' }, total: { type: 'integer' }, etag: { type: 'string' }, url: { type: 'string' } }
              }
            }
          }
        },
        ...errorResponses([401, 429, 500, 503])
      }
    }
  }, async () => ({
    catalogs: CATALOG_NAMES.map((name) => {
      const c = app.catalogs.get(name)
      return { name, version: c.version, validFrom: c.validFrom, total: c.items.length, etag: c.etag, url: `/v1/catalogs/${name}` }
    })
  }))

  app.get<{ Params: { name: string }, Querystring: CatalogQuery }>('/v1/catalogs/:name', {
    schema: {
      tags: ['catalogs'],
      summary: 'One catalog, or its items matching a code or a name',
      description: '`code`: the item with that exact code. `q`: items whose name has words starting with every word of `q`, case and Vietnamese diacritics ignored (`ha noi` finds Thành phố Hà Nội; former provinces count for units: `ha giang` finds Tỉnh Tuyên Quang). Without either: the whole catalog.',
      security: participantSecurity,
      params: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', pattern: '^[a-z][a-z0-9.-]{0,39}$', description: `One of ${CATALOG_NAMES.join(', ')}.` } } },
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          code: { type: 'string', minLength: 1, maxLength: 40 },
          q: { type: 'string', minLength: 1, maxLength: 100 },
          limit: { type: 'string', pattern: '^([1-9][0-9]{0,2}|1000)$', description: `With \`q\`: at most this many (default ${DEFAULT_SEARCH_LIMIT}, up to 1000).` }
        }
      },
      headers: { type: 'object', properties: { 'if-none-match': { type: 'string', description: 'The ETag of the copy you hold: 304 while the catalog is unchanged.' } } },
      response: {
        200: { ...catalogAnswer, headers: { etag: { type: 'string' } } },
        304: { description: 'Not modified: the copy whose ETag you sent is current.', type: 'null' },
        ...errorResponses([400, 401, 404, 429, 500, 503], { 404: 'LT_NOT_FOUND: no such catalog, or (with `code`) no item with that code.' })
      }
    }
  }, async (request, reply) => {
    if (!isCatalogName(request.params.name)) throw errors.notFound(`no catalog ${request.params.name}: the catalogs are ${CATALOG_NAMES.join(', ')}`)
    const name: CatalogName = request.params.name
    const catalog = app.catalogs.get(name)
    void reply.header('etag', catalog.etag).header('cache-control', 'private, max-age=0, must-revalidate')
    const presented = request.headers['if-none-match']
    if (presented !== undefined && presented.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === catalog.etag || t === '*')) {
      return await reply.code(304).send()
    }
    const { code, q, limit } = request.query
    const items = code === undefined && q === undefined
      ? catalog.items
      : app.catalogs.search(name, { ...(code !== undefined ? { code } : {}), ...(q !== undefined ? { q } : {}), limit: limit === undefined ? DEFAULT_SEARCH_LIMIT : Number(limit) })
    if (code !== undefined && items.length === 0) throw errors.notFound(`no ${name} item with code ${code}`)
    return { name, version: catalog.version, validFrom: catalog.validFrom, source: catalog.source, total: catalog.items.length, items }
  })
}
