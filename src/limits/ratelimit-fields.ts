/**
 * The rate limit headers of the IETF draft (draft-ietf-httpapi-ratelimit-headers): two
 * structured-field lists, one item per policy that applied to the request.
 *
 *   RateLimit-Policy: "citizen.verify";q=1200;w=60, "citizen.verify-daily";q=50000;w=86400
 *   RateLimit: "citizen.verify";r=1187;t=42, "citizen.verify-daily";r=49001;t=30511
 */
export interface PolicyUsage {
  /** The policy's name (a service code, `reads`, `<service>-daily`). */
  name: string
  /** Requests allowed per window (q). */
  quota: number
  /** The window, in seconds (w). */
  windowSeconds: number
  /** Requests left in the current window (r). */
  remaining: number
  /** Seconds until the current window ends and the quota is whole again (t). */
  resetSeconds: number
}

/** A structured-field string: quoted, with `\` and `"` escaped (RFC 8941 §3.3.3). */
function sfString (value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`
}

export function policyItem (usage: PolicyUsage): string {
  return `${sfString(usage.name)};q=${usage.quota};w=${usage.windowSeconds}`
}

export function limitItem (usage: PolicyUsage): string {
  return `${sfString(usage.name)};r=${Math.max(0, usage.remaining)};t=${Math.max(0, Math.ceil(usage.resetSeconds))}`
}
