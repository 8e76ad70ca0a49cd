import type { Logger } from 'pino'
import type { EvidenceArchive } from './evidence-archive.js'
import type { EvidenceLog } from './evidence-log.js'
import { Periodic } from '../periodic.js'

/**
 * Keeps the evidence log moving in a worker process: chains pending events every
 * `sealIntervalMs`, seals the chain's head with a checkpoint every `checkpointMs`, and has the
 * archive write what was sealed. Whichever worker holds the lock does the work; on close it
 * seals, checkpoints and archives what is left, so a clean stop leaves nothing behind.
 */
export class EvidenceSealer {
  private readonly log: EvidenceLog
  private readonly archive: EvidenceArchive | undefined
  private readonly logger: Logger
  private readonly checkpointMs: number
  private readonly periodic: Periodic
  private lastArchive = 0

  constructor (opts: { log: EvidenceLog, archive?: EvidenceArchive, logger: Logger, sealIntervalMs: number, checkpointMs: number }) {
    this.log = opts.log
    this.archive = opts.archive
    this.logger = opts.logger
    this.checkpointMs = opts.checkpointMs
    this.periodic = new Periodic(opts.sealIntervalMs, async () => { await this.tick(false) }, (err) => { this.logger.error({ err }, 'evidence log: sealing failed') })
  }

  start (): void {
    this.periodic.start()
  }

  /** One round: chain, checkpoint when due (or `final`), archive when something was sealed or a while has passed. */
  async tick (final: boolean): Promise<void> {
    try {
      const checkpointed = await this.log.withLock(async () => {
        await this.log.seal()
        return await this.log.checkpoint(final ? 0 : this.checkpointMs)
      }, final ? 5000 : 0)
      if (this.archive !== undefined && (checkpointed === true || final || Date.now() - this.lastArchive >= this.checkpointMs)) {
        this.lastArchive = Date.now()
        await this.archive.archive()
      }
    } catch (err) {
      this.logger.error({ err }, 'evidence log: sealing or archiving failed (retried next round)')
    }
  }

  async close (): Promise<void> {
    await this.periodic.close()
    await this.tick(true)
  }
}
