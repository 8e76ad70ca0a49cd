import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { RecordCipher } from '../../src/crypto/record-cipher.js'
import { MessageStore } from '../../src/messages/message-store.js'
import { startCallbackReceiver, callbacksTo } from '../helpers/callback-receiver.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, eventually, IDS, KEYS, startPlatform, type Platform } from '../helpers/platform.js'

// Citizen data at rest: after verifications, lookups and a queued dossier with its callback, the
// Redis append-only file and an RDB dump hold no ID number and no name of the citizens involved.
// The same traffic without DATA_KEYS finds them: the search is shown to work.
const receiver = await startCallbackReceiver(t)

async function platform (dataKeys: string): Promise<Platform> {
  return await startPlatform(t, {
    workers: true,
    env: { DATA_KEYS: dataKeys, CALLBACK_BACKOFF_MS: '50' },
    editRegistry: callbacksTo(receiver)
  })
}

/** Runs the traffic, then has Redis write its append-only file and a dump; returns every byte it wrote, and what was sent. */
async function traffic (p: Platform): Promise<{ files: Buffer, secrets: string[] }> {
  const redis = p.app.redis
  // Uncompressed, plain files: compression (LZF in an RDB, and in an AOF's RDB preamble) would hide
  // clear text from the search as well as encryption does.
  await redis.config('SET', 'rdbcompression', 'no')
  await redis.config('SET', 'aof-use-rdb-preamble', 'no')
  await redis.config('SET', 'appendonly', 'yes')
  const [citizen, other] = sampleCitizens(p.mock(IDS.population), 2)
  if (citizen === undefined || other === undefined) throw new Error('no sample citizens')
  const verify = await p.send(envelope('citizen.verify', IDS.h29, IDS.population, { citizenId: citizen.citizenId, fullName: citizen.fullName, dateOfBirth: citizen.dateOfBirth }), KEYS.h29)
  const lookup = await p.send(envelope('citizen.lookup', IDS.h29, IDS.population, { citizenId: other.citizenId, purpose: 'Xác minh hồ sơ khai sinh' }), KEYS.h29)
  if (verify.statusCode !== 200 || lookup.statusCode !== 200) throw new Error('the sync traffic failed')
  const submit = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(citizen, 'H29'), { callbackUrl: `${receiver.url}at-rest` })
  await p.send(submit, KEYS.dvcqg)
  await eventually(async () => receiver.received.some((c) => c.headers['x-lienthong-message-id'] === submit.header.messageId) ? true : undefined, 15_000, 'the callback')
  await eventually(async () => (await p.state(String(submit.header.messageId), KEYS.dvcqg)).body.callback?.status === 'sent' ? true : undefined, 15_000, 'callback recorded')
  // Everything on disk: the append-only file (fsync'd) and a fresh RDB.
  await redis.call('BGREWRITEAOF').catch(() => {})
  await new Promise((resolve) => setTimeout(resolve, 500))
  await redis.save()
  const dir = (await redis.config('GET', 'dir') as string[])[1] as string
  const parts: Buffer[] = []
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(d, entry.name))
      else parts.push(await readFile(join(d, entry.name)))
    }
  }
  await walk(dir)
  const secrets = [citizen.citizenId, citizen.fullName, other.citizenId, other.fullName]
  return { files: Buffer.concat(parts), secrets }
}

t.test('sealed: no ID number and no name in the AOF or the RDB', async (t) => {
  const dataKeys = RecordCipher.generateEntry('rest1')
  const p = await platform(dataKeys)
  const { files, secrets } = await traffic(p)
  t.ok(files.length > 10_000, `${files.length} bytes written by Redis`)
  for (const secret of secrets) t.equal(files.indexOf(Buffer.from(secret, 'utf8')), -1, `${secret.slice(0, 3)}… not on disk`)

  // Still readable through the gateway, and a new key takes over while the old one still opens old records.
  const list = (await p.app.inject({ url: '/v1/messages?limit=5', headers: { authorization: `Bearer ${KEYS.h29}` } })).json()
  const first = list.messages.at(-1)
  t.equal((await p.state(first.messageId, KEYS.h29)).body.reply.body.result, 'match', 'the gateway opens what it sealed')
  const client = p.redis.connect()
  t.teardown(() => { client.disconnect() })
  const rotated = new MessageStore(client, p.config.keyPrefix, 30, RecordCipher.fromEnv(`rest2:${Buffer.alloc(32, 7).toString('base64')},${dataKeys}`))
  const old = await rotated.get(first.messageId)
  t.equal(old?.reply?.body.result, 'match', 'a record sealed under the old key opens with the new set')
  const withoutOld = new MessageStore(client, p.config.keyPrefix, 30, RecordCipher.fromEnv(`rest2:${Buffer.alloc(32, 7).toString('base64')}`))
  await t.rejects(withoutOld.get(first.messageId), /rest1/, 'a key that is gone is named')
})

t.test('the same traffic without DATA_KEYS leaves them on disk (the search works)', async (t) => {
  const p = await platform('')
  const { files, secrets } = await traffic(p)
  for (const secret of secrets) t.not(files.indexOf(Buffer.from(secret, 'utf8')), -1, `${secret.slice(0, 3)}… found in clear`)
})

t.test('a sealed value moved to another record does not open', async (t) => {
  const cipher = RecordCipher.fromEnv(RecordCipher.generateEntry('k1'))
  const sealed = cipher.seal('{"citizenId":"001090012345"}', 'reply|a')
  t.equal(cipher.open(sealed, 'reply|a'), '{"citizenId":"001090012345"}')
  t.throws(() => cipher.open(sealed, 'reply|b'), /altered, or moved/)
  const flipped = sealed.slice(0, -3) + (sealed.at(-3) === 'A' ? 'B' : 'A') + sealed.slice(-2)
  t.throws(() => cipher.open(flipped, 'reply|a'), /altered/)
  t.throws(() => RecordCipher.fromEnv('short:AAAA'), /32 bytes/)
  t.throws(() => RecordCipher.fromEnv(`bad kid!:${Buffer.alloc(32).toString('base64')}`), /kid/)
})

t.test('a reply with citizen data is kept REPLY_RETENTION_HOURS, then only its hash', async (t) => {
  const p = await platform(RecordCipher.generateEntry('rest3'))
  const [citizen] = sampleCitizens(p.mock(IDS.population), 1)
  if (citizen === undefined) throw new Error('no sample citizen')
  const lookup = envelope('citizen.lookup', IDS.h29, IDS.population, { citizenId: citizen.citizenId, purpose: 'Xác minh hồ sơ' })
  const first = await p.send(lookup, KEYS.h29)
  t.equal(first.statusCode, 200)
  const enterprise = envelope('enterprise.lookup', IDS.h29, IDS.business, { enterpriseCode: '0171635289' })
  t.equal((await p.send(enterprise, KEYS.h29)).statusCode, 200)
  const id = String(lookup.header.messageId)

  t.equal(await p.app.store.expireReplies(Date.now()), 0, 'not yet due')
  t.equal((await p.send(lookup, KEYS.h29)).statusCode, 200, 'within the window a re-post gets the same answer')
  t.equal(await p.app.store.expireReplies(Date.now() + 25 * 3_600_000), 1, 'due after 24 h: the lookup\'s reply, not the enterprise one')

  const state = (await p.state(id, KEYS.h29)).body
  t.notOk('reply' in state, 'the reply is gone')
  t.ok(state.replyExpiredAt)
  t.match(state.replyHash, /^[A-Za-z0-9_-]{43}$/, 'its hash stays')
  t.ok(state.deliveryReceipt, 'and the receipt that names it')
  const again = await p.send(lookup, KEYS.h29)
  t.equal(again.statusCode, 410)
  t.equal(again.body.code, 'LT_REPLY_EXPIRED')
  t.equal(again.body.details[0].pointer, '/header/messageId')
  const raw = await p.app.redis.hgetall(`{lt}:msg:${id}`)
  t.notOk('reply' in raw || 'response' in raw, 'nothing of it left in Redis')
  t.ok('reply' in (await p.state(String(enterprise.header.messageId), KEYS.h29)).body, 'a reply without citizen data is kept')
})
