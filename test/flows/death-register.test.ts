import t from 'tap'
import { eventually, IDS, startPlatform } from '../helpers/platform.js'
import { CIVIL_STATUS, deathRegistration, portalStatuses, RESIDENCE, SOCIAL_SECURITY } from './flow-messages.js'

t.test('death.register: civil status, then residence deregistration and survivor benefits', async (t) => {
  const p = await startPlatform(t, { workers: true })
  // Sent by the national portal's interlinked-service system, for any province's commune.
  const message = deathRegistration(p, { from: IDS.portal })
  const posted = await p.send(message, 'lt_dev_g22_dvcqg_9Xa4Tq7Lm2Pv6Kr1')
  t.equal(posted.statusCode, 202, JSON.stringify(posted.body))
  const dossierCode = posted.body.dossierCode as string
  t.match(dossierCode, /^000\.00\.02\.H29-\d{6}-0001$/)

  const state = await eventually(async () => {
    const s = await p.state(message.header.messageId, 'lt_dev_g22_dvcqg_9Xa4Tq7Lm2Pv6Kr1')
    return s.body.status === 'delivered' ? s.body : undefined
  }, 20_000, 'the flow completed')
  t.equal(state.flowState, 'completed')
  t.same(state.steps.map((s: any) => [s.name, s.receiver, s.status]), [
    ['civil-status', CIVIL_STATUS, 'delivered'],
    ['residence', RESIDENCE, 'delivered'],
    ['social-insurance', SOCIAL_SECURITY, 'delivered']
  ])
  const reply = state.reply.body
  t.equal(reply.result, 'completed')
  t.equal(reply.deathCertificateNumber, state.steps[0].result.deathCertificateNumber)
  t.ok(reply.deathCertificateNumber.length > 0)
  t.equal(reply.deregisteredDate, state.steps[1].result.deregisteredDate)
  t.ok(['monthly', 'lump-sum', 'none'].includes(reply.survivorAllowance))
  t.ok(reply.funeralAllowanceVnd === 0 || reply.funeralAllowanceVnd === 23_400_000, 'the funeral allowance of the deceased\'s insurance')

  // The death certificate number from the first step reached both later systems.
  const deregistration = p.mock(RESIDENCE).effects()
  t.equal(deregistration.length, 1)
  t.match(JSON.stringify(deregistration[0]), message.body.deceased.citizenId)
  const benefits = p.mock(SOCIAL_SECURITY).effects()
  t.equal(benefits.length, 1)
  t.match(JSON.stringify(benefits[0]), reply.deathCertificateNumber)
  t.same(await eventually(async () => { const s = portalStatuses(p, dossierCode); return s.length >= 4 ? s : undefined }), [2, 4, 9, 10])
})

t.test('death.register is checked like any message: the right, the schema, the catalogs', async (t) => {
  const p = await startPlatform(t)
  // H62's one-stop system has no right to the procedure groups.
  const h62 = deathRegistration(p, { from: IDS.h62 })
  const forbidden = await p.send(h62, 'lt_dev_h62_motcua_3Hf6nB1cJd5Ys0Ue')
  t.equal(forbidden.statusCode, 403)
  t.equal(forbidden.body.code, 'LT_SERVICE_FORBIDDEN')
  // H29's system acts for its own province's communes only.
  const elsewhere = deathRegistration(p)
  elsewhere.body.receivingAgency = '000.00.01.H62'
  const outside = await p.send(elsewhere)
  t.equal(outside.statusCode, 403)
  t.equal(outside.body.code, 'LT_DOSSIER_FORBIDDEN')
  t.equal(outside.body.details[0].pointer, '/body/receivingAgency')
  // A date of death is a date.
  const bad = deathRegistration(p)
  bad.body.deceased.dateOfDeath = '2026-13-01'
  const invalid = await p.send(bad)
  t.equal(invalid.statusCode, 422)
  t.equal(invalid.body.code, 'LT_SCHEMA_INVALID')
  t.equal(invalid.body.details[0].pointer, '/body/deceased/dateOfDeath')
  // An agency that is not in the catalog.
  const unknown = deathRegistration(p)
  unknown.body.receivingAgency = '000.00.77.H29'
  const refused = await p.send(unknown)
  t.equal(refused.statusCode, 422)
  t.equal(refused.body.code, 'LT_UNKNOWN_AGENCY')
  // The step services are the gateway's to send for a group: a sender has no right to them.
  const d = deathRegistration(p).body.deceased
  const direct = await p.send({
    header: { ...deathRegistration(p).header, service: 'residence.deregister', to: RESIDENCE },
    body: { dossierCode: '000.00.02.H29-261206-0001', citizenId: d.citizenId, fullName: d.fullName, reason: 'deceased', deathCertificateNumber: '1/2026/KT', dateOfDeath: d.dateOfDeath }
  })
  t.equal(direct.statusCode, 403, JSON.stringify(direct.body))
  t.equal(direct.body.code, 'LT_SERVICE_FORBIDDEN')
})
