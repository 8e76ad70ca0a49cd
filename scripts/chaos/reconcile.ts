import type { PostLogLine } from './traffic.js'

/** How one message ended for its sender, from the sender's log. */
export interface SenderOutcome {
  messageId: string
  sender: string
  /** The participant that sent it (header.from). */
  from: string
  service: string
  to: string
  posts: number
  final: 'accepted' | 'rejected' | 'gave-up' | 'unfinished'
  /** HTTP status of the last POST (0: no answer). */
  status: number
  code?: string
}

/** What the gateway recorded of a message (absent fields: no record). */
export interface GatewayRecord {
  status?: string
  /** The dossier code the gateway issued it (dossier.submit, the procedure groups). */
  dossierCode?: string
  attempts?: number
  /** How many events of it the evidence log holds. */
  evidenceEvents?: number
  lastError?: { code?: string, upstreamStatus?: number, message?: string }
  reply?: { body?: Record<string, unknown> }
}

/** One effect a receiving system applied, with the idempotency key (messageId) that caused it. */
export interface ReceiverEffect {
  receiver: string
  type: string
  idempotencyKey?: string
  dossierCode?: string
  status?: number
}

export interface Reconciliation {
  /** Distinct messageIds the senders posted at least once. */
  sent: number
  /** Every POST, re-posts included. */
  posts: number
  rePosts: number
  accepted: number
  /** 4xx answers: none is expected, each fails the run. */
  rejected: { count: number, byCode: Record<string, number> }
  /** The sender stopped re-posting (deadline) without a 2xx or 4xx. */
  gaveUp: number
  delivered: number
  dead: { count: number, byReason: Record<string, number>, withEffect: number }
  /** Accepted but neither delivered nor dead, or delivered per the gateway with no effect at the receiver. */
  lost: { count: number, notTerminal: Record<string, number>, deliveredWithoutEffect: number, withEffect: number, ids: string[] }
  /** More than one effect at the receiver for one messageId. */
  deliveredTwice: { count: number, ids: string[] }
  /** Delivered, but the reply the gateway kept does not describe the effect the receiver applied. */
  replyMismatch: { count: number, ids: string[] }
  /** Effects whose idempotency key is no message the senders saw accepted. */
  effectsOfUnacceptedMessages: number
  effects: number
}

const SAMPLE = 20

/** Folds a sender log (every POST, in any order) into one outcome per messageId. */
export function senderOutcomes (lines: Iterable<PostLogLine>): Map<string, SenderOutcome> {
  const outcomes = new Map<string, SenderOutcome>()
  for (const line of lines) {
    let outcome = outcomes.get(line.messageId)
    if (outcome === undefined) {
      outcome = { messageId: line.messageId, sender: line.sender, from: line.from, service: line.service, to: line.to, posts: 0, final: 'unfinished', status: 0 }
      outcomes.set(line.messageId, outcome)
    }
    outcome.posts++
    if (line.final !== undefined) {
      outcome.final = line.final
      outcome.status = line.status
      if (line.code !== undefined) outcome.code = line.code
    }
  }
  return outcomes
}

/** `LT_UPSTREAM_UNAVAILABLE (503)`, `LT_UPSTREAM_UNAVAILABLE (UND_ERR_SOCKET)`: why a message is dead. */
export function deadReason (record: GatewayRecord): string {
  const error = record.lastError
  const code = error?.code ?? 'no lastError'
  if (error?.upstreamStatus !== undefined) return `${code} (${error.upstreamStatus})`
  // A network failure names its cause in the message, e.g. "could not be reached (UND_ERR_SOCKET)".
  const cause = /\(([A-Z][A-Z_]+)\)$/.exec(error?.message ?? '')?.[1]
  return cause !== undefined ? `${code} (${cause})` : code
}

/**
 * Sets the senders' outcomes, the gateway's records and the receivers' effects side by side.
 * Exactly-once holds when every accepted message is delivered or dead, every delivered one has
 * exactly one effect at its receiver, and no messageId has two.
 */
export function reconcile (outcomes: Map<string, SenderOutcome>, records: Map<string, GatewayRecord>, effects: ReceiverEffect[]): Reconciliation {
  const effectsByKey = new Map<string, ReceiverEffect[]>()
  for (const effect of effects) {
    const key = effect.idempotencyKey ?? ''
    const list = effectsByKey.get(key)
    if (list === undefined) effectsByKey.set(key, [effect])
    else list.push(effect)
  }
  const r: Reconciliation = {
    sent: outcomes.size,
    posts: 0,
    rePosts: 0,
    accepted: 0,
    rejected: { count: 0, byCode: {} },
    gaveUp: 0,
    delivered: 0,
    dead: { count: 0, byReason: {}, withEffect: 0 },
    lost: { count: 0, notTerminal: {}, deliveredWithoutEffect: 0, withEffect: 0, ids: [] },
    deliveredTwice: { count: 0, ids: [] },
    replyMismatch: { count: 0, ids: [] },
    effectsOfUnacceptedMessages: 0,
    effects: effects.length
  }
  const lost = (id: string): void => {
    r.lost.count++
    if (r.lost.ids.length < SAMPLE) r.lost.ids.push(id)
  }
  for (const outcome of outcomes.values()) {
    r.posts += outcome.posts
    r.rePosts += outcome.posts - 1
    if (outcome.final === 'rejected') {
      r.rejected.count++
      const code = outcome.code ?? String(outcome.status)
      r.rejected.byCode[code] = (r.rejected.byCode[code] ?? 0) + 1
    } else if (outcome.final === 'gave-up' || outcome.final === 'unfinished') {
      r.gaveUp++
    }
    if (outcome.final !== 'accepted') continue
    r.accepted++
    const record = records.get(outcome.messageId) ?? {}
    const applied = effectsByKey.get(outcome.messageId) ?? []
    switch (record.status) {
      case 'delivered': {
        r.delivered++
        const [effect] = applied
        if (effect === undefined) {
          r.lost.deliveredWithoutEffect++
          lost(outcome.messageId)
        } else if (!replyDescribes(record, effect)) {
          r.replyMismatch.count++
          if (r.replyMismatch.ids.length < SAMPLE) r.replyMismatch.ids.push(outcome.messageId)
        }
        break
      }
      case 'dead': {
        r.dead.count++
        const reason = deadReason(record)
        r.dead.byReason[reason] = (r.dead.byReason[reason] ?? 0) + 1
        // The receiver did the work but no answer ever came back: the sender is told dead, honestly.
        if (applied.length > 0) r.dead.withEffect++
        break
      }
      default: {
        const state = record.status ?? 'no record'
        r.lost.notTerminal[state] = (r.lost.notTerminal[state] ?? 0) + 1
        if (applied.length > 0) r.lost.withEffect++
        lost(outcome.messageId)
      }
    }
  }
  for (const [key, applied] of effectsByKey) {
    const outcome = outcomes.get(key)
    if (outcome?.final !== 'accepted') r.effectsOfUnacceptedMessages += applied.length
    if (applied.length > 1) {
      r.deliveredTwice.count++
      if (r.deliveredTwice.ids.length < SAMPLE) r.deliveredTwice.ids.push(key)
    }
  }
  return r
}

/** The reply names the dossier (and status) the receiver registered. */
function replyDescribes (record: GatewayRecord, effect: ReceiverEffect): boolean {
  const body = record.reply?.body
  if (body === undefined) return false
  if (effect.dossierCode !== undefined && body.dossierCode !== effect.dossierCode) return false
  if (effect.status !== undefined && body.status !== effect.status) return false
  return true
}

/** Why the run failed, or an empty list. */
export function failures (r: Reconciliation, unexpectedExits: number): string[] {
  const out: string[] = []
  if (r.lost.count > 0) out.push(`${r.lost.count} lost`)
  if (r.dead.withEffect > 0) out.push(`${r.dead.withEffect} dead but applied at the receiver`)
  if (r.deliveredTwice.count > 0) out.push(`${r.deliveredTwice.count} delivered twice`)
  if (r.replyMismatch.count > 0) out.push(`${r.replyMismatch.count} replies that do not match the receiver's effect`)
  if (r.rejected.count > 0) out.push(`${r.rejected.count} refused with a 4xx (${Object.entries(r.rejected.byCode).map(([c, n]) => `${c} ${n}`).join(', ')})`)
  if (r.gaveUp > 0) out.push(`${r.gaveUp} never accepted (the senders gave up re-posting)`)
  if (unexpectedExits > 0) out.push(`${unexpectedExits} process exits nobody asked for`)
  return out
}

/** One step of an accepted procedure group: its record and the effects its idempotency key caused. */
export interface FlowStepCheck {
  name: string
  record: GatewayRecord
  /** Effects at its receiver. */
  effects: number
  /**
   * Effects its receiver caused at another system under the step's key: for a birth, the population
   * database's ID number, which the civil-status software asks for before it registers (once: a
   * retry gets the same number back).
   */
  peerEffects?: number
}

/** An accepted procedure group, its record and its steps' (round 1; the run sends no supplements). */
export interface FlowCheck {
  messageId: string
  service: string
  record: GatewayRecord
  steps: FlowStepCheck[]
  /** The statuses the portal stored for the group's dossier, in order. */
  portalStatuses: number[]
  /** The status of the gateway's last status sync of the group (10, result returned), if it sent it. */
  returnedSync?: string
}

export interface FlowReconciliation {
  accepted: number
  completed: number
  dead: { count: number, byReason: Record<string, number>, samples: string[] }
  /** Accepted, but the group neither completed nor died. */
  lost: { count: number, notTerminal: Record<string, number>, ids: string[] }
  steps: { delivered: number, dead: number, notStarted: number }
  /** A delivered step with no effect at its receiver. */
  stepsWithoutEffect: number
  /** A step applied more than once (per kind of effect). */
  stepsTwice: { count: number, ids: string[] }
  /** A dead step its receiver applied. */
  stepsDeadButApplied: number
  /** Dead steps whose receiver had already asked its peer (a personal ID number issued for a birth not registered; a replay gets the same one). */
  deadStepsWithPeerEffect: number
  /** Completed groups whose dossier does not end at the portal on 10 (result returned), though its sync was not dead. */
  portalNotReturned: number
  /** Completed groups whose last status sync to the portal spent its retries (in the dead letters, replayable). */
  portalSyncDead: number
  /** A few of the groups not shown returned: their id, the portal's statuses, their last sync's status. */
  portalSamples: string[]
}

/** Each accepted group ended (completed or dead), each step's effect once, each completed group's dossier returned at the portal. */
export function reconcileFlows (flows: FlowCheck[]): FlowReconciliation {
  const r: FlowReconciliation = {
    accepted: flows.length,
    completed: 0,
    dead: { count: 0, byReason: {}, samples: [] },
    lost: { count: 0, notTerminal: {}, ids: [] },
    steps: { delivered: 0, dead: 0, notStarted: 0 },
    stepsWithoutEffect: 0,
    stepsTwice: { count: 0, ids: [] },
    stepsDeadButApplied: 0,
    deadStepsWithPeerEffect: 0,
    portalNotReturned: 0,
    portalSyncDead: 0,
    portalSamples: []
  }
  for (const flow of flows) {
    if (flow.record.status === 'delivered') {
      r.completed++
      if (flow.returnedSync === 'dead') r.portalSyncDead++
      else if (flow.portalStatuses.at(-1) !== 10) {
        r.portalNotReturned++
        if (r.portalSamples.length < 5) r.portalSamples.push(`${flow.messageId}: portal ${flow.portalStatuses.join(',')}; last sync ${flow.returnedSync ?? 'never sent'}`)
      }
    } else if (flow.record.status === 'dead') {
      r.dead.count++
      const reason = deadReason(flow.record)
      r.dead.byReason[reason] = (r.dead.byReason[reason] ?? 0) + 1
      if (r.dead.samples.length < 5) r.dead.samples.push(flow.record.lastError?.message ?? '')
    } else {
      r.lost.count++
      const state = flow.record.status ?? 'no record'
      r.lost.notTerminal[state] = (r.lost.notTerminal[state] ?? 0) + 1
      if (r.lost.ids.length < SAMPLE) r.lost.ids.push(flow.messageId)
    }
    for (const step of flow.steps) {
      if (step.name === 'portal') {
        // Its effects count: 1 when every status sync was applied once, more for each applied twice.
        if (step.effects > 1) {
          r.stepsTwice.count++
          if (r.stepsTwice.ids.length < SAMPLE) r.stepsTwice.ids.push(`${flow.messageId}/portal`)
        }
        continue
      }
      const peer = step.peerEffects ?? 0
      if (step.record.status === undefined) r.steps.notStarted++
      if (step.record.status === 'delivered') {
        r.steps.delivered++
        if (step.effects === 0) r.stepsWithoutEffect++
      }
      if (step.record.status === 'dead') {
        r.steps.dead++
        if (step.effects > 0) r.stepsDeadButApplied++
        if (peer > 0) r.deadStepsWithPeerEffect++
      }
      if (step.effects > 1 || peer > 1) {
        r.stepsTwice.count++
        if (r.stepsTwice.ids.length < SAMPLE) r.stepsTwice.ids.push(`${flow.messageId}/${step.name}`)
      }
    }
  }
  return r
}

/** Why the flows part of a run failed, or an empty list. */
export function flowFailures (r: FlowReconciliation): string[] {
  const out: string[] = []
  if (r.lost.count > 0) out.push(`${r.lost.count} procedure groups lost`)
  if (r.stepsTwice.count > 0) out.push(`${r.stepsTwice.count} procedure-group steps applied twice`)
  if (r.stepsDeadButApplied > 0) out.push(`${r.stepsDeadButApplied} procedure-group steps dead but applied`)
  if (r.stepsWithoutEffect > 0) out.push(`${r.stepsWithoutEffect} procedure-group steps delivered without effect`)
  if (r.portalNotReturned > 0) out.push(`${r.portalNotReturned} completed procedure groups not shown returned at the portal`)
  return out
}
