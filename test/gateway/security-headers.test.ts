import { createHash } from 'node:crypto'
import t from 'tap'
import { docsPolicy, serializePolicy } from '../../src/plugins/security-headers.js'
import { KEYS, startPlatform } from '../helpers/platform.js'

const ADMIN = 'test-csp-token-3c9e0a-0123456789abcd'
const p = await startPlatform(t, { env: { ADMIN_TOKEN: ADMIN } })
const STRICT = "default-src 'none';frame-ancestors 'none'"

async function get (url: string, headers: Record<string, string> = {}): Promise<Awaited<ReturnType<typeof p.app.inject>>> {
  return await p.app.inject({ method: 'GET', url, headers })
}

/** A policy header as directive → sources. */
function directives (header: unknown): Map<string, string[]> {
  t.equal(typeof header, 'string', 'one Content-Security-Policy header')
  return new Map(String(header).split(';').map((d) => d.trim()).filter((d) => d !== '').map((d) => {
    const [name, ...sources] = d.split(/\s+/)
    return [name as string, sources]
  }))
}

function sha256Source (text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`
}

/** Sources no page here needs: inline code by keyword, eval, wildcards. */
function looseSources (policy: Map<string, string[]>): string[] {
  return [...policy.values()].flat().filter((source) => ["'unsafe-inline'", "'unsafe-eval'", '*', 'https:', 'http:'].includes(source))
}

t.test('JSON responses carry the strict policy and the usual security headers', async (t) => {
  const responses = [
    await get('/health/live'),
    await get('/v1/services'),
    await get('/v1/services', { authorization: `Bearer ${KEYS.h29}` }),
    await get('/no/such/route'),
    await get('/admin/api/queues', { authorization: `Bearer ${ADMIN}` })
  ]
  t.same(responses.map((r) => r.statusCode), [200, 401, 200, 404, 200])
  for (const res of responses) {
    t.equal(res.headers['content-security-policy'], STRICT)
    t.equal(res.headers['x-content-type-options'], 'nosniff')
    t.equal(res.headers['x-frame-options'], 'DENY')
    t.equal(res.headers['referrer-policy'], 'no-referrer')
    t.equal(res.headers['cross-origin-opener-policy'], 'same-origin')
    t.equal(res.headers['cross-origin-resource-policy'], 'same-origin')
    t.match(res.headers['strict-transport-security'], /^max-age=\d+/)
  }
})

t.test('/docs has its own policy: scripts and styles from the gateway only', async (t) => {
  for (const url of ['/docs', '/docs/', '/docs/json', '/docs/static/swagger-ui-bundle.js']) {
    const res = await get(url)
    t.equal(res.statusCode, 200, url)
    t.equal(res.headers['content-security-policy'], serializePolicy(docsPolicy), url)
  }
  const policy = directives((await get('/docs')).headers['content-security-policy'])
  t.same(policy.get('script-src'), ["'self'"])
  t.same(policy.get('default-src'), ["'none'"])
  t.same(policy.get('frame-ancestors'), ["'none'"])
  t.same(looseSources(policy), [], 'no unsafe-inline, unsafe-eval or wildcard')
  t.notMatch((await get('/docs/static/swagger-initializer.js')).body, /validator\.swagger\.io/, 'no call to the validator')
})

t.test('the login page allows its own style by hash and no script at all', async (t) => {
  const res = await get('/admin/login')
  const policy = directives(res.headers['content-security-policy'])
  const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)?.[1]
  t.ok(style !== undefined)
  t.same(policy.get('style-src'), [sha256Source(style as string)], 'exactly the page\'s style')
  t.equal(policy.get('script-src'), undefined, 'falls back to default-src \'none\'')
  t.same(policy.get('default-src'), ["'none'"])
  t.same(policy.get('form-action'), ["'self'"])
  t.same(policy.get('frame-ancestors'), ["'none'"])
  t.equal((await login('wrong')).headers['content-security-policy'], res.headers['content-security-policy'], 'the refusal too')
})

async function login (token: string): Promise<Awaited<ReturnType<typeof p.app.inject>>> {
  return await p.app.inject({ method: 'POST', url: '/admin/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${token}` })
}

t.test('the queue dashboard allows the scripts of the gateway and exactly the inline styles of its page', async (t) => {
  const res = await get('/admin/queues', { authorization: `Bearer ${ADMIN}` })
  t.equal(res.statusCode, 200)
  const policy = directives(res.headers['content-security-policy'])
  t.same(policy.get('script-src'), ["'self'"])
  t.same(policy.get('default-src'), ["'none'"])
  t.same(policy.get('connect-src'), ["'self'"])
  t.same(policy.get('frame-ancestors'), ["'none'"])
  t.same(looseSources(policy), [], 'no unsafe-inline, unsafe-eval or wildcard')
  const inline = [...res.body.matchAll(/<style>([\s\S]*?)<\/style>/g), ...res.body.matchAll(/\sstyle="([^"]*)"/g)].map((m) => m[1] as string)
  t.ok(inline.length > 0, 'the page has inline styles')
  const styleSrc = policy.get('style-src') ?? []
  for (const style of inline) t.ok(styleSrc.includes(sha256Source(style)), `allowed: ${style.slice(0, 40)}`)
  t.notMatch(res.body, /<script(?![^>]*(\bsrc=|type="application\/json"))/, 'every script is a file or a JSON data block')
  const unauthenticated = await get('/admin/queues')
  t.equal(unauthenticated.headers['content-security-policy'], res.headers['content-security-policy'], 'the refusal carries it too')
})
