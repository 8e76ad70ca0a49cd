import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { errors } from '../errors.js'
import { AccessTokenError, looksLikeJwt } from '../oauth/access-tokens.js'
import type { Participant } from '../registry.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The participant whose credential authenticated this request. */
    participant: Participant
    /**
     * The credential that authenticated it: its id (never the secret) and kind. For an OAuth2
     * access token, the id is its client id and `scope` the services the token may be used for.
     */
    credential: { id: string, kind: 'api-key' | 'oauth2', scope?: readonly string[] }
  }
  interface FastifyInstance {
    /** onRequest hook: authenticates `Authorization: Bearer <API key or access token>`. */
    authenticate: (request: FastifyRequest) => Promise<void>
  }
}

export default fp(async (app) => {
  app.decorateRequest('participant', null as unknown as Participant)
  app.decorateRequest('credential', null as unknown as FastifyRequest['credential'])
  app.decorate('authenticate', async (request: FastifyRequest) => {
    const header = request.headers.authorization
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (match === null) throw errors.unauthenticated('send your API key or access token as Authorization: Bearer <key or token>')
    const presented = match[1] as string
    if (looksLikeJwt(presented)) {
      let grant
      try {
        grant = await app.accessTokens.verify(presented)
      } catch (err) {
        if (err instanceof AccessTokenError) throw errors.tokenInvalid(err.reason)
        throw err
      }
      // A token dies with its client secret: revoked or expired, its tokens are refused too.
      const client = app.credentials.active(grant.clientId)
      if (client === undefined || client.participant.id !== grant.participantId) throw errors.tokenInvalid('the access token\'s client credential is revoked or expired')
      request.participant = client.participant
      request.credential = { id: grant.clientId, kind: 'oauth2', scope: grant.scope }
      return
    }
    const found = app.credentials.authenticate(presented, 'api-key')
    if (found === undefined) throw errors.unauthenticated('the API key is not known, or it is revoked or expired')
    request.participant = found.participant
    request.credential = { id: found.credential.id, kind: 'api-key' }
  })
}, { name: 'authentication', dependencies: ['gateway-services', 'credentials'] })

/** Throws `403 LT_SCOPE_FORBIDDEN` when the request's access token does not cover `service` (API keys cover all the participant's rights). */
export function assertInScope (request: FastifyRequest, service: string, pointer: string): void {
  const scope = request.credential.scope
  if (scope !== undefined && !scope.includes(service)) {
    throw errors.scopeForbidden(`the access token's scope does not include ${service}; ask /oauth2/token for a token with scope "${service}"`, [{ pointer, problem: 'outside the access token\'s scope' }])
  }
}
