import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { ADMIN_TOKEN_MIN_LENGTH, loadConfig } from '../../src/config.js'
import { projectRoot } from '../../src/project-paths.js'

// Audit: "ADMIN_TOKEN has no minimum length."
t.test('an ADMIN_TOKEN shorter than 32 characters stops the start; empty turns admin access off', async (t) => {
  t.equal(ADMIN_TOKEN_MIN_LENGTH, 32)
  t.throws(() => loadConfig({ ADMIN_TOKEN: 'admin' }), /ADMIN_TOKEN is 5 characters long; it must have at least 32/)
  t.throws(() => loadConfig({ ADMIN_TOKEN: 'x'.repeat(31) }), /ADMIN_TOKEN/)
  t.equal(loadConfig({ ADMIN_TOKEN: 'x'.repeat(32) }).adminToken, 'x'.repeat(32))
  t.equal(loadConfig({ ADMIN_TOKEN: '' }).adminToken, '', 'empty: off')
  t.equal(loadConfig({}).adminToken, '', 'unset: off')
})

t.test('the gateway process refuses to start with a short ADMIN_TOKEN, saying why and not echoing it', async (t) => {
  const run = promisify(execFile)
  const secret = 'short-secret-token'
  const failure = await run(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'server.ts')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ADMIN_TOKEN: secret, REDIS_URL: 'redis://127.0.0.1:1', PORT: '0' },
    timeout: 60_000
  }).then(() => undefined, (err: { code?: number, stderr?: string }) => err)
  t.ok(failure !== undefined, 'the process exits with an error')
  t.not(failure?.code, 0)
  t.match(failure?.stderr ?? '', /ADMIN_TOKEN is 18 characters long; it must have at least 32/)
  t.notMatch(failure?.stderr ?? '', secret, 'the token itself is not printed')
})
