import t from 'tap'
import { startPlatform } from '../helpers/platform.js'

// Audit: "3,000 wrong admin sign-ins got 401 each, then the right token worked."
const ADMIN = 'sign-in-throttle-admin-token-0123456789abcdef'
const p = await startPlatform(t, { env: { ADMIN_TOKEN: ADMIN, ADMIN_SIGN_IN_MAX_FAILURES: '5', ADMIN_SIGN_IN_BLOCK_SECONDS: '900' } })

/** A request from `ip` (inject sets the socket's remote address). */
async function bearer (url: string, token: string, ip: string) {
  return await p.app.inject({ method: 'GET', url, remoteAddress: ip, headers: { authorization: `Bearer ${token}` } })
}

async function login (token: string, ip: string) {
  return await p.app.inject({
    method: 'POST',
    url: '/admin/login',
    remoteAddress: ip,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token }).toString()
  })
}

t.test('five wrong admin tokens from one address: then even the right one gets 429 LT_RATE_LIMITED', async (t) => {
  const ip = '203.0.113.10'
  for (let i = 0; i < 5; i++) t.equal((await bearer('/admin/api/queues', `guess-${i}`, ip)).statusCode, 401, `guess ${i + 1} refused`)
  const right = await bearer('/admin/api/queues', ADMIN, ip)
  t.equal(right.statusCode, 429)
  t.equal(right.json().code, 'LT_RATE_LIMITED')
  t.match(right.json().message, /too many wrong admin tokens/)
  const retry = Number(right.headers['retry-after'])
  t.ok(retry > 890 && retry <= 900, `blocked for the block time (Retry-After ${retry} s)`)
  t.equal((await bearer('/metrics', ADMIN, ip)).statusCode, 429, '/metrics is closed to the address too')
  t.equal((await bearer('/admin/queues/api/queues', ADMIN, ip)).statusCode, 429, 'and the queue dashboard\'s API')
  t.equal((await login(ADMIN, ip)).statusCode, 429, 'and the sign-in form')
  t.equal((await bearer('/admin/api/queues', ADMIN, '203.0.113.11')).statusCode, 200, 'another address is not blocked')
})

t.test('wrong tokens count wherever they are tried: the form, /metrics, the dashboard API', async (t) => {
  const ip = '198.51.100.7'
  t.equal((await login('guess-a', ip)).statusCode, 401)
  t.equal((await login('guess-b', ip)).statusCode, 401)
  t.equal((await bearer('/metrics', 'guess-c', ip)).statusCode, 401)
  t.equal((await bearer('/admin/queues/api/queues', 'guess-d', ip)).statusCode, 401)
  t.equal((await login('guess-e', ip)).statusCode, 401, 'four failures: not blocked yet')
  const blocked = await login(ADMIN, ip)
  t.equal(blocked.statusCode, 429, 'the fifth blocks the address')
  t.match(blocked.headers['content-type'], /^text\/html/, 'the form answers with its page')
  t.match(blocked.body, /Too many wrong tokens from your address/)
  t.ok(Number(blocked.headers['retry-after']) > 0)
  t.notOk(blocked.headers['set-cookie'], 'no session')
})

t.test('requests without a token are not guesses; a dashboard sign-in forgets earlier failures', async (t) => {
  const ip = '192.0.2.44'
  for (let i = 0; i < 10; i++) {
    t.equal((await p.app.inject({ method: 'GET', url: '/admin/api/queues', remoteAddress: ip })).statusCode, 401)
  }
  for (let i = 0; i < 4; i++) await login(`guess-${i}`, ip)
  t.equal((await login(ADMIN, ip)).statusCode, 303, 'signed in after four failures')
  for (let i = 0; i < 4; i++) t.equal((await login(`again-${i}`, ip)).statusCode, 401)
  t.equal((await bearer('/admin/api/queues', ADMIN, ip)).statusCode, 200, 'the count started again at the sign-in')
})

t.test('IPv6 addresses are blocked by /64: an attacker has a whole subnet', async (t) => {
  for (let i = 0; i < 5; i++) await bearer('/admin/api/queues', 'guess', `2001:db8:1:2::${i + 1}`)
  t.equal((await bearer('/admin/api/queues', ADMIN, '2001:db8:1:2::ffff')).statusCode, 429)
  t.equal((await bearer('/admin/api/queues', ADMIN, '2001:db8:1:3::1')).statusCode, 200, 'the next /64 is not')
})

t.test('the right token forgets an address\'s earlier slips', async (t) => {
  const ip = '203.0.113.70'
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 4; i++) t.equal((await bearer('/admin/api/queues', `slip-${round}-${i}`, ip)).statusCode, 401)
    t.equal((await bearer('/admin/api/queues', ADMIN, ip)).statusCode, 200, `round ${round + 1}: four slips, then the right token`)
  }
})
