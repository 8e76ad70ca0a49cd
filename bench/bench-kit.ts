/**
 * What the benches share: the children they fork of their own file, and the results file.
 *
 * A bench runs what it measures (a server under test, the mock systems, a load generator) in
 * children forked from its own file with `--serve <kind>`, so that none shares an event loop with
 * the load or with another. Parent and child talk over the IPC channel: commands down, reports
 * up, one report for each command; a child's first report is `ready`, or `failed`.
 */
import { fork } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, platform, release, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { projectRoot } from '../src/project-paths.js'

/** Parent → child, understood by every child: disconnect, and end once what it opened is closed. */
export interface CloseCommand { type: 'close' }

/** Child → parent, from any child: it could not start, or could not carry out a command. */
export interface FailedReport { type: 'failed', error: string }

/** The report of `err`, with its stack where it has one. */
export function failed (err: unknown): FailedReport {
  return { type: 'failed', error: err instanceof Error ? err.stack ?? err.message : String(err) }
}

/** A child forked by {@link forkServe}, taking commands `C` and answering reports `R`. */
export interface ServeChild<C extends { type: string }, R extends { type: string }> {
  pid: number
  /** The child's first report, `ready`; rejects if the child fails or exits first. */
  ready: Promise<Extract<R, { type: 'ready' }>>
  /** Sends `command` and waits for the child's next report; rejects on `failed` or exit. */
  ask: (command: C) => Promise<R>
  /** Sends `close` and waits for the child to exit, killing it if it has not after `killAfterMs`. */
  close: () => Promise<void>
}

export interface ServeOptions {
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv
  /** Node options for the child after this process's own (e.g. `--cpu-prof`). */
  execArgv?: string[]
  /** What errors call the child; `<kind> process` by default. */
  label?: string
  killAfterMs?: number
}

/** Forks `file` (a bench's own file) with `--serve <kind>`: its {@link runBench} then serves `kind`. */
export function forkServe<C extends { type: string }, R extends { type: string }> (file: string, kind: string, opts: ServeOptions): ServeChild<C, R> {
  const label = opts.label ?? `${kind} process`
  const child = fork(file, ['--serve', kind], { execArgv: [...process.execArgv, ...(opts.execArgv ?? [])], env: opts.env, stdio: 'inherit' })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const next = async (): Promise<R> => await new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`${label} exited with ${String(code)}`))
    child.once('exit', onExit)
    child.once('message', (report: R | FailedReport) => {
      child.off('exit', onExit)
      if (report.type === 'failed') reject(new Error(`${label} failed:\n${(report as FailedReport).error}`))
      else resolve(report as R)
    })
  })
  const ready = next().then((report) => {
    if (report.type !== 'ready') throw new Error(`${label}: unexpected ${report.type}`)
    return report as Extract<R, { type: 'ready' }>
  })
  return {
    pid: child.pid ?? 0,
    ready,
    ask: async (command) => {
      const answer = next()
      child.send(command)
      return await answer
    },
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.send({ type: 'close' } satisfies CloseCommand)
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 10_000)
      await exited
      clearTimeout(timer)
    }
  }
}

/**
 * A bench file's entry: `main` in the parent; in a child forked by {@link forkServe}, `serve` with
 * its kind and a way to report to the parent. A child whose `serve` throws reports `failed` and
 * disconnects, so that it ends.
 */
export async function runBench<K extends string, R> (serve: (kind: K, send: (report: R) => void) => Promise<void>, main: () => Promise<void>): Promise<void> {
  const serveAt = process.argv.indexOf('--serve')
  if (serveAt === -1) {
    await main()
    return
  }
  const send = (report: R | FailedReport): void => { process.send?.(report) }
  try {
    await serve(process.argv[serveAt + 1] as K, send)
  } catch (err) {
    send(failed(err))
    process.exitCode = 1
    process.disconnect()
  }
}

/** What {@link countReplies} counted over a window: how many replies, and the time from the first to the last. */
export interface ReplyCount { count: number, elapsedMs: number }

/**
 * Counts the replies of `app` whose status `counts` accepts, from `start` to `stop` (an onResponse
 * hook: call it before `listen`). The time runs from the first reply counted to the last, so a
 * rate does not depend on how fast the IPC marks and the load generator's own start and stop
 * around them are.
 */
export function countReplies (app: FastifyInstance, counts: (statusCode: number) => boolean): { start: () => void, stop: () => ReplyCount } {
  let counting = false
  let count = 0
  let firstAt = 0n
  let lastAt = 0n
  app.addHook('onResponse', async (_request, reply) => {
    if (!counting || !counts(reply.statusCode)) return
    lastAt = process.hrtime.bigint()
    if (count++ === 0) firstAt = lastAt
  })
  return {
    start: () => { count = 0; counting = true },
    stop: () => {
      counting = false
      return { count, elapsedMs: Number(lastAt - firstAt) / 1e6 }
    }
  }
}

/** The machine a bench runs on, for its report and its results file. */
export function machineInfo (): { cpus: number, cpuModel: string, memoryGiB: number, platform: string, node: string } {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30 * 10) / 10, platform: `${platform()} ${release()}`, node: process.version }
}

/** The command that runs this bench (`benchFile` relative to the project), as its results record it. */
export function commandLine (benchFile: string): string {
  return ['node', ...process.execArgv, benchFile, ...process.argv.slice(2)].join(' ')
}

/**
 * Writes `results` with the date first to `file`, by default bench/results/<name>-<date>.json (a
 * later run the same day replaces it), and returns the path written, relative to the project when
 * inside it.
 */
export async function writeResults (name: string, results: Record<string, unknown>, file?: string): Promise<string> {
  const now = new Date()
  const path = file ?? join(projectRoot, 'bench', 'results', `${name}-${now.toISOString().slice(0, 10)}.json`)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, JSON.stringify({ date: now.toISOString(), ...results }, null, 2) + '\n')
  return path.startsWith(projectRoot) ? path.slice(projectRoot.length + 1) : path
}
