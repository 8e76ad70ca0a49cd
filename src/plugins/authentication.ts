import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { errors } from '../errors.js'
import type { Participant } from '../registry.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The participant whose credential authenticated this request. */
    participant: Participant
    /** The credential that authenticated it: its id (never the secret) and kind. */
    credential: { id: string, kind: 'api-key' | 'oauth2' }
  }
  interface FastifyInstance {
    /** onRequest hook: authenticates `Authorization: Bearer <API key>` against the registry. */
    authenticate: (request: FastifyRequest) => Promise<void>
  }
}

export default fp(async (app) => {
  app.decorateRequest('participant', null as unknown as Participant)
  app.decorateRequest('credential', null as unknown as FastifyRequest['credential'])
  app.decorate('authenticate', async (request: FastifyRequest) => {
    const header = request.headers.authorization
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (match === null) throw errors.unauthenticated('send your API key as Authorization: Bearer <key>')
    const found = app.registry.authenticate(match[1] as string)
    if (found === undefined) throw errors.unauthenticated('the API key is not known')
    request.participant = found.participant
    request.credential = { id: found.keyId, kind: 'api-key' }
  })
}, { name: 'authentication', dependencies: ['gateway-services'] })
