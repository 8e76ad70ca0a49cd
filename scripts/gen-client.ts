// Writes the integrators' typed client's types (clients/typescript/lienthong-api.d.ts) from
// openapi/openapi.json with openapi-typescript. `--check` fails when they differ (CI runs it).
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'
import { projectRoot } from '../src/project-paths.js'

const source = join(projectRoot, 'openapi', 'openapi.json')
const target = join(projectRoot, 'clients', 'typescript', 'lienthong-api.d.ts')
const header = '// Generated from openapi/openapi.json by openapi-typescript (npm run gen:client): do not edit.\n\n'
const text = header + astToString(await openapiTS(pathToFileURL(source)))
if (process.argv.includes('--check')) {
  if (await readFile(target, 'utf8').catch(() => '') !== text) {
    console.error('clients/typescript/lienthong-api.d.ts is out of date: run npm run generate')
    process.exit(1)
  }
} else {
  await writeFile(target, text)
}
