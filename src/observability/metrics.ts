import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client'

/** Seconds: from a fast cached answer to a request that waits on a slow upstream. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
/** Seconds: upstream calls run up to the delivery timeout (15 s by default). */
const UPSTREAM_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30]

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx'

export function statusClass (statusCode: number): StatusClass {
  return `${Math.min(Math.max(Math.floor(statusCode / 100), 1), 5)}xx` as StatusClass
}

/**
 * The metrics one process observes, in its own prom-client registry (never the global one, so
 * several apps in one process, as in the tests, keep apart). The gateway adds the cluster-wide
 * series read from Redis at scrape time (cluster-metrics.ts); a worker process serves this
 * registry alone on METRICS_PORT; `npm start` shares one instance between gateway and workers.
 */
export class Metrics {
  readonly registry = new Registry()

  readonly httpRequestDuration = new Histogram({
    name: 'lt_http_request_duration_seconds',
    help: 'HTTP requests to this gateway process by route pattern and status class.',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry]
  })

  readonly messagesRefused = new Counter({
    name: 'lt_messages_refused_total',
    help: 'Messages this gateway process refused at intake (POST /v1/messages), by service and error code.',
    labelNames: ['service', 'code'] as const,
    registers: [this.registry]
  })

  readonly upstreamCallDuration = new Histogram({
    name: 'lt_upstream_call_duration_seconds',
    help: 'Deliveries through an adapter made by this process, by receiver, service and outcome (ok or error).',
    labelNames: ['receiver', 'service', 'outcome'] as const,
    buckets: UPSTREAM_BUCKETS,
    registers: [this.registry]
  })

  readonly upstreamErrors = new Counter({
    name: 'lt_upstream_errors_total',
    help: 'Failed deliveries through an adapter made by this process, by receiver and error code.',
    labelNames: ['receiver', 'code'] as const,
    registers: [this.registry]
  })

  constructor (opts: { processMetrics?: boolean } = {}) {
    // CPU, memory, event loop lag, GC: the usual Node.js series, unprefixed so stock dashboards work.
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: this.registry })
  }

  /** The Content-Type of {@link render}'s output (Prometheus text format 0.0.4). */
  get contentType (): string {
    return this.registry.contentType
  }

  /** Every series in Prometheus text format; runs the scrape-time collectors. */
  async render (): Promise<string> {
    return await this.registry.metrics()
  }
}
