import { fork, spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { projectRoot } from '../../src/project-paths.js'

/** What a child process is in the run: a gateway, a delivery worker, or the mock systems. */
export type Role = 'gateway' | 'worker' | 'mocks'

/** A child that ended without being asked to: the run reports it, a supervisor would restart it. */
export interface UnexpectedExit {
  role: Role
  index: number
  code: number | null
  signal: string | null
  atMs: number
}

/** One incarnation of a child process. */
export interface Child {
  role: Role
  index: number
  /** 1 for the first start, 2 after the first restart, ... */
  incarnation: number
  process: ChildProcess
  logFile: string
  /** Set before we kill or stop it, so its exit is not reported as unexpected. */
  expectedExit: boolean
  exited: Promise<void>
}

export interface SupervisorOptions {
  logsDir: string
  /** Milliseconds since the run's start, for the timeline. */
  clock: () => number
}

const ENTRY: Record<Role, string> = {
  gateway: 'src/server.ts',
  worker: 'src/worker.ts',
  mocks: 'scripts/chaos/mock-systems.ts'
}

/**
 * Starts, kills and restarts the run's child processes, each a real `node --import tsx` process
 * from the source tree with its output in its own log file, and remembers every exit nobody asked for.
 */
export class Supervisor {
  readonly children = new Map<string, Child>()
  readonly unexpectedExits: UnexpectedExit[] = []
  readonly #opts: SupervisorOptions
  readonly #incarnations = new Map<string, number>()
  #stopping = false

  constructor (opts: SupervisorOptions) {
    this.#opts = opts
  }

  /** Starts child `role`/`index` with `env` on top of this process's environment. */
  start (role: Role, index: number, env: Record<string, string> = {}): Child {
    // A restart scheduled before a ctrl-C must not leave a process behind.
    if (this.#stopping) throw new Error(`not starting ${role}-${index}: the run is stopping`)
    const name = `${role}-${index}`
    const incarnation = (this.#incarnations.get(name) ?? 0) + 1
    this.#incarnations.set(name, incarnation)
    const logFile = join(this.#opts.logsDir, `${name}.${incarnation}.log`)
    const fd = openSync(logFile, 'a')
    const options = {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      execArgv: ['--import', 'tsx']
    }
    // The mocks answer over IPC (ready, with their URLs); gateways and workers are plain processes, as deployed.
    const child = role === 'mocks'
      ? fork(ENTRY[role], [], { ...options, stdio: ['ignore', fd, fd, 'ipc'] })
      : spawn(process.execPath, [...options.execArgv, ENTRY[role]], { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd] })
    closeSync(fd)
    const entry: Child = {
      role,
      index,
      incarnation,
      process: child,
      logFile,
      expectedExit: false,
      exited: new Promise((resolve) => {
        child.once('exit', (code, signal) => {
          if (!entry.expectedExit) this.unexpectedExits.push({ role, index, code, signal, atMs: this.#opts.clock() })
          resolve()
        })
      })
    }
    this.children.set(name, entry)
    return entry
  }

  get (role: Role, index: number): Child | undefined {
    return this.children.get(`${role}-${index}`)
  }

  /** SIGKILL: no shutdown hook runs, in-flight work is abandoned as in a crash or an OOM kill. */
  async kill (role: Role, index: number): Promise<void> {
    const child = this.get(role, index)
    if (child === undefined || !running(child)) return
    child.expectedExit = true
    child.process.kill('SIGKILL')
    await child.exited
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop (child: Child, graceMs = 5_000): Promise<void> {
    child.expectedExit = true
    if (!running(child)) return
    child.process.kill('SIGTERM')
    const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs)
    await child.exited
    clearTimeout(timer)
  }

  async stopAll (graceMs = 5_000): Promise<void> {
    this.#stopping = true
    await Promise.allSettled([...this.children.values()].map(async (c) => await this.stop(c, graceMs)))
  }
}

export function running (child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null
}

/** Resolves once `text` appears in the child's log file; rejects when it exits first or after `timeoutMs`. */
export async function waitForLog (child: Child, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const log = await readFile(child.logFile, 'utf8').catch(() => '')
    if (log.includes(text)) return
    if (!running(child)) throw new Error(`${child.role}-${child.index} exited before it was ready; log ${child.logFile}:\n${log.slice(-2000)}`)
    if (Date.now() > deadline) throw new Error(`${child.role}-${child.index} not ready after ${timeoutMs} ms; log ${child.logFile}:\n${log.slice(-2000)}`)
    await sleep(100)
  }
}

/** Resolves once GET `url` answers 200; rejects when the child exits first or after `timeoutMs`. */
export async function waitForHttp (child: Child, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) })
      await res.arrayBuffer()
      if (res.status === 200) return
    } catch {}
    if (!running(child)) {
      const log = await readFile(child.logFile, 'utf8').catch(() => '')
      throw new Error(`${child.role}-${child.index} exited before it was ready; log ${child.logFile}:\n${log.slice(-2000)}`)
    }
    if (Date.now() > deadline) throw new Error(`${child.role}-${child.index}: ${url} not ready after ${timeoutMs} ms`)
    await sleep(100)
  }
}

/** The first IPC message of a forked child (the mocks report their URLs once listening). */
export async function firstMessage<T> (child: Child, timeoutMs: number): Promise<T> {
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${child.role}-${child.index}: no message after ${timeoutMs} ms; log ${child.logFile}`)), timeoutMs)
    child.process.once('message', (message) => { clearTimeout(timer); resolve(message as T) })
    void child.exited.then(() => { clearTimeout(timer); reject(new Error(`${child.role}-${child.index} exited before it was ready; log ${child.logFile}`)) })
  })
}
