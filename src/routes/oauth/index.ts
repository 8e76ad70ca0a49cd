import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errors, GatewayError } from '../../errors.js'
import { toGatewayError } from '../../plugins/error-handler.js'
import type { Credential } from '../../credentials/credential-store.js'
import type { Participant } from '../../registry.js'

/** RFC 6749 §5.2 error codes, by the gateway code that carries them. */
const OAUTH_ERROR: Readonly<Record<string, string>> = {
  LT_OAUTH_INVALID_REQUEST: 'invalid_request',
  LT_OAUTH_INVALID_CLIENT: 'invalid_client',
  LT_OAUTH_UNSUPPORTED_GRANT_TYPE: 'unsupported_grant_type',
  LT_OAUTH_INVALID_SCOPE: 'invalid_scope',
  LT_OAUTH_DISABLED: 'temporarily_unavailable',
  // Not in RFC 6749; RFC 8628 §3.5 names it for a client asking too often. 429 and Retry-After say the rest.
  LT_RATE_LIMITED: 'slow_down'
}

const oauthErrorBody = {
  type: 'object',
  additionalProperties: false,
  required: ['error', 'error_description', 'statusCode', 'code', 'message'],
  properties: {
    error: { type: 'string', description: 'RFC 6749 §5.2 error code.', enum: [...new Set(Object.values(OAUTH_ERROR)), 'server_error'] },
    error_description: { type: 'string' },
    statusCode: { type: 'integer' },
    code: { type: 'string', pattern: '^LT_[A-Z0-9_]+$' },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['pointer', 'problem'], properties: { pointer: { type: 'string' }, problem: { type: 'string' } } } }
  }
} as const
const oauthError = (description: string) => ({ ...oauthErrorBody, description })

const tokenBody = {
  type: 'object',
  properties: {
    grant_type: { type: 'string', description: 'Always `client_credentials`.' },
    scope: { type: 'string', description: 'Space-separated service codes; default: every service the participant may use.' },
    client_id: { type: 'string', description: 'Only without HTTP Basic (client_secret_post).' },
    client_secret: { type: 'string', description: 'Only without HTTP Basic (client_secret_post).' }
  }
} as const

declare module 'fastify' {
  interface FastifyRequest {
    /** The token endpoint's authenticated client. */
    oauthClient?: { participant: Participant, credential: Credential }
  }
}

/** Bytes a token request may have: a form of four short parameters. */
const TOKEN_REQUEST_LIMIT = 4096

interface TokenRequest { grant_type?: string, scope?: string, client_id?: string, client_secret?: string }

/** `client_id:client_secret` from HTTP Basic, each form-urlencoded first (RFC 6749 §2.3.1). */
function basicCredentials (authorization: string | undefined): { clientId: string, secret: string } | undefined | null {
  if (authorization === undefined) return undefined
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization)
  if (match === null) return null
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  try {
    const unescape = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '))
    return { clientId: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) }
  } catch {
    return null
  }
}

/**
 * OAuth2 client credentials (RFC 6749 §4.4): a participant's system trades its client id and
 * secret for a short-lived signed access token, and anyone can fetch the keys that verify it.
 * The token endpoint answers errors as RFC 6749 §5.2 says (`error`, `error_description`), with
 * the gateway's usual `statusCode`, `code` and `message` beside them.
 */
export default async function oauthRoutes (app: FastifyInstance): Promise<void> {
  // RFC 6749 §4.4.2: the token request is form-encoded. Parsed here only.
  // RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once."
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: TOKEN_REQUEST_LIMIT }, (_request, body, done) => {
    const form: Record<string, string> = {}
    for (const [name, value] of new URLSearchParams(body as string)) {
      if (Object.hasOwn(form, name)) {
        done(errors.oauthInvalidRequest(`${name} is given more than once`, [{ pointer: `/${name}`, problem: 'repeated' }]), undefined)
        return
      }
      form[name] = value
    }
    done(null, form)
  })

  app.setErrorHandler(async (err: FastifyError | GatewayError, request: FastifyRequest, reply: FastifyReply) => {
    let gatewayError = toGatewayError(err)
    // A body the endpoint cannot read (not a form, too large, bad parameters) is RFC 6749's invalid_request.
    if (OAUTH_ERROR[gatewayError.code] === undefined && gatewayError.statusCode < 500) gatewayError = errors.oauthInvalidRequest(gatewayError.message, gatewayError.details)
    if (gatewayError.statusCode >= 500) request.log.error({ err }, 'token request failed')
    else request.log.info({ code: gatewayError.code }, 'token request refused')
    if (gatewayError.code === 'LT_OAUTH_INVALID_CLIENT') void reply.header('www-authenticate', 'Basic realm="lienthong", charset="UTF-8"')
    if (gatewayError.retryAfterSeconds !== undefined) void reply.header('retry-after', String(gatewayError.retryAfterSeconds))
    else if (gatewayError.statusCode === 503) void reply.header('retry-after', '1')
    const error = OAUTH_ERROR[gatewayError.code] ?? 'server_error'
    return await reply.code(gatewayError.statusCode).header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send({ error, error_description: gatewayError.message, ...gatewayError.toBody() })
  })

  app.post<{ Body: TokenRequest | undefined }>('/oauth2/token', {
    // A token request is a few hundred bytes, whatever its content type: read no more before the client is known.
    bodyLimit: TOKEN_REQUEST_LIMIT,
    // Per client address, before anything else: guessing secrets, or asking for tokens in a loop.
    onRequest: app.limits.tokenRequests,
    schema: {
      tags: ['oauth2'],
      summary: 'Get an access token (OAuth2 client credentials)',
      description: 'Send your client id and secret as HTTP Basic (`client_secret_basic`; or as `client_id` and `client_secret` form fields) and `grant_type=client_credentials`, form-encoded. The token is a signed JWT (`sub` your participant, `scope` the services it covers, `aud` the gateway) to send as `Authorization: Bearer <token>` until it expires; then ask for a new one. Errors follow RFC 6749 §5.2 (`error`, `error_description`), with the gateway\'s `statusCode`, `code` and `message`.',
      security: [{ clientSecret: [] }],
      consumes: ['application/x-www-form-urlencoded'],
      body: tokenBody,
      response: {
        200: {
          description: 'The access token (RFC 6749 §5.1). Not cached: `Cache-Control: no-store`.',
          type: 'object',
          additionalProperties: false,
          required: ['access_token', 'token_type', 'expires_in', 'scope'],
          properties: {
            access_token: { type: 'string' },
            token_type: { type: 'string', enum: ['Bearer'] },
            expires_in: { type: 'integer', description: 'Seconds until it expires (TOKEN_TTL_SECONDS).' },
            scope: { type: 'string', description: 'The services the token covers, space-separated.' }
          }
        },
        400: oauthError('invalid_request (LT_OAUTH_INVALID_REQUEST: not a form, a parameter missing or repeated), unsupported_grant_type (LT_OAUTH_UNSUPPORTED_GRANT_TYPE) or invalid_scope (LT_OAUTH_INVALID_SCOPE: a service outside your rights).'),
        401: oauthError('invalid_client (LT_OAUTH_INVALID_CLIENT): no client credentials, or an unknown client, a wrong, revoked or expired secret. With `WWW-Authenticate: Basic`.'),
        429: oauthError('slow_down (LT_RATE_LIMITED): more token requests from your address than OAUTH_TOKEN_RATE_PER_MINUTE; wait `Retry-After` seconds. Reuse a token until it nears its expiry.'),
        503: oauthError('temporarily_unavailable (LT_OAUTH_DISABLED): the gateway has no signing key (SIGNING_KEYS unset).')
      }
    },
    // The client is authenticated before the form is validated: without valid client
    // credentials the answer is invalid_client, whatever else the request holds (RFC 6749 §5.2).
    preValidation: async (request) => {
      const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>
      const basic = basicCredentials(request.headers.authorization)
      if (basic === null) throw errors.oauthInvalidClient('the Authorization header is not HTTP Basic client credentials')
      if (basic !== undefined && (body.client_id !== undefined || body.client_secret !== undefined)) {
        // RFC 6749 §2.3: one way of authenticating per request.
        throw errors.oauthInvalidRequest('send the client credentials either as HTTP Basic or in the form, not both')
      }
      const clientId = basic?.clientId ?? body.client_id
      const secret = basic?.secret ?? body.client_secret
      if (typeof clientId !== 'string' || typeof secret !== 'string') throw errors.oauthInvalidClient('send your client id and secret as HTTP Basic credentials')
      const client = app.credentials.authenticateClient(clientId, secret)
      if (client === undefined) throw errors.oauthInvalidClient('the client id and secret do not match an active client credential')
      request.oauthClient = client
    }
  }, async (request, reply) => {
    if (!app.signingKeys.canSign) throw errors.oauthDisabled('this gateway issues no access tokens: its operator has not set SIGNING_KEYS')
    const body = request.body ?? {}
    const client = request.oauthClient as NonNullable<FastifyRequest['oauthClient']>
    const clientId = client.credential.id
    if (body.grant_type === undefined) throw errors.oauthInvalidRequest('grant_type is missing', [{ pointer: '/grant_type', problem: 'required' }])
    if (body.grant_type !== 'client_credentials') throw errors.oauthUnsupportedGrantType(`this endpoint grants client_credentials only, not ${body.grant_type}`, [{ pointer: '/grant_type', problem: 'must be client_credentials' }])

    const rights = client.participant.rights.map((r) => r.service)
    let scope = rights
    if (body.scope !== undefined) {
      const asked = [...new Set(body.scope.split(' ').filter((s) => s !== ''))]
      const outside = asked.filter((s) => !rights.includes(s))
      if (asked.length === 0 || outside.length > 0) {
        throw errors.oauthInvalidScope(asked.length === 0 ? 'scope is empty' : `${client.participant.id} has no right to ${outside.join(', ')}`, [{ pointer: '/scope', problem: 'services outside your rights' }])
      }
      scope = asked
    }
    const { token, expiresIn } = await app.accessTokens.issue({ participantId: client.participant.id, clientId, scope })
    request.log.info({ clientId, scope }, 'access token issued')
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: scope.join(' ') }
  })

  app.get('/.well-known/jwks.json', {
    schema: {
      tags: ['oauth2'],
      summary: 'The gateway\'s public signing keys (JWK Set)',
      description: 'Every key that may have signed a token still valid: verify by the token\'s `kid`. Cached for a minute; during a rotation a new key is published before it signs.',
      response: {
        200: {
          description: 'A JWK Set (RFC 7517).',
          type: 'object',
          additionalProperties: false,
          required: ['keys'],
          properties: { keys: { type: 'array', items: { type: 'object', additionalProperties: true, required: ['kty', 'kid'], properties: { kty: { type: 'string' }, kid: { type: 'string' }, alg: { type: 'string' }, use: { type: 'string' } } } } }
        }
      }
    }
  }, async (_request, reply) => {
    void reply.header('cache-control', 'public, max-age=60')
    return app.signingKeys.jwks()
  })
}
