/* eslint-disable no-new -- a prom-client collector registers itself in `registers`; nothing else holds it */
import type { RedisClient } from '../redis-connection.js'
import { Counter, Gauge } from 'prom-client'
import type { CircuitBreakers } from '../delivery/circuit-breaker.js'
import type { DeliveryQueues } from '../delivery/delivery-queues.js'
import type { FlowRunner } from '../flows/flow-runner.js'
import type { MessageStore } from '../messages/message-store.js'
import type { Registry as ParticipantRegistry } from '../registry.js'
import type { Metrics } from './metrics.js'
import type { WorkerLiveness } from './worker-heartbeat.js'

/** BullMQ job states reported per receiver queue. */
// BullMQ 6 keeps a paused queue's jobs in `waiting` (there is no `paused` list): `lt_queue_paused` says whether it is.
export const QUEUE_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed'] as const

/** A scrape that waits longer on Redis reports `lt_cluster_metrics_up 0` instead of hanging the scraper. */
const SNAPSHOT_TIMEOUT_MS = 2_000

export interface ClusterSources {
  redis: RedisClient
  store: MessageStore
  queues: DeliveryQueues
  registry: ParticipantRegistry
  liveness: WorkerLiveness
  breakers: CircuitBreakers
  flows: FlowRunner
}

interface Snapshot {
  /** `service|receiver|status` → count, from the message store's outcome hash. */
  outcomes: Record<string, string>
  deadLetters: number
  liveWorkers: number
  queues: Array<{ receiver: string, counts: Record<string, number>, paused: boolean }>
  /** Receivers whose circuit breaker is not closed. */
  degraded: Set<string>
  /** Procedure-group steps past their legal deadline, not settled. */
  overdueSteps: number
}

/**
 * The facts of the whole platform, read from the shared Redis when scraped, so every gateway
 * reports the same truth whichever processes did the work: message outcomes (counted by the
 * message store's scripts), retries, dead letters, queue depth and live workers. The same
 * values on every gateway: aggregate them with `max`, not `sum`.
 */
export function registerClusterMetrics (metrics: Metrics, sources: ClusterSources): void {
  const registers = [metrics.registry]
  // All collectors of one scrape run together (prom-client awaits them in parallel): share one read.
  let pending: Promise<Snapshot | undefined> | undefined
  const snapshot = async (): Promise<Snapshot | undefined> => {
    pending ??= readSnapshot(sources).finally(() => { pending = undefined })
    return await pending
  }

  new Gauge({
    name: 'lt_cluster_metrics_up',
    help: '1 when the cluster-wide series below could be read from Redis in this scrape, 0 otherwise.',
    registers,
    async collect () { this.set((await snapshot()) === undefined ? 0 : 1) }
  })

  new Counter({
    name: 'lt_messages_total',
    help: 'Cluster-wide: messages by service, receiver and outcome (accepted, delivered, dead), from Redis.',
    labelNames: ['service', 'receiver', 'outcome'] as const,
    registers,
    async collect () {
      const s = await snapshot()
      this.reset()
      for (const [service, receiver, status, n] of outcomeEntries(s)) {
        if (status !== 'retrying') this.inc({ service, receiver, outcome: status }, n)
      }
    }
  })

  new Counter({
    name: 'lt_delivery_retries_total',
    help: 'Cluster-wide: delivery attempts that failed transiently and were scheduled again, by service and receiver.',
    labelNames: ['service', 'receiver'] as const,
    registers,
    async collect () {
      const s = await snapshot()
      this.reset()
      for (const [service, receiver, status, n] of outcomeEntries(s)) {
        if (status === 'retrying') this.inc({ service, receiver }, n)
      }
    }
  })

  new Gauge({
    name: 'lt_flow_steps_overdue',
    help: 'Cluster-wide: procedure-group steps (birth.register, death.register) past their legal deadline in working days and not yet settled.',
    registers,
    async collect () {
      const s = await snapshot()
      this.reset()
      if (s !== undefined) this.set(s.overdueSteps)
    }
  })

  new Gauge({
    name: 'lt_dead_letters',
    help: 'Cluster-wide: messages in the dead letters now (waiting for replay or purge).',
    registers,
    async collect () {
      const s = await snapshot()
      this.reset()
      if (s !== undefined) this.set(s.deadLetters)
    }
  })

  new Gauge({
    name: 'lt_queue_jobs',
    help: 'Cluster-wide: delivery jobs per receiver queue and BullMQ state (queue depth: waiting + prioritized + delayed; a paused queue keeps its jobs waiting).',
    labelNames: ['receiver', 'state'] as const,
    registers,
    async collect () {
      const s = await snapshot()
      this.reset()
      for (const q of s?.queues ?? []) {
        for (const state of QUEUE_STATES) this.set({ receiver: q.receiver, state }, q.counts[state] ?? 0)
      }
    }
  })

  new Gauge({
    name: 'lt_queue_paused',
    help: 'Cluster-wide: 1 while an admin holds a receiver\'s delivery queue (POST /admin/api/queues/{receiver}/pause), 0 otherwise.',
    labelNames: ['receiver'] as const,
    registers,
    async collect () {
      const s = await snapshot()
      this.reset()
      for (const q of s?.queues ?? []) this.set({ receiver: q.receiver }, q.paused ? 1 : 0)
    }
  })

  new Gauge({
    name: 'lt_circuit_open',
    help: 'Cluster-wide: 1 while a receiver\'s circuit breaker is open or half-open (calls held back), 0 while closed.',
    labelNames: ['receiver'] as const,
    registers,
    async collect () {
      const s = await snapshot()
      this.reset()
      if (s === undefined) return
      for (const r of sources.registry.receivers()) this.set({ receiver: r.id }, s.degraded.has(r.id) ? 1 : 0)
    }
  })

  new Gauge({
    name: 'lt_workers_live',
    help: 'Cluster-wide: delivery worker processes whose heartbeat is current.',
    registers,
    async collect () {
      const s = await snapshot()
      this.reset()
      if (s !== undefined) this.set(s.liveWorkers)
    }
  })
}

async function readSnapshot (sources: ClusterSources): Promise<Snapshot | undefined> {
  const { redis, store, queues, registry, liveness, breakers, flows } = sources
  const read = async (): Promise<Snapshot> => {
    const [outcomes, deadLetters, liveWorkers, queueCounts, degraded, overdueSteps] = await Promise.all([
      redis.hgetall(store.statsKey),
      redis.zcard(store.deadKey),
      liveness.countLive(),
      Promise.all(registry.receivers().map(async (r) => ({ receiver: r.id, counts: await queues.for(r.id).getJobCounts(...QUEUE_STATES), paused: await queues.for(r.id).isPaused() }))),
      breakers.degraded(registry.receivers().map((r) => r.id)),
      flows.overdueCount(Date.now())
    ])
    return { outcomes, deadLetters, liveWorkers, queues: queueCounts, degraded: new Set(degraded), overdueSteps }
  }
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((resolve) => { timer = setTimeout(() => { resolve(undefined) }, SNAPSHOT_TIMEOUT_MS) })
  try {
    return await Promise.race([read(), timeout])
  } catch {
    return undefined
  } finally {
    clearTimeout(timer)
  }
}

function * outcomeEntries (s: Snapshot | undefined): Generator<[string, string, string, number]> {
  for (const [field, value] of Object.entries(s?.outcomes ?? {})) {
    const [service, receiver, status] = field.split('|')
    if (service === undefined || receiver === undefined || status === undefined) continue
    yield [service, receiver, status, Number(value)]
  }
}
