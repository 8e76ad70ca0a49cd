import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import semver from 'semver'
import t from 'tap'
import { projectRoot } from '../../src/project-paths.js'

// Every package the lock file installs runs on the Node the project declares (package.json
// engines): a dependency that needs a newer Node is a failure waiting for its first use there.
const pkg = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as { engines: { node: string } }
const lock = JSON.parse(await readFile(join(projectRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string, engines?: unknown }> }
const oldest = semver.minVersion(pkg.engines.node)?.version ?? ''

t.ok(semver.valid(oldest), `the oldest Node the project declares: ${oldest}`)

t.test('no installed package needs a newer Node than the project declares', async (t) => {
  const refused: string[] = []
  for (const [path, entry] of Object.entries(lock.packages)) {
    const range = (entry.engines as { node?: unknown } | undefined)?.node
    if (path === '' || typeof range !== 'string') continue
    if (!semver.satisfies(oldest, range)) refused.push(`${path.replace(/^node_modules\//, '')}@${entry.version ?? '?'} needs node ${range}`)
  }
  t.same(refused, [], `every package runs on node ${oldest}`)
})
