import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { projectRoot } from '../../src/project-paths.js'

interface Teardown { teardown: (fn: () => Promise<void> | void) => void }

/** What one `npm run chaos` run left behind. */
export interface ChaosRun {
  /** The run's exit code: 0 when it passed, 1 when its own checks failed, 2 when it crashed. */
  code: number | null
  /** Its stdout and stderr, interleaved as they came: the diagnostic to show when `code` is not 0. */
  output: string
  /**
   * The JSON summary it wrote (`--json`), parsed; `undefined` if it wrote none (it crashed).
   * Left untyped: the tests read whichever parts of it they check.
   */
  summary: any
}

/**
 * Runs `scripts/chaos.ts` (as `npm run chaos` does) with `args` plus `--json` pointing into a
 * temporary directory that `t`'s teardown removes, waits for it to exit and reads its summary.
 *
 * The run does not fail the test by itself: check `code` (with `output` as the diagnostic) and
 * `summary`. A failing run still writes its summary, so every check can say what went wrong.
 */
export async function runChaos (t: Teardown, args: string[]): Promise<ChaosRun> {
  const dir = await mkdtemp(join(tmpdir(), 'lt-chaos-test-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const summaryFile = join(dir, 'summary.json')
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chaos.ts', ...args, '--json', summaryFile],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] })
  // If this test process is stopped, the run must stop (and clean up) its processes too.
  const stop = (): void => { child.kill('SIGTERM') }
  process.once('exit', stop)
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  process.off('exit', stop)

  let summary: any
  try {
    summary = JSON.parse(await readFile(summaryFile, 'utf8'))
  } catch (err) {
    // No summary is what a crashed run leaves; the caller's check of `code` reports it, with the output.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  return { code, output, summary }
}
