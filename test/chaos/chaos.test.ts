import t from 'tap'
import { runChaos } from './run-chaos.js'

// The run starts six processes and waits for a killed worker's jobs to come back; give it room.
t.setTimeout(240_000)

t.test('npm run chaos, small: nothing lost, nothing delivered twice', async (t) => {
  const { code, output, summary } = await runChaos(t, [
    '--messages', '500', '--worker-kills', '1', '--redis-restarts', '1',
    // Early in the sending, so the killed worker's jobs come back while the rest is sent.
    '--chaos-from', '0.15', '--chaos-to', '0.5',
    '--concurrency', '4'
  ])

  t.equal(code, 0, 'the run passes', { output })
  t.equal(summary.sent, 500)
  t.equal(summary.accepted, 500, 'every message accepted (re-posted on 5xx)')
  t.equal(summary.rejected.count, 0, 'no 4xx')
  t.equal(summary.lost.count, 0, 'lost')
  t.equal(summary.deliveredTwice.count, 0, 'delivered twice')
  t.equal(summary.replyMismatch.count, 0)
  t.equal(summary.delivered + summary.dead.count, 500, 'every accepted message ended')
  t.equal(summary.dead.withEffect, 0, 'dead but applied: none (the receivers were asked)')
  t.equal(summary.delivered, summary.effects, 'one effect per delivered message')
  t.ok(summary.evidence.verified, 'the evidence log verifies')
  t.ok(summary.evidence.archiveVerified, 'its archive verifies')
  t.equal(summary.evidence.incomplete.count, 0, 'every message has all its events in it')
  t.ok(summary.evidence.records >= 500 * 4, 'at least accepted, queued, delivering and an end per message')
  t.same(summary.timeline.map((e: { event: string }) => e.event), ['worker-kill', 'redis-restart'])
  t.same(summary.unexpectedExits, [])
  t.ok(summary.receiverRequests['lost-reply'] > 0, 'some replies were lost after the effect')
  t.ok(summary.receiverRequests.fail > 0 && summary.receiverRequests.hold > 0, 'receivers failed and timed out')
})
