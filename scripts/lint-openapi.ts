// Validates the exported OpenAPI document (openapi/openapi.json, or the file named) with the
// standard OpenAPI 3.1 validator and the project's own checks; exits 1 listing every problem.
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { projectRoot } from '../src/project-paths.js'
import { lintOpenapi } from './lib/openapi-lint.js'

const file = process.argv[2] !== undefined ? resolve(process.argv[2]) : join(projectRoot, 'openapi', 'openapi.json')
let document: unknown
try {
  document = JSON.parse(await readFile(file, 'utf8'))
} catch (err) {
  console.error(`cannot read ${file}: ${(err as Error).message}`)
  process.exit(1)
}
const { errors, warnings } = await lintOpenapi(document)
for (const warning of warnings) console.warn(`warning: ${warning}`)
if (errors.length > 0) {
  console.error(`${file}: ${errors.length} problem(s)`)
  for (const error of errors) console.error(`- ${error}`)
  process.exit(1)
}
console.log(`${file}: valid OpenAPI ${String((document as { openapi?: unknown }).openapi)}${warnings.length > 0 ? ` (${warnings.length} warning(s))` : ''}`)
