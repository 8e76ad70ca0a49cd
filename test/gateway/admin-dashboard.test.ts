import t from 'tap'
import { AdminSessions } from '../../src/admin/admin-session.js'
import { queueNameFor } from '../../src/delivery/delivery-queues.js'
import { IDS, startPlatform } from '../helpers/platform.js'

const ADMIN = 'test-dashboard-token-8d41b7-01234567'
const p = await startPlatform(t, { env: { ADMIN_TOKEN: ADMIN } })
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

async function get (url: string, headers: Record<string, string> = {}): Promise<Awaited<ReturnType<typeof p.app.inject>>> {
  return await p.app.inject({ method: 'GET', url, headers })
}

async function login (token: string, headers: Record<string, string> = {}): Promise<Awaited<ReturnType<typeof p.app.inject>>> {
  return await p.app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams({ token }).toString()
  })
}

/** The `name=value` part of the session Set-Cookie, ready for a Cookie header. */
function cookieOf (res: { headers: Record<string, unknown> }): string {
  const setCookie = String(res.headers['set-cookie'])
  return setCookie.slice(0, setCookie.indexOf(';'))
}

const session = cookieOf(await login(ADMIN))

t.test('the login form: no script, not cached, posts the token back', async (t) => {
  const res = await get('/admin/login', { accept: HTML })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/html/)
  t.equal(res.headers['cache-control'], 'no-store')
  t.match(res.body, /<form method="post" action="\/admin\/login">/)
  t.match(res.body, /<input id="token" name="token" type="password"/)
  t.notMatch(res.body, /<script/i, 'works under a policy without script-src')
})

t.test('the right token signs in: a signed, HttpOnly, SameSite=Strict cookie and a redirect to the queues', async (t) => {
  const res = await login(ADMIN)
  t.equal(res.statusCode, 303)
  t.equal(res.headers.location, '/admin/queues')
  const setCookie = String(res.headers['set-cookie'])
  t.match(setCookie, /^lt_admin_session=v1\.\d+\.[\w-]+\.[\w-]+; /)
  for (const attribute of ['Path=/admin', 'Max-Age=28800', 'HttpOnly', 'SameSite=Strict']) {
    t.ok(setCookie.split('; ').includes(attribute), attribute)
  }
  t.notMatch(setCookie, /Secure/, 'plain HTTP: a Secure cookie would not come back')
  t.match(String((await login(ADMIN, { 'x-forwarded-proto': 'https' })).headers['set-cookie']), /; Secure$/, 'behind TLS: Secure')
  const json = await p.app.inject({ method: 'POST', url: '/admin/login', payload: { token: ADMIN } })
  t.equal(json.statusCode, 303, 'a JSON body works as well as the form')
})

t.test('a wrong token shows the form again with the reason, and no cookie', async (t) => {
  for (const res of [
    await login('not-the-token'),
    await login(''),
    await p.app.inject({ method: 'POST', url: '/admin/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' })
  ]) {
    t.equal(res.statusCode, 401)
    t.match(res.headers['content-type'], /^text\/html/)
    t.match(res.body, /role="alert">That is not the admin token/)
    t.match(res.body, /<form method="post" action="\/admin\/login">/)
    t.equal(res.headers['set-cookie'], undefined)
  }
})

t.test('the session cookie opens the dashboard and its API', async (t) => {
  const page = await get('/admin/queues', { accept: HTML, cookie: session })
  t.equal(page.statusCode, 200)
  t.match(page.body, /<base href="\/admin\/queues\/"/)
  t.notMatch(page.body, /fonts\.googleapis\.com/, 'no third-party fonts')
  const api = await get('/admin/queues/api/queues', { cookie: `theme=dark; ${session}` })
  t.equal(api.statusCode, 200)
  t.same(api.json().queues.map((q: any) => q.name).sort(), [...p.registry.receivers().map((r) => queueNameFor(r.id)), 'callbacks'].sort(), 'every receiver\'s queue and the callbacks')
  t.equal((await get('/admin/login', { accept: HTML, cookie: session })).headers.location, '/admin/queues', 'signed in: the form is skipped')
})

t.test('the admin token as a Bearer header opens the dashboard too', async (t) => {
  t.equal((await get('/admin/queues/api/queues', { authorization: `Bearer ${ADMIN}` })).statusCode, 200)
  const wrong = await get('/admin/queues/api/queues', { authorization: 'Bearer nope', cookie: session })
  t.equal(wrong.statusCode, 401, 'a wrong Bearer token is refused even beside a valid cookie')
})

t.test('without credentials: browsers go to the login form, everything else gets a 401', async (t) => {
  for (const url of ['/admin/queues', '/admin/queues/', `/admin/queues/queue/${queueNameFor(IDS.h29)}`]) {
    const res = await get(url, { accept: HTML })
    t.equal(res.statusCode, 303, url)
    t.equal(res.headers.location, '/admin/login')
  }
  for (const url of ['/admin/queues/api/queues', '/admin/queues', '/admin/queues/static/images/logo.svg']) {
    const res = await get(url, { accept: 'application/json' })
    t.equal(res.statusCode, 401, url)
    t.match(res.headers['content-type'], /^application\/json/)
    t.equal(res.headers['www-authenticate'], 'Bearer realm="lienthong"')
    t.same(Object.keys(res.json()).sort(), ['code', 'message', 'statusCode'])
    t.equal(res.json().code, 'LT_UNAUTHENTICATED')
  }
})

t.test('a tampered, foreign or expired cookie is refused', async (t) => {
  const value = session.slice(session.indexOf('=') + 1)
  const [format, expiry, nonce, mac] = value.split('.') as [string, string, string, string]
  const forged = [
    `${format}.${Number(expiry) + 86_400}.${nonce}.${mac}`,
    `${format}.${expiry}.${nonce}x.${mac}`,
    `${format}.${expiry}.${nonce}.${mac.slice(0, -2)}AA`,
    `${format}.${expiry}.${nonce}`,
    `v2.${expiry}.${nonce}.${mac}`,
    new AdminSessions('some-other-token').issue(),
    new AdminSessions(ADMIN, { now: () => Date.now() - 9 * 3600_000 }).issue(),
    new AdminSessions(ADMIN, { ttlMs: -1000 }).issue()
  ]
  for (const cookie of forged) {
    const res = await get('/admin/queues/api/queues', { cookie: `lt_admin_session=${cookie}` })
    t.equal(res.statusCode, 401, cookie)
  }
  t.equal((await get('/admin/queues', { accept: HTML, cookie: `lt_admin_session=${forged[0] as string}` })).headers.location, '/admin/login')
  t.equal((await get('/admin/queues/api/queues', { cookie: `lt_admin_session=${new AdminSessions(ADMIN).issue()}` })).statusCode, 200, 'a fresh one is accepted')
})

t.test('signing out clears the cookie', async (t) => {
  t.equal((await get('/admin/logout', { accept: HTML })).statusCode, 200, 'the sign-out page')
  const res = await p.app.inject({ method: 'POST', url: '/admin/logout', headers: { cookie: session } })
  t.equal(res.statusCode, 303)
  t.equal(res.headers.location, '/admin/login')
  const setCookie = String(res.headers['set-cookie'])
  t.match(setCookie, /^lt_admin_session=; /)
  t.ok(setCookie.split('; ').includes('Max-Age=0'))
  t.ok(setCookie.split('; ').includes('Path=/admin'), 'the same path, or the browser keeps the old cookie')
})

t.test('the admin API stays Bearer-only', async (t) => {
  const res = await get('/admin/api/queues', { cookie: session })
  t.equal(res.statusCode, 401)
  t.equal(res.json().code, 'LT_UNAUTHENTICATED')
})

t.test('the dashboard is read-only, and refuses cross-site changes', async (t) => {
  const pause = `/admin/queues/api/queues/${queueNameFor(IDS.h29)}/pause`
  const crossSite = await p.app.inject({ method: 'PUT', url: pause, headers: { cookie: session, 'sec-fetch-site': 'cross-site' } })
  t.equal(crossSite.statusCode, 403)
  t.equal(crossSite.json().code, 'LT_CROSS_SITE_REQUEST')
  const sameOrigin = await p.app.inject({ method: 'PUT', url: pause, headers: { cookie: session, 'sec-fetch-site': 'same-origin' } })
  t.equal(sameOrigin.statusCode, 405, 'read-only: changes go through the admin API')
  const queues = (await get('/admin/api/queues', { authorization: `Bearer ${ADMIN}` })).json().queues
  t.equal(queues.find((q: any) => q.receiver === IDS.h29).paused, false, 'the queue was not paused')
})

t.test('the dashboard is not part of the OpenAPI document', async (t) => {
  const paths = Object.keys((p.app.swagger() as { paths: Record<string, unknown> }).paths)
  t.ok(paths.includes('/admin/api/queues'))
  t.same(paths.filter((path) => path.startsWith('/admin/queues') || path.startsWith('/admin/log')), [])
})
