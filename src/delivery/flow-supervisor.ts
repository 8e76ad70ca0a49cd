import type { RedisClient } from '../redis-connection.js'
import type { Logger } from 'pino'
import type { DeliveryWorkers } from './delivery-worker.js'
import { Periodic } from '../periodic.js'
import { withRedisLock } from '../redis-lock.js'

export interface FlowSupervisorOptions {
  redis: RedisClient
  /** KEY_PREFIX: the lock that keeps one supervisor at work at a time. */
  prefix: string
  workers: DeliveryWorkers
  logger: Logger
  intervalMs: number
}

/**
 * Watches the procedure groups' clocks: refuses a dossier whose documents were not supplied in
 * time, and flags the steps past their legal deadline. One process at a time (a Redis lock).
 */
export class FlowSupervisor {
  private readonly opts: FlowSupervisorOptions
  private readonly periodic: Periodic

  constructor (opts: FlowSupervisorOptions) {
    this.opts = opts
    this.periodic = new Periodic(opts.intervalMs, async () => { await this.pass() }, (err) => { this.opts.logger.error({ err }, 'flow supervision failed') })
  }

  start (): void {
    this.periodic.start()
  }

  async close (): Promise<void> {
    await this.periodic.close()
  }

  /** One round at `now` (ms): what it refused and flagged. */
  async pass (now = Date.now()): Promise<{ refused: number, flagged: number, resumed: number }> {
    let counts = { refused: 0, flagged: 0, resumed: 0 }
    await withRedisLock(this.opts.redis, `${this.opts.prefix}:flows:supervisor`, Math.max(this.opts.intervalMs * 2, 30_000), async () => {
      counts = await this.opts.workers.superviseFlows(now)
      if (counts.refused + counts.flagged > 0) this.opts.logger.info(counts, 'procedure groups supervised')
    })
    return counts
  }
}
