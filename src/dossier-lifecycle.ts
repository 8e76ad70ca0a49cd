/**
 * Dossier status lifecycle, on the national public service portal's status codes.
 * A change the lifecycle forbids (e.g. 10 back to 4) is refused before it is queued.
 */
export const DOSSIER_STATUS_NAMES: Readonly<Record<number, string>> = {
  1: 'new',
  2: 'received',
  3: 'not received',
  4: 'in progress',
  5: 'supplement requested',
  6: 'payment required',
  7: 'withdrawn by applicant',
  8: 'processing stopped',
  9: 'processed',
  10: 'result returned'
}

/** Allowed next statuses from each status. 3, 7, 8 and 10 end a dossier. */
const NEXT: Readonly<Record<number, readonly number[]>> = {
  1: [2, 3, 7],
  2: [4, 5, 6, 7, 8, 9],
  3: [],
  // 4 → 4: a progress update while still in progress (a new handling step or note).
  4: [4, 5, 6, 7, 8, 9],
  5: [4, 7, 8],
  6: [4, 7, 8, 9],
  7: [],
  8: [],
  9: [10],
  10: []
}

/**
 * Statuses a dossier the gateway has not seen may start at: its registration (1 new, 2 received)
 * or its refusal at intake (3). Any later status needs the changes before it.
 */
export const INITIAL_STATUSES: readonly number[] = [1, 2, 3]

export function isAllowedTransition (from: number, to: number): boolean {
  return NEXT[from]?.includes(to) ?? false
}

/** Statuses from which a dossier may move to `to`. */
export function allowedPredecessors (to: number): number[] {
  return Object.entries(NEXT).filter(([, next]) => next.includes(to)).map(([from]) => Number(from))
}

export function describeStatus (status: number): string {
  return `${status} (${DOSSIER_STATUS_NAMES[status] ?? 'unknown'})`
}
