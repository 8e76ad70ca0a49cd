/**
 * Vietnam time: UTC+7 all year (no daylight saving). The one place the gateway turns an instant
 * into Vietnam's calendar day or writes a Vietnam timestamp: dossier codes, daily quotas, working
 * days, the evidence archive's daily segments, reply headers.
 */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000
const DAY_MS = 86_400_000

/** The Vietnam day of an instant (ms): its date `YYYY-MM-DD` and when it ends (ms). */
export function vietnamDay (atMs: number): { day: string, endsAtMs: number } {
  if (!Number.isFinite(atMs)) throw new RangeError('not a valid instant')
  const local = atMs + VIETNAM_OFFSET_MS
  const startLocal = local - (((local % DAY_MS) + DAY_MS) % DAY_MS)
  return { day: new Date(startLocal).toISOString().slice(0, 10), endsAtMs: startLocal + DAY_MS - VIETNAM_OFFSET_MS }
}

/** The Vietnam calendar date of an instant, `YYYY-MM-DD`. */
export function vietnamDate (at: Date | number): string {
  return vietnamDay(typeof at === 'number' ? at : at.getTime()).day
}

/** An RFC 3339 timestamp in Vietnam time to the second, e.g. `2026-11-23T10:16:05+07:00`: the form replies carry. */
export function vietnamTimestamp (at: Date = new Date()): string {
  return `${new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 19)}+07:00`
}
