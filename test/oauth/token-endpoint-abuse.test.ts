import t from 'tap'
import { startPlatform } from '../helpers/platform.js'

// The token endpoint reads little and answers clearly before it is abused: repeated parameters are
// refused (RFC 6749 §3.2), a body is a few hundred bytes at most, and one address asks only so often.
const p = await startPlatform(t, { env: { OAUTH_TOKEN_RATE_PER_MINUTE: '8' } })
const basic = `Basic ${Buffer.from('h29-dev-client:lts_dev_h29_motcua_Vb3Nq8Ze5Rw1Yc6Tj0Hk').toString('base64')}`

async function token (payload: string, opts: { contentType?: string, address?: string } = {}): Promise<{ statusCode: number, headers: Record<string, unknown>, body: any }> {
  const res = await p.app.inject({
    method: 'POST',
    url: '/oauth2/token',
    remoteAddress: opts.address ?? '192.0.2.10',
    headers: { authorization: basic, 'content-type': opts.contentType ?? 'application/x-www-form-urlencoded' },
    payload
  })
  return { statusCode: res.statusCode, headers: res.headers, body: res.json() }
}

t.test('a parameter given twice is invalid_request, not the last one wins', async (t) => {
  for (const form of ['grant_type=client_credentials&grant_type=client_credentials', 'grant_type=client_credentials&scope=citizen.verify&scope=citizen.lookup']) {
    const res = await token(form, { address: '192.0.2.20' })
    t.equal(res.statusCode, 400, form)
    t.match(res.body, { error: 'invalid_request', code: 'LT_OAUTH_INVALID_REQUEST' })
    t.match(res.body.details[0].problem, 'repeated')
  }
  t.equal((await token('grant_type=client_credentials&scope=citizen.verify', { address: '192.0.2.20' })).statusCode, 200, 'once each is fine')
})

t.test('a large body is refused, form or JSON', async (t) => {
  const big = `grant_type=client_credentials&scope=${'x'.repeat(5000)}`
  const form = await token(big, { address: '192.0.2.30' })
  t.equal(form.statusCode, 400)
  t.equal(form.body.error, 'invalid_request')
  const json = await token(JSON.stringify({ grant_type: 'client_credentials', pad: 'x'.repeat(5000) }), { address: '192.0.2.30', contentType: 'application/json' })
  t.equal(json.statusCode, 400)
  t.equal(json.body.error, 'invalid_request')
})

t.test('one address asks for tokens at most OAUTH_TOKEN_RATE_PER_MINUTE times a minute', async (t) => {
  const statuses: number[] = []
  let refusal: Awaited<ReturnType<typeof token>> | undefined
  for (let i = 0; i < 10; i++) {
    const res = await token('grant_type=client_credentials', { address: '192.0.2.40' })
    statuses.push(res.statusCode)
    if (res.statusCode === 429) refusal = res
  }
  t.same(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 429, 429])
  t.match(refusal?.body, { error: 'slow_down', code: 'LT_RATE_LIMITED' })
  t.ok(Number(refusal?.headers['retry-after']) >= 1)
  // Wrong secrets count too: guessing meets the same limit.
  const guesses: number[] = []
  for (let i = 0; i < 10; i++) {
    const res = await p.app.inject({ method: 'POST', url: '/oauth2/token', remoteAddress: '192.0.2.50', headers: { authorization: `Basic ${Buffer.from(`h29-dev-client:guess-${i}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' })
    guesses.push(res.statusCode)
  }
  t.same(guesses, [401, 401, 401, 401, 401, 401, 401, 401, 429, 429])
  t.equal((await token('grant_type=client_credentials', { address: '192.0.2.60' })).statusCode, 200, 'other addresses are not held back')
})
