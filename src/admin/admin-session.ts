import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'

/** Eight hours: a working day at the dashboard, then sign in again. */
export const ADMIN_SESSION_TTL_MS = 8 * 3600_000

const FORMAT = 'v1'

/**
 * Stateless admin sessions: a value `v1.<expiry>.<nonce>.<mac>` signed with HMAC-SHA256 under
 * a key derived from ADMIN_TOKEN. Nothing is stored, so every gateway instance accepts the
 * session another issued; changing ADMIN_TOKEN ends every session at once.
 */
export class AdminSessions {
  readonly ttlMs: number
  private readonly key: Buffer
  private readonly now: () => number

  constructor (adminToken: string, opts: { ttlMs?: number, now?: () => number } = {}) {
    if (adminToken === '') throw new Error('admin sessions need an ADMIN_TOKEN')
    // A key of its own (HKDF), so a session value reveals nothing usable against the token itself.
    this.key = Buffer.from(hkdfSync('sha256', adminToken, 'lienthong', 'admin-session/v1', 32))
    this.ttlMs = opts.ttlMs ?? ADMIN_SESSION_TTL_MS
    this.now = opts.now ?? Date.now
  }

  /** A new session value, valid for {@link ttlMs}. */
  issue (): string {
    const expiresAt = Math.floor((this.now() + this.ttlMs) / 1000)
    const payload = `${FORMAT}.${expiresAt}.${randomBytes(12).toString('base64url')}`
    return `${payload}.${this.mac(payload)}`
  }

  /** Whether `value` was issued with this ADMIN_TOKEN, is unaltered and has not expired. */
  isValid (value: string | undefined): boolean {
    if (value === undefined) return false
    const parts = value.split('.')
    if (parts.length !== 4 || parts[0] !== FORMAT) return false
    const [, expiresAt, , mac] = parts as [string, string, string, string]
    const expected = Buffer.from(this.mac(parts.slice(0, 3).join('.')))
    const presented = Buffer.from(mac)
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return false
    return /^\d{1,12}$/.test(expiresAt) && Number(expiresAt) * 1000 > this.now()
  }

  private mac (payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url')
  }
}
