/** Longest a readiness probe may wait on Redis: an orchestrator's probe has its own short timeout. */
const PROBE_TIMEOUT_MS = 1_000

export interface ReadinessProbes {
  pingRedis: () => Promise<unknown>
  /** Worker processes whose heartbeat is current (observability/worker-heartbeat.ts). */
  countLiveWorkers: () => Promise<number>
  /**
   * Receivers the gateway currently treats as degraded (e.g. an open circuit breaker). Reported,
   * not failing readiness: messages to them are still accepted and queued.
   */
  degradedReceivers: () => string[] | Promise<string[]>
}

export interface ReadinessReport {
  status: 'ok' | 'unavailable'
  checks: { redis: 'ok' | 'unreachable', workers: 'ok' | 'none' | 'unknown' }
  liveWorkers: number
  degradedReceivers: string[]
}

async function withTimeout<T> (work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([work, new Promise<never>((_resolve, reject) => { timer = setTimeout(() => { reject(new Error('timeout')) }, ms) })])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Ready to take messages: Redis answers (every message is recorded there first) and at least one
 * delivery worker is alive (otherwise async messages would only pile up).
 */
export async function checkReadiness (probes: ReadinessProbes, timeoutMs = PROBE_TIMEOUT_MS): Promise<ReadinessReport> {
  let redis: ReadinessReport['checks']['redis'] = 'ok'
  let workers: ReadinessReport['checks']['workers'] = 'unknown'
  let liveWorkers = 0
  try {
    await withTimeout(probes.pingRedis(), timeoutMs)
  } catch {
    redis = 'unreachable'
  }
  if (redis === 'ok') {
    try {
      liveWorkers = await withTimeout(probes.countLiveWorkers(), timeoutMs)
      workers = liveWorkers > 0 ? 'ok' : 'none'
    } catch {
      // Redis answered the ping but not this: the workers' state is unknown, and so not ready.
    }
  }
  let degradedReceivers: string[] = []
  if (redis === 'ok') {
    // Reported, not required: if the breakers cannot be read, the list is left empty.
    degradedReceivers = await withTimeout(Promise.resolve(probes.degradedReceivers()), timeoutMs).catch(() => [])
  }
  const ok = redis === 'ok' && workers === 'ok'
  return { status: ok ? 'ok' : 'unavailable', checks: { redis, workers }, liveWorkers, degradedReceivers }
}
