import { randomUUID } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { agencyCodeProblem, dossierCodeProblem } from '../../src/identifiers/index.js'
import { MockKit, type NativeAnswer } from '../mock-kit/mock-server.js'
import type { Faults } from '../mock-kit/faults.js'
import { isRecord } from '../shared/upstream-client.js'
import { compactVietnam, parseCompactVietnam } from '../shared/vietnam-time.js'

/** The portal's `error_code` values as this mock uses them; `'00'` is success. */
export const PORTAL_CODES = {
  ok: '00',
  badLogin: '01',
  invalidData: '02',
  unknownService: '03',
  sessionExpired: '04',
  unknownDossier: '05'
} as const

export const PORTAL_SERVICES = ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC'] as const

export interface ServicePortalMockOptions {
  credentials: { username: string, password: string }
  seed?: number
  /** Session lifetime (default 30 minutes). */
  sessionTtlMs?: number
  faults?: Partial<Faults>
  logger?: boolean
}

/** What the portal knows of a dossier. */
export interface PortalDossier {
  MaHoSo: string
  TrangThaiHoSo: string
  /** `yyyyMMddHHmmss`, Vietnam time, of the latest change. */
  ThoiGianCapNhat: string
  MaTTHC?: string
  NoiDungXuLy?: string
}

export interface ServicePortalMock {
  kit: MockKit
  dossiers: Map<string, PortalDossier>
  /** Ends every session now, as the real portal does at its own pace. */
  expireSessions: () => void
}

/**
 * The National Public Service Portal (Cổng Dịch vụ công quốc gia) mock, after its real sync API:
 * `POST /login` `{ username, password }` → `{ error_code: '00', session, expires_in }`; then
 * `POST /api` `{ session, madonvi, service, isUpdating, data: [...] }` with services
 * `DongBoHoSoMC` (sync a dossier) and `CapNhatTienDoHoSoMC` (update its progress);
 * success is `error_code: '00'`, dates `yyyyMMddHHmmss` in Vietnam time.
 */
export function buildServicePortalMock (options: ServicePortalMockOptions): ServicePortalMock {
  const ttl = options.sessionTtlMs ?? 30 * 60_000
  const sessions = new Map<string, number>()
  const dossiers = new Map<string, PortalDossier>()
  const kit = new MockKit({ kind: 'service-portal', seed: options.seed ?? 20261122, ...(options.faults !== undefined ? { faults: options.faults } : {}), ...(options.logger !== undefined ? { logger: options.logger } : {}) })

  kit.business({
    method: 'POST',
    url: '/login',
    redact: body => isRecord(body) ? { ...body, password: '***' } : body,
    handle: (request) => {
      const body = isRecord(request.body) ? request.body : {}
      if (body.username !== options.credentials.username || body.password !== options.credentials.password) {
        return { status: 401, body: { error_code: PORTAL_CODES.badLogin, message: 'Sai tên đăng nhập hoặc mật khẩu' }, replayable: false }
      }
      // replayable: false, since replaying an earlier login would hand out an expired session.
      const session = randomUUID()
      sessions.set(session, Date.now() + ttl)
      return { status: 200, body: { error_code: PORTAL_CODES.ok, message: 'Đăng nhập thành công', session, expires_in: Math.floor(ttl / 1000) }, replayable: false }
    }
  })

  kit.business({
    method: 'POST',
    url: '/api',
    redact: body => isRecord(body) ? { ...body, session: '***' } : body,
    authenticate: (request) => {
      const session = isRecord(request.body) ? request.body.session : undefined
      const expiresAt = typeof session === 'string' ? sessions.get(session) : undefined
      if (expiresAt !== undefined && expiresAt > Date.now()) return null
      if (typeof session === 'string') sessions.delete(session)
      return answer(PORTAL_CODES.sessionExpired, 'Phiên làm việc không tồn tại hoặc đã hết hạn', false)
    },
    // The same message may be sent as an update and then, if the portal does not know the dossier, as a sync.
    idempotencyScope: (request) => `api\u0000${String((request.body as Record<string, unknown>).service)}`,
    handle: (request) => handleApi(request, kit, dossiers)
  })

  return {
    kit,
    dossiers,
    expireSessions: () => { sessions.clear() }
  }
}

/**
 * `TraCuuGiaoDich` with `data: [{ MaGiaoDich }]`: whether a status update or sync with that
 * transaction id was processed, by which service, and what it answered.
 */
function lookUp (body: Record<string, unknown>, kit: MockKit): NativeAnswer {
  const item = Array.isArray(body.data) ? body.data[0] : undefined
  const key = isRecord(item) && typeof item.MaGiaoDich === 'string' ? item.MaGiaoDich : undefined
  if (key === undefined) return answer(PORTAL_CODES.invalidData, 'data[0].MaGiaoDich là bắt buộc', false)
  // A sync after an update the portal refused (unknown dossier) carries the same id: the sync tells.
  for (const service of ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC'] as const) {
    const found = kit.answerOf(`api\u0000${service}`, key)
    const code = isRecord(found?.body) ? found.body.error_code : undefined
    if (found !== undefined && (code === PORTAL_CODES.ok || service === 'CapNhatTienDoHoSoMC')) {
      return answer(PORTAL_CODES.ok, 'Thành công', false, { KetQua: { DaXuLy: true, DichVu: service, PhanHoi: found.body } })
    }
  }
  return answer(PORTAL_CODES.ok, 'Thành công', false, { KetQua: { DaXuLy: false } })
}

function answer (code: string, message: string, replayable = true, extra: Record<string, unknown> = {}): NativeAnswer {
  // Like the real portal, business outcomes travel in error_code with HTTP 200.
  return { status: 200, body: { error_code: code, message, ...extra }, replayable }
}

/** The portal's lookup of an earlier call by its transaction id (the Idempotency-Key it came with). */
export const LOOKUP_SERVICE = 'TraCuuGiaoDich'

function handleApi (request: FastifyRequest, kit: MockKit, dossiers: Map<string, PortalDossier>): NativeAnswer {
  const body = request.body as Record<string, unknown>
  const service = body.service
  if (service === LOOKUP_SERVICE) return lookUp(body, kit)
  if (typeof service !== 'string' || !(PORTAL_SERVICES as readonly string[]).includes(service)) {
    return answer(PORTAL_CODES.unknownService, `Dịch vụ ${String(service)} không được hỗ trợ`)
  }
  if (typeof body.madonvi !== 'string' || agencyCodeProblem(body.madonvi) !== null) return answer(PORTAL_CODES.invalidData, 'madonvi không hợp lệ')
  const items = Array.isArray(body.data) ? body.data : isRecord(body.data) ? [body.data] : null
  if (items === null || items.length === 0) return answer(PORTAL_CODES.invalidData, 'data phải là danh sách hồ sơ')

  // Check every item before applying any, so a batch is all or nothing.
  const records: PortalDossier[] = []
  for (const [i, item] of items.entries()) {
    if (!isRecord(item)) return answer(PORTAL_CODES.invalidData, `data[${i}] không hợp lệ`)
    if (typeof item.MaHoSo !== 'string' || dossierCodeProblem(item.MaHoSo) !== null) return answer(PORTAL_CODES.invalidData, `data[${i}].MaHoSo không hợp lệ`)
    if (typeof item.TrangThaiHoSo !== 'string' || !/^(10|[1-9])$/.test(item.TrangThaiHoSo)) return answer(PORTAL_CODES.invalidData, `data[${i}].TrangThaiHoSo phải là "1".."10"`)
    if (typeof item.ThoiGianCapNhat !== 'string' || parseCompactVietnam(item.ThoiGianCapNhat) === null) {
      return answer(PORTAL_CODES.invalidData, `data[${i}].ThoiGianCapNhat phải có dạng yyyyMMddHHmmss`)
    }
    if (service === 'CapNhatTienDoHoSoMC' && !dossiers.has(item.MaHoSo)) {
      return answer(PORTAL_CODES.unknownDossier, `Hồ sơ ${item.MaHoSo} chưa được đồng bộ`)
    }
    const record: PortalDossier = { MaHoSo: item.MaHoSo, TrangThaiHoSo: item.TrangThaiHoSo, ThoiGianCapNhat: item.ThoiGianCapNhat }
    if (typeof item.MaTTHC === 'string') record.MaTTHC = item.MaTTHC
    if (typeof item.NoiDungXuLy === 'string') record.NoiDungXuLy = item.NoiDungXuLy
    records.push(record)
  }
  for (const record of records) {
    dossiers.set(record.MaHoSo, { ...dossiers.get(record.MaHoSo), ...record })
    kit.recordEffect(service, { madonvi: body.madonvi, ...record })
  }
  return answer(PORTAL_CODES.ok, 'Thành công', true, { ThoiGianDongBo: compactVietnam(new Date()) })
}
