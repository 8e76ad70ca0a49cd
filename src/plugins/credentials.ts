import fp from 'fastify-plugin'
import { formerKeyLayout } from '../redis-connection.js'
import { AuditLog } from '../admin/audit-log.js'
import { CredentialStore } from '../credentials/credential-store.js'
import { AccessTokens } from '../oauth/access-tokens.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The participants' API keys and client secrets (hashes in Redis, mirrored in memory). */
    credentials: CredentialStore
    accessTokens: AccessTokens
    /** The audit trail of admin changes. */
    audit: AuditLog
  }
}

/**
 * Trust services: the credential store (seeded from the registry, followed across processes),
 * the access tokens made with the gateway's signing keys, and the audit log.
 */
export default fp(async (app) => {
  const { config } = app
  const { signingKeys } = app
  const audit = new AuditLog({ redis: app.redis, prefix: config.keyPrefix, retentionDays: config.auditRetentionDays, ...(app.evidence === undefined ? {} : { evidenceInbox: app.evidence.inboxKey }) })
  const credentials = new CredentialStore({
    redis: app.redis,
    prefix: config.keyPrefix,
    registry: app.registry,
    logger: app.log,
    // What the registry file changed in the shared store is an admin change too: recorded.
    onSeedChange: async (c) => {
      app.log.info({ credentialId: c.id, participant: c.participantId, change: c.change }, 'credential seeded from the registry file')
      await audit.append({ actor: 'registry-file', action: `credential.seed-${c.change}`, target: `${c.participantId}/${c.id}`, clientAddress: '-', outcome: 'success', statusCode: 0 })
        .catch((err: unknown) => { app.log.error({ err }, 'could not write the audit record of a seeded credential') })
    }
  })
  app.decorate('credentials', credentials)
  app.decorate('accessTokens', new AccessTokens({ keys: signingKeys, audience: config.tokenAudience, ttlSeconds: config.tokenTtlSeconds }))
  app.decorate('audit', audit)
  // A Redis the former key layout left: seeding the credentials into the new keys would bring back
  // revoked ones, and the messages queued there would not be seen. Refused until migrated.
  const former = await formerKeyLayout(app.redis, config.keyPrefix).catch(() => undefined)
  if (former !== undefined) throw new Error(former)
  try {
    await credentials.start()
  } catch (err) {
    // Redis away at start: the registry file's credentials authenticate until it answers (polled every second).
    app.log.warn({ err }, 'credential store not loaded from Redis yet')
  }
  app.addHook('onClose', async () => { await credentials.close() })
}, { name: 'credentials', dependencies: ['gateway-services'] })
