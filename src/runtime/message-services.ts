import type { RedisClient } from '../redis-connection.js'
import type { BaseLogger } from 'pino'
import type { Config } from '../config.js'
import { CallbackQueue } from '../callbacks/callback-queue.js'
import { RecordCipher } from '../crypto/record-cipher.js'
import { AdapterPool } from '../delivery/adapter-pool.js'
import { CircuitBreakers } from '../delivery/circuit-breaker.js'
import { DeliveryQueues } from '../delivery/delivery-queues.js'
import { DeadLetters } from '../delivery/dead-letters.js'
import type { EvidenceLog } from '../evidence/evidence-log.js'
import { evidenceLogFor } from '../evidence/evidence-setup.js'
import { VerifyGuard } from '../limits/verify-guard.js'
import { MessageStore } from '../messages/message-store.js'
import { ExchangeLog } from '../monitoring/exchange-log.js'
import type { MessageSchemas } from '../message-schemas.js'
import { FlowRunner } from '../flows/flow-runner.js'
import type { Catalogs } from '../catalogs/catalogs.js'
import { instrumentAdapter } from '../observability/instrumented-adapter.js'
import type { Metrics } from '../observability/metrics.js'
import { Receipts } from '../receipts/receipts.js'
import type { Registry } from '../registry.js'
import type { SigningKeys } from '../signing/signing-keys.js'

/** What the gateway and the workers both work with, built the same way in each process. */
export interface MessageServices {
  cipher: RecordCipher
  evidence: EvidenceLog | undefined
  store: MessageStore
  queues: DeliveryQueues
  adapters: AdapterPool
  breakers: CircuitBreakers
  callbacks: CallbackQueue
  receipts: Receipts
  exchanges: ExchangeLog
  verifyGuard: VerifyGuard
  /** Dead messages: listed, replayed, purged. */
  deadLetters: DeadLetters
  /** Runs the procedure groups (birth.register, death.register) and their supplements. */
  flows: FlowRunner
  /** Closes the queues and the adapters' connection pools (the caller closes its Redis). */
  close: () => Promise<void>
}

/**
 * Builds the services around one message's life on `redis` (each process its own connection, with
 * the options its work needs): the data keys, the evidence log, the message store, the delivery
 * and callback queues, the adapters (measured in `metrics`), the circuit breakers, receipts,
 * monitoring records and the verification guard. The BullMQ queues are on `queueConnection` when
 * given (e.g. to keep BullMQ's scripts off an auto-pipelined connection), else on `redis`.
 */
export function createMessageServices (opts: { config: Config, registry: Registry, schemas: MessageSchemas, catalogs?: Catalogs, redis: RedisClient, queueConnection?: RedisClient, signingKeys: SigningKeys, metrics: Metrics, logger: Pick<BaseLogger, 'info' | 'warn' | 'error'> }): MessageServices {
  const { config, registry, schemas, redis, signingKeys, metrics, logger } = opts
  const queueConnection = opts.queueConnection ?? redis
  const cipher = RecordCipher.fromEnv(config.dataKeys)
  const evidence = evidenceLogFor(config, redis, signingKeys, logger)
  const store = new MessageStore(redis, config.keyPrefix, config.messageRetentionDays, cipher, config.replyRetentionHours, evidence !== undefined)
  const queues = new DeliveryQueues({ registry, connection: queueConnection, keyPrefix: config.keyPrefix })
  const adapters = new AdapterPool(registry, { decorate: (adapter, receiver) => instrumentAdapter(adapter, { receiver, metrics, logger }) })
  const callbacks = CallbackQueue.fromConfig(queueConnection, config, cipher)
  const deadLetters = new DeadLetters({ redis, store, queues, callbacks })
  const flows = new FlowRunner({
    redis,
    prefix: config.keyPrefix,
    store,
    registry,
    schemas,
    ...(opts.catalogs !== undefined ? { catalogs: opts.catalogs } : {}),
    queues: { enqueue: async (receiver, id) => { await queues.enqueue(receiver, id) }, replay: async (id) => await deadLetters.replay(id) },
    retentionDays: config.messageRetentionDays,
    logger
  })
  return {
    cipher,
    evidence,
    store,
    queues,
    adapters,
    breakers: CircuitBreakers.fromConfig(redis, config),
    callbacks,
    receipts: new Receipts(signingKeys, config.tokenAudience),
    exchanges: new ExchangeLog({ redis, prefix: config.keyPrefix, retentionDays: config.monitoringRetentionDays }),
    deadLetters,
    flows,
    verifyGuard: new VerifyGuard({ redis, keyPrefix: config.keyPrefix, maxMismatches: config.verifyMaxMismatches, windowSeconds: config.verifyLockSeconds }),
    close: async () => {
      await Promise.allSettled([queues.close(), callbacks.close()])
      await adapters.close()
    }
  }
}
