import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { projectRoot } from '../../src/project-paths.js'

const run = promisify(execFile)
const script = join(projectRoot, 'scripts', 'lint-openapi.ts')

async function lint (file?: string): Promise<{ code: number, stdout: string, stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...(file === undefined ? [] : [file])], { cwd: projectRoot })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number, stdout: string, stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const dir = await mkdtemp(join(tmpdir(), 'lt-lint-'))
t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })

t.test('the exported document passes', async (t) => {
  const res = await lint()
  t.equal(res.code, 0, res.stderr)
  t.match(res.stdout, /valid OpenAPI 3\.1\.0/)
})

async function broken (name: string, change: (doc: any) => void): Promise<string> {
  const doc = JSON.parse(await readFile(join(projectRoot, 'openapi', 'openapi.json'), 'utf8'))
  change(doc)
  const file = join(dir, name)
  await writeFile(file, JSON.stringify(doc))
  return file
}

t.test('a broken document fails with every problem listed', async (t) => {
  const res = await lint(await broken('broken.json', (doc) => {
    delete doc.paths['/v1/services'].get.responses['200'].description
    doc.paths['/v1/messages'].post.requestBody.content['application/json'].examples.citizenVerify.value.header.from = 'motcua'
  }))
  t.equal(res.code, 1)
  t.match(res.stderr, /2 problem\(s\)/)
  t.match(res.stderr, /must have required property 'description'/, 'the standard validator\'s finding')
  t.match(res.stderr, /examples\/citizenVerify: the example does not match its schema: \/header\/from/)
})

t.test('a reference that leaves the document fails', async (t) => {
  const res = await lint(await broken('external.json', (doc) => {
    doc.components.schemas['citizen.verify.v1'].properties.citizenId = { $ref: '../components/schemas.json#/definitions/personalId' }
  }))
  t.equal(res.code, 1)
  t.match(res.stderr, /citizen\.verify\.v1\/properties\/citizenId: \$ref "..\/components\/schemas.json#\/definitions\/personalId" leaves the document/)
})

t.test('a file that is not JSON fails', async (t) => {
  const file = join(dir, 'not.json')
  await writeFile(file, 'openapi: 3.1.0')
  const res = await lint(file)
  t.equal(res.code, 1)
  t.match(res.stderr, /cannot read/)
})
