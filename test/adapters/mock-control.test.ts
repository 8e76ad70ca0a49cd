import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { startMock } from '../../adapters/index.js'
import { localCredentials } from '../../src/local/local-credentials.js'
import { freePort } from '../../src/local/redis-server.js'
import { projectRoot } from '../../src/project-paths.js'
import type { RegistryDocument } from '../../src/registry.js'
import { eventually } from '../helpers/platform.js'

const CONTROL = [
  ['GET', '/__mock/faults'], ['PUT', '/__mock/faults'], ['GET', '/__mock/received'], ['DELETE', '/__mock/received'], ['GET', '/__mock/effects']
] as const

async function call (base: string, method: string, path: string): Promise<number> {
  const res = await fetch(`${base}${path}`, { method, ...(method === 'PUT' ? { headers: { 'content-type': 'application/json' }, body: '{"down":true}' } : {}) })
  await res.arrayBuffer()
  return res.status
}

t.test('with control off, the fault and received endpoints answer 404 and faults cannot be set', async (t) => {
  const mock = await startMock('population', { credentials: { apiKey: 'k' }, size: 10, control: false })
  t.teardown(mock.close)
  for (const [method, path] of CONTROL) t.equal(await call(mock.url, method, path), 404, `${method} ${path}`)
  t.equal(mock.setFaults({}).down, false, 'the PUT did not take the system down')
  t.equal(await call(mock.url, 'GET', '/__mock/health'), 200, 'health stays (compose health checks)')
  const citizen = mock.sample(1)[0] as Record<string, string>
  const res = await fetch(`${mock.url}/api/congdan/xacthuc`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: JSON.stringify({ soDinhDanh: citizen.soDinhDanh, hoVaTen: citizen.hoVaTen, ngaySinh: citizen.ngaySinh }) })
  t.equal(res.status, 200, 'the business API still answers')
  await res.arrayBuffer()
})

t.test('control is on by default (tests, npm start)', async (t) => {
  const mock = await startMock('business-registry', { credentials: { apiKey: 'k' }, size: 10 })
  t.teardown(mock.close)
  t.equal(await call(mock.url, 'GET', '/__mock/received'), 200)
  t.equal(await call(mock.url, 'PUT', '/__mock/faults'), 200)
  t.equal(mock.setFaults({}).down, true)
})

// `npm run mocks` (what compose runs): control only with MOCK_CONTROL=true.
const dir = await mkdtemp(join(tmpdir(), 'lt-mocks-'))
t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
const doc = JSON.parse(await readFile(join(projectRoot, 'config', 'registry.json'), 'utf8')) as RegistryDocument
const population = doc.participants.find((p) => p.endpoint?.kind === 'population')
doc.participants = doc.participants.filter((p) => p === population)
if (population?.endpoint === undefined) throw new Error('no population system in the sample registry')

for (const [setting, expected] of [[undefined, 404], ['true', 200]] as const) {
  t.test(`mocks.ts with MOCK_CONTROL=${setting ?? '(unset)'}: /__mock/received answers ${expected}`, async (t) => {
    const port = await freePort()
    population.endpoint!.baseUrl = `http://127.0.0.1:${port}`
    const file = join(dir, `registry-${port}.json`)
    await writeFile(file, JSON.stringify(doc))
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'mocks.ts')], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, ...localCredentials(), REGISTRY_FILE: file, LOG_LEVEL: 'warn', ...(setting !== undefined ? { MOCK_CONTROL: setting } : {}) },
      stdio: ['ignore', 'ignore', 'inherit']
    })
    t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
    const base = `http://127.0.0.1:${port}`
    await eventually(async () => await fetch(`${base}/__mock/health`).then((r) => r.ok ? true : undefined, () => undefined), 30_000, 'the mock to listen')
    t.equal(await call(base, 'GET', '/__mock/received'), expected)
    t.equal(await call(base, 'PUT', '/__mock/faults'), expected)
  })
}
