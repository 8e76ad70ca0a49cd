import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js'
import { projectRoot } from '../../src/project-paths.js'

const envExample = await readFile(join(projectRoot, '.env.example'), 'utf8')
const readme = await readFile(join(projectRoot, 'README.md'), 'utf8')

t.test('every variable the configuration reads is in .env.example and the README', async (t) => {
  t.ok(CONFIG_VARIABLES.length > 20)
  for (const name of CONFIG_VARIABLES) {
    t.match(envExample, new RegExp(`^${name}=`, 'm'), `${name} in .env.example`)
    t.ok(readme.includes(`\`${name}\``), `${name} in the README`)
  }
})

t.test('.env.example names nothing the configuration ignores, except secrets the registries and docker-compose read', async (t) => {
  const names = [...envExample.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1] as string)
  const readers = await Promise.all([join('config', 'registry.json'), join('config', 'registry.compose.json'), 'docker-compose.yml'].map(async (f) => await readFile(join(projectRoot, f), 'utf8')))
  for (const name of names) {
    const known = CONFIG_VARIABLES.includes(name) || readers.some((text) => text.includes(`\${${name}`) || text.includes(`"${name}"`)) || name.startsWith('MOCK')
    t.ok(known, `${name} is read by something`)
  }
})

t.test('a bad value stops the start with the variable\'s name', async (t) => {
  t.throws(() => loadConfig({ BREAKER_FAILURE_RATE: '2' }), /BREAKER_FAILURE_RATE/)
  t.throws(() => loadConfig({ WORKER_LOCK_MS: 'soon' }), /WORKER_LOCK_MS/)
  t.equal(loadConfig({}).breakerMinCalls, 20, 'defaults apply')
})
