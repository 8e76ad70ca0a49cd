// Writes the README's error tables from the error catalogue (src/error-catalogue.ts), between
// the `<!-- generated:errors -->` and `<!-- /generated:errors -->` markers.
// `--check` fails when the README differs (CI runs it).
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { errorTablesMarkdown } from '../src/error-catalogue.js'
import { projectRoot } from '../src/project-paths.js'

const START = '<!-- generated:errors (npm run generate, from src/error-catalogue.ts) -->'
const END = '<!-- /generated:errors -->'

const file = join(projectRoot, 'README.md')
const readme = await readFile(file, 'utf8')
const from = readme.indexOf(START)
const to = readme.indexOf(END)
if (from < 0 || to < from) {
  console.error(`README.md has no ${START} … ${END} section`)
  process.exit(1)
}
const next = `${readme.slice(0, from + START.length)}\n${errorTablesMarkdown()}\n${readme.slice(to)}`
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md\'s error tables are out of date: run npm run generate')
    process.exit(1)
  }
} else if (next !== readme) {
  await writeFile(file, next)
}
