import type { RedisClient } from '../redis-connection.js'
import type { Logger } from 'pino'
import { Catalogs } from '../catalogs/catalogs.js'
import { WorkingCalendar } from '../calendar/working-days.js'
import { allowedPredecessors, INITIAL_STATUSES } from '../dossier-lifecycle.js'
import type { MessageSchemas } from '../message-schemas.js'
import { contentHash, gatewayUuid, type Envelope, type MessageRecord, type MessageStatus, type MessageStore, type RecordedError } from '../messages/message-store.js'
import type { Registry } from '../registry.js'
import { replyHeaderFor } from '../messages/reply-header.js'
import type { FlowStep } from '../generated/message-state.js'
import { vietnamDate, vietnamTimestamp } from '../identifiers/index.js'
import { FLOWS, SUPPLEMENT_REQUIRED, SUPPLEMENT_SERVICE, SUPPLEMENT_WORKING_DAYS, type FlowDefinition, type StepDefinition } from './flow-definitions.js'

/** Queues a recorded message for delivery (the delivery queues). */
export interface FlowQueues {
  enqueue: (receiverId: string, messageId: string) => Promise<void>
  /** Replays a dead message (the dead letters' replay); false when it is not dead. */
  replay: (messageId: string) => Promise<boolean>
}

/** Ends a flow message (or a supplement) the way every message ends: receipts, callbacks, monitoring. */
export interface FlowSettler {
  delivered: (record: MessageRecord, reply: Envelope, from: MessageStatus[]) => Promise<boolean>
  dead: (record: MessageRecord, lastError: RecordedError, from: MessageStatus[]) => Promise<boolean>
  /** A message another process settled and may have died before its bookkeeping: finish it (idempotent). */
  settled: (record: MessageRecord) => Promise<void>
}

export type FlowState = 'running' | 'supplement-requested' | 'completed' | 'failed' | 'refused'

/** One step of a flow as the message state shows it (schemas/message-state.json). */
export type StepState = FlowStep

export interface FlowRunnerOptions {
  redis: RedisClient
  /** KEY_PREFIX. */
  prefix: string
  store: MessageStore
  registry: Registry
  schemas: MessageSchemas
  /** The working-day calendar and the procedures catalog (default: loaded from catalogs/ when first needed). */
  calendar?: WorkingCalendar
  catalogs?: Catalogs
  queues: FlowQueues
  /** How long the flow's own keys are kept (as the message records). */
  retentionDays: number
  logger: Pick<Logger, 'info' | 'warn' | 'error'>
}

interface StepView {
  definition: StepDefinition
  round: number
  id: string
  record: MessageRecord | undefined
}

interface FlowView {
  parent: MessageRecord
  definition: FlowDefinition
  dossierCode: string
  steps: StepView[]
  /** Supplements applied so far. */
  supplements: number
  supplementIds: string[]
}

const IN_FLIGHT: ReadonlySet<string> = new Set(['accepted', 'queued', 'delivering', 'retrying', 'unconfirmed'])

// Applies a supplement once (KEYS[1]: the flow's hash; ARGV[1]: the supplement's record id; ARGV[2]:
// how long the hash is kept, s; ARGV[3..]: the waiting steps and the round each must still be in).
// 1: applied now; 0: applied before; -1: a step moved on meanwhile (another supplement resumed it).
const APPLY_SUPPLEMENT_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], 'by:' .. ARGV[1]) == 1 then return 0 end
redis.call('HDEL', KEYS[1], 'pending:' .. ARGV[1])
if redis.call('HEXISTS', KEYS[1], 'refused') == 1 then return -1 end
for i = 3, #ARGV, 2 do
  if tonumber(redis.call('HGET', KEYS[1], 'round:' .. ARGV[i]) or '0') ~= tonumber(ARGV[i + 1]) then return -1 end
end
local n = redis.call('HINCRBY', KEYS[1], 'supplements', 1)
redis.call('HSET', KEYS[1], 'supp:' .. n, ARGV[1], 'by:' .. ARGV[1], n)
for i = 3, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], 'round:' .. ARGV[i], 1) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
`

// Refuses a flow waiting for documents (KEYS[1]: the flow's hash; ARGV[1]: the supplements applied
// when it paused; ARGV[2]: how long the hash is kept, s), unless a supplement was applied since or
// one is accepted and on its way. 1: refused (now or before); 0: not.
const REFUSE_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], 'refused') == 1 then return 1 end
if tonumber(redis.call('HGET', KEYS[1], 'supplements') or '0') ~= tonumber(ARGV[1]) then return 0 end
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(field, 1, 8) == 'pending:' then return 0 end
end
redis.call('HSET', KEYS[1], 'refused', '1')
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
`

/**
 * The id of a message the gateway sends for a flow (a step's round, a portal status): a UUID of
 * version 8 (the gateway's own; senders cannot post one) from the flow message's id and `name`,
 * so a step created again after a crash is the same message, never a second one.
 */
export function flowMessageId (flowId: string, name: string): string {
  return gatewayUuid(`flow\n${flowId}\n${name}`)
}

/**
 * Runs the procedure groups: starts a flow's steps once the steps before them are done, feeding
 * their results forward; pauses a flow whose step asks for documents and resumes it with a
 * supplement; ends the flow message with the gathered results (or dead with the failed step's
 * reason); syncs the dossier's status to the national portal as it moves. Every action is
 * idempotent (the messages it creates have ids derived from the flow's), so running it again after
 * a crash, or from two workers at once, creates nothing twice.
 */
export class FlowRunner {
  private readonly opts: FlowRunnerOptions
  private readonly ttlSeconds: number
  private calendar: Promise<WorkingCalendar> | undefined
  private catalogs: Promise<Catalogs> | undefined

  constructor (opts: FlowRunnerOptions) {
    this.opts = opts
    this.ttlSeconds = opts.retentionDays * 86_400
    if (opts.calendar !== undefined) this.calendar = Promise.resolve(opts.calendar)
    if (opts.catalogs !== undefined) this.catalogs = Promise.resolve(opts.catalogs)
    if (!('ltApplySupplement' in opts.redis)) {
      opts.redis.defineCommand('ltApplySupplement', { numberOfKeys: 1, lua: APPLY_SUPPLEMENT_SCRIPT })
      opts.redis.defineCommand('ltRefuseFlow', { numberOfKeys: 1, lua: REFUSE_SCRIPT })
    }
  }

  /** Whether `service` is run by the gateway itself (a procedure group or a supplement), not by an adapter. */
  handles (service: string): boolean {
    return FLOWS.has(service) || service === SUPPLEMENT_SERVICE
  }

  /** The services each step of the flow needs a receiver for, without one in the registry. */
  missingReceivers (service: string): string[] {
    const definition = FLOWS.get(service)
    if (definition === undefined) return []
    return definition.steps.map((s) => s.service).filter((s) => this.receiverOf(s) === undefined)
  }

  private flowKey (id: string): string { return `${this.opts.prefix}:flow:${id}` }
  private dossierFlowKey (code: string): string { return `${this.opts.prefix}:flow-dossier:${code}` }
  /** Flows waiting for a supplement, by when they are refused without one (ms). */
  get supplementDueKey (): string { return `${this.opts.prefix}:flows:supplement-due` }
  /**
   * Flows under way, by when they last moved (ms): one that has not moved for a while (its worker
   * died, or Redis went away, between a step's outcome and what follows it) is moved on again.
   */
  get activeKey (): string { return `${this.opts.prefix}:flows:active` }
  /** Step messages not yet settled, by their legal deadline (ms): past it, they are overdue. */
  get stepDueKey (): string { return `${this.opts.prefix}:flows:step-due` }

  private receiverOf (service: string): string | undefined {
    return this.opts.registry.receivers().find((r) => r.endpoint.services.includes(service))?.id
  }

  /** A worker took up a message the gateway runs itself. */
  async process (record: MessageRecord, settler: FlowSettler): Promise<void> {
    if (record.service === SUPPLEMENT_SERVICE) await this.applySupplement(record, settler)
    else await this.advance(record.messageId, settler)
  }

  /** A step message settled (delivered or dead): its flow moves on. */
  async stepSettled (step: MessageRecord, settler: FlowSettler): Promise<void> {
    if (step.flowId === undefined || step.flowStep === 'portal') return
    await this.opts.redis.zrem(this.stepDueKey, step.messageId)
    await this.advance(step.flowId, settler)
  }

  /** The flow message's dossier, as the sender reads it: the flow message's record id, if `sender` holds it. */
  async flowOfDossier (dossierCode: string, sender: string): Promise<MessageRecord | undefined> {
    const id = await this.opts.redis.get(this.dossierFlowKey(dossierCode))
    if (id === null) return undefined
    const parent = await this.opts.store.get(id)
    return parent?.from === sender ? parent : undefined
  }

  /** The steps waiting for documents, with what they miss (empty: the flow does not wait for any). */
  async waitingSteps (parent: MessageRecord): Promise<Array<{ name: string, missingDocuments: unknown }>> {
    const view = await this.load(parent)
    if (view === undefined || parent.flowState === 'refused') return []
    return view.steps.filter((s) => waitsForSupplement(s.record)).map((s) => ({ name: s.definition.name, missingDocuments: s.record?.reply?.body.missingDocuments }))
  }

  /** Every step of a flow message, for its state. */
  async stepsOf (parent: MessageRecord, now = Date.now()): Promise<StepState[]> {
    const view = await this.load(parent)
    if (view === undefined) return []
    return view.steps.map((s) => {
      const r = s.record
      const state: StepState = {
        name: s.definition.name,
        service: s.definition.service,
        receiver: r?.to ?? this.receiverOf(s.definition.service) ?? '',
        status: r?.status ?? 'waiting',
        round: s.round + 1,
        attempts: r?.attempts ?? 0,
        overdue: false
      }
      if (r === undefined) return state
      state.messageId = r.messageId
      if (r.dueAt !== undefined) {
        state.dueAt = r.dueAt
        const settledAt = r.status === 'delivered' ? Date.parse(r.deliveredAt ?? r.updatedAt) : r.status === 'dead' ? Date.parse(r.updatedAt) : now
        state.overdue = r.overdueAt !== undefined || settledAt > Date.parse(r.dueAt)
      }
      if (r.deliveredAt !== undefined) state.deliveredAt = r.deliveredAt
      if (r.reply !== undefined) state.result = r.reply.body
      if (r.lastError !== undefined && r.status !== 'delivered') state.lastError = r.lastError
      return state
    })
  }

  /**
   * Moves the flow of the message `flowId` on from where its steps stand: starts the steps whose
   * earlier steps are done, pauses it on a step that asks for documents, ends it when every step
   * is done (or one is dead and none still runs).
   */
  async advance (flowId: string, settler: FlowSettler): Promise<void> {
    const { store } = this.opts
    const parent = await store.get(flowId)
    const view = parent === undefined ? undefined : await this.load(parent)
    if (parent === undefined || view === undefined) {
      // Its record expired (or was never one of a group's): nothing more to move on.
      await this.opts.redis.zrem(this.activeKey, flowId)
      return
    }
    const restarted = parent.status === 'accepted' || parent.status === 'queued' || parent.status === 'retrying'
    await this.opts.redis.zadd(this.activeKey, Date.now(), parent.messageId)
    if (parent.flowState === 'refused') {
      // Refused for want of documents: replaying it changes nothing.
      if (restarted || parent.status === 'delivering') await settler.dead(parent, parent.lastError ?? { code: 'LT_SUPPLEMENT_TIMEOUT', message: 'the dossier was refused', at: new Date().toISOString(), transient: false }, ['accepted', 'queued', 'retrying', 'delivering'])
      else await settler.settled(parent)
      await this.opts.redis.zrem(this.activeKey, parent.messageId)
      return
    }
    if (restarted) {
      await store.transition(parent.messageId, 'delivering', { from: ['accepted', 'queued', 'retrying'], fields: { attempts: parent.attempts + 1, flowState: 'running' } })
    }
    // Each time, not only the first: a process may have died right after the group started (both are
    // once: the index is set if absent, the status sync's id is the group's own).
    await this.opts.redis.set(this.dossierFlowKey(view.dossierCode), parent.messageId, 'EX', this.ttlSeconds * 13, 'NX')
    await this.syncPortal(view, 'received', 2, 'Đã tiếp nhận hồ sơ liên thông')
    if (restarted) {
      // The flow message itself replayed from the dead letters: its dead steps are replayed too.
      for (const step of view.steps) {
        if (step.record?.status === 'dead' && await this.opts.queues.replay(step.id)) step.record = await store.get(step.id)
      }
    }
    const results = doneResults(view)
    for (const step of view.steps) {
      if (step.record === undefined) {
        if (!step.definition.after.every((name) => results[name] !== undefined)) continue
        const created = await this.createStep(view, step, results, settler)
        if (created === undefined) return
        step.record = created
      } else if (step.record.status === 'accepted') {
        // Recorded, then the process stopped before queueing it: queue it (the job id makes it once).
        await this.queue(step.record)
      }
    }
    const waiting = view.steps.filter((s) => waitsForSupplement(s.record))
    const running = view.steps.some((s) => s.record !== undefined && IN_FLIGHT.has(s.record.status))
    const dead = view.steps.find((s) => s.record?.status === 'dead')
    if (view.steps.every((s) => results[s.definition.name] !== undefined)) {
      await this.complete(view, results, settler)
    } else if (waiting.length > 0) {
      await this.pause(view, waiting)
    } else if (dead !== undefined && !running) {
      const error = dead.record?.lastError
      await store.annotate(parent.messageId, { flowState: 'failed' })
      await settler.dead(parent, {
        code: 'LT_FLOW_STEP_FAILED',
        message: `step ${dead.definition.name} (${dead.definition.service} to ${dead.record?.to ?? '?'}) ended in the dead letters${error === undefined ? '' : `: ${error.code} ${error.message}`}; replaying that step resumes the flow`,
        at: new Date().toISOString(),
        transient: error?.transient ?? false
      }, ['delivering'])
      if (parent.status === 'dead') await settler.settled(parent)
      // Until a step is replayed (which moves the flow on again).
      await this.opts.redis.zrem(this.activeKey, parent.messageId)
    } else {
      if (parent.status === 'dead' && parent.flowState === 'failed') {
        // A failed step was replayed: the flow runs again.
        await store.transition(parent.messageId, 'delivering', { from: ['dead'], fields: { flowState: 'running' }, unset: ['lastError'] })
      } else if (parent.flowState !== 'running') {
        await store.annotate(parent.messageId, { flowState: 'running' })
      }
      if (Object.keys(results).length > 0) await this.syncPortal(view, `in-progress:${view.supplements}`, 4, 'Đang xử lý liên thông')
    }
  }

  /** A supplement: the waiting steps run again with the documents added. */
  private async applySupplement (record: MessageRecord, settler: FlowSettler): Promise<void> {
    const { store } = this.opts
    const code = String(record.envelope.body.dossierCode)
    const refuse = async (code: string, message: string): Promise<void> => {
      await store.transition(record.messageId, 'delivering', { from: ['accepted', 'queued', 'retrying'], fields: { attempts: 1 } })
      await settler.dead(record, { code, message, at: new Date().toISOString(), transient: false }, ['delivering'])
    }
    const parent = await this.flowOfDossier(code, record.from)
    if (parent === undefined) return await refuse('LT_DOSSIER_FORBIDDEN', `no procedure group of yours has dossier ${code}`)
    const view = await this.load(parent)
    if (view === undefined) return await refuse('LT_DOSSIER_FORBIDDEN', `no procedure group of yours has dossier ${code}`)
    const waiting = view.steps.filter((s) => waitsForSupplement(s.record))
    let applied: number
    if (parent.flowState === 'refused') {
      applied = -1
    } else {
      const args = waiting.flatMap((s) => [s.definition.name, String(s.round)])
      applied = waiting.length === 0
        ? (await this.opts.redis.hexists(this.flowKey(parent.messageId), `by:${record.messageId}`) === 1 ? 0 : -1)
        : await (this.opts.redis as unknown as FlowScripts).ltApplySupplement(this.flowKey(parent.messageId), record.messageId, String(this.ttlSeconds), ...args)
    }
    if (applied === -1) {
      return await refuse('LT_SUPPLEMENT_NOT_REQUESTED', parent.flowState === 'refused'
        ? `dossier ${code} was refused: its documents were not supplied in time`
        : `dossier ${code} is not waiting for documents`)
    }
    await store.transition(record.messageId, 'delivering', { from: ['accepted', 'queued', 'retrying'], fields: { attempts: 1 } })
    const fresh = await store.get(parent.messageId)
    if (fresh === undefined) return
    await store.annotate(parent.messageId, { flowState: 'running' })
    await this.opts.redis.zrem(this.supplementDueKey, parent.messageId)
    const resumed = await this.load(fresh)
    if (resumed !== undefined) await this.syncPortal(resumed, `in-progress:${resumed.supplements}`, 4, 'Đã bổ sung hồ sơ, tiếp tục xử lý')
    await this.advance(parent.messageId, settler)
    const reply: Envelope = {
      header: replyHeaderFor(record),
      body: { dossierCode: code, resumedSteps: waiting.map((s) => s.definition.name) }
    }
    await settler.delivered(record, reply, ['delivering'])
  }

  /**
   * Refuses the flow `flowId` if it still waits for documents past its time (SUPPLEMENT_WORKING_DAYS
   * working days): its message ends dead with LT_SUPPLEMENT_TIMEOUT and the portal learns the dossier
   * stopped (status 8). Resolves true when it refused it.
   */
  async expireSupplement (flowId: string, now: number, settler: FlowSettler): Promise<boolean> {
    const { store } = this.opts
    const parent = await store.get(flowId)
    const view = parent === undefined ? undefined : await this.load(parent)
    if (parent === undefined || view === undefined) {
      await this.opts.redis.zrem(this.supplementDueKey, flowId)
      return false
    }
    // Refused before, and the process died before it told the portal and the sender: finish it.
    const finishing = parent.flowState === 'refused' && parent.status !== 'dead'
    if (!finishing) {
      if (parent.supplementDueAt === undefined || parent.flowState !== 'supplement-requested') {
        await this.opts.redis.zrem(this.supplementDueKey, flowId)
        return false
      }
      if (Date.parse(parent.supplementDueAt) > now) return false
      // Atomically with the supplements: not when one was applied since the pause, or is on its way.
      if (await (this.opts.redis as unknown as FlowScripts).ltRefuseFlow(this.flowKey(flowId), String(view.supplements), String(this.ttlSeconds)) !== 1) return false
      await store.annotate(flowId, { flowState: 'refused' })
    }
    await this.syncPortal(view, 'refused', 8, `Không bổ sung hồ sơ trong ${SUPPLEMENT_WORKING_DAYS} ngày làm việc`)
    await settler.dead({ ...parent, flowState: 'refused' }, {
      code: 'LT_SUPPLEMENT_TIMEOUT',
      message: `the documents asked for were not supplied within ${SUPPLEMENT_WORKING_DAYS} working days (by ${parent.supplementDueAt ?? '?'}); the dossier is refused`,
      at: new Date(now).toISOString(),
      transient: false
    }, ['delivering'])
    await store.expireRepliesOf(view.steps.map((s) => s.id))
    await this.opts.redis.zrem(this.supplementDueKey, flowId)
    return true
  }

  /**
   * A supplement accepted for the flow `flowId` and on its way to a worker: the flow is not refused
   * for want of documents while it is (the worker applies it, or refuses it if the flow moved on).
   */
  async supplementAccepted (flowId: string, supplementId: string): Promise<void> {
    await this.opts.redis.multi().hset(this.flowKey(flowId), `pending:${supplementId}`, Date.now()).expire(this.flowKey(flowId), this.ttlSeconds).exec()
  }

  /** Flows waiting for documents whose time ran out by `now`. */
  async dueSupplements (now: number, limit = 100): Promise<string[]> {
    return await this.opts.redis.zrangebyscore(this.supplementDueKey, '-inf', now, 'LIMIT', 0, limit)
  }

  /** Step messages past their legal deadline and not settled, by `now`, oldest deadline first. */
  async overdueSteps (now: number, limit = 1000): Promise<string[]> {
    return await this.opts.redis.zrangebyscore(this.stepDueKey, '-inf', now, 'LIMIT', 0, limit)
  }

  /** How many steps are past their deadline and not settled at `now`. */
  async overdueCount (now: number): Promise<number> {
    return await this.opts.redis.zcount(this.stepDueKey, '-inf', now)
  }

  /** Marks the unsettled steps past their deadline at `now` (their state shows `overdueAt`); resolves with how many it marked. */
  async flagOverdue (now: number): Promise<number> {
    let flagged = 0
    for (const id of await this.overdueSteps(now)) {
      const step = await this.opts.store.get(id)
      if (step === undefined || step.status === 'delivered' || step.status === 'dead') {
        await this.opts.redis.zrem(this.stepDueKey, id)
        continue
      }
      if (step.overdueAt === undefined && await this.opts.store.annotate(id, { overdueAt: new Date(now).toISOString() })) {
        flagged++
        this.opts.logger.warn({ messageId: step.flowId, step: step.flowStep, receiver: step.to, dueAt: step.dueAt }, 'procedure group step overdue')
      }
    }
    return flagged
  }

  private async load (parent: MessageRecord): Promise<FlowView | undefined> {
    const definition = FLOWS.get(parent.service)
    const dossierCode = parent.dossierCode
    if (definition === undefined || dossierCode === undefined) return undefined
    const hash = await this.opts.redis.hgetall(this.flowKey(parent.messageId))
    const supplements = Number(hash.supplements ?? 0)
    const supplementIds: string[] = []
    for (let n = 1; n <= supplements; n++) {
      const id = hash[`supp:${n}`]
      if (id !== undefined) supplementIds.push(id)
    }
    const steps = await Promise.all(definition.steps.map(async (step) => {
      const round = Number(hash[`round:${step.name}`] ?? 0)
      const id = flowMessageId(parent.messageId, `step:${step.name}:${round}`)
      return { definition: step, round, id, record: await this.opts.store.get(id) }
    }))
    return { parent, definition, dossierCode, steps, supplements, supplementIds }
  }

  /** Records and queues a step's message; undefined when the flow cannot go on (it has ended dead). */
  private async createStep (view: FlowView, step: StepView, results: Record<string, Record<string, unknown>>, settler: FlowSettler): Promise<MessageRecord | undefined> {
    const { parent } = view
    const fail = async (code: string, message: string): Promise<undefined> => {
      this.opts.logger.error({ messageId: parent.messageId, step: step.definition.name, code }, message)
      await this.opts.store.annotate(parent.messageId, { flowState: 'failed' })
      await settler.dead(parent, { code, message, at: new Date().toISOString(), transient: false }, ['delivering'])
      return undefined
    }
    const receiver = this.receiverOf(step.definition.service)
    if (receiver === undefined) return await fail('LT_UNKNOWN_RECEIVER', `no system in the registry serves ${step.definition.service} (step ${step.definition.name})`)
    const supplements: Array<Record<string, unknown>> = []
    for (const id of view.supplementIds) {
      const docs = (await this.opts.store.get(id))?.envelope.body.documents
      if (Array.isArray(docs)) supplements.push(...docs as Array<Record<string, unknown>>)
    }
    const body = step.definition.body({ body: parent.envelope.body, dossierCode: view.dossierCode, results, supplements })
    const validate = this.opts.schemas.versionsOf(step.definition.service)?.get('1')?.validateRequest
    if (validate === undefined || !validate(body)) {
      const problem = validate?.errors?.[0]
      return await fail('LT_FLOW_STEP_INVALID', `the ${step.definition.service} message of step ${step.definition.name} does not match its schema${problem === undefined ? '' : ` (${problem.instancePath} ${problem.message ?? ''})`}`)
    }
    const header: Envelope['header'] = {
      messageId: step.id,
      service: step.definition.service,
      version: '1',
      from: parent.from,
      to: receiver,
      sentAt: vietnamTimestamp(),
      correlationId: parent.correlationId ?? view.dossierCode
    }
    const envelope: Envelope = { header, body }
    const now = new Date()
    const record = {
      messageId: step.id,
      service: header.service,
      version: header.version,
      from: header.from,
      to: receiver,
      correlationId: header.correlationId as string,
      mode: 'async' as const,
      contentHash: contentHash(envelope),
      envelope,
      flowId: parent.messageId,
      flowStep: step.definition.name,
      flowRound: step.round + 1,
      dueAt: (await this.deadline(step.definition.procedureCode, now)).toISOString()
    }
    const created = await this.opts.store.create(record)
    if (created.outcome === 'created') {
      await this.opts.redis.zadd(this.stepDueKey, 'NX', Date.parse(record.dueAt), step.id)
      this.opts.logger.info({ messageId: parent.messageId, step: step.definition.name, round: step.round + 1, to: receiver }, 'procedure group step started')
    }
    const stored = await this.opts.store.get(step.id)
    if (stored?.status === 'accepted') await this.queue(stored)
    return await this.opts.store.get(step.id)
  }

  private async queue (record: MessageRecord): Promise<void> {
    await this.opts.queues.enqueue(record.to, record.messageId)
    await this.opts.store.transition(record.messageId, 'queued', { from: ['accepted'] })
  }

  /** The step's legal deadline: its procedure's working days from `from` (1 when the catalog has none). */
  private async deadline (procedureCode: string, from: Date): Promise<Date> {
    this.catalogs ??= Catalogs.load()
    const days = (await this.catalogs).procedure(procedureCode)?.deadlineWorkingDays ?? 1
    return await this.workingDaysAfter(from, days)
  }

  private async workingDaysAfter (from: Date, days: number): Promise<Date> {
    this.calendar ??= WorkingCalendar.load()
    const calendar = await this.calendar
    try {
      return calendar.addWorkingDays(from, days)
    } catch (err) {
      // No holiday data for that year: weekends alone, and say so.
      this.opts.logger.warn({ err }, 'no holiday data for the deadline; counting weekends only')
      const at = new Date(from)
      for (let left = days; left > 0;) {
        at.setUTCDate(at.getUTCDate() + 1)
        const day = new Date(`${vietnamDate(at)}T00:00:00Z`).getUTCDay()
        if (day !== 0 && day !== 6) left--
      }
      return at
    }
  }

  private async pause (view: FlowView, waiting: StepView[]): Promise<void> {
    const { parent } = view
    // Paused before (a process may have died half-way through): the same deadline, and the rest done again (idempotent).
    const before = parent.flowState === 'supplement-requested' && parent.supplementDueAt !== undefined ? new Date(parent.supplementDueAt) : undefined
    const askedAt = Math.max(...waiting.map((s) => Date.parse(s.record?.deliveredAt ?? s.record?.updatedAt ?? new Date().toISOString())))
    const dueAt = before ?? await this.workingDaysAfter(new Date(askedAt), SUPPLEMENT_WORKING_DAYS)
    if (before === undefined) await this.opts.store.annotate(parent.messageId, { flowState: 'supplement-requested', supplementDueAt: dueAt.toISOString() })
    await this.opts.redis.zadd(this.supplementDueKey, 'NX', dueAt.getTime(), parent.messageId)
    const missing = waiting.flatMap((s) => Array.isArray(s.record?.reply?.body.missingDocuments) ? s.record?.reply?.body.missingDocuments as Array<{ name?: string }> : [])
    await this.syncPortal(view, `supplement:${view.supplements}`, 5, `Yêu cầu bổ sung: ${missing.map((d) => d.name ?? '').join('; ')}`.slice(0, 2000))
    // Nothing moves until documents come (a supplement moves it on) or the time runs out (the supervisor).
    await this.opts.redis.zrem(this.activeKey, parent.messageId)
    if (before === undefined) this.opts.logger.info({ messageId: parent.messageId, steps: waiting.map((s) => s.definition.name), dueAt: dueAt.toISOString() }, 'procedure group waiting for documents')
  }

  private async complete (view: FlowView, results: Record<string, Record<string, unknown>>, settler: FlowSettler): Promise<void> {
    const { parent, definition } = view
    const body = definition.reply(view.dossierCode, results)
    const validate = this.opts.schemas.versionsOf(parent.service)?.get(parent.version)?.validateReply
    if (validate !== undefined && !validate(body)) {
      this.opts.logger.error({ messageId: parent.messageId, problem: validate.errors?.[0]?.instancePath }, 'the gathered reply of a procedure group does not match its schema')
    }
    if (parent.status !== 'delivered') {
      await this.opts.store.annotate(parent.messageId, { flowState: 'completed' })
      await settler.delivered(parent, { header: replyHeaderFor(parent), body }, ['delivering', 'dead'])
    } else {
      await settler.settled(parent)
    }
    await this.syncPortal(view, 'processed', 9, 'Đã giải quyết xong các thủ tục liên thông')
    await this.syncPortal(view, 'returned', 10, 'Đã trả kết quả')
    // The steps' replies (citizen data) were kept while later steps needed them: now they go as any reply does.
    await this.opts.store.expireRepliesOf(view.steps.map((s) => s.id))
    await this.opts.redis.zrem(this.activeKey, parent.messageId)
  }

  /**
   * Moves on again the flows that have not moved for `quietMs` by `now` (at most `limit`): a step's
   * outcome recorded, then the process died before the flow went on. Moving a flow on twice does
   * nothing twice. Resolves with how many it looked at.
   */
  async resumeQuiet (now: number, settler: FlowSettler, quietMs = 5_000, limit = 100): Promise<number> {
    const ids = await this.opts.redis.zrangebyscore(this.activeKey, '-inf', now - quietMs, 'LIMIT', 0, limit)
    for (const id of ids) {
      try {
        await this.advance(id, settler)
      } catch (err) {
        this.opts.logger.error({ err, messageId: id }, 'could not move a procedure group on')
      }
    }
    return ids.length
  }

  /**
   * Tells the national portal the dossier's new status with a dossier.status message, from the
   * flow's sender (its `key` makes it one message however often this runs). A status the
   * dossier's lifecycle no longer allows (a later one went first) is skipped.
   */
  private async syncPortal (view: FlowView, key: string, status: number, note: string): Promise<void> {
    const portal = this.receiverOf('dossier.status')
    if (portal === undefined) return
    const { parent } = view
    const id = flowMessageId(parent.messageId, `portal:${key}`)
    const envelope: Envelope = {
      header: { messageId: id, service: 'dossier.status', version: '1', from: parent.from, to: portal, sentAt: vietnamTimestamp(), correlationId: parent.correlationId ?? view.dossierCode },
      body: {
        dossierCode: view.dossierCode,
        status,
        changedAt: vietnamTimestamp(),
        procedureCode: view.definition.procedureCode,
        ...(typeof parent.envelope.body.receivingAgency === 'string' ? { handlingAgency: parent.envelope.body.receivingAgency } : {}),
        note
      }
    }
    const created = await this.opts.store.create({
      messageId: id,
      service: 'dossier.status',
      version: '1',
      from: parent.from,
      to: portal,
      correlationId: envelope.header.correlationId as string,
      mode: 'async',
      contentHash: contentHash(envelope),
      envelope,
      flowId: parent.messageId,
      flowStep: 'portal'
    }, {
      dossierCode: view.dossierCode,
      status,
      allowedFrom: allowedPredecessors(status),
      mayStart: INITIAL_STATUSES.includes(status),
      sender: parent.from,
      anyDossier: true,
      agencyEntitled: true
    })
    if (created.outcome === 'forbidden') return
    const stored = await this.opts.store.get(id)
    if (stored?.status === 'accepted') await this.queue(stored)
  }
}

interface FlowScripts {
  ltApplySupplement: (...args: string[]) => Promise<number>
  ltRefuseFlow: (...args: string[]) => Promise<number>
}

function waitsForSupplement (record: MessageRecord | undefined): boolean {
  return record?.status === 'delivered' && record.reply?.body.result === SUPPLEMENT_REQUIRED
}

/** The replies of the steps done (delivered with a result other than a request for documents). */
function doneResults (view: FlowView): Record<string, Record<string, unknown>> {
  const results: Record<string, Record<string, unknown>> = {}
  for (const s of view.steps) {
    if (s.record?.status === 'delivered' && s.record.reply !== undefined && !waitsForSupplement(s.record)) results[s.definition.name] = s.record.reply.body
  }
  return results
}
