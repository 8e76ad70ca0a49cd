import t from 'tap'
import { personalIdAgreementProblem, personalIdProblem } from '../../src/identifiers/index.js'
import { eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'
import { birthCertificateDoc, birthRegistration, CIVIL_STATUS, portalStatuses, RESIDENCE, SOCIAL_SECURITY, supplement } from './flow-messages.js'

t.test('birth.register: one message runs civil status, then residence and health insurance, and syncs the portal', async (t) => {
  const p = await startPlatform(t, { workers: true })
  const message = birthRegistration(p)
  const posted = await p.send(message)
  t.equal(posted.statusCode, 202, JSON.stringify(posted.body))
  const dossierCode = posted.body.dossierCode as string
  t.match(dossierCode, /^000\.00\.01\.H29-\d{6}-\d{4}$/, 'the gateway issued the group its dossier code')

  const state = await eventually(async () => {
    const s = await p.state(message.header.messageId)
    return s.body.status === 'delivered' ? s.body : undefined
  }, 20_000, 'the flow completed')
  t.equal(state.flowState, 'completed')
  t.same(state.steps.map((s: any) => [s.name, s.service, s.receiver, s.status, s.round]), [
    ['civil-status', 'civil-status.birth', CIVIL_STATUS, 'delivered', 1],
    ['residence', 'residence.register', RESIDENCE, 'delivered', 1],
    ['health-insurance', 'health-insurance.child-card', SOCIAL_SECURITY, 'delivered', 1]
  ])
  for (const step of state.steps) {
    t.ok(step.attempts >= 1, `${step.name} attempted`)
    t.ok(Date.parse(step.dueAt) > Date.now(), `${step.name} has its legal deadline ahead`)
    t.equal(step.overdue, false)
  }

  // The final reply gathers the steps' results: the child's personal ID number among them.
  const reply = state.reply.body
  const child = message.body.child
  t.equal(reply.dossierCode, dossierCode)
  t.equal(reply.result, 'completed')
  t.equal(personalIdProblem(reply.childCitizenId), null, 'a valid personal ID number')
  t.equal(personalIdAgreementProblem(reply.childCitizenId, child.dateOfBirth, 'male'), null, 'it encodes the child\'s birth year and sex')
  t.equal(reply.childCitizenId.slice(0, 3), '079', 'issued for the province of registration (H29: Hồ Chí Minh City)')
  t.equal(reply.birthCertificateNumber, state.steps[0].result.birthCertificateNumber)
  t.equal(reply.householdNumber, state.steps[1].result.householdNumber)
  t.equal(reply.healthInsuranceCardNumber, state.steps[2].result.cardNumber)
  t.match(reply.healthInsuranceCardNumber, /^TE1\d{12}$/)
  t.equal(state.reply.header.inReplyTo, message.header.messageId)

  // The first step's results fed both later steps.
  const residence = p.mock(RESIDENCE).effects()
  t.equal(residence.length, 1, 'one residence registration')
  t.equal(residence[0]?.soDinhDanh, reply.childCitizenId)
  const insurance = p.mock(SOCIAL_SECURITY).effects()
  t.equal(insurance.length, 1, 'one health insurance card')
  t.match(JSON.stringify(insurance[0]), reply.childCitizenId)
  t.equal(p.mock(CIVIL_STATUS).effects().length, 1, 'one birth registration')
  t.equal(p.mock(IDS.population).effects().length, 1, 'one personal ID number issued by the population database')

  // The portal followed the dossier: received, in progress, processed, result returned.
  const statuses = await eventually(async () => {
    const s = portalStatuses(p, dossierCode)
    return s.length >= 4 ? s : undefined
  }, 10_000, 'the portal got the statuses')
  t.same(statuses, [2, 4, 9, 10])

  // The child now exists in the population database: the gateway verifies it like anyone.
  const verify = await p.send({
    header: { messageId: crypto.randomUUID(), service: 'citizen.verify', version: '1', from: IDS.h29, to: IDS.population, sentAt: new Date().toISOString() },
    body: { citizenId: reply.childCitizenId, fullName: child.fullName, dateOfBirth: child.dateOfBirth }
  })
  t.equal(verify.statusCode, 200, JSON.stringify(verify.body))
  t.equal(verify.body.body.result, 'match')

  // Each step is a message of its own, the sender's to read.
  const step = await p.state(state.steps[0].messageId)
  t.equal(step.statusCode, 200)
  t.equal(step.body.flowId, message.header.messageId, 'it names the group\'s message')
  t.equal(step.body.service, 'civil-status.birth')
  t.equal((await p.state(state.steps[0].messageId, KEYS.h62)).statusCode, 404, 'another sender does not see it')

  // A re-post of the group is answered as before and runs nothing again.
  const again = await p.send(message)
  t.equal(again.statusCode, 202)
  t.equal(again.body.dossierCode, dossierCode)
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(p.mock(CIVIL_STATUS).effects().length, 1, 'still one birth registration')
})

t.test('birth.register without the medical birth certificate waits for it, then goes on with it', async (t) => {
  const p = await startPlatform(t, { workers: true })
  const message = birthRegistration(p, { n: 1, withBirthCertificate: false, childName: 'Trần Thị Mai' })
  message.body.child.gender = 'female'
  const posted = await p.send(message)
  t.equal(posted.statusCode, 202)
  const dossierCode = posted.body.dossierCode as string

  const paused = await eventually(async () => {
    const s = await p.state(message.header.messageId)
    return s.body.flowState === 'supplement-requested' ? s.body : undefined
  }, 20_000, 'the flow paused')
  t.equal(paused.status, 'delivering')
  t.ok(Date.parse(paused.supplementDueAt) > Date.now() + 6 * 86_400_000, 'seven working days to bring them')
  t.equal(paused.steps[0].status, 'delivered')
  t.equal(paused.steps[0].result.result, 'supplement-required')
  t.same(paused.steps[0].result.missingDocuments.map((d: any) => d.kind), ['medical-birth-certificate'])
  t.same(paused.steps.slice(1).map((s: any) => s.status), ['waiting', 'waiting'], 'the later steps wait')
  const expiry = `${p.config.keyPrefix}:reply-expiry`
  t.equal(await p.app.redis.zscore(expiry, paused.steps[0].messageId), null, 'the waiting step\'s reply is kept while the group needs it')
  t.same(await eventually(async () => { const s = portalStatuses(p, dossierCode); return s.length >= 2 ? s : undefined }), [2, 5], 'the portal shows supplement requested')

  // Only the group's sender may supply documents; another learns nothing of the dossier.
  const foreign = await p.send(supplement(dossierCode, [birthCertificateDoc], IDS.portal), KEYS.dvcqg)
  t.equal(foreign.statusCode, 403)
  t.equal(foreign.body.code, 'LT_DOSSIER_FORBIDDEN')
  const unknown = await p.send(supplement('000.00.01.H29-260101-9999', [birthCertificateDoc], IDS.portal), KEYS.dvcqg)
  t.same({ ...unknown.body, requestId: undefined, messageId: undefined }, { ...foreign.body, requestId: undefined, messageId: undefined }, 'the same answer as for a dossier that does not exist')

  const supplied = await p.send(supplement(dossierCode, [birthCertificateDoc]))
  t.equal(supplied.statusCode, 202, JSON.stringify(supplied.body))
  const done = await eventually(async () => {
    const s = await p.state(message.header.messageId)
    return s.body.status === 'delivered' ? s.body : undefined
  }, 20_000, 'the flow completed')
  t.equal(done.flowState, 'completed')
  t.equal(done.steps[0].round, 2, 'civil status ran again with the documents')
  // The group ends after its message is delivered (the portal told, then the steps' replies let go).
  await eventually(async () => portalStatuses(p, dossierCode).includes(10) ? true : undefined, 20_000, 'the portal told the result is returned')
  const expiries = await eventually(async () => {
    const scores = await Promise.all(done.steps.map(async (step: any) => await p.app.redis.zscore(expiry, step.messageId)))
    return scores.every((score) => score !== null) ? scores : undefined
  }, 20_000, 'the steps\' replies let go')
  done.steps.forEach((step: any, i: number) => { t.ok(Number(expiries[i]) > Date.now(), `${String(step.name)}: its reply goes when the group has ended, as any reply does`) })
  const kept = await p.app.redis.ttl(`${p.config.keyPrefix}:flow:${message.header.messageId}`)
  t.ok(kept > 0 && kept <= p.config.messageRetentionDays * 86_400, 'the group\'s rounds are kept as long as its messages')
  t.equal(personalIdAgreementProblem(done.reply.body.childCitizenId, message.body.child.dateOfBirth, 'female'), null)
  t.equal(p.mock(CIVIL_STATUS).effects().length, 1, 'the birth was registered once')
  const sentDocs = p.mock(CIVIL_STATUS).received().at(-1)?.body as any
  t.match(JSON.stringify(sentDocs), 'giay-chung-sinh.pdf', 'the supplied document reached the civil-status software')
  const supplementState = await p.state(supplied.body.messageId)
  t.equal(supplementState.body.status, 'delivered')
  t.same(supplementState.body.reply.body.resumedSteps, ['civil-status'])
  t.same(await eventually(async () => { const s = portalStatuses(p, dossierCode); return s.length >= 5 ? s : undefined }), [2, 5, 4, 9, 10])

  // Nothing is waiting any more: a supplement now is refused, saying why.
  const late = await p.send(supplement(dossierCode, [birthCertificateDoc]))
  t.equal(late.statusCode, 409)
  t.equal(late.body.code, 'LT_SUPPLEMENT_NOT_REQUESTED')
  t.equal(late.body.details[0].pointer, '/body/dossierCode')
})
