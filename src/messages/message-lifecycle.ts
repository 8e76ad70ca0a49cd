import type { MessageStatus } from './message-store.js'

/**
 * The message lifecycle: every status a message may move to, and the statuses it may move there
 * from. The store applies it to every status change (atomically, in its script): a change from
 * any other status does not happen. The callers narrow it further when they know more (the
 * outcome of this attempt, only from `delivering`), never widen it.
 *
 *   accepted → queued → delivering → delivered
 *                 ↑  ↘       ↓   ↘  unconfirmed → delivered | dead
 *                 └── retrying ←┘ → dead → accepted (replay)
 *                         └──────────→ delivered (a stale worker's retry, the attempt succeeded)
 */
export const LIFECYCLE: Readonly<Record<MessageStatus, readonly MessageStatus[]>> = {
  // A sync delivery that failed transiently goes back to the queue (by its gateway or the sweeper); a dead message replayed.
  accepted: ['delivering', 'dead'],
  // Its job is queued (the intake, the sweeper, a replay, a procedure group's step).
  queued: ['accepted'],
  // An attempt starts: a worker may take a job before its message was marked queued, and again
  // after its worker died mid-attempt; a procedure group whose failed step was replayed runs again.
  delivering: ['accepted', 'queued', 'retrying', 'delivering', 'dead'],
  // The attempt failed transiently, or the receiver's breaker is open (no attempt was spent).
  retrying: ['accepted', 'queued', 'delivering', 'retrying'],
  // The receiver answered; or it confirmed later it had applied the message (unconfirmed);
  // or a procedure group's last step was done after another had been replayed (dead); or a worker
  // whose job lock had lapsed (Redis away longer than WORKER_LOCK_MS) recorded its failed attempt
  // as a retry over the attempt that then succeeded (retrying): the receiver has the message.
  delivered: ['delivering', 'retrying', 'unconfirmed', 'dead'],
  // Retries spent or refused; a job abandoned from any status short of an outcome; the reconciler gave up.
  dead: ['accepted', 'queued', 'delivering', 'retrying', 'unconfirmed'],
  // Retries spent without an answer and the receiver cannot say whether it applied the message.
  unconfirmed: ['delivering']
}

/**
 * The statuses a message may move to `to` from: the lifecycle's, narrowed to `from` when given.
 * Throws when `from` names a change the lifecycle does not have: a bug, not a race.
 */
export function allowedFrom (to: MessageStatus, from?: readonly MessageStatus[]): MessageStatus[] {
  const allowed = LIFECYCLE[to]
  if (from === undefined) return [...allowed]
  const outside = from.filter((s) => !allowed.includes(s))
  if (outside.length > 0) throw new Error(`the message lifecycle has no change from ${outside.join(', ')} to ${to}`)
  return [...from]
}
