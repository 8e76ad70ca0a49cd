import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { Config } from './config.js'
import { MessageSchemas } from './message-schemas.js'
import { schemasDir } from './project-paths.js'
import type { Registry } from './registry.js'
import gatewayServices from './plugins/gateway-services.js'
import errorHandler from './plugins/error-handler.js'
import authentication from './plugins/authentication.js'
import messageRoutes from './routes/messages/index.js'
import serviceRoutes from './routes/services/index.js'
import healthRoutes from './routes/health/index.js'
import adminRoutes from './routes/admin/index.js'
import { withMessageExamples, withRootRelativeRefs } from './openapi/openapi-document.js'

export interface BuildAppOptions {
  config: Config
  registry?: Registry
  logger?: FastifyServerOptions['logger']
}

/** Log redaction: credentials never reach the logs. Citizen data is kept out by never logging bodies. */
export const redactPaths = ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'headers.authorization']

/** `$id` → OpenAPI component name: `services/citizen.verify.v1.json` → `citizen.verify.v1`. */
export function componentName (id: string): string {
  return id.replace(/^.*\//, '').replace(/\.json$/, '')
}

/** Builds the gateway app (used by the server, the all-in-one command and the tests). */
export async function buildApp (opts: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = opts
  const schemas = await MessageSchemas.load(schemasDir)
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel, redact: redactPaths },
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    requestIdHeader: 'x-request-id',
    ajv: { customOptions: { strict: false } }
  })
  // Messages are JSON; anything else is refused (415) rather than parsed as text.
  app.removeContentTypeParser(['text/plain'])
  app.setValidatorCompiler(({ schema }) => schemas.ajv.compile(schema))
  for (const doc of schemas.documents) app.addSchema(withRootRelativeRefs(doc))

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'lienthong data-exchange gateway',
        version: '1.0.0',
        description: 'Standardized message exchange between agency systems (NDXP/LGSP style): citizen verification and lookup, enterprise lookup, dossier submission and status sync.'
      },
      servers: [{ url: `http://${config.host}:${config.port}` }],
      tags: [
        { name: 'messages', description: 'Submit messages and follow their delivery' },
        { name: 'services', description: 'The service catalog and its schemas' },
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'admin', description: 'Operators: delivery queues and dead letters' }
      ],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'The API key the gateway operator issued to your system.' },
          adminToken: { type: 'http', scheme: 'bearer', description: 'The operator\'s ADMIN_TOKEN (admin API only).' }
        }
      }
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? componentName(json.$id) : `def-${i}` },
    transformObject: (doc) => 'openapiObject' in doc ? withMessageExamples(doc.openapiObject) : doc.swaggerObject
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  await app.register(gatewayServices, { config, schemas, ...(opts.registry !== undefined ? { registry: opts.registry } : {}) })
  await app.register(errorHandler)
  await app.register(authentication)
  await app.register(healthRoutes)
  await app.register(messageRoutes)
  await app.register(serviceRoutes)
  await app.register(adminRoutes)
  return app
}
