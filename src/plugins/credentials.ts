import fp from 'fastify-plugin'
import { AuditLog } from '../admin/audit-log.js'
import { CredentialStore } from '../credentials/credential-store.js'
import { AccessTokens } from '../oauth/access-tokens.js'
import { SigningKeys } from '../signing/signing-keys.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The participants' API keys and client secrets (hashes in Redis, mirrored in memory). */
    credentials: CredentialStore
    /** The gateway's signing keys (SIGNING_KEYS), published at /.well-known/jwks.json. */
    signingKeys: SigningKeys
    accessTokens: AccessTokens
    /** The audit trail of admin changes. */
    audit: AuditLog
  }
}

/**
 * Trust services: the credential store (seeded from the registry, followed across processes),
 * the signing keys and the access tokens made with them, and the audit log.
 */
export default fp(async (app) => {
  const { config } = app
  const signingKeys = await SigningKeys.fromJson(config.signingKeys)
  const credentials = new CredentialStore({ redis: app.redis, prefix: config.keyPrefix, registry: app.registry, logger: app.log })
  app.decorate('signingKeys', signingKeys)
  app.decorate('credentials', credentials)
  app.decorate('accessTokens', new AccessTokens({ keys: signingKeys, audience: config.tokenAudience, ttlSeconds: config.tokenTtlSeconds }))
  app.decorate('audit', new AuditLog({ redis: app.redis, prefix: config.keyPrefix, retentionDays: config.auditRetentionDays }))
  try {
    await credentials.start()
  } catch (err) {
    // Redis away at start: the registry file's credentials authenticate until it answers (polled every second).
    app.log.warn({ err }, 'credential store not loaded from Redis yet')
  }
  app.addHook('onClose', async () => { await credentials.close() })
}, { name: 'credentials', dependencies: ['gateway-services'] })
