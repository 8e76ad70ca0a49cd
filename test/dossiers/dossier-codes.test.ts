import t from 'tap'
import { buildApp } from '../../src/app.js'
import { vietnamDateStamp } from '../../src/identifiers/index.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// Dossier codes are issued by the gateway, atomically in Redis, one sequence per receiving agency
// and Vietnam day: never reused (a restart of any process changes nothing), consecutive under
// concurrency, and refused clearly once a day's 9,999 are spent. The one-stop system registers the
// dossier under the code it is given.
// The portal posts 5,000 dossiers at once: its rate limit is set above that (it is not what is tested).
// No in-flight cap either: all 5,000 are in the gateway at once.
const p = await startPlatform(t, {
  env: { OVERLOAD_MAX_IN_FLIGHT: '0' },
  editRegistry: (doc) => {
    for (const participant of doc.participants) participant.limits = { rate: { max: 100_000_000, windowSeconds: 60 }, reads: { max: 100_000_000, windowSeconds: 60 } }
  }
})
const applicant = sampleCitizens(p.mock(IDS.population), 1)[0] ?? (() => { throw new Error('no sample citizen') })()
const today = vietnamDateStamp(new Date())

async function submit (agency: string): Promise<{ statusCode: number, body: any, id: string }> {
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, { ...dossierBody(applicant), receivingAgency: agency })
  const res = await p.send(msg, KEYS.dvcqg)
  return { ...res, id: String(msg.header.messageId) }
}

t.test('5,000 parallel submissions to one agency get 5,000 distinct, consecutive codes', async (t) => {
  const agency = '000.00.02.H29'
  const answers = await Promise.all(Array.from({ length: 5000 }, async () => await submit(agency)))
  t.same([...new Set(answers.map((a) => a.statusCode))], [202])
  const sequences = answers.map((a) => {
    const code = String(a.body.dossierCode)
    if (!code.startsWith(`${agency}-${today}-`)) t.fail(`${code}: not of its agency and today`)
    return Number(code.slice(-4))
  }).sort((a, b) => a - b)
  t.equal(new Set(sequences).size, 5000, 'distinct')
  t.same([sequences[0], sequences.at(-1)], [1, 5000], '0001 to 5000, no gap')
})

t.test('a re-post keeps its code; the state shows it; another agency counts on its own', async (t) => {
  const first = await submit('000.00.03.H29')
  t.equal(first.body.dossierCode, `000.00.03.H29-${today}-0001`)
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, { ...dossierBody(applicant), receivingAgency: '000.00.03.H29' })
  const a = await p.send(msg, KEYS.dvcqg)
  const b = await p.send(msg, KEYS.dvcqg)
  t.equal(a.body.dossierCode, `000.00.03.H29-${today}-0002`)
  t.equal(b.body.dossierCode, a.body.dossierCode, 'the same message, the same code')
  t.equal((await p.state(String(msg.header.messageId), KEYS.dvcqg)).body.dossierCode, a.body.dossierCode)
  t.equal((await submit('000.00.04.H29')).body.dossierCode, `000.00.04.H29-${today}-0001`)
})

t.test('a gateway restarted on the same Redis goes on from where the codes stood', async (t) => {
  const agency = '000.00.05.H29'
  t.equal((await submit(agency)).body.dossierCode, `${agency}-${today}-0001`)
  const again = await buildApp({ config: p.config, registry: p.registry, logger: false })
  t.teardown(async () => { await again.close() })
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, { ...dossierBody(applicant), receivingAgency: agency })
  const res = await again.inject({ method: 'POST', url: '/v1/messages', headers: { authorization: `Bearer ${KEYS.dvcqg}` }, payload: msg })
  t.equal(res.json().dossierCode, `${agency}-${today}-0002`)
})

t.test('the 9,999 codes of an agency\'s day spent: 503 LT_DOSSIER_CODES_EXHAUSTED, nothing recorded', async (t) => {
  const agency = '000.00.06.H29'
  await p.app.redis.set(`${p.config.keyPrefix}:dossier-seq:${agency}:${today}`, '9998')
  t.equal((await submit(agency)).body.dossierCode, `${agency}-${today}-9999`)
  const refused = await submit(agency)
  t.equal(refused.statusCode, 503)
  t.equal(refused.body.code, 'LT_DOSSIER_CODES_EXHAUSTED')
  t.match(refused.body.message, /9,999/)
  t.equal((await p.state(refused.id, KEYS.dvcqg)).statusCode, 404, 'nothing recorded')
})

t.test('the one-stop system registers the dossier under the gateway\'s code', async (t) => {
  // The 5,000 of the first test are not what is looked at here: the workers would deliver them first.
  await p.app.queues.for(IDS.h29).drain()
  const workers = p.startWorkers()
  const h29 = p.mock(IDS.h29)
  const sent = await submit('000.00.07.H29')
  const code = sent.body.dossierCode
  const state = await eventually(async () => {
    const s = await p.state(sent.id, KEYS.dvcqg)
    return s.body.status === 'delivered' ? s.body : undefined
  }, 30_000, 'delivered')
  t.equal(state.reply.body.dossierCode, code, 'the reply names the same code')
  t.equal(h29.effects().filter((e) => e.maHoSo === code).length, 1, 'registered under it, once')
  await workers.close()
})
