import t from 'tap'
import { failures, reconcile, senderOutcomes, type GatewayRecord, type ReceiverEffect } from '../../scripts/chaos/reconcile.js'
import { planTraffic, seededUuid, type PostLogLine } from '../../scripts/chaos/traffic.js'
import { isAllowedTransition } from '../../src/dossier-lifecycle.js'
import { mulberry32 } from '../../adapters/index.js'

const H29 = 'VN:GOV:000.00.00.H29:motcua'

function line (messageId: string, post: number, status: number, final?: PostLogLine['final'], code?: string): PostLogLine {
  return { t: post, sender: 'G22→H29', from: 'VN:GOV:000.00.00.G22:dvcqg', messageId, service: 'dossier.submit', to: H29, post, gateway: 0, status, ...(final !== undefined ? { final } : {}), ...(code !== undefined ? { code } : {}) }
}

t.test('the senders\' log folds into one outcome per message', async (t) => {
  const outcomes = senderOutcomes([
    line('a', 1, 503, undefined, 'LT_UNAVAILABLE'), line('a', 2, 0, undefined, 'ECONNRESET'), line('a', 3, 202, 'accepted'),
    line('b', 1, 422, 'rejected', 'LT_SCHEMA_INVALID'),
    line('c', 1, 503), line('c', 2, 503, 'gave-up')
  ])
  t.same([...outcomes.values()].map(o => [o.messageId, o.posts, o.final]), [['a', 3, 'accepted'], ['b', 1, 'rejected'], ['c', 2, 'gave-up']])
})

t.test('delivered with one effect, dead, lost, twice, mismatched', async (t) => {
  const ids = ['ok', 'dead', 'deadApplied', 'stuck', 'noRecord', 'noEffect', 'twice', 'wrongReply']
  const outcomes = senderOutcomes(ids.map(id => line(id, 1, 202, 'accepted')))
  const delivered = (code: string): GatewayRecord => ({ status: 'delivered', reply: { body: { dossierCode: code } } })
  const records = new Map<string, GatewayRecord>([
    ['ok', delivered('X-1')],
    ['dead', { status: 'dead', lastError: { code: 'LT_UPSTREAM_UNAVAILABLE', upstreamStatus: 503 } }],
    ['deadApplied', { status: 'dead', lastError: { code: 'LT_UPSTREAM_UNAVAILABLE', message: 'one-stop could not be reached (UND_ERR_SOCKET)' } }],
    ['stuck', { status: 'delivering' }],
    ['noEffect', delivered('X-2')],
    ['twice', delivered('X-3')],
    ['wrongReply', delivered('X-4')]
  ])
  const effect = (key: string, dossierCode: string): ReceiverEffect => ({ receiver: H29, type: 'tiepnhan', idempotencyKey: key, dossierCode })
  const effects = [effect('stuck', 'X-8'), effect('ok', 'X-1'), effect('deadApplied', 'X-9'), effect('twice', 'X-3'), effect('twice', 'X-5'), effect('wrongReply', 'X-6'), effect('stranger', 'X-7')]
  const r = reconcile(outcomes, records, effects)
  t.equal(r.accepted, 8)
  t.equal(r.delivered, 4)
  t.same(r.dead, { count: 2, byReason: { 'LT_UPSTREAM_UNAVAILABLE (503)': 1, 'LT_UPSTREAM_UNAVAILABLE (UND_ERR_SOCKET)': 1 }, withEffect: 1 })
  t.equal(r.lost.count, 3, 'stuck, no record, delivered without effect')
  t.same(r.lost.notTerminal, { delivering: 1, 'no record': 1 })
  t.equal(r.lost.deliveredWithoutEffect, 1)
  t.equal(r.lost.withEffect, 1, 'the receiver applied the stuck one')
  t.same(r.deliveredTwice, { count: 1, ids: ['twice'] })
  t.same(r.replyMismatch, { count: 1, ids: ['wrongReply'] })
  t.equal(r.effectsOfUnacceptedMessages, 1)
  t.same(failures(r, 0), ['3 lost', '1 dead but applied at the receiver', '1 delivered twice', '1 replies that do not match the receiver\'s effect'])
})

t.test('a clean run has no failures', async (t) => {
  const outcomes = senderOutcomes([line('a', 1, 202, 'accepted')])
  const r = reconcile(outcomes, new Map([['a', { status: 'delivered', reply: { body: { dossierCode: 'X' } } }]]), [{ receiver: H29, type: 'tiepnhan', idempotencyKey: 'a', dossierCode: 'X' }])
  t.same(failures(r, 0), [])
  t.same(failures(r, 1), ['1 process exits nobody asked for'])
})

t.test('the traffic plan: the asked number of messages, valid dossier lifecycles, stable per seed', async (t) => {
  const plans = planTraffic(103, 7)
  const messages = plans.flatMap(p => p.chains.flat())
  t.equal(messages.length, 103)
  t.equal(new Set(messages.map(m => m.header.messageId)).size, 103, 'distinct messageIds')
  t.same(plans.map(p => p.name), ['G22→H29', 'G22→H62', 'H29→G22', 'H62→G22'])
  for (const plan of plans) {
    for (const chain of plan.chains) {
      const statuses = chain.filter(m => m.header.service === 'dossier.status').map(m => m.body.status as number)
      for (let i = 1; i < statuses.length; i++) t.ok(isAllowedTransition(statuses[i - 1] as number, statuses[i] as number), `${statuses.join('→')}`)
      t.equal(new Set(chain.map(m => m.header.correlationId)).size, 1, 'one dossier per chain')
    }
  }
  t.same(planTraffic(103, 7).map(p => p.chains.flat().map(m => m.header.messageId)), plans.map(p => p.chains.flat().map(m => m.header.messageId)))
  t.match(seededUuid(mulberry32(1)), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
})
