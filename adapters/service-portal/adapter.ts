import { DeliveryError, type Adapter, type Confirmation, type DeliveryOptions, type DeliveryRequest } from '../contract.js'
import { agencyOfParticipant, dossierCodeProblem } from '../../src/identifiers/index.js'
import {
  UpstreamClient, badBody, deadlineSignal, invalidReply, isRecord, optionalString, requiredString,
  type UpstreamClientOptions
} from '../shared/upstream-client.js'
import { compactVietnam, isoVietnam, parseCompactVietnam } from '../shared/vietnam-time.js'

const SYSTEM = 'service-portal'
const SESSION_EXPIRED = '04'
const UNKNOWN_DOSSIER = '05'
// Renew a little before the portal's stated expiry, so a session does not lapse in flight.
const EXPIRY_MARGIN_MS = 5_000

export interface ServicePortalAdapterOptions extends Omit<UpstreamClientOptions, 'system' | 'nativeCodeOf'> {
  credentials: { username: string, password: string }
}

interface Session { token: string, expiresAt: number }

/**
 * Adapter for the National Public Service Portal: `dossier.status` v1 translated to the
 * portal's `CapNhatTienDoHoSoMC`, falling back to `DongBoHoSoMC` when the portal does not
 * know the dossier yet. It logs in lazily, shares one session between deliveries, and logs
 * in again once when the portal says the session has expired.
 */
export class ServicePortalAdapter implements Adapter {
  readonly kind = 'service-portal'
  readonly #client: UpstreamClient
  readonly #credentials: { username: string, password: string }
  #session: Session | null = null
  #login: Promise<Session> | null = null

  constructor (options: ServicePortalAdapterOptions) {
    const { credentials, ...pool } = options
    this.#credentials = { ...credentials }
    this.#client = new UpstreamClient({ ...pool, system: SYSTEM, nativeCodeOf: body => isRecord(body) && typeof body.error_code === 'string' ? body.error_code : undefined })
  }

  async deliver (request: DeliveryRequest, options: DeliveryOptions): Promise<Record<string, unknown>> {
    if (request.service !== 'dossier.status' || request.version !== '1') {
      throw badBody(SYSTEM, `service ${request.service} v${request.version} is not served by the national portal`)
    }
    const signal = deadlineSignal(options.timeoutMs)
    const body = request.body
    const dossierCode = requiredString(SYSTEM, body, 'dossierCode')
    if (dossierCodeProblem(dossierCode) !== null) throw badBody(SYSTEM, 'dossierCode is not a dossier code')
    const status = body.status
    if (!Number.isInteger(status) || (status as number) < 1 || (status as number) > 10) throw badBody(SYSTEM, 'status must be an integer from 1 to 10')
    const changedAt = new Date(requiredString(SYSTEM, body, 'changedAt'))
    if (Number.isNaN(changedAt.getTime())) throw badBody(SYSTEM, 'changedAt must be a date-time')
    const note = optionalString(SYSTEM, body, 'note')
    const procedureCode = optionalString(SYSTEM, body, 'procedureCode')
    const madonvi = optionalString(SYSTEM, body, 'handlingAgency') ?? agencyOfParticipant(request.from)

    const progress: Record<string, unknown> = {
      MaHoSo: dossierCode,
      // The portal takes statuses as strings "1".."10" and times as yyyyMMddHHmmss, Vietnam time.
      TrangThaiHoSo: String(status),
      ThoiGianCapNhat: compactVietnam(changedAt),
      NoiDungXuLy: note ?? ''
    }
    if (procedureCode !== undefined) progress.MaTTHC = procedureCode

    let reply = await this.#api('CapNhatTienDoHoSoMC', madonvi, true, [progress], request.idempotencyKey, signal)
    if (reply.error_code === UNKNOWN_DOSSIER) {
      reply = await this.#api('DongBoHoSoMC', madonvi, false, [progress], request.idempotencyKey, signal)
    }
    if (reply.error_code !== '00') {
      throw new DeliveryError('LT_UPSTREAM_REJECTED', `national portal refused the status (error_code ${String(reply.error_code)})`, { transient: false, upstreamCode: String(reply.error_code) })
    }
    const syncedAt = typeof reply.ThoiGianDongBo === 'string' ? parseCompactVietnam(reply.ThoiGianDongBo) : null
    return { dossierCode, status, syncedAt: isoVietnam(syncedAt ?? new Date()) }
  }

  /**
   * The portal's `TraCuuGiaoDich`: whether an update or sync with this transaction id (the
   * idempotency key) was processed, and what it answered then.
   */
  async confirm (request: DeliveryRequest, options: DeliveryOptions): Promise<Confirmation> {
    const signal = deadlineSignal(options.timeoutMs)
    const madonvi = optionalString(SYSTEM, request.body, 'handlingAgency') ?? agencyOfParticipant(request.from)
    // No Idempotency-Key: a lookup changes nothing, and its answer must be today's.
    const reply = await this.#api('TraCuuGiaoDich', madonvi, false, [{ MaGiaoDich: request.idempotencyKey }], undefined, signal)
    if (reply.error_code !== '00' || !isRecord(reply.KetQua) || typeof reply.KetQua.DaXuLy !== 'boolean') throw invalidReply(SYSTEM, 'the transaction lookup answered nothing readable')
    if (!reply.KetQua.DaXuLy) return { outcome: 'not-received' }
    const answered = reply.KetQua.PhanHoi
    const code = isRecord(answered) ? answered.error_code : undefined
    // An update refused for an unknown dossier, with no sync after it: nothing was applied.
    if (code === UNKNOWN_DOSSIER) return { outcome: 'not-received' }
    if (code !== '00') return { outcome: 'refused', ...(typeof code === 'string' ? { upstreamCode: code } : {}) }
    const syncedAt = isRecord(answered) && typeof answered.ThoiGianDongBo === 'string' ? parseCompactVietnam(answered.ThoiGianDongBo) : null
    return { outcome: 'applied', reply: { dossierCode: requiredString(SYSTEM, request.body, 'dossierCode'), status: request.body.status, syncedAt: isoVietnam(syncedAt ?? new Date()) } }
  }

  async close (): Promise<void> {
    await this.#client.close()
  }

  /** One portal call, with one transparent re-login when the session turns out to be expired. */
  async #api (service: string, madonvi: string, isUpdating: boolean, data: unknown[], idempotencyKey: string | undefined, signal: AbortSignal): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const session = await this.#currentSession(signal)
      const { status, body } = await this.#client.call({
        method: 'POST',
        path: '/api',
        body: { session: session.token, madonvi, service, isUpdating, data },
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
        signal
      })
      if (!isRecord(body) || typeof body.error_code !== 'string') throw invalidReply(SYSTEM, 'no error_code', status)
      if (body.error_code !== SESSION_EXPIRED) return body
      if (this.#session === session) this.#session = null
      if (attempt >= 1) {
        // A fresh session refused at once: the portal is in trouble, worth a later retry.
        throw new DeliveryError('LT_UPSTREAM_UNAVAILABLE', 'national portal refused a fresh session', { transient: true, upstreamStatus: status, upstreamCode: SESSION_EXPIRED })
      }
    }
  }

  /** The shared session; concurrent deliveries wait for one login rather than each logging in. */
  async #currentSession (signal: AbortSignal): Promise<Session> {
    const session = this.#session
    if (session !== null && session.expiresAt > Date.now()) return session
    this.#login ??= this.#logIn(signal).finally(() => { this.#login = null })
    return await this.#login
  }

  async #logIn (signal: AbortSignal): Promise<Session> {
    const { status, body } = await this.#client.call({ method: 'POST', path: '/login', body: this.#credentials, signal })
    if (!isRecord(body) || typeof body.error_code !== 'string') throw invalidReply(SYSTEM, 'login answer has no error_code', status)
    if (body.error_code !== '00' || typeof body.session !== 'string' || body.session === '') {
      throw new DeliveryError('LT_UPSTREAM_REJECTED', `national portal refused the login (error_code ${body.error_code})`, { transient: false, upstreamStatus: status, upstreamCode: body.error_code })
    }
    // Without a stated lifetime, keep the session until the portal says it has expired.
    const ttlMs = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : Number.POSITIVE_INFINITY
    this.#session = { token: body.session, expiresAt: Date.now() + ttlMs - Math.min(EXPIRY_MARGIN_MS, ttlMs / 10) }
    return this.#session
  }
}
