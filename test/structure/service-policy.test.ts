import { mkdtemp, readdir, readFile, writeFile, cp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { MessageSchemas } from '../../src/message-schemas.js'
import { projectRoot, schemasDir } from '../../src/project-paths.js'

// Per-service rules are declared with the service (x-lienthong.policy), not coded by its name.

t.test('each rule is declared where its service is', async (t) => {
  const schemas = await MessageSchemas.load(schemasDir)
  const declaring = (rule: keyof ReturnType<MessageSchemas['policyOf']>): string[] =>
    schemas.all().filter((d) => d.policy[rule]).map((d) => d.service).sort()
  t.same(declaring('citizenFields'), ['citizen.lookup'])
  t.same(declaring('matchOnly'), ['citizen.verify'])
  t.same(declaring('noMatchLimit'), ['citizen.verify'])
  t.same(declaring('dossierHolder'), ['dossier.submit'])
  t.same(declaring('dossierLifecycle'), ['dossier.status'])
  t.same(schemas.policyOf('no.such', '1'), { citizenFields: false, matchOnly: false, noMatchLimit: false, dossierHolder: false, dossierLifecycle: false })
})

t.test('a misspelt rule stops the start instead of being silently off', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'lt-schemas-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  await cp(schemasDir, dir, { recursive: true })
  const file = join(dir, 'services', 'citizen.verify.v1.json')
  await writeFile(file, (await readFile(file, 'utf8')).replace('"noMatchLimit": true', '"noMatchLimits": true'))
  await t.rejects(MessageSchemas.load(dir), /x-lienthong\.policy has rules the gateway does not know: noMatchLimits/)
})

t.test('no code in src/ decides a rule by a service\'s name', async (t) => {
  const offenders: string[] = []
  for (const entry of await readdir(join(projectRoot, 'src'), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue
    const file = join(entry.parentPath, entry.name)
    if (file.includes(join('src', 'generated')) || file.includes(join('src', 'openapi'))) continue
    for (const m of (await readFile(file, 'utf8')).matchAll(/[=!]==\s*'(citizen|dossier|enterprise|birth|death)\.[a-z.-]+'/g)) offenders.push(`${file.slice(projectRoot.length + 1)}: ${m[0]}`)
  }
  t.same(offenders, [])
})
