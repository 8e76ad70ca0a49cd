import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createServer } from 'node:net'

/** How to get redis-server when it is not on PATH. */
export const REDIS_INSTALL_HINT = 'redis-server was not found on PATH. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis), or set REDIS_URL to an existing Redis 6.2+ with maxmemory-policy noeviction.'

export function redisServerAvailable (): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
}

/**
 * A free TCP port on loopback (for private servers the gateway starts itself), below the kernel's
 * ephemeral range: a port listen(0) hands out is one of those, and any outgoing connection of the
 * machine may take it before the server it was meant for binds it.
 */
export async function freePort (): Promise<number> {
  const span = Math.min(ephemeralRangeStart(), 65_536) - LOWEST_PORT
  // A kernel whose ephemeral range starts low leaves no room below it: any free port, then.
  const tries = span > 1000 ? 100 : 0
  for (let i = 0; i < tries; i++) {
    const port = LOWEST_PORT + Math.floor(Math.random() * span)
    // Not one this process handed out already: its server may not be listening yet.
    if (handedOut.has(port) || !await bindable(port) || handedOut.has(port)) continue
    handedOut.add(port)
    return port
  }
  return await listenOn(0)
}

/** The ports {@link freePort} gave this process. */
const handedOut = new Set<number>()

/** Private servers' ports are drawn from here up (below: ports well-known services are often on). */
const LOWEST_PORT = 10_000

/** The first port of the kernel's ephemeral range (Linux; elsewhere the IANA range's). */
function ephemeralRangeStart (): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
    return Number.isInteger(first) && first > 0 ? first : 49_152
  } catch {
    return 49_152
  }
}

async function bindable (port: number): Promise<boolean> {
  return await listenOn(port).then(() => true, () => false)
}

/** Listens on `port` of loopback (0: any), closes, and resolves with the port. */
async function listenOn (port: number): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(port, '127.0.0.1', () => {
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

// Private servers still running: ended with this process, however it ends (see startRedisServer).
const running = new Set<ChildProcess>()
function stopAll (): void {
  for (const child of running) child.kill('SIGTERM')
}

/**
 * Starts a private redis-server with its data in `dir`. `durable` turns on the append-only
 * file (fsync every second), the setting a gateway needs so accepted messages survive a restart;
 * tests turn it off for speed. `noeviction` always: Redis must never drop a queued job.
 * `hash-max-listpack-value 4096`: records and jobs in the compact hash encoding.
 * `password`: clients must AUTH (the URL carries it); it is given on stdin, not the command line.
 *
 * The server runs in its own process group: a terminal's Ctrl-C (SIGINT to the foreground group)
 * reaches only this process, which stops Redis last, after the workers that use it. It is sent
 * SIGTERM when this process exits for any reason.
 *
 * `config`: more configuration lines (a replica's `replicaof`, a cluster node's `cluster-enabled`),
 * given on stdin. `sentinel`: runs a sentinel instead, with these lines in its own configuration
 * file in `dir` (a sentinel rewrites it as it learns its group).
 */
export async function startRedisServer (opts: { dir: string, port?: number, durable?: boolean, password?: string, config?: string[], sentinel?: string[] }): Promise<PrivateRedis> {
  if (!redisServerAvailable()) throw new Error(REDIS_INSTALL_HINT)
  // Unquoted in the config line and in the URL: keep it to characters neither needs escaped.
  if (opts.password !== undefined && !/^[A-Za-z0-9_-]{16,}$/.test(opts.password)) throw new Error('a private Redis password is 16 or more of A-Z a-z 0-9 _ -')
  await mkdir(opts.dir, { recursive: true })
  const port = opts.port ?? await freePort()
  const sentinelFile = join(opts.dir, 'sentinel.conf')
  if (opts.sentinel !== undefined) await writeFile(sentinelFile, [`port ${port}`, 'bind 127.0.0.1', `dir ${opts.dir}`, ...opts.sentinel, ''].join('\n'), { mode: 0o600 })
  const args = opts.sentinel !== undefined
    ? [sentinelFile, '--sentinel', '--daemonize', 'no', '--logfile', '']
    : [
        // `-` first: the rest of the configuration (the password) is read from stdin.
        '-',
        '--port', String(port), '--bind', '127.0.0.1', '--dir', opts.dir,
        '--appendonly', opts.durable === true ? 'yes' : 'no', '--appendfsync', 'everysec',
        '--save', '', '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--logfile', '',
        // A message record or a job (hashes of about 20 fields, the envelope about 1 KB) in Redis's
        // compact encoding rather than a hash table: about a quarter less memory per message.
        '--hash-max-listpack-value', '4096'
      ]
  const child = spawn('redis-server', args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true })
  if (running.size === 0) process.on('exit', stopAll)
  running.add(child)
  child.once('exit', () => {
    running.delete(child)
    if (running.size === 0) process.off('exit', stopAll)
  })
  child.stdin?.end(opts.sentinel !== undefined ? '' : [...(opts.password !== undefined ? [`requirepass ${opts.password}`] : []), ...opts.config ?? [], ''].join('\n'))
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      if (output.includes(opts.sentinel !== undefined ? '+monitor master' : 'Ready to accept connections')) {
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
    url: opts.password !== undefined ? `redis://:${encodeURIComponent(opts.password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
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
