import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { createServer } from 'node:net'

/** How to get redis-server when it is not on PATH. */
export const REDIS_INSTALL_HINT = 'redis-server was not found on PATH. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis), or set REDIS_URL to an existing Redis 6.2+ with maxmemory-policy noeviction.'

export function redisServerAvailable (): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
}

/** A free TCP port on loopback (for private servers the gateway starts itself). */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

export interface PrivateRedis {
  url: string
  port: number
  process: ChildProcess
  stop: () => Promise<void>
}

/**
 * Starts a private redis-server with its data in `dir`. `durable` turns on the append-only
 * file (fsync every second), the setting a gateway needs so accepted messages survive a restart;
 * tests turn it off for speed. `noeviction` always: Redis must never drop a queued job.
 */
export async function startRedisServer (opts: { dir: string, port?: number, durable?: boolean }): Promise<PrivateRedis> {
  if (!redisServerAvailable()) throw new Error(REDIS_INSTALL_HINT)
  await mkdir(opts.dir, { recursive: true })
  const port = opts.port ?? await freePort()
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', opts.dir,
    '--appendonly', opts.durable === true ? 'yes' : 'no', '--appendfsync', 'everysec',
    '--save', '', '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--logfile', ''
  ]
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)}:\n${output}`)))
    child.once('error', reject)
  })
  child.stdout?.resume()
  child.stderr?.resume()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
    }
  }
}
