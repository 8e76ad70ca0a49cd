import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { Config } from './config.js'
import { MessageSchemas } from './message-schemas.js'
import { schemasDir } from './project-paths.js'
import type { Registry } from './registry.js'
import gatewayServices from './plugins/gateway-services.js'
import errorHandler from './plugins/error-handler.js'
import requestBody from './plugins/request-body.js'
import securityHeaders, { docsPolicy, serializePolicy } from './plugins/security-headers.js'
import authentication from './plugins/authentication.js'
import credentials from './plugins/credentials.js'
import observability from './plugins/observability.js'
import overload from './plugins/overload.js'
import rateLimits from './plugins/rate-limits.js'
import { GatewayLogController } from './observability/request-logging.js'
import type { Metrics } from './observability/metrics.js'
import { jsonLoggerOptions } from './logger.js'
import messageRoutes from './routes/messages/index.js'
import catalogRoutes from './routes/catalogs/index.js'
import serviceRoutes from './routes/services/index.js'
import healthRoutes from './routes/health/index.js'
import adminRoutes from './routes/admin/index.js'
import adminDashboardRoutes from './routes/admin-dashboard/index.js'
import metricsRoutes from './routes/metrics/index.js'
import oauthRoutes from './routes/oauth/index.js'
import { withMessageExamples, withRootRelativeRefs } from './openapi/openapi-document.js'

export interface BuildAppOptions {
  config: Config
  registry?: Registry
  logger?: FastifyServerOptions['logger']
  /** The process's metrics, shared with workers running in the same process (`npm start`). */
  metrics?: Metrics
  /** false: participants' rate limits off (the benchmark's comparison run); on by default. */
  rateLimits?: boolean
}

/** `$id` → OpenAPI component name: `services/citizen.verify.v1.json` → `citizen.verify.v1`. */
export function componentName (id: string): string {
  return id.replace(/^.*\//, '').replace(/\.json$/, '')
}

/** Builds the gateway app (used by the server, the all-in-one command and the tests). */
export async function buildApp (opts: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = opts
  const schemas = await MessageSchemas.load(schemasDir)
  const app = Fastify({
    logger: opts.logger ?? jsonLoggerOptions(config.logLevel),
    logController: new GatewayLogController(),
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    // Slow clients (slowloris): the headers within HTTP_HEADERS_TIMEOUT_MS, the whole request within
    // HTTP_REQUEST_TIMEOUT_MS, checked every second (Node's default check runs every 30 s).
    requestTimeout: config.httpRequestTimeoutMs,
    keepAliveTimeout: config.httpKeepAliveTimeoutMs,
    http: {
      headersTimeout: Math.min(config.httpHeadersTimeoutMs, config.httpRequestTimeoutMs),
      connectionsCheckingInterval: Math.min(1000, config.httpHeadersTimeoutMs)
    },
    // The request id is the gateway's own: a client's X-Request-Id is logged as clientRequestId.
    genReqId: () => randomUUID(),
    ajv: { customOptions: { strict: false } }
  })
  // Messages are JSON; anything else is refused (415) rather than parsed as text.
  app.removeContentTypeParser(['text/plain'])
  // Graceful close: answers still in flight when close starts end their connection, or an
  // idle keep-alive connection would hold the close open until the grace period runs out.
  let closing = false
  app.addHook('preClose', async () => { closing = true })
  app.addHook('onSend', async (_request, reply) => { if (closing) void reply.header('connection', 'close') })
  app.setValidatorCompiler(({ schema }) => schemas.ajv.compile(schema))
  for (const doc of schemas.documents) app.addSchema(withRootRelativeRefs(doc))
  // First, so every route registered after it gets the headers (pages set their own CSP).
  await app.register(securityHeaders)

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
        { name: 'admin', description: 'Operators: delivery queues and dead letters' },
        { name: 'oauth2', description: 'OAuth2 client credentials: access tokens and the keys that verify them' }
      ],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'The API key the gateway operator issued to your system.' },
          adminToken: { type: 'http', scheme: 'bearer', description: 'The operator\'s ADMIN_TOKEN (admin API only).' },
          oauth2: {
            type: 'oauth2',
            description: 'OAuth2 client credentials (RFC 6749 §4.4): trade your client id and secret for a short-lived access token at /oauth2/token, send it as `Authorization: Bearer <token>`. A scope is a service code.',
            flows: { clientCredentials: { tokenUrl: '/oauth2/token', scopes: Object.fromEntries(schemas.all().map((d) => [d.service, d.title])) } }
          },
          clientSecret: { type: 'http', scheme: 'basic', description: 'Token endpoint only: your OAuth2 client id and client secret.' }
        }
      }
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? componentName(json.$id) : `def-${i}` },
    transformObject: (doc) => 'openapiObject' in doc ? withMessageExamples(doc.openapiObject) : doc.swaggerObject
  })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: serializePolicy(docsPolicy),
    // No validator badge: it would send the document's URL to validator.swagger.io.
    uiConfig: { validatorUrl: null }
  })

  await app.register(gatewayServices, { config, schemas, ...(opts.registry !== undefined ? { registry: opts.registry } : {}), ...(opts.metrics !== undefined ? { metrics: opts.metrics } : {}) })
  await app.register(errorHandler)
  await app.register(requestBody)
  await app.register(overload)
  await app.register(observability)
  await app.register(credentials)
  await app.register(authentication)
  await app.register(rateLimits, { enabled: opts.rateLimits !== false })
  await app.register(healthRoutes)
  await app.register(messageRoutes)
  await app.register(serviceRoutes)
  await app.register(catalogRoutes)
  await app.register(adminRoutes)
  await app.register(adminDashboardRoutes)
  await app.register(metricsRoutes)
  await app.register(oauthRoutes)
  return app
}
