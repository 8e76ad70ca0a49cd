import { createServer } from 'node:http'
import { isIPv6, type AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import { adminTokenMatches } from '../admin/admin-token.js'
import type { Metrics } from './metrics.js'

export interface MetricsServer {
  url: string
  close: () => Promise<void>
}

/**
 * Wrong tokens per client address, in this process's memory (the listener is the process's own):
 * `maxFailures` within `blockSeconds` of the first block the address for `blockSeconds`, the
 * right token too, as the gateway's admin sign-in does; the right token forgets earlier slips.
 */
export class FailureThrottle {
  private readonly maxFailures: number
  private readonly blockMs: number
  private readonly now: () => number
  private readonly failures = new Map<string, { count: number, since: number, blockedUntil?: number }>()

  constructor (opts: { maxFailures: number, blockSeconds: number, now?: () => number }) {
    this.maxFailures = opts.maxFailures
    this.blockMs = opts.blockSeconds * 1000
    this.now = opts.now ?? Date.now
  }

  /** Seconds the address is still blocked, or 0. */
  blockedFor (address: string): number {
    const entry = this.failures.get(addressKey(address))
    if (entry?.blockedUntil === undefined) return 0
    const left = entry.blockedUntil - this.now()
    if (left > 0) return Math.ceil(left / 1000)
    this.failures.delete(addressKey(address))
    return 0
  }

  failed (address: string): void {
    const key = addressKey(address)
    const now = this.now()
    let entry = this.failures.get(key)
    if (entry === undefined || now - entry.since > this.blockMs) entry = { count: 0, since: now }
    entry.count++
    if (entry.count >= this.maxFailures) entry.blockedUntil = now + this.blockMs
    this.failures.set(key, entry)
    // Bounded: a flood of addresses forgets the oldest first (Map keeps insertion order).
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value as string)
  }

  succeeded (address: string): void {
    this.failures.delete(addressKey(address))
  }
}

/** IPv6 addresses by their /64, as one client usually holds a whole /64. */
function addressKey (address: string): string {
  return isIPv6(address) && !address.startsWith('::ffff:') ? address.split(':').slice(0, 4).join(':') : address
}

/**
 * `GET /metrics` of a process that has no HTTP server of its own (the delivery worker), for
 * Prometheus to scrape its per-process series. Same credential as the gateway's /metrics.
 */
export async function startMetricsServer (opts: { metrics: Metrics, host: string, port: number, adminToken: string, logger: Logger, throttle?: FailureThrottle }): Promise<MetricsServer> {
  const { metrics, adminToken, logger } = opts
  const throttle = opts.throttle ?? new FailureThrottle({ maxFailures: 5, blockSeconds: 900 })
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
      return
    }
    const address = req.socket.remoteAddress ?? ''
    const blocked = throttle.blockedFor(address)
    if (blocked > 0) {
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': String(blocked) }).end('too many wrong admin tokens from this address\n')
      return
    }
    if (!adminTokenMatches(req.headers.authorization, adminToken)) {
      // A request without a token is not a guess.
      if (adminToken !== '' && req.headers.authorization !== undefined) throttle.failed(address)
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="lienthong"' })
        .end(adminToken === '' ? 'metrics are disabled: set ADMIN_TOKEN\n' : 'send the admin token as Authorization: Bearer <token>\n')
      return
    }
    throttle.succeeded(address)
    metrics.render().then(
      (text) => { res.writeHead(200, { 'content-type': metrics.contentType }).end(req.method === 'HEAD' ? undefined : text) },
      (err: unknown) => {
        logger.error({ err }, 'metrics could not be rendered')
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n')
      }
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => { server.off('error', reject); resolve() })
  })
  const { address, port } = server.address() as AddressInfo
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/metrics`,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => { resolve() }))
    }
  }
}
