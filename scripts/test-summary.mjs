// Prints one line "N passed, N failed" from the TAP results tap saved for the last run
// (.tap/test-results), counting every test point at every depth that is not a subtest's
// own summary, so the count is of real assertions. A file that crashed or whose plan was
// not met counts as one failure more.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Parser } from 'tap-parser'

async function files (dir) {
  const out = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...await files(p))
    else if (entry.name.endsWith('.tap')) out.push(p)
  }
  return out
}

let passed = 0
let failed = 0
const expected = Number(process.argv[2] ?? 0)
const results = await files('.tap/test-results').catch(() => [])
for (const file of results) {
  const tap = await readFile(file, 'utf8')
  const leaves = { pass: 0, fail: 0 }
  const watch = (parser) => {
    parser.on('child', watch)
    parser.on('assert', (res) => {
      // A subtest's summary point carries no diagnostics of its own but closes a child parser.
      if (res.name && parser.lastChildName === res.name) return
      if (res.skip || res.todo) return
      if (res.ok) leaves.pass++
      else leaves.fail++
    })
    parser.on('child', (child) => { child.on('complete', () => { parser.lastChildName = child.name }) })
  }
  const parser = new Parser()
  watch(parser)
  const final = await new Promise((resolve) => { parser.on('complete', resolve); parser.end(tap) })
  passed += leaves.pass
  failed += leaves.fail
  if (!final.ok && leaves.fail === 0) failed++
}
if (results.length < expected) failed += expected - results.length
console.log(`${passed} passed, ${failed} failed`)
