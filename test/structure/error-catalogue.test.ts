import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { DELIVERY_ERRORS, HTTP_ERRORS, OTHER_CODES } from '../../src/error-catalogue.js'
import { errors } from '../../src/errors.js'
import { projectRoot } from '../../src/project-paths.js'

// One error catalogue: every LT_ code the code gives is in it, once; the refusals come from it.
async function sources (dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(join(projectRoot, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) out.push(join(entry.parentPath, entry.name))
  }
  return out
}

t.test('every LT_ code in src/ and adapters/ is in the catalogue', async (t) => {
  const known = new Set<string>([
    ...Object.values(HTTP_ERRORS).map((e) => e.code),
    ...Object.values(DELIVERY_ERRORS).map((e) => e.code),
    ...Object.keys(OTHER_CODES)
  ])
  const used = new Map<string, string>()
  for (const file of [...await sources('src'), ...await sources('adapters')]) {
    if (file.endsWith('error-catalogue.ts') || file.includes(`${join('src', 'generated')}`)) continue
    for (const m of (await readFile(file, 'utf8')).matchAll(/['`](LT_[A-Z_]+)['`:]/g)) used.set(m[1] as string, file)
  }
  t.ok(used.size > 20, `${used.size} codes used`)
  for (const [code, file] of used) t.ok(known.has(code), `${code} (${file.slice(projectRoot.length + 1)}) is in the catalogue`)
})

t.test('codes are unique, and each refusal maker gives its status and code', async (t) => {
  const http = Object.values(HTTP_ERRORS).map((e) => e.code)
  t.equal(new Set(http).size, http.length, 'no HTTP code twice')
  for (const [name, entry] of Object.entries(HTTP_ERRORS)) {
    const e = errors[name as keyof typeof errors]('x')
    t.same([e.statusCode, e.code], [entry.status, entry.code], name)
  }
})

t.test('the README\'s tables and the OpenAPI replies are made from it', async (t) => {
  const readme = await readFile(join(projectRoot, 'README.md'), 'utf8')
  const openapi = await readFile(join(projectRoot, 'openapi', 'openapi.json'), 'utf8')
  for (const entry of Object.values(HTTP_ERRORS)) {
    t.ok(readme.includes(`| ${entry.status} | \`${entry.code}\` | ${entry.when} |`), `${entry.code} in the README table`)
  }
  for (const entry of Object.values(DELIVERY_ERRORS)) t.ok(readme.includes(`| \`${entry.code}\` |`), `${entry.code} in the README`)
  t.ok(openapi.includes(`${HTTP_ERRORS.schemaInvalid.code}: ${HTTP_ERRORS.schemaInvalid.when.replace(/"/g, '\\"')}.`), 'the 422 reply describes LT_SCHEMA_INVALID with the catalogue\'s words')
})
