import type { Logger } from 'pino'
import type { EvidenceArchive } from './evidence-archive.js'
import type { EvidenceLog } from './evidence-log.js'

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
  private readonly sealIntervalMs: number
  private readonly checkpointMs: number
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private lastArchive = 0

  constructor (opts: { log: EvidenceLog, archive?: EvidenceArchive, logger: Logger, sealIntervalMs: number, checkpointMs: number }) {
    this.log = opts.log
    this.archive = opts.archive
    this.logger = opts.logger
    this.sealIntervalMs = opts.sealIntervalMs
    this.checkpointMs = opts.checkpointMs
  }

  start (): void {
    this.timer = setInterval(() => {
      if (this.running !== undefined) return
      this.running = this.tick(false).finally(() => { this.running = undefined })
    }, this.sealIntervalMs)
    this.timer.unref()
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
    clearInterval(this.timer)
    await this.running
    await this.tick(true)
  }
}
