import t from 'tap'
import { IDS, KEYS, startPlatform } from '../helpers/platform.js'

// The counts asked for in one event-loop turn go to Redis as one script call
// (src/plugins/rate-limits.ts): each must still be counted once, in order, and per participant.
const p = await startPlatform(t, {
  editRegistry: (doc) => {
    const h29 = doc.participants.find((x) => x.id === IDS.h29)
    if (h29 !== undefined) h29.limits = { reads: { max: 4, windowSeconds: 30 } }
  }
})

const read = async (key: string): Promise<{ statusCode: number, headers: Record<string, unknown> }> =>
  await p.app.inject({ method: 'GET', url: '/v1/messages', headers: { authorization: `Bearer ${key}` } })

t.test('counts asked for together are each counted once, in order; another participant\'s count is its own', async (t) => {
  const answers = await Promise.all(Array.from({ length: 12 }, async () => await read(KEYS.h29)))
  t.same(answers.map((r) => r.statusCode).sort(), [200, 200, 200, 200, 429, 429, 429, 429, 429, 429, 429, 429], 'exactly the limit passes')
  t.same(answers.filter((r) => r.statusCode === 200).map((r) => String(r.headers.ratelimit)).sort(),
    ['"reads";r=0;t=30', '"reads";r=1;t=30', '"reads";r=2;t=30', '"reads";r=3;t=30'], 'each got its own count')
  const [h29, h62] = await Promise.all([read(KEYS.h29), read(KEYS.h62)])
  t.equal(h29.statusCode, 429)
  t.equal(h62.statusCode, 200, 'the same batch, another participant: not limited')
})
