import t from 'tap'
import { receiverIdempotencyKey } from '../../src/messages/message-store.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// Outcomes that are true: a message whose retries are spent without an answer is not declared
// dead before its receiver is asked. The one-stop system registered the dossier and lost its
// answer, the retries failed: the lookup finds it applied, and the message ends delivered with
// the dossier code it was given: registered once, and the sender told the truth.
const p = await startPlatform(t, { workers: true, delivery: { attempts: 3, backoffMs: 800, timeoutMs: 2000, syncTimeoutMs: 1500 } })
const h29 = p.mock(IDS.h29)
const [applicant] = sampleCitizens(p.mock(IDS.population), 1)
if (applicant === undefined) throw new Error('no sample citizen')

async function settled (id: string): Promise<any> {
  return await eventually(async () => {
    const s = await p.state(id, KEYS.dvcqg)
    return s.body.status === 'delivered' || s.body.status === 'dead' ? s.body : undefined
  }, 20_000, `message ${id} settled`)
}

t.test('applied but its answer lost, then every retry failed: delivered, with the reply the receiver gave', async (t) => {
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant, 'H29'))
  const key = receiverIdempotencyKey(IDS.portal, String(msg.header.messageId))
  h29.setFaults({ lostReplyRate: 1 })
  t.teardown(() => { h29.setFaults({ lostReplyRate: 0, failNext: 0 }) })
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  await eventually(async () => h29.received().some((r) => r.idempotencyKey === key && r.fault === 'lost-reply') ? true : undefined, 10_000, 'the first attempt')
  // The two retries are answered 503; the lookup after them gets through.
  h29.setFaults({ lostReplyRate: 0, failNext: 2 })
  const state = await settled(String(msg.header.messageId))
  t.equal(state.status, 'delivered', 'not dead: the receiver had applied it')
  const effects = h29.effects().filter((e) => e.idempotencyKey === key)
  t.equal(effects.length, 1, 'registered once')
  t.equal(state.reply.body.dossierCode, effects[0]?.maHoSo, 'the reply names the dossier it registered')
  t.equal(state.attempts, 3)
  t.ok(state.deliveryReceipt, 'with its delivery receipt')
  t.ok(h29.received().some((r) => r.path.startsWith('/api/hoso/giaodich/')), 'the receiver was asked')
})

t.test('never received, every attempt failed: dead, as before (the lookup says so)', async (t) => {
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant, 'H29'))
  const key = receiverIdempotencyKey(IDS.portal, String(msg.header.messageId))
  h29.setFaults({ failNext: 3 })
  t.teardown(() => { h29.setFaults({ failNext: 0 }) })
  t.equal((await p.send(msg, KEYS.dvcqg)).statusCode, 202)
  const state = await settled(String(msg.header.messageId))
  t.equal(state.status, 'dead')
  t.equal(state.lastError.code, 'LT_UPSTREAM_UNAVAILABLE')
  t.equal(h29.effects().filter((e) => e.idempotencyKey === key).length, 0, 'nothing applied')
})
