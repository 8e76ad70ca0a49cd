import type { RedisClient } from '../redis-connection.js'
import type { Config } from '../config.js'
import type { SigningKeys } from '../signing/signing-keys.js'
import { EvidenceLog } from './evidence-log.js'
import { rfc3161Timestamper } from './timestamp-authority.js'

/**
 * The process's evidence log, or undefined when it is off: EVIDENCE_LOG=off, or no signing keys
 * to sign its checkpoints with (said once in the log; production refuses to start without keys).
 */
export function evidenceLogFor (config: Config, redis: RedisClient, keys: SigningKeys, logger: { warn: (msg: string) => void, error: (obj: object, msg: string) => void }): EvidenceLog | undefined {
  if (!config.evidenceLog) return undefined
  if (!keys.canSign) {
    logger.warn('SIGNING_KEYS is not set: the evidence log is off (its checkpoints are signed with those keys)')
    return undefined
  }
  const timestamper = config.evidenceTsaUrl === '' ? undefined : rfc3161Timestamper(config.evidenceTsaUrl)
  return new EvidenceLog({
    redis,
    prefix: config.keyPrefix,
    keys,
    issuer: config.tokenAudience,
    ...(timestamper === undefined ? {} : { timestamper }),
    onTimestampError: (err) => { logger.error({ err }, 'evidence log: the time-stamp authority failed; this checkpoint is signed but not time-stamped') }
  })
}
