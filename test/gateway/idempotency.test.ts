import t from 'tap'
import { buildApp } from '../../src/app.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'

// Two gateway processes' worth of apps on one Redis: idempotency must hold across them.
const p = await startPlatform(t, { workers: true })
const second = await buildApp({ config: p.config, registry: p.registry, logger: false })
t.teardown(async () => { await second.close() })
await second.ready()
const gateways = [p.app, second]
const [applicant] = sampleCitizens(p.mock(IDS.population), 1)
if (applicant === undefined) throw new Error('no sample citizen')
const h29 = p.mock(IDS.h29)
const population = p.mock(IDS.population)

async function post (gateway: number, msg: unknown, key: string): Promise<{ statusCode: number, body: any }> {
  const res = await (gateways[gateway % 2] as typeof p.app).inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${key}` }, payload: msg as object })
  return { statusCode: res.statusCode, body: res.json() }
}

t.test('the same async message posted 20 times at once through two gateways is delivered once', async (t) => {
  h29.reset()
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const id = String(msg.header.messageId)
  const answers = await Promise.all(Array.from({ length: 20 }, async (_, i) => await post(i, msg, KEYS.dvcqg)))
  t.same([...new Set(answers.map((a) => a.statusCode))], [202], 'every post accepted')
  t.ok(answers.every((a) => a.body.messageId === id))
  const state = await eventually(async () => {
    const s = await p.state(id, KEYS.dvcqg)
    return s.body.status === 'delivered' ? s.body : undefined
  }, 15_000, 'delivery')
  t.equal(state.attempts, 1)
  t.equal(state.history.filter((h: any) => h.status === 'accepted').length, 1, 'recorded once')
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(h29.received().length, 1, 'one delivery reached the system')
  t.equal(h29.effects().length, 1, 'one dossier')
  const later = await post(1, msg, KEYS.dvcqg)
  t.equal(later.statusCode, 202)
  t.equal(later.body.status, 'delivered', 'a later re-post reports the current state')
  t.equal(h29.received().length, 1, 'and delivers nothing')
})

t.test('a sync message re-posted through the other gateway gets the same answer without a second call', async (t) => {
  population.reset()
  const msg = envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: applicant.citizenId, fullName: applicant.fullName, dateOfBirth: applicant.dateOfBirth })
  const first = await post(0, msg, KEYS.h29)
  t.equal(first.statusCode, 200)
  const again = await post(1, { ...msg, header: { ...msg.header, sentAt: '2026-11-22T09:31:00+07:00' } }, KEYS.h29)
  t.equal(again.statusCode, 200)
  t.same(again.body, first.body, 'the same reply envelope, its messageId included')
  t.equal(population.received().length, 1)
})

t.test('the same messageId with different content is refused by either gateway', async (t) => {
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  t.equal((await post(0, msg, KEYS.dvcqg)).statusCode, 202)
  const changed = { ...msg, body: { ...msg.body, procedureName: 'Đăng ký kết hôn' } }
  for (const gateway of [0, 1]) {
    const res = await post(gateway, changed, KEYS.dvcqg)
    t.equal(res.statusCode, 409)
    t.equal(res.body.code, 'LT_MESSAGE_ID_CONFLICT')
    t.same(res.body.details, [{ pointer: '/header/messageId', problem: 'already used for different content' }])
  }
})
