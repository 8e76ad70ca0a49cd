/**
 * Runs a task every `intervalMs`, never two rounds at once (a round still running skips the tick),
 * on an unref'd timer. `close` stops it and waits for the round in progress. The task handles its
 * own errors; one that escapes is given to `onError`.
 */
export class Periodic {
  private readonly intervalMs: number
  private readonly task: () => Promise<unknown>
  private readonly onError: (err: unknown) => void
  private timer: NodeJS.Timeout | undefined
  private running: Promise<unknown> | undefined

  constructor (intervalMs: number, task: () => Promise<unknown>, onError: (err: unknown) => void) {
    this.intervalMs = intervalMs
    this.task = task
    this.onError = onError
  }

  start (): void {
    this.timer = setInterval(() => {
      if (this.running !== undefined) return
      this.running = this.task().catch(this.onError).finally(() => { this.running = undefined })
    }, this.intervalMs)
    this.timer.unref()
  }

  async close (): Promise<void> {
    clearInterval(this.timer)
    await this.running
  }
}
