import { execFile } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { getWithToken, TokenClient, TokenRefusal } from '../../docs/examples/oauth2-token.js'
import { projectRoot } from '../../src/project-paths.js'
import { SigningKeys } from '../../src/signing/signing-keys.js'
import { startPlatform } from '../helpers/platform.js'

// The guide's token flow against the gateway on a real port, with the sample development client.
const p = await startPlatform(t, { env: { SIGNING_KEYS: JSON.stringify([await SigningKeys.generate()]) } })
await p.app.listen({ port: 0, host: '127.0.0.1' })
const baseUrl = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`
const client = { baseUrl, clientId: 'h29-dev-client', clientSecret: 'lts_dev_h29_motcua_Vb3Nq8Ze5Rw1Yc6Tj0Hk' }

t.test('one token serves many calls until it nears its expiry', async (t) => {
  const tokens = new TokenClient({ ...client, scope: 'citizen.verify enterprise.lookup' })
  const first = await getWithToken(tokens, baseUrl, '/v1/services')
  t.equal(first.status, 200)
  t.same(first.body.services.map((s: { service: string }) => s.service), ['citizen.verify', 'enterprise.lookup'], 'the services in scope')
  await getWithToken(tokens, baseUrl, '/v1/services')
  await Promise.all([tokens.token(), tokens.token()])
  t.equal(tokens.requested, 1, 'asked for one token')
  const eager = new TokenClient({ ...client, refreshMarginSeconds: 301 })
  await eager.token()
  await eager.token()
  t.equal(eager.requested, 2, 'a token within the margin of its expiry is renewed')
})

t.test('a token the gateway refuses is replaced once', async (t) => {
  const tokens = new TokenClient(client)
  await tokens.token()
  // Simulate a token the gateway no longer accepts (e.g. signed by a key rotated out).
  ;(tokens as unknown as { current: { token: string } }).current.token = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln'
  const res = await getWithToken(tokens, baseUrl, '/v1/services')
  t.equal(res.status, 200)
  t.equal(tokens.requested, 2)
})

t.test('a wrong secret is an RFC 6749 invalid_client', async (t) => {
  const err = await new TokenClient({ ...client, clientSecret: 'wrong' }).token().catch((e: unknown) => e) as TokenRefusal
  t.type(err, TokenRefusal)
  t.equal(err.status, 401)
  t.equal(err.error, 'invalid_client')
  t.equal(err.code, 'LT_OAUTH_INVALID_CLIENT')
})

t.test('run as a script, it lists the services the token covers', async (t) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(projectRoot, 'docs', 'examples', 'oauth2-token.ts')], {
    cwd: projectRoot,
    env: { ...process.env, LIENTHONG_URL: baseUrl, LIENTHONG_SCOPE: 'citizen.verify' }
  })
  t.same(JSON.parse(stdout), ['citizen.verify'])
})
