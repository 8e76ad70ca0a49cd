import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import t from 'tap'
import { DeliveryQueues, jobMessageId, jobOptions } from '../../src/delivery/delivery-queues.js'
import { localCredentials } from '../../src/local/local-credentials.js'
import { freePort } from '../../src/local/redis-server.js'
import { projectRoot } from '../../src/project-paths.js'
import { buildRegistry } from '../../src/registry.js'
import { IDS, startTestRedis } from '../helpers/platform.js'

const server = await startTestRedis(t)
const redis = new Redis(server.url)
t.teardown(() => { redis.disconnect() })
const registry = buildRegistry(JSON.parse(await readFile(join(projectRoot, 'config', 'registry.json'), 'utf8')), localCredentials())
const queues = new DeliveryQueues({ registry, connection: redis, keyPrefix: '{lt}' })
t.teardown(async () => { await queues.close() })

// Round trips are counted on the connection the queues share: BullMQ's addBulk is one pipeline.
let pipelines = 0
const pipeline = redis.pipeline.bind(redis)
redis.pipeline = (...args: Parameters<typeof pipeline>) => { pipelines++; return pipeline(...args) }
async function transactions (): Promise<number> {
  await queues.for(IDS.h29).waitUntilReady()
  await queues.for(IDS.h62).waitUntilReady()
  return pipelines
}

t.test('the adds of one turn of the event loop reach Redis as one addBulk, and each caller is answered once its job is there', async (t) => {
  const before = await transactions()
  const ids = Array.from({ length: 100 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)
  // The same message twice in the batch: queued once (its messageId is the jobId).
  await Promise.all([...ids, ids[0] as string].map(async (id) => { await queues.enqueue(IDS.h29, id) }))
  t.equal(await transactions() - before, 1, 'one pipeline for the 101 adds')
  const queue = queues.for(IDS.h29)
  t.equal(await queue.count(), 100, 'every job is in the queue, the repeated one once')
  const job = await queue.getJob(ids[7] as string)
  t.same(job?.data, {}, 'the job carries nothing but its id…')
  t.equal(job?.id, ids[7], '…the message\'s')
  t.same(job?.opts.attempts, jobOptions(ids[7] as string, registry.get(IDS.h29)?.endpoint?.delivery as never).attempts, 'the receiver\'s delivery policy')
  t.notOk(job?.opts.removeOnComplete !== undefined || job?.opts.removeOnFail !== undefined, 'no retention in the job: the workers\' option')
})

t.test('adds in later turns go in batches of their own, per queue', async (t) => {
  const before = await transactions()
  await queues.enqueue(IDS.h29, '00000000-0000-4000-8000-0000000001a1')
  await queues.enqueue(IDS.h29, '00000000-0000-4000-8000-0000000001a2')
  await Promise.all([queues.enqueue(IDS.h29, '00000000-0000-4000-8000-0000000001a3'), queues.enqueue(IDS.h62, '00000000-0000-4000-8000-0000000001a4')])
  t.equal(await transactions() - before, 4, 'one per turn and queue')
})

t.test('a batch that fails fails every caller in it (their records stay for the sweeper)', async (t) => {
  // A Redis that is not there: nothing listens on the port, and the client does not try again.
  const broken = new Redis(await freePort(), '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  broken.on('error', () => {})
  const other = new DeliveryQueues({ registry, connection: broken, keyPrefix: '{lt}' })
  t.teardown(async () => { await other.close(); broken.disconnect() })
  const results = await Promise.allSettled(['00000000-0000-4000-8000-0000000002b1', '00000000-0000-4000-8000-0000000002b2'].map(async (id) => { await other.enqueue(IDS.h29, id) }))
  t.same(results.map((r) => r.status), ['rejected', 'rejected'])
  t.equal(await queues.for(IDS.h29).getJob('00000000-0000-4000-8000-0000000002b1'), undefined, 'nothing queued')
})

t.test('a job stands for the record its id names; one queued before names it in its data too', async (t) => {
  t.equal(jobMessageId({ id: 'm-1', data: {} }), 'm-1')
  t.equal(jobMessageId({ id: 'm-1', data: { messageId: 'm-1' } }), 'm-1')
  t.throws(() => jobMessageId({ data: {} }))
})
