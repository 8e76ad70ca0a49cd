import { createHash } from 'node:crypto'
import t from 'tap'
import { dossierBody } from '../helpers/dossiers.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// Dossier ownership: a one-stop system changes only its own dossiers (the audit's cross-province
// status change), a dossier the gateway has not seen starts at an initial status, and the portal's
// reach over every province's dossiers comes from its registry right, not from code.
// A second system of H29's province: entitled to H29's agency, but not the holder of the dossiers
// H29's one-stop system registered.
const H29_OTHER = 'VN:GOV:000.00.00.H29:qlvb'
const H29_OTHER_KEY = 'lt_test_h29_qlvb_5Gd8kW2pZr7Nx1Qc'
const p = await startPlatform(t, {
  workers: true,
  editRegistry: (doc) => {
    doc.participants.push({
      id: H29_OTHER,
      name: 'Hệ thống quản lý văn bản tỉnh (H29)',
      apiKeys: [{ id: 'h29-qlvb-test', sha256: createHash('sha256').update(H29_OTHER_KEY).digest('hex') }],
      rights: [{ service: 'dossier.status', receivers: [IDS.portal] }]
    })
  }
})
const portal = p.mock(IDS.portal)
const [applicant] = sampleCitizens(p.mock(IDS.population), 1)
if (applicant === undefined) throw new Error('no sample citizen')

let sequence = 1000 + Math.floor(Math.random() * 8000)
function newCode (agency = '000.00.01.H29'): string {
  return `${agency}-261122-${String(sequence++)}`
}

function status (from: string, dossierCode: string, value: number, extra: Record<string, unknown> = {}): ReturnType<typeof envelope> {
  return envelope('dossier.status', from, IDS.portal, { dossierCode, status: value, changedAt: '2026-11-23T08:15:00+07:00', ...extra })
}

async function settled (id: string, key: string): Promise<any> {
  return await eventually(async () => {
    const s = await p.state(id, key)
    return s.body.status === 'delivered' || s.body.status === 'dead' ? s.body : undefined
  }, 15_000, `message ${id} settled`)
}

t.test('the audit: H62 changing an H29 dossier with handlingAgency H29 is refused, and H29 carries on', async (t) => {
  const code = newCode()
  const first = status(IDS.h29, code, 2)
  t.equal((await p.send(first, KEYS.h29)).statusCode, 202)
  t.equal((await settled(String(first.header.messageId), KEYS.h29)).status, 'delivered')

  const attack = status(IDS.h62, code, 4, { handlingAgency: '000.00.01.H29' })
  const res = await p.send(attack, KEYS.h62)
  t.equal(res.statusCode, 403)
  t.equal(res.body.code, 'LT_DOSSIER_FORBIDDEN')
  t.notMatch(JSON.stringify(res.body), /status 2|received|H29:motcua/, 'the refusal tells nothing of the dossier')
  t.equal((await p.state(String(attack.header.messageId), KEYS.h62)).statusCode, 404, 'nothing recorded')

  // With its own agency in handlingAgency, the dossier code still names H29's agency.
  const sneaky = status(IDS.h62, code, 4, { handlingAgency: '000.00.01.H62' })
  const res2 = await p.send(sneaky, KEYS.h62)
  t.equal(res2.statusCode, 403)
  t.equal(res2.body.code, 'LT_DOSSIER_FORBIDDEN')
  t.equal(res2.body.details[0].pointer, '/body/dossierCode')

  const applied = (): number[] => portal.effects().filter((e: any) => e.MaHoSo === code).map((e: any) => Number(e.TrangThaiHoSo))
  t.same(applied(), [2], 'no change from H62 reached the portal')

  const next = status(IDS.h29, code, 4)
  t.equal((await p.send(next, KEYS.h29)).statusCode, 202, 'H29\'s own next change goes through')
  t.equal((await settled(String(next.header.messageId), KEYS.h29)).status, 'delivered')
  t.same(applied(), [2, 4])
})

t.test('the refusal is the same whether the dossier is held, only known, or unknown', async (t) => {
  // Held: registered by a delivered dossier.submit. Known: started by a status change, no holder.
  const submit = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant, 'H29'))
  t.equal((await p.send(submit, KEYS.dvcqg)).statusCode, 202)
  const held = String((await settled(String(submit.header.messageId), KEYS.dvcqg)).reply.body.dossierCode)
  t.equal(await p.app.store.dossierHolder(held), IDS.h29)
  const known = newCode()
  t.equal((await p.send(status(IDS.h29, known, 2), KEYS.h29)).statusCode, 202)
  const unknown = newCode()
  const answers = [
    await p.send(status(IDS.h62, held, 4), KEYS.h62),
    await p.send(status(IDS.h62, known, 4), KEYS.h62),
    await p.send(status(IDS.h62, unknown, 2), KEYS.h62)
  ]
  const strip = (body: any): unknown => ({ ...body, messageId: undefined })
  for (const a of answers) {
    t.equal(a.statusCode, 403)
    t.equal(a.body.code, 'LT_DOSSIER_FORBIDDEN')
  }
  t.same(strip(answers[0]?.body), strip(answers[2]?.body), 'held and unknown read the same')
  t.same(strip(answers[1]?.body), strip(answers[2]?.body), 'known and unknown read the same')
})

t.test('in the holder\'s own province, another system may not change a dossier it does not hold', async (t) => {
  const submit = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant, 'H29'))
  t.equal((await p.send(submit, KEYS.dvcqg)).statusCode, 202)
  const held = String((await settled(String(submit.header.messageId), KEYS.dvcqg)).reply.body.dossierCode)
  t.equal(await p.app.store.dossierHolder(held), IDS.h29)

  const byOther = await p.send(status(H29_OTHER, held, 2, { handlingAgency: '000.00.01.H29' }), H29_OTHER_KEY)
  t.equal(byOther.statusCode, 403, 'acting for H29\'s agency is not enough once the dossier has a holder')
  t.equal(byOther.body.code, 'LT_DOSSIER_FORBIDDEN')
  t.equal((await p.send(status(IDS.h29, held, 2), KEYS.h29)).statusCode, 202, 'the holder goes on')

  // A dossier of H29's agency that no dossier.submit registered: the agency's systems may start it.
  const unheld = newCode()
  t.equal(await p.app.store.dossierHolder(unheld), undefined)
  const res = await p.send(status(H29_OTHER, unheld, 2), H29_OTHER_KEY)
  t.equal(res.statusCode, 202, 'without a holder, acting for the dossier\'s agency is the right')
})

t.test('handlingAgency must be one of the sender\'s agencies', async (t) => {
  const res = await p.send(status(IDS.h29, newCode(), 2, { handlingAgency: '000.00.01.H62' }), KEYS.h29)
  t.equal(res.statusCode, 403)
  t.equal(res.body.code, 'LT_DOSSIER_FORBIDDEN')
  t.same(res.body.details, [{ pointer: '/body/handlingAgency', problem: 'not a dossier or agency of yours' }])
})

t.test('a dossier the gateway has not seen starts only at an initial status', async (t) => {
  const res = await p.send(status(IDS.h29, newCode(), 10), KEYS.h29)
  t.equal(res.statusCode, 422)
  t.equal(res.body.code, 'LT_STATUS_TRANSITION_FORBIDDEN')
  t.same(res.body.details, [{ pointer: '/body/status', problem: 'not an initial status of the dossier lifecycle' }])
  for (const initial of [1, 2]) {
    t.equal((await p.send(status(IDS.h29, newCode(), initial), KEYS.h29)).statusCode, 202, `${initial} may start a dossier`)
  }
  const refusedAtIntake = await p.send(status(IDS.h29, newCode(), 3), KEYS.h29)
  t.equal(refusedAtIntake.statusCode, 202, '3 (not received) may start one too')
})

t.test('a dossier registered by dossier.submit is held by the one-stop system that registered it', async (t) => {
  const submit = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant, 'H29'))
  t.equal((await p.send(submit, KEYS.dvcqg)).statusCode, 202)
  const delivered = await settled(String(submit.header.messageId), KEYS.dvcqg)
  t.equal(delivered.status, 'delivered')
  const code = String(delivered.reply.body.dossierCode)
  t.equal(await p.app.store.dossierHolder(code), IDS.h29)
  t.equal((await p.send(status(IDS.h62, code, 2), KEYS.h62)).body.code, 'LT_DOSSIER_FORBIDDEN')
  t.equal((await p.send(status(IDS.h29, code, 2), KEYS.h29)).statusCode, 202)
})

t.test('a one-stop system submits dossiers only for its own agencies; the portal, by its registry right, for any', async (t) => {
  // H29 is given dossier.submit without an agencies list: its own province by default.
  const h29Right = p.registry.get(IDS.h29)?.rights
  h29Right?.push({ service: 'dossier.submit', receivers: ['*'] })
  t.teardown(() => { h29Right?.pop() })
  const foreign = await p.send(envelope('dossier.submit', IDS.h29, IDS.h62, dossierBody(applicant, 'H62')), KEYS.h29)
  t.equal(foreign.statusCode, 403)
  t.equal(foreign.body.code, 'LT_DOSSIER_FORBIDDEN')
  t.equal(foreign.body.details[0].pointer, '/body/receivingAgency')
  t.equal((await p.send(envelope('dossier.submit', IDS.h29, IDS.h29, dossierBody(applicant, 'H29')), KEYS.h29)).statusCode, 202)
  t.equal((await p.send(envelope('dossier.submit', IDS.portal, IDS.h62, dossierBody(applicant, 'H62')), KEYS.dvcqg)).statusCode, 202)

  // Without the registry's agencies: ["*"], the portal is held to its own level-1 group (G22).
  const portalRight = p.registry.get(IDS.portal)?.rights.find((r) => r.service === 'dossier.submit')
  const saved = portalRight?.agencies
  t.same(saved, ['*'], 'the sample registry grants the portal every agency')
  if (portalRight !== undefined) delete portalRight.agencies
  t.teardown(() => { if (portalRight !== undefined && saved !== undefined) portalRight.agencies = saved })
  const res = await p.send(envelope('dossier.submit', IDS.portal, IDS.h62, dossierBody(applicant, 'H62')), KEYS.dvcqg)
  t.equal(res.body.code, 'LT_DOSSIER_FORBIDDEN')
})
