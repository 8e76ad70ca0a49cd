/**
 * Delay before retry `attempt` (1-based count of failed attempts): `base · 2^(attempt-1)`,
 * jittered by ±25% so retries after an outage do not arrive in lockstep, capped at one hour.
 * A Retry-After from the upstream wins when it is longer.
 */
export function retryDelayMs (attempt: number, baseMs: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const exponential = Math.min(baseMs * 2 ** (attempt - 1), 3_600_000)
  const jittered = Math.round(exponential * (0.75 + random() * 0.5))
  return retryAfterMs !== undefined ? Math.max(jittered, retryAfterMs) : jittered
}
