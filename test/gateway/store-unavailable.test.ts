import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { isStoreUnavailable } from '../../src/plugins/error-handler.js'
import { startRedisServer, type PrivateRedis } from '../../src/local/redis-server.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

t.test('Redis errors that call for a re-post', async (t) => {
  const named = (name: string, message: string, code?: string): Error => Object.assign(new Error(message), { name }, code !== undefined ? { code } : {})
  t.ok(isStoreUnavailable(named('MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 2).')))
  t.ok(isStoreUnavailable(new Error('Connection is closed.')))
  t.ok(isStoreUnavailable(named('Error', 'connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED')))
  t.ok(isStoreUnavailable(named('ReplyError', 'LOADING Redis is loading the dataset in memory')))
  t.ok(isStoreUnavailable(named('ReplyError', 'CLUSTERDOWN The cluster is down')), 'a cluster failing over')
  t.ok(isStoreUnavailable(new Error('Too many Cluster redirections. Last error: Error: Connection is closed.')))
  t.ok(isStoreUnavailable(named('ReplyError', "READONLY You can't write against a read only replica.")), 'a master just demoted')
  t.notOk(isStoreUnavailable(named('ReplyError', 'ERR wrong number of arguments')))
  t.notOk(isStoreUnavailable(new TypeError('Cannot read properties of undefined')))
})

t.test('while Redis is away the gateway answers 503, and the same message is accepted once it is back', async (t) => {
  const p = await startPlatform(t)
  const [citizen] = sampleCitizens(p.mock(IDS.population), 1)
  if (citizen === undefined) throw new Error('no sample citizen')
  const message = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(citizen))

  await p.redis.stop()
  const down = await p.app.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${KEYS.dvcqg}` }, payload: message })
  t.equal(down.statusCode, 503)
  t.equal(down.json().code, 'LT_UNAVAILABLE', 'not a 500: nothing is wrong with the message')
  t.equal(down.json().messageId, message.header.messageId)
  t.equal(down.headers['retry-after'], '1')

  const dir = await mkdtemp(join(tmpdir(), 'lt-redis-'))
  const again = await startRedisServer({ dir, port: (p.redis.nodes[0] as PrivateRedis).port })
  t.teardown(async () => { await again.stop(); await rm(dir, { recursive: true, force: true }) })
  const accepted = await eventually(async () => {
    const res = await p.send(message, KEYS.dvcqg)
    return res.statusCode === 202 ? res : undefined
  }, 15_000, 'the re-post to be accepted')
  t.equal(accepted.body.status, 'queued')
})
