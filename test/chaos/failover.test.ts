import t from 'tap'
import { runChaos } from './run-chaos.js'

// A Sentinel group (five redis-servers), the mocks, a gateway and a worker, and a failover that
// takes a few seconds: give it room on a busy machine.
t.setTimeout(240_000)

t.test('npm run chaos --redis sentinel --wait-replicas 1: a master killed mid-run loses no accepted message', async (t) => {
  const { code, output, summary } = await runChaos(t, [
    '--redis', 'sentinel', '--wait-replicas', '1', '--messages', '300', '--worker-kills', '0',
    // One of each: the failover is what is tested, and fewer processes start sooner.
    '--gateways', '1', '--workers', '1',
    // The master dies a third of the way through the sending, so messages keep coming while its replica takes over.
    '--chaos-from', '0.3', '--concurrency', '4'
  ])

  t.equal(code, 0, 'the run passes', { output })
  t.match(summary.redis, /Sentinel group .*WAIT on \(REDIS_WAIT_REPLICAS=1/, 'the topology and WAIT are on record')
  t.equal(summary.sent, 300)
  t.equal(summary.accepted, 300, 'every message accepted (re-posted on 503 and network errors)')
  t.equal(summary.rejected.count, 0, 'no 4xx')
  t.equal(summary.lost.count, 0, 'lost')
  t.equal(summary.failover.lostAfter202.count, 0, 'lost after 202 because of the failover')
  t.equal(summary.failover.recordsMissing.count, 0, 'every record answered 202 is on the promoted master')
  t.equal(summary.failover.statusUndone.count, 0, 'none at an earlier status there')
  t.equal(summary.deliveredTwice.count, 0, 'delivered twice')
  t.equal(summary.delivered + summary.dead.count, 300, 'every accepted message ended')
  t.equal(summary.delivered, summary.effects, 'one effect per delivered message')
  t.ok(summary.evidence.verified && summary.evidence.archiveVerified, 'the evidence log and its archive verify')
  t.equal(summary.evidence.incomplete.count, 0, 'every message has all its events in it')
  const kills = summary.timeline.filter((e: { event: string }) => e.event === 'master-kill')
  t.equal(kills.length, 1, 'one master killed')
  t.ok(kills[0]?.detail.newMasterAfterS > 0, 'and its replica promoted')
  t.same(summary.unexpectedExits, [])
})
