import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import { adminTokenMatches } from '../plugins/admin-auth.js'
import type { Metrics } from './metrics.js'

export interface MetricsServer {
  url: string
  close: () => Promise<void>
}

/**
 * `GET /metrics` of a process that has no HTTP server of its own (the delivery worker), for
 * Prometheus to scrape its per-process series. Same credential as the gateway's /metrics.
 */
export async function startMetricsServer (opts: { metrics: Metrics, host: string, port: number, adminToken: string, logger: Logger }): Promise<MetricsServer> {
  const { metrics, adminToken, logger } = opts
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
      return
    }
    if (!adminTokenMatches(req.headers.authorization, adminToken)) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="lienthong"' })
        .end(adminToken === '' ? 'metrics are disabled: set ADMIN_TOKEN\n' : 'send the admin token as Authorization: Bearer <token>\n')
      return
    }
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
