import t from 'tap'
import { allowedFrom, LIFECYCLE } from '../../src/messages/message-lifecycle.js'
import { contentHash, historyLine, MessageStore, parseHistoryLine, type Envelope, type HistoryEntry, type MessageStatus } from '../../src/messages/message-store.js'
import { startTestTopology } from '../helpers/platform.js'

const STATUSES = Object.keys(LIFECYCLE) as MessageStatus[]

// One Redis (or Sentinel group, or Cluster: test/topologies/) for the file.
const redis = (await startTestTopology(t)).connect()
t.teardown(() => { redis.disconnect() })
const store = new MessageStore(redis, '{lt}', 1)

t.test('the lifecycle: a change it lacks is refused, whoever asks', async (t) => {
  let n = 0
  /** A fresh message moved along `path` (each change as the lifecycle allows), ending in its last status. */
  const messageAt = async (path: MessageStatus[]): Promise<string> => {
    const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`
    const envelope: Envelope = { header: { messageId: id, service: 'dossier.submit', version: '1', from: 'VN:GOV:000.00.00.G22:dvcqg', to: 'VN:GOV:000.00.00.H29:motcua', sentAt: '2026-12-06T09:00:00+07:00' }, body: {} }
    await store.create({ messageId: id, service: 'dossier.submit', version: '1', from: envelope.header.from, to: envelope.header.to, mode: 'async', contentHash: contentHash(envelope), envelope })
    for (const status of path) t.ok(await store.transition(id, status), `${path.join(' → ')}: ${status}`)
    return id
  }
  // A way to reach each status from accepted.
  const paths: Record<MessageStatus, MessageStatus[]> = {
    accepted: [],
    queued: ['queued'],
    delivering: ['queued', 'delivering'],
    retrying: ['queued', 'delivering', 'retrying'],
    delivered: ['queued', 'delivering', 'delivered'],
    dead: ['queued', 'delivering', 'dead'],
    unconfirmed: ['queued', 'delivering', 'unconfirmed']
  }
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const id = await messageAt(paths[from])
      const applied = await store.transition(id, to)
      t.equal(applied, LIFECYCLE[to].includes(from), `${from} → ${to} ${LIFECYCLE[to].includes(from) ? 'allowed' : 'refused'}`)
      t.equal(await store.status(id), applied ? to : from)
    }
  }
  // Delivered is final: a job run again after its worker died finds it so and cannot undo it.
  t.notOk(LIFECYCLE.delivering.includes('delivered'))
  t.notOk(LIFECYCLE.queued.includes('delivered'))
})

t.test('a worker whose lock lapsed records a retry over the attempt that then succeeds: the success still counts', async (t) => {
  const id = '00000000-0000-4000-8000-00000000abcd'
  const envelope: Envelope = { header: { messageId: id, service: 'dossier.submit', version: '1', from: 'VN:GOV:000.00.00.G22:dvcqg', to: 'VN:GOV:000.00.00.H29:motcua', sentAt: '2026-12-06T09:00:00+07:00' }, body: {} }
  await store.create({ messageId: id, service: 'dossier.submit', version: '1', from: envelope.header.from, to: envelope.header.to, mode: 'async', contentHash: contentHash(envelope), envelope })
  t.ok(await store.transition(id, 'delivering', { fields: { attempts: 1 } }), 'worker A starts')
  t.ok(await store.transition(id, 'delivering', { fields: { attempts: 2 } }), 'A\'s lock lapsed: worker B takes the job up')
  t.ok(await store.transition(id, 'retrying', { from: ['delivering'] }), 'A\'s attempt fails: it records a retry (its job is no longer its own)')
  t.ok(await store.transition(id, 'delivered'), 'B\'s attempt succeeded: delivered, not left retrying with no job')
  t.equal(await store.status(id), 'delivered')
  t.notOk(await store.transition(id, 'retrying', { from: ['delivering'] }), 'and no late retry undoes it')
})

t.test('a caller narrows the lifecycle, never widens it', async (t) => {
  t.same(allowedFrom('unconfirmed'), ['delivering'])
  t.same(allowedFrom('dead', ['delivering']), ['delivering'])
  t.throws(() => allowedFrom('queued', ['delivered']), /no change from delivered to queued/)
  t.throws(() => allowedFrom('delivering', ['delivered', 'queued']), /from delivered to delivering/)
})

t.test('the history is kept in the record: every change in order, and no key of its own', async (t) => {
  const id = '00000000-0000-4000-8000-00000000beef'
  const envelope: Envelope = { header: { messageId: id, service: 'dossier.submit', version: '1', from: 'VN:GOV:000.00.00.G22:dvcqg', to: 'VN:GOV:000.00.00.H29:motcua', sentAt: '2026-12-06T09:00:00+07:00' }, body: {} }
  await store.create({ messageId: id, service: 'dossier.submit', version: '1', from: envelope.header.from, to: envelope.header.to, mode: 'async', contentHash: contentHash(envelope), envelope })
  await store.transition(id, 'queued')
  await store.transition(id, 'delivering', { fields: { attempts: 1 } })
  await store.transition(id, 'retrying', { error: 'LT_UPSTREAM_TIMEOUT' })
  t.match(await store.history(id), [{ status: 'accepted' }, { status: 'queued' }, { status: 'delivering', attempt: 1 }, { status: 'retrying', error: 'LT_UPSTREAM_TIMEOUT' }])
  t.equal(await redis.exists(`{lt}:msg:${id}:history`), 0, 'no history list beside the record')
  const record = await store.get(id)
  t.notOk(record !== undefined && 'history' in record, 'and the record read back has no history field')
})

t.test('a record kept from before, with its history list beside it, goes on in that list', async (t) => {
  const id = '00000000-0000-4000-8000-00000000cafe'
  const envelope: Envelope = { header: { messageId: id, service: 'dossier.submit', version: '1', from: 'VN:GOV:000.00.00.G22:dvcqg', to: 'VN:GOV:000.00.00.H29:motcua', sentAt: '2026-12-06T09:00:00+07:00' }, body: {} }
  await store.create({ messageId: id, service: 'dossier.submit', version: '1', from: envelope.header.from, to: envelope.header.to, mode: 'async', contentHash: contentHash(envelope), envelope })
  // As the gateway kept it before: the history a list of its own, none in the record, an entry a JSON line.
  await redis.hdel(`{lt}:msg:${id}`, 'history')
  await redis.rpush(`{lt}:msg:${id}:history`, JSON.stringify({ status: 'accepted', at: '2026-12-06T02:00:00.000Z' }))
  await store.transition(id, 'queued')
  t.match(await store.history(id), [{ status: 'accepted', at: '2026-12-06T02:00:00.000Z' }, { status: 'queued' }])
  t.equal(await redis.llen(`{lt}:msg:${id}:history`), 2, 'the change went to the list')
  t.equal(await redis.hget(`{lt}:msg:${id}`, 'history'), null, 'not to a field beside it')
})

t.test('a history line is short and reads back as the entry it was', async (t) => {
  const entries: HistoryEntry[] = [
    { status: 'accepted', at: '2026-12-06T02:00:00.000Z' },
    { status: 'delivering', at: '2026-12-06T02:00:00.123Z', attempt: 3 },
    { status: 'retrying', at: '2026-12-06T02:00:01.456Z', attempt: 3, error: 'LT_UPSTREAM_TIMEOUT' },
    { status: 'dead', at: '2026-12-06T02:00:02.000Z', error: 'an error with spaces' }
  ]
  for (const entry of entries) t.same(parseHistoryLine(historyLine(entry)), entry)
  t.equal(historyLine(entries[2] as HistoryEntry), 'retrying 1796522401456 a3 eLT_UPSTREAM_TIMEOUT')
  t.ok(historyLine(entries[0] as HistoryEntry).length < JSON.stringify(entries[0]).length / 2, 'under half its JSON')
})

t.test('a record of this release changed by a process of an earlier one (a rolling upgrade): its history is whole, and the list goes with the record', async (t) => {
  const id = '00000000-0000-4000-8000-00000000d00d'
  const envelope: Envelope = { header: { messageId: id, service: 'dossier.submit', version: '1', from: 'VN:GOV:000.00.00.G22:dvcqg', to: 'VN:GOV:000.00.00.H29:motcua', sentAt: '2026-12-06T09:00:00+07:00' }, body: {} }
  await store.create({ messageId: id, service: 'dossier.submit', version: '1', from: envelope.header.from, to: envelope.header.to, mode: 'async', contentHash: contentHash(envelope), envelope })
  // What an earlier release's worker does: its entry pushed to a list of its own, with no TTL.
  await redis.rpush(`{lt}:msg:${id}:history`, JSON.stringify({ status: 'queued', at: '2026-12-06T02:00:01.000Z' }))
  await store.transition(id, 'delivering', { fields: { attempts: 1 } })
  t.match(await store.history(id), [{ status: 'accepted' }, { status: 'queued', at: '2026-12-06T02:00:01.000Z' }, { status: 'delivering', attempt: 1 }])
  t.ok(await redis.pttl(`{lt}:msg:${id}:history`) > 0, 'the list expires with the record')
})
