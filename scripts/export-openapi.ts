// Writes the OpenAPI document the running gateway serves to openapi/openapi.json.
// `--check` fails when the checked-in document differs (CI runs it).
import { readFile, writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { localCredentials } from '../src/local/local-credentials.js'
import { projectRoot } from '../src/project-paths.js'
import { loadRegistry } from '../src/registry.js'

const check = process.argv.includes('--check')
const config = loadConfig({})
// The document does not depend on the secrets; invented ones let the sample registry load.
const registry = await loadRegistry(config.registryFile, localCredentials())
const app = await buildApp({ config, registry, logger: false })
await app.ready()
const doc = `${JSON.stringify(app.swagger(), null, 2)}\n`
await app.close()
const target = join(projectRoot, 'openapi', 'openapi.json')
if (check) {
  const current = await readFile(target, 'utf8').catch(() => '')
  if (current !== doc) {
    console.error('openapi/openapi.json is out of date: run npm run gen:openapi')
    process.exit(1)
  }
} else {
  await mkdir(join(projectRoot, 'openapi'), { recursive: true })
  await writeFile(target, doc)
}
