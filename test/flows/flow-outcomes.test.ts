import t from 'tap'
import { flowMessageId } from '../../src/flows/flow-runner.js'
import { makePersonalId } from '../../src/identifiers/index.js'
import { eventually, startPlatform } from '../helpers/platform.js'
import { birthCertificateDoc, birthRegistration, CIVIL_STATUS, portalStatuses, RESIDENCE, SOCIAL_SECURITY, supplement } from './flow-messages.js'

const ADMIN = 'admin-token-for-flow-tests-0123456789'
const DAY = 86_400_000

t.test('documents not supplied within 7 working days: the dossier is refused', async (t) => {
  const p = await startPlatform(t, { workers: true })
  const message = birthRegistration(p, { n: 2, withBirthCertificate: false })
  const posted = await p.send(message)
  const dossierCode = posted.body.dossierCode as string
  const paused = await eventually(async () => {
    const s = await p.state(message.header.messageId)
    // Paused, and done pausing (out of the groups under way).
    const moving = await p.app.redis.zscore(`${p.config.keyPrefix}:flows:active`, message.header.messageId)
    return s.body.flowState === 'supplement-requested' && moving === null ? s.body : undefined
  }, 20_000, 'the flow paused')
  const supervisor = p.workers?.flowSupervisor
  if (supervisor === undefined) throw new Error('no workers')

  // A day before the deadline nothing happens; past it, the dossier is refused.
  t.same(await supervisor.pass(Date.parse(paused.supplementDueAt) - DAY), { refused: 0, flagged: 0, resumed: 0 }, 'a flow waiting for documents is not moved on')
  t.equal((await p.state(message.header.messageId)).body.flowState, 'supplement-requested')
  const pass = await supervisor.pass(Date.parse(paused.supplementDueAt) + 1)
  t.equal(pass.refused, 1)
  const refused = (await p.state(message.header.messageId)).body
  t.equal(refused.status, 'dead')
  t.equal(refused.flowState, 'refused')
  t.equal(refused.lastError.code, 'LT_SUPPLEMENT_TIMEOUT')
  t.same(await eventually(async () => { const s = portalStatuses(p, dossierCode); return s.length >= 3 ? s : undefined }), [2, 5, 8], 'the portal shows processing stopped')

  const late = await p.send(supplement(dossierCode, [birthCertificateDoc]))
  t.equal(late.statusCode, 409)
  t.equal(late.body.code, 'LT_SUPPLEMENT_NOT_REQUESTED')
  t.match(late.body.message, /refused/)
  t.equal((await supervisor.pass(Date.now() + 60 * DAY)).refused, 0, 'refused once')
})

t.test('a step that dies fails the flow; replaying the flow replays the step and the flow completes', async (t) => {
  const p = await startPlatform(t, { workers: true, env: { ADMIN_TOKEN: ADMIN } })
  // The residence system refuses the first registration it gets.
  p.mock(RESIDENCE).setFaults({ failNext: 1, failStatus: 400 })
  const message = birthRegistration(p, { n: 3 })
  await p.send(message)
  const failed = await eventually(async () => {
    const s = await p.state(message.header.messageId)
    return s.body.status === 'dead' ? s.body : undefined
  }, 20_000, 'the flow failed')
  t.equal(failed.flowState, 'failed')
  t.equal(failed.lastError.code, 'LT_FLOW_STEP_FAILED')
  t.match(failed.lastError.message, /step residence/)
  t.same(failed.steps.map((s: any) => s.status), ['delivered', 'dead', 'delivered'], 'the other steps went on')
  t.equal(failed.steps[1].lastError.code, 'LT_UPSTREAM_REJECTED')

  const replay = await p.app.inject({ method: 'POST', url: `/admin/api/dead-letters/${message.header.messageId}/replay`, headers: { authorization: `Bearer ${ADMIN}` } })
  t.equal(replay.statusCode, 202, replay.body)
  const done = await eventually(async () => {
    const s = await p.state(message.header.messageId)
    return s.body.status === 'delivered' ? s.body : undefined
  }, 20_000, 'the flow completed')
  t.equal(done.flowState, 'completed')
  t.equal(done.steps[1].status, 'delivered')
  t.equal(p.mock(RESIDENCE).effects().length, 1, 'the child was registered once')
  t.equal(done.reply.body.householdNumber, done.steps[1].result.householdNumber)
})

t.test('a step past its legal deadline is flagged in the state and the admin API', async (t) => {
  const p = await startPlatform(t, { workers: true, env: { ADMIN_TOKEN: ADMIN } })
  p.mock(RESIDENCE).setFaults({ down: true })
  const message = birthRegistration(p, { n: 4 })
  await p.send(message)
  const stuck = await eventually(async () => {
    const s = await p.state(message.header.messageId)
    // The residence step tried; the health insurance card, in parallel, issued.
    return s.body.steps?.[1]?.attempts >= 1 && s.body.steps?.[2]?.status === 'delivered' ? s.body : undefined
  }, 20_000, 'the residence step tried')
  t.equal(stuck.steps[1].overdue, false, 'not overdue before its deadline')
  const dueAt = Date.parse(stuck.steps[1].dueAt)
  // Permanent residence registration: 7 working days (GET /v1/catalogs/procedures 1.004222).
  t.ok(dueAt - Date.now() >= 8 * DAY, 'its deadline counts working days (7 of them, at least 9 calendar days)')

  const admin = async (at: number): Promise<any> => (await p.app.inject({ method: 'GET', url: `/admin/api/flows/overdue?at=${new Date(at).toISOString()}`, headers: { authorization: `Bearer ${ADMIN}` } })).json()
  t.same((await admin(Date.now())).steps, [], 'nothing overdue yet')
  const later = await admin(dueAt + 1)
  t.same(later.steps.map((s: any) => [s.flowId, s.step, s.receiver]), [[message.header.messageId, 'residence', RESIDENCE]])

  const supervisor = p.workers?.flowSupervisor
  if (supervisor === undefined) throw new Error('no workers')
  t.equal((await supervisor.pass(dueAt + 1)).flagged, 1)
  t.equal((await supervisor.pass(dueAt + 2)).flagged, 0, 'flagged once')
  const flagged = (await p.state(message.header.messageId)).body
  t.equal(flagged.steps[1].overdue, true)
  t.equal(flagged.steps[0].overdue, false, 'the civil-status step was on time')
  const step = (await p.state(flagged.steps[1].messageId)).body
  t.ok(Date.parse(step.overdueAt) > 0, 'the step message shows when it was found overdue')
  const unauthenticated = await p.app.inject({ method: 'GET', url: '/admin/api/flows/overdue' })
  t.equal(unauthenticated.statusCode, 401)
})

t.test('a step settled by a worker that died before the flow went on: the supervisor moves the flow on', async (t) => {
  const p = await startPlatform(t)
  const message = birthRegistration(p, { n: 5 })
  const posted = await p.send(message)
  t.equal(posted.statusCode, 202)
  const dossierCode = posted.body.dossierCode as string
  // The group's message taken up as a worker takes it up (its job then done): its first step recorded and queued.
  const neverCalled = { delivered: async () => { throw new Error('not expected') }, dead: async () => { throw new Error('not expected') }, settled: async () => { throw new Error('not expected') } }
  await p.app.flows.advance(message.header.messageId, neverCalled)
  const stepId = flowMessageId(message.header.messageId, 'step:civil-status:0')
  t.equal(await p.app.store.status(stepId), 'queued')
  await (await p.app.queues.for(CIVIL_STATUS).getJob(message.header.messageId))?.remove()
  // What a worker that delivered the step and died at once leaves behind: the outcome recorded, the job gone.
  await (await p.app.queues.for(CIVIL_STATUS).getJob(stepId))?.remove()
  const child = message.body.child
  const reply = { result: 'registered', childCitizenId: makePersonalId('079', Number(child.dateOfBirth.slice(0, 4)), 'male', 424242), birthCertificateNumber: '99/2026/KS', registeredDate: child.dateOfBirth }
  t.ok(await p.app.store.transition(stepId, 'delivering', { fields: { attempts: 1 } }))
  t.ok(await p.app.store.transition(stepId, 'delivered', { fields: { reply: { header: { ...message.header, messageId: stepId }, body: reply }, deliveredAt: new Date().toISOString() } }))
  const runtime = p.startWorkers()
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.equal((await p.state(message.header.messageId)).body.steps[1].status, 'waiting', 'nothing moved the flow on')

  const pass = await runtime.flowSupervisor.pass(Date.now() + 10_000)
  t.equal(pass.resumed, 1, 'the quiet flow was moved on')
  const done = await eventually(async () => {
    const s = await p.state(message.header.messageId)
    return s.body.status === 'delivered' ? s.body : undefined
  }, 20_000, 'the flow completed')
  t.equal(done.reply.body.childCitizenId, reply.childCitizenId, 'with the first step\'s result')
  t.equal(p.mock(RESIDENCE).effects().length, 1)
  t.equal(p.mock(SOCIAL_SECURITY).effects().length, 1)
  // Delivered, then the flow's last steps: the portal told the result is returned, the flow no longer active.
  await eventually(async () => portalStatuses(p, dossierCode).includes(10) ? true : undefined, 20_000, 'the portal told the result is returned')
  t.equal((await runtime.flowSupervisor.pass(Date.now() + 20_000)).resumed, 0, 'a completed flow is not moved on again')
})

t.test('documents accepted before the deadline and still on their way: the dossier is not refused', async (t) => {
  const p = await startPlatform(t, { workers: true })
  const message = birthRegistration(p, { n: 6, withBirthCertificate: false })
  const dossierCode = (await p.send(message)).body.dossierCode as string
  const paused = await eventually(async () => {
    const s = await p.state(message.header.messageId)
    return s.body.flowState === 'supplement-requested' ? s.body : undefined
  }, 20_000, 'the flow paused')
  // The supplement is accepted; no worker has taken it yet (its receiver's queue is held).
  await p.app.queues.for(CIVIL_STATUS).pause()
  t.equal((await p.send(supplement(dossierCode, [birthCertificateDoc]))).statusCode, 202)
  const supervisor = p.workers?.flowSupervisor
  if (supervisor === undefined) throw new Error('no workers')
  t.equal((await supervisor.pass(Date.parse(paused.supplementDueAt) + 1)).refused, 0, 'not refused while its documents are on their way')
  await p.app.queues.for(CIVIL_STATUS).resume()
  const done = await eventually(async () => {
    const s = await p.state(message.header.messageId)
    return s.body.status === 'delivered' ? s.body : undefined
  }, 20_000, 'the flow completed')
  t.equal(done.flowState, 'completed')
})

t.test('a refusal a worker died in the middle of is finished by the next supervisor round', async (t) => {
  const p = await startPlatform(t, { workers: true })
  const message = birthRegistration(p, { n: 7, withBirthCertificate: false })
  const dossierCode = (await p.send(message)).body.dossierCode as string
  const paused = await eventually(async () => {
    const s = await p.state(message.header.messageId)
    return s.body.flowState === 'supplement-requested' ? s.body : undefined
  }, 20_000, 'the flow paused')
  // What it left: the group marked refused, neither the portal nor the sender told.
  await p.app.redis.hset(`${p.config.keyPrefix}:flow:${message.header.messageId}`, 'refused', '1')
  await p.app.store.annotate(message.header.messageId, { flowState: 'refused' })
  const supervisor = p.workers?.flowSupervisor
  if (supervisor === undefined) throw new Error('no workers')
  t.equal((await supervisor.pass(Date.parse(paused.supplementDueAt) + 1)).refused, 1, 'finished')
  const state = (await p.state(message.header.messageId)).body
  t.equal(state.status, 'dead')
  t.equal(state.lastError.code, 'LT_SUPPLEMENT_TIMEOUT')
  t.same(await eventually(async () => { const s = portalStatuses(p, dossierCode); return s.length >= 3 ? s : undefined }), [2, 5, 8])
})

t.test('a group whose worker died right after starting it still tells the portal it was received', async (t) => {
  const p = await startPlatform(t)
  const message = birthRegistration(p, { n: 8 })
  const dossierCode = (await p.send(message)).body.dossierCode as string
  // What the worker left: the group started (delivering, under way), its job gone, nothing else done.
  await (await p.app.queues.for(CIVIL_STATUS).getJob(message.header.messageId))?.remove()
  t.ok(await p.app.store.transition(message.header.messageId, 'delivering', { fields: { attempts: 1, flowState: 'running' } }))
  await p.app.redis.zadd(`${p.config.keyPrefix}:flows:active`, Date.now() - 60_000, message.header.messageId)
  const runtime = p.startWorkers()
  t.equal((await runtime.flowSupervisor.pass()).resumed, 1)
  const done = await eventually(async () => {
    const s = await p.state(message.header.messageId)
    return s.body.status === 'delivered' ? s.body : undefined
  }, 20_000, 'the flow completed')
  t.equal(done.flowState, 'completed')
  t.same(await eventually(async () => { const s = portalStatuses(p, dossierCode); return s.length >= 4 ? s : undefined }), [2, 4, 9, 10], 'received, in progress, processed, returned')
})
