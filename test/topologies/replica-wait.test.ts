import { Redis } from 'ioredis'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import type { PrivateRedis } from '../../src/local/redis-server.js'
import type { RedisTopology } from '../../src/local/redis-topology.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, eventually, IDS, KEYS, startPlatform, type Platform } from '../helpers/platform.js'

// REDIS_WAIT_REPLICAS: a 202 means the record and the job are on a replica, so a failover right
// after it cannot lose the message. A replica that cannot confirm (here: stopped with SIGSTOP)
// makes the answer a 503 the sender can act on, never a 202 that a failover could take back.

/** The replica that holds `key` (on a cluster, the replica of the master serving its slot). */
async function replicaOf (topology: RedisTopology, key: string): Promise<PrivateRedis> {
  const any = new Redis({ port: (topology.nodes[0] as PrivateRedis).port, lazyConnect: true })
  try {
    if (topology.kind === 'sentinel') {
      for (const node of topology.nodes) {
        const c = new Redis({ port: node.port, lazyConnect: true })
        const role = await c.info('replication')
        c.disconnect()
        if (role.includes('role:slave')) return node
      }
      throw new Error('no replica')
    }
    const slot = Number(await any.call('CLUSTER', 'KEYSLOT', key))
    const ranges = await any.call('CLUSTER', 'SLOTS') as Array<[number, number, ...Array<[string, number]>]>
    const range = ranges.find(([from, to]) => slot >= from && slot <= to)
    const replicaPort = range?.[3]?.[1]
    const node = topology.nodes.find((n) => n.port === replicaPort)
    if (node === undefined) throw new Error(`no replica serves slot ${slot}`)
    return node
  } finally {
    any.disconnect()
  }
}

/** The record's status as the replica holds it (a cluster replica answers reads after READONLY). */
async function statusOnReplica (replica: PrivateRedis, key: string, cluster: boolean): Promise<string | null> {
  const c = new Redis({ port: replica.port, lazyConnect: true })
  try {
    if (cluster) await c.call('READONLY')
    return await c.hget(key, 'status')
  } finally {
    c.disconnect()
  }
}

function submission (p: Platform): ReturnType<typeof envelope> {
  const [citizen] = sampleCitizens(p.mock(IDS.population), 1)
  if (citizen === undefined) throw new Error('no sample citizen')
  return envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(citizen))
}

for (const kind of ['sentinel', 'cluster'] as const) {
  t.test(`${kind}: 202 only once a replica holds the message; a replica that cannot confirm gets the sender a 503, and the re-post is delivered once`, async (t) => {
    const p = await startPlatform(t, { topology: kind, env: { REDIS_WAIT_REPLICAS: '1', REDIS_WAIT_TIMEOUT_MS: '300' } })
    // The job's add and the WAIT on one connection: two could be on two masters for a moment of a failover.
    t.equal(p.app.queues.for(IDS.h29).opts.connection, p.app.redis, 'the queues share the connection that WAITs')

    const first = submission(p)
    const ok = await p.send(first, KEYS.dvcqg)
    t.equal(ok.statusCode, 202)
    const key = p.app.store.recordKey(String(first.header.messageId))
    // Read on the replica itself, right after the answer: WAIT made it hold the record by then.
    t.ok(await statusOnReplica(await replicaOf(p.redis, key), key, kind === 'cluster'), 'the replica holds the record when the sender hears 202')

    // The replica of the queue's master stops answering (on a cluster the record's may be another).
    const queueReplica = await replicaOf(p.redis, p.app.queues.queueKey(IDS.h29))
    const message = submission(p)
    queueReplica.process.kill('SIGSTOP')
    let resumed = false
    const resume = (): void => { if (!resumed) { resumed = true; queueReplica.process.kill('SIGCONT') } }
    t.teardown(resume)
    const refused = await p.send(message, KEYS.dvcqg)
    t.equal(refused.statusCode, 503, 'no 202 without a replica')
    t.equal(refused.body.code, 'LT_NOT_REPLICATED')
    t.equal(refused.body.messageId, message.header.messageId)
    t.equal((await p.state(String(message.header.messageId), KEYS.dvcqg)).body.status, 'accepted', 'recorded on the master; left for the re-post (or the sweeper) to queue')

    // The same gateway without the setting answers 202 all the same: the setting is what waits.
    const unguarded = await buildApp({ config: { ...p.config, ...loadConfig({ ...p.redis.env, KEY_PREFIX: p.config.keyPrefix, LOG_LEVEL: 'silent' }), redisWaitReplicas: 0, signingKeys: p.config.signingKeys, dataKeys: p.config.dataKeys }, registry: p.registry, logger: false })
    t.teardown(async () => { await unguarded.close() })
    const unwaited = await unguarded.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${KEYS.dvcqg}` }, payload: submission(p) })
    t.equal(unwaited.statusCode, 202, 'REDIS_WAIT_REPLICAS=0: accepted without a replica')

    // A worker takes the message up and delivers it while the replica is still away: the sender's
    // re-post still gets no 202 (the master's writes, delivered or not, are not on a replica).
    p.startWorkers()
    await eventually(async () => (await p.state(String(message.header.messageId), KEYS.dvcqg)).body.status === 'delivered' ? true : undefined, 20_000, 'delivered')
    const stillAway = await p.send(message, KEYS.dvcqg)
    t.equal(stillAway.statusCode, 503, 're-posted while the replica is away: 503 again, not 202')
    t.equal(stillAway.body.code, 'LT_NOT_REPLICATED')

    resume()
    const again = await eventually(async () => {
      const res = await p.send(message, KEYS.dvcqg)
      return res.statusCode === 202 ? res : undefined
    }, 20_000, 'the re-post to be accepted once the replica is back')
    t.equal(again.body.messageId, message.header.messageId)
    t.equal(again.body.status, 'delivered')
    const dossierCode = String(again.body.dossierCode)
    t.equal(p.mock(IDS.h29).effects().filter((e) => e.maHoSo === dossierCode).length, 1, 'registered once')
  })
}
