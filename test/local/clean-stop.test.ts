import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { freePort } from '../../src/local/redis-server.js'
import { projectRoot } from '../../src/project-paths.js'
import type { RegistryDocument } from '../../src/registry.js'

// `npm start` as a terminal runs it: its own process group, and Ctrl-C is SIGINT to the whole group.
const dir = await mkdtemp(join(tmpdir(), 'lt-start-'))
t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })

/** The sample registry with the mocks on free ports, so a run does not collide with another `npm start`. */
async function registryOnFreePorts (taken: Set<number>): Promise<string> {
  const doc = JSON.parse(await readFile(join(projectRoot, 'config', 'registry.json'), 'utf8')) as RegistryDocument
  for (const p of doc.participants) if (p.endpoint !== undefined) p.endpoint.baseUrl = `http://127.0.0.1:${await distinctFreePort(taken)}`
  const file = join(dir, `registry-${Date.now()}-${Math.random()}.json`)
  await writeFile(file, JSON.stringify(doc))
  return file
}

/** A free port none of the run's other servers was given (the OS may hand one out twice in a row). */
async function distinctFreePort (taken: Set<number>): Promise<number> {
  for (;;) {
    const port = await freePort()
    if (!taken.has(port)) {
      taken.add(port)
      return port
    }
  }
}

interface Run { child: ChildProcess, output: () => string, exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }> }

async function start (env: Record<string, string> = {}): Promise<Run> {
  const taken = new Set<number>()
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'cli.ts')], {
    cwd: projectRoot,
    detached: true,
    env: { PATH: process.env.PATH, PORT: String(await distinctFreePort(taken)), REGISTRY_FILE: await registryOnFreePorts(taken), DATA_DIR: join(dir, `data-${Date.now()}`), ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (c: Buffer) => { output += c.toString() })
  child.stderr?.on('data', (c: Buffer) => { output += c.toString() })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  t.teardown(() => { try { process.kill(-(child.pid as number), 'SIGKILL') } catch {} })
  return { child, output: () => output, exited }
}

async function until (check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Process id, process group and command of every child of `pid` (Linux /proc). */
async function childrenOf (pid: number): Promise<Array<{ pid: number, pgrp: number, comm: string }>> {
  const out: Array<{ pid: number, pgrp: number, comm: string }> = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    const m = /^(\d+) \((.*)\) \S+ (\d+) (\d+)/.exec(stat)
    if (m !== null && Number(m[3]) === pid) out.push({ pid: Number(m[1]), pgrp: Number(m[4]), comm: m[2] as string })
  }
  return out
}

/** The first line Redis answers to PING, or the connection error's code. */
async function ping (port: number): Promise<string> {
  return await new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (c) => { resolve(c.toString().split('\r\n')[0] as string); socket.destroy() })
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
  })
}

const TRIALS = 3
const STOP_WITHIN_MS = 5000

for (let trial = 1; trial <= TRIALS; trial++) {
  t.test(`Ctrl-C stops npm start cleanly (trial ${trial} of ${TRIALS})`, async (t) => {
    const run = await start()
    await until(() => run.output().includes('lienthong is running') || run.child.exitCode !== null, 60_000, 'the platform to start')
    t.match(run.output(), /lienthong is running/)
    const banner = run.output()
    const redisPort = Number(/redis\s+redis:\/\/:\*+@127\.0\.0\.1:(\d+)/.exec(banner)?.[1])
    t.ok(redisPort > 0, 'the banner shows the private Redis URL with its password masked')
    t.match(await ping(redisPort), /^-NOAUTH/, 'the private Redis refuses a client without the password')

    const redis = (await childrenOf(run.child.pid as number)).filter((c) => c.comm === 'redis-server')
    t.equal(redis.length, 1, 'one private redis-server')
    t.not(redis[0]?.pgrp, run.child.pid, 'it is outside the process group a terminal\'s Ctrl-C reaches')
    const cmdline = await readFile(`/proc/${String(redis[0]?.pid)}/cmdline`, 'utf8')
    t.notMatch(cmdline, /requirepass/, 'the password is not on its command line (ps shows that to every user)')

    // Some traffic-free seconds of running workers, as a user would have before pressing Ctrl-C.
    await new Promise((resolve) => setTimeout(resolve, 300 + trial * 400))
    const before = run.output().length
    const sent = Date.now()
    process.kill(-(run.child.pid as number), 'SIGINT')
    const exit = await Promise.race([run.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 20_000))])
    const ms = Date.now() - sent
    t.same(exit, { code: 0, signal: null }, 'exits with 0')
    t.ok(ms < STOP_WITHIN_MS, `stopped in ${ms} ms`)
    const after = run.output().slice(before)
    const errors = after.split('\n').filter((l) => /"level":(5|6)0|ECONNREFUSED|Error/.test(l))
    t.same(errors.slice(0, 3), [], 'no error lines while stopping')
    t.equal(await ping(redisPort), 'ECONNREFUSED', 'the private Redis is stopped')
  })
}

t.test('the private Redis is stopped when npm start dies of an error too', async (t) => {
  const run = await start()
  await until(() => run.output().includes('lienthong is running'), 60_000, 'the platform to start').catch((err: Error) => { throw new Error(`${err.message}; it printed:\n${run.output().slice(-3000)}`) })
  const [redis] = (await childrenOf(run.child.pid as number)).filter((c) => c.comm === 'redis-server')
  t.ok(redis !== undefined)
  // SIGTERM twice: close-with-grace exits at once on the second signal, without the orderly close.
  process.kill(run.child.pid as number, 'SIGTERM')
  process.kill(run.child.pid as number, 'SIGTERM')
  await run.exited
  await until(() => { try { process.kill(redis?.pid as number, 0); return false } catch { return true } }, 5000, 'redis-server to end')
  t.pass('redis-server ended with its parent')
})

t.test('npm start with NODE_ENV=production refuses the sample registry\'s development keys, before starting anything', async (t) => {
  const run = await start({ NODE_ENV: 'production' })
  const exit = await run.exited
  t.equal(exit.code, 1)
  t.match(run.output(), /LT_DEV_KEYS_IN_PRODUCTION: .*VN:GOV:000\.00\.00\.H29:motcua \(key h29-dev-1\)/)
  t.notMatch(run.output(), /lienthong is running/)
})
