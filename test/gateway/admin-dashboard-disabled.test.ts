import t from 'tap'
import { startPlatform } from '../helpers/platform.js'

// No ADMIN_TOKEN: nothing could sign in, so the dashboard answers that it is off.
const p = await startPlatform(t)

t.test('without ADMIN_TOKEN the dashboard and its login are off', async (t) => {
  for (const [method, url] of [['GET', '/admin/login'], ['POST', '/admin/login'], ['GET', '/admin/queues'], ['GET', '/admin/queues/api/queues'], ['POST', '/admin/logout']] as const) {
    const res = await p.app.inject({ method, url, headers: { accept: 'text/html', authorization: 'Bearer ' }, payload: method === 'POST' ? { token: '' } : undefined })
    t.equal(res.statusCode, 401, `${method} ${url}`)
    t.equal(res.json().code, 'LT_UNAUTHENTICATED')
    t.match(res.json().message, /disabled: set ADMIN_TOKEN/)
  }
  t.equal((await p.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { cookie: 'lt_admin_session=v1.9999999999.x.y' } })).statusCode, 401)
})
