import t from 'tap'
import { receiverIdempotencyKey } from '../../src/messages/message-store.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// Outcomes that are true when the receiver cannot say: retries spent and its lookup failing too,
// the message is neither delivered nor dead but `unconfirmed`, visibly, and the reconciler keeps
// asking: applied → delivered with the receiver's reply; still unknown past the give-up time →
// dead with LT_OUTCOME_UNKNOWN, which tells the admins to check with the receiver.
const p = await startPlatform(t, {
  workers: true,
  delivery: { attempts: 2, backoffMs: 300, timeoutMs: 1000, syncTimeoutMs: 1000 },
  env: { RECONCILE_INTERVAL_MS: '250', RECONCILE_GIVE_UP_HOURS: '0.001' }
})
const h29 = p.mock(IDS.h29)
const applicant = sampleCitizens(p.mock(IDS.population), 1)[0] ?? (() => { throw new Error('no sample citizen') })()

async function statusOf (id: string, wanted: string, ms = 20_000): Promise<any> {
  return await eventually(async () => {
    const s = await p.state(id, KEYS.dvcqg)
    return s.body.status === wanted ? s.body : undefined
  }, ms, `message ${id} ${wanted}`)
}

/** Applied by the one-stop system, its answer lost, then the system is down: lookups fail too. */
async function appliedThenDown (): Promise<{ id: string, key: string }> {
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant, 'H29'))
  const key = receiverIdempotencyKey(IDS.portal, String(msg.header.messageId))
  h29.setFaults({ lostReplyRate: 1 })
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  await eventually(async () => h29.received().some((r) => r.idempotencyKey === key && r.fault === 'lost-reply') ? true : undefined, 10_000, 'the first attempt')
  h29.setFaults({ lostReplyRate: 0, down: true })
  return { id: String(msg.header.messageId), key }
}

t.test('the receiver cannot say: unconfirmed, then delivered once it answers the lookup', async (t) => {
  t.teardown(() => { h29.setFaults({ down: false, lostReplyRate: 0 }) })
  const { id, key } = await appliedThenDown()
  const unconfirmed = await statusOf(id, 'unconfirmed')
  t.equal(unconfirmed.attempts, 2)
  t.equal(unconfirmed.lastError.code, 'LT_UPSTREAM_UNAVAILABLE')
  t.notOk(unconfirmed.reply)
  // It stays so while the system is down (asked every 250 ms).
  await new Promise((resolve) => setTimeout(resolve, 800))
  t.equal((await p.state(id, KEYS.dvcqg)).body.status, 'unconfirmed')
  t.equal((await p.app.inject({ url: '/admin/api/dead-letters', headers: { authorization: 'Bearer -' } })).statusCode, 401)
  t.equal(await p.app.redis.zscore(p.app.store.deadKey, id), null, 'not a dead letter')

  h29.setFaults({ down: false })
  const delivered = await statusOf(id, 'delivered')
  const effects = h29.effects().filter((e) => e.idempotencyKey === key)
  t.equal(effects.length, 1, 'registered once')
  t.equal(delivered.reply.body.dossierCode, effects[0]?.maHoSo, 'with the reply the receiver gave')
  t.ok(delivered.deliveryReceipt)
  t.same(delivered.history.map((h: any) => h.status).slice(-2), ['unconfirmed', 'delivered'])
  t.equal(await p.app.redis.zscore(p.app.store.unconfirmedKey, id), null, 'off the reconciler\'s list')
})

t.test('still unknown past the give-up time: dead with LT_OUTCOME_UNKNOWN', async (t) => {
  t.teardown(() => { h29.setFaults({ down: false, lostReplyRate: 0 }) })
  const { id } = await appliedThenDown()
  await statusOf(id, 'unconfirmed')
  const dead = await statusOf(id, 'dead', 15_000)
  t.equal(dead.lastError.code, 'LT_OUTCOME_UNKNOWN')
  t.match(dead.lastError.message, /check with it before sending again/)
  t.ok(await p.app.redis.zscore(p.app.store.deadKey, id), 'a dead letter, for an admin to look into')
})

t.test('the lookup answers "not received": dead at once, without waiting', async (t) => {
  t.teardown(() => { h29.setFaults({ failNext: 0 }) })
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant, 'H29'))
  h29.setFaults({ failNext: 2 })
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  const dead = await statusOf(String(msg.header.messageId), 'dead')
  t.notOk(dead.history.some((h: any) => h.status === 'unconfirmed'))
})
