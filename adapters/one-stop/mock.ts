import { agencyCodeProblem, dossierCodeProblem, formatDossierCode, vietnamDateStamp } from '../../src/identifiers/index.js'
import { MockKit, apiKeyCheck, type NativeAnswer } from '../mock-kit/mock-server.js'
import type { Faults } from '../mock-kit/faults.js'
import { isRecord } from '../shared/upstream-client.js'
import { addWorkingDays, nativeDateOf, nativeDateTime } from '../shared/vietnam-time.js'

/** Native error codes (`maLoi`) of the one-stop mock; `'0'` is success. */
export const ONE_STOP_CODES = {
  ok: '0',
  invalidRequest: 'HS01',
  outsideProvince: 'HS02',
  duplicateCode: 'HS04',
  unknownTransaction: 'HS05',
  badCredential: 'HS99'
} as const

export interface OneStopMockOptions {
  credentials: { apiKey: string }
  /** This system's province agency code, e.g. `000.00.00.H29`. */
  agencyCode: string
  seed?: number
  faults?: Partial<Faults>
  /** Working days from receipt to the appointment for the result (default 7). */
  appointmentWorkingDays?: number
  /** The clock, replaceable so a test can cross midnight in Vietnam. */
  now?: () => Date
  logger?: boolean
}

/** A dossier the mock registered. */
export interface RegisteredDossier {
  maHoSo: string
  maTTHC: string
  tenTTHC: string
  coQuanTiepNhan: string
  soDinhDanh: string
  ngayTiepNhan: string
  ngayHenTra: string
}

export interface OneStopMock {
  kit: MockKit
  agencyCode: string
  dossiers: Map<string, RegisteredDossier>
}

/**
 * A provincial one-stop system (hệ thống thông tin giải quyết TTHC, "một cửa điện tử") mock.
 * Native API: `POST /api/hoso/tiepnhan` with `{ maTTHC, tenTTHC, coQuanTiepNhan, nguoiNop, thanhPhanHoSo, kenhNop }`
 * → `{ maLoi: '0', moTa, duLieu: { maHoSo, ngayTiepNhan: 'dd/MM/yyyy HH:mm:ss', ngayHenTra: 'dd/MM/yyyy' } }`;
 * `GET /api/hoso/:maHoSo` reads a registered dossier. Requires `x-api-key`.
 * It only receives for agencies of its own province (the level-1 part of the agency code).
 */
export function buildOneStopMock (options: OneStopMockOptions): OneStopMock {
  const problem = agencyCodeProblem(options.agencyCode)
  if (problem !== null) throw new TypeError(`one-stop agencyCode: ${problem}`)
  const province = options.agencyCode.slice(-3)
  const now = options.now ?? (() => new Date())
  const workingDays = options.appointmentWorkingDays ?? 7
  const kit = new MockKit({ kind: 'one-stop', seed: options.seed ?? 20261122, ...(options.faults !== undefined ? { faults: options.faults } : {}), ...(options.logger !== undefined ? { logger: options.logger } : {}) })
  const authenticate = apiKeyCheck(options.credentials.apiKey, () => ({ maLoi: ONE_STOP_CODES.badCredential, moTa: 'Khóa truy cập không hợp lệ' }))
  // Dossier sequence per receiving agency per Vietnam day (Circular 01/2018/TT-VPCP art. 19).
  // The handler is synchronous, so incrementing here cannot skip or repeat under concurrency.
  const sequences = new Map<string, number>()
  const dossiers = new Map<string, RegisteredDossier>()

  kit.business({
    method: 'POST',
    url: '/api/hoso/tiepnhan',
    authenticate,
    handle: (request) => {
      const body = isRecord(request.body) ? request.body : {}
      const invalidField = invalidSubmission(body)
      if (invalidField !== null) return refuse(400, ONE_STOP_CODES.invalidRequest, `Dữ liệu không hợp lệ: ${invalidField}`)
      const agency = body.coQuanTiepNhan as string
      if (agency.slice(-3) !== province) {
        return refuse(422, ONE_STOP_CODES.outsideProvince, `Cơ quan tiếp nhận ${agency} không thuộc địa bàn ${options.agencyCode}`)
      }
      const at = now()
      // A dossier code issued by the exchange platform (LGSP) is taken as given, once; without
      // one the system numbers the dossier itself, per agency and Vietnam day.
      let code: string
      if (body.maHoSo !== undefined) {
        if (typeof body.maHoSo !== 'string' || dossierCodeProblem(body.maHoSo) !== null || !body.maHoSo.startsWith(`${agency}-`)) return refuse(400, ONE_STOP_CODES.invalidRequest, 'Dữ liệu không hợp lệ: maHoSo')
        if (dossiers.has(body.maHoSo)) return refuse(409, ONE_STOP_CODES.duplicateCode, `Mã hồ sơ ${body.maHoSo} đã tồn tại`)
        code = body.maHoSo
      } else {
        const key = `${agency}|${vietnamDateStamp(at)}`
        const sequence = (sequences.get(key) ?? 0) + 1
        if (sequence > 9999) return refuse(503, 'HS03', 'Đã hết số thứ tự hồ sơ trong ngày')
        sequences.set(key, sequence)
        code = formatDossierCode(agency, at, sequence)
      }
      const applicant = body.nguoiNop as Record<string, unknown>
      const dossier: RegisteredDossier = {
        maHoSo: code,
        maTTHC: body.maTTHC as string,
        tenTTHC: body.tenTTHC as string,
        coQuanTiepNhan: agency,
        soDinhDanh: applicant.soDinhDanh as string,
        ngayTiepNhan: nativeDateTime(at),
        ngayHenTra: nativeDateOf(addWorkingDays(at, workingDays))
      }
      dossiers.set(dossier.maHoSo, dossier)
      kit.recordEffect('tiepnhan', { ...dossier })
      return {
        status: 200,
        body: {
          maLoi: ONE_STOP_CODES.ok,
          moTa: 'Tiếp nhận hồ sơ thành công',
          duLieu: { maHoSo: dossier.maHoSo, ngayTiepNhan: dossier.ngayTiepNhan, ngayHenTra: dossier.ngayHenTra }
        }
      }
    }
  })

  // A submission looked up by its transaction id (the Idempotency-Key it came with): whether it was
  // processed, and what was answered. Faults apply as to every business route.
  kit.business({
    method: 'GET',
    url: '/api/hoso/giaodich/:maGiaoDich',
    authenticate,
    handle: (request) => {
      const answer = kit.answerOf('POST /api/hoso/tiepnhan', (request.params as { maGiaoDich: string }).maGiaoDich)
      if (answer === undefined) return { ...refuse(404, ONE_STOP_CODES.unknownTransaction, 'Không tìm thấy giao dịch'), replayable: false }
      return { status: 200, body: { maLoi: ONE_STOP_CODES.ok, moTa: 'Giao dịch đã được xử lý', duLieu: { trangThai: 'DA_XU_LY', maTrangThaiHttp: answer.status, ketQua: answer.body } }, replayable: false }
    }
  })

  kit.business({
    method: 'GET',
    url: '/api/hoso/:maHoSo',
    authenticate,
    handle: (request) => {
      const dossier = dossiers.get((request.params as { maHoSo: string }).maHoSo)
      if (dossier === undefined) return refuse(404, 'HS04', 'Không tìm thấy hồ sơ')
      return { status: 200, body: { maLoi: ONE_STOP_CODES.ok, duLieu: dossier } }
    }
  })

  return { kit, agencyCode: options.agencyCode, dossiers }
}

function refuse (status: number, maLoi: string, moTa: string): NativeAnswer {
  return { status, body: { maLoi, moTa } }
}

/** Names the first invalid field of a submission, or null. */
function invalidSubmission (body: Record<string, unknown>): string | null {
  const text = (v: unknown): boolean => typeof v === 'string' && v.trim() !== ''
  if (typeof body.maTTHC !== 'string' || !/^\d\.\d{6}$/.test(body.maTTHC)) return 'maTTHC'
  if (!text(body.tenTTHC)) return 'tenTTHC'
  if (typeof body.coQuanTiepNhan !== 'string' || agencyCodeProblem(body.coQuanTiepNhan) !== null) return 'coQuanTiepNhan'
  const applicant = body.nguoiNop
  if (!isRecord(applicant)) return 'nguoiNop'
  if (typeof applicant.soDinhDanh !== 'string' || !/^\d{12}$/.test(applicant.soDinhDanh)) return 'nguoiNop.soDinhDanh'
  if (!text(applicant.hoVaTen)) return 'nguoiNop.hoVaTen'
  if (typeof applicant.ngaySinh !== 'string' || !/^\d{2}\/\d{2}\/\d{4}$/.test(applicant.ngaySinh)) return 'nguoiNop.ngaySinh'
  if (!text(applicant.diaChi)) return 'nguoiNop.diaChi'
  if (!Array.isArray(body.thanhPhanHoSo)) return 'thanhPhanHoSo'
  for (const [i, doc] of body.thanhPhanHoSo.entries()) {
    if (!isRecord(doc) || !text(doc.tenGiayTo) || !text(doc.tenTep) || !text(doc.loaiTep) ||
      typeof doc.maBam !== 'string' || !/^[0-9a-f]{64}$/i.test(doc.maBam)) return `thanhPhanHoSo[${i}]`
  }
  if (body.kenhNop !== undefined && body.kenhNop !== 'TRUC_TUYEN' && body.kenhNop !== 'TRUC_TIEP') return 'kenhNop'
  return null
}
