// Generates TypeScript types from the JSON Schemas in schemas/ (the single source of truth)
// into src/generated/. `--check` fails when the checked-in files differ from what it generates.
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { compileFromFile } from 'json-schema-to-typescript'
import { projectRoot } from '../src/project-paths.js'

const check = process.argv.includes('--check')
const schemas = join(projectRoot, 'schemas')
const out = join(projectRoot, 'src', 'generated')
const sources = [
  ...['envelope.json', 'error.json', 'message-state.json', 'message-accepted.json'].map((f) => join(schemas, f)),
  ...(await readdir(join(schemas, 'services'))).filter((f) => f.endsWith('.json')).sort().map((f) => join(schemas, 'services', f))
]

await mkdir(out, { recursive: true })
let stale = 0
for (const file of sources) {
  const ts = await compileFromFile(file, {
    cwd: join(file, '..'),
    bannerComment: `/* Generated from schemas/${file.slice(schemas.length + 1)} by npm run gen:types. Do not edit. */`,
    additionalProperties: false,
    unreachableDefinitions: true,
    style: { semi: false, singleQuote: true }
  })
  const target = join(out, `${basename(file, '.json')}.ts`)
  if (check) {
    const current = await readFile(target, 'utf8').catch(() => '')
    if (current !== ts) { console.error(`stale: ${target}`); stale++ }
  } else {
    await writeFile(target, ts)
  }
}
if (stale > 0) process.exit(1)
