import type { FastifyRequest } from 'fastify'
import { dossierCodeProblem, personalIdAgreementProblem, personalIdProblem } from '../../src/identifiers/index.js'
import { MockKit, apiKeyCheck, headerValue, type NativeAnswer } from '../mock-kit/mock-server.js'
import type { Faults } from '../mock-kit/faults.js'
import { isRecord } from '../shared/upstream-client.js'
import { nativeDateOf, nativeDateToIso } from '../shared/vietnam-time.js'
import { generateResidents, type NativeResident } from './data.js'

/**
 * Native result codes (`maKetQua`) of the residence mock; `'00'` is success. The HTTP status
 * carries the class of outcome (400 malformed, 404 unknown, 409 conflict, 422 business rule).
 */
export const RESIDENCE_CODES = {
  ok: '00',
  invalidRequest: 'CT01',
  headNotResident: 'CT02',
  alreadyRegistered: 'CT03',
  residentNotFound: 'CT04',
  alreadyDeregistered: 'CT05',
  unknownTransaction: 'CT06',
  householdNotFound: 'CT07',
  badCredential: 'CT99'
} as const

/** Transaction types (`loaiGiaoDich`) the transaction lookup names. */
export const RESIDENCE_TRANSACTIONS = {
  register: 'DANG_KY_THUONG_TRU',
  deregister: 'XOA_DANG_KY_THUONG_TRU'
} as const
export type ResidenceTransaction = typeof RESIDENCE_TRANSACTIONS[keyof typeof RESIDENCE_TRANSACTIONS]

/** Reason codes of a deregistration (`lyDoXoa`); the mock models death alone (Law on Residence 2020 art. 24(1)(a)). */
export const DEREGISTRATION_REASONS = { deceased: 'CHET' } as const

export const RESIDENCE_PATHS = {
  register: '/api/cutru/thuongtru/dangky',
  deregister: '/api/cutru/thuongtru/xoadangky',
  transaction: '/api/cutru/giaodich/:maGiaoDich',
  resident: '/api/cutru/congdan/:soDinhDanh',
  household: '/api/cutru/hogiadinh/:soHoKhau'
} as const

export interface ResidenceMockOptions {
  credentials: { apiKey: string }
  seed?: number
  /** Seeded citizens to group into households (default 5,000, as the population mock). */
  size?: number
  faults?: Partial<Faults>
  /** The clock, replaceable so a test can fix "today" in Vietnam. */
  now?: () => Date
  logger?: boolean
}

/** A resident with what the registrations and deregistrations of this run added. */
export interface ResidentRecord extends NativeResident {
  /** Dossier code (maHoSo) of the inter-agency dossier that registered or deregistered them. */
  maHoSo?: string
  soGiayKhaiSinh?: string
  ngayDangKy?: string
  lyDoXoa?: string
  soTrichLucKhaiTu?: string
  ngayChet?: string
  ngayXoaDangKy?: string
}

export interface ResidenceMock {
  kit: MockKit
  /** The seeded residents, in the population database's order, then those registered since. */
  residents: ResidentRecord[]
  byId: Map<string, ResidentRecord>
}

const DATE = /^\d{2}\/\d{2}\/\d{4}$/
// One idempotency memory for both business routes: a transaction id (maGiaoDich) names one
// transaction system-wide, which is what the transaction lookup finds it by.
const TRANSACTION_SCOPE = 'giaodich'

/**
 * The Ministry of Public Security's residence system (Hệ thống quản lý cư trú) mock. Native API,
 * every route with `x-api-key`:
 * - `POST /api/cutru/thuongtru/dangky` `{ maHoSo, soDinhDanh, hoVaTen, ngaySinh: 'dd/MM/yyyy', gioiTinh: 1|2,
 *   soGiayKhaiSinh, noiThuongTru, soDinhDanhChuHo, quanHeVoiChuHo }` → `{ maKetQua: '00', moTa,
 *   duLieu: { soDinhDanh, soHoKhau, soDinhDanhChuHo, ngayDangKy: 'dd/MM/yyyy' } }`: registers a
 *   person (a newborn) into the household of a head who is a registered resident.
 * - `POST /api/cutru/thuongtru/xoadangky` `{ maHoSo, soDinhDanh, hoVaTen, lyDoXoa: 'CHET', soTrichLucKhaiTu,
 *   ngayChet: 'dd/MM/yyyy' }` → `{ maKetQua: '00', moTa, duLieu: { soDinhDanh, soHoKhau, ngayXoaDangKy } }`.
 * - `GET /api/cutru/giaodich/:maGiaoDich`: what the transaction sent with that Idempotency-Key was
 *   answered: `{ maKetQua: '00', duLieu: { loaiGiaoDich, maTrangThaiHttp, ketQua } }`, or 404 `CT06`.
 * - `GET /api/cutru/congdan/:soDinhDanh` and `GET /api/cutru/hogiadinh/:soHoKhau`: read a resident, a household.
 */
export function buildResidenceMock (options: ResidenceMockOptions): ResidenceMock {
  const seed = options.seed ?? 20261122
  const now = options.now ?? (() => new Date())
  const residents: ResidentRecord[] = generateResidents(seed, options.size ?? 5_000)
  const byId = new Map(residents.map((r) => [r.soDinhDanh, r]))
  const transactions = new Map<string, ResidenceTransaction>()
  const kit = new MockKit({ kind: 'residence', seed, ...(options.faults !== undefined ? { faults: options.faults } : {}), ...(options.logger !== undefined ? { logger: options.logger } : {}) })
  const authenticate = apiKeyCheck(options.credentials.apiKey, () => ({ maKetQua: RESIDENCE_CODES.badCredential, moTa: 'Khóa truy cập không hợp lệ' }))
  const remember = (request: FastifyRequest, type: ResidenceTransaction): void => {
    const key = headerValue(request.headers['idempotency-key'])
    if (key !== null) transactions.set(key, type)
  }

  kit.business({
    method: 'POST',
    url: RESIDENCE_PATHS.register,
    authenticate,
    idempotencyScope: () => TRANSACTION_SCOPE,
    handle: (request) => {
      remember(request, RESIDENCE_TRANSACTIONS.register)
      const body = isRecord(request.body) ? request.body : {}
      const today = nativeDateOf(now())
      const invalidField = invalidRegistration(body, today, now())
      if (invalidField !== null) return refuse(400, RESIDENCE_CODES.invalidRequest, `Dữ liệu không hợp lệ: ${invalidField}`)
      const soDinhDanh = body.soDinhDanh as string
      const existing = byId.get(soDinhDanh)
      if (existing !== undefined) {
        return refuse(409, RESIDENCE_CODES.alreadyRegistered, existing.trangThai === 'THUONG_TRU'
          ? `Công dân ${soDinhDanh} đã đăng ký thường trú tại hộ ${existing.soHoKhau}`
          : `Công dân ${soDinhDanh} đã bị xóa đăng ký thường trú`)
      }
      const head = byId.get(body.soDinhDanhChuHo as string)
      // Only the head of a household still registered takes a member in: a child joins its
      // parents' household with the head's consent (Law on Residence 2020 art. 20(2)(a)).
      if (head === undefined || head.trangThai !== 'THUONG_TRU' || !head.laChuHo) {
        return refuse(422, RESIDENCE_CODES.headNotResident, `Công dân ${String(body.soDinhDanhChuHo)} không phải chủ hộ đang thường trú`)
      }
      const resident: ResidentRecord = {
        soDinhDanh,
        hoVaTen: (body.hoVaTen as string).normalize('NFC'),
        ngaySinh: body.ngaySinh as string,
        gioiTinh: body.gioiTinh as 1 | 2,
        noiThuongTru: (body.noiThuongTru as string).normalize('NFC'),
        soHoKhau: head.soHoKhau,
        soDinhDanhChuHo: head.soDinhDanh,
        laChuHo: false,
        quanHeVoiChuHo: (body.quanHeVoiChuHo as string).normalize('NFC'),
        trangThai: 'THUONG_TRU',
        maHoSo: body.maHoSo as string,
        soGiayKhaiSinh: body.soGiayKhaiSinh as string,
        ngayDangKy: today
      }
      residents.push(resident)
      byId.set(soDinhDanh, resident)
      kit.recordEffect('dangkythuongtru', {
        maHoSo: resident.maHoSo,
        soDinhDanh,
        hoVaTen: resident.hoVaTen,
        soHoKhau: resident.soHoKhau,
        soDinhDanhChuHo: resident.soDinhDanhChuHo,
        quanHeVoiChuHo: resident.quanHeVoiChuHo,
        noiThuongTru: resident.noiThuongTru,
        soGiayKhaiSinh: resident.soGiayKhaiSinh,
        ngayDangKy: today
      })
      return {
        status: 200,
        body: {
          maKetQua: RESIDENCE_CODES.ok,
          moTa: 'Đăng ký thường trú thành công',
          duLieu: { soDinhDanh, soHoKhau: resident.soHoKhau, soDinhDanhChuHo: resident.soDinhDanhChuHo, ngayDangKy: today }
        }
      }
    }
  })

  kit.business({
    method: 'POST',
    url: RESIDENCE_PATHS.deregister,
    authenticate,
    idempotencyScope: () => TRANSACTION_SCOPE,
    handle: (request) => {
      remember(request, RESIDENCE_TRANSACTIONS.deregister)
      const body = isRecord(request.body) ? request.body : {}
      const today = nativeDateOf(now())
      const invalidField = invalidDeregistration(body, today)
      if (invalidField !== null) return refuse(400, RESIDENCE_CODES.invalidRequest, `Dữ liệu không hợp lệ: ${invalidField}`)
      const soDinhDanh = body.soDinhDanh as string
      const resident = byId.get(soDinhDanh)
      if (resident === undefined) return refuse(404, RESIDENCE_CODES.residentNotFound, `Không tìm thấy thông tin cư trú của công dân ${soDinhDanh}`)
      if (resident.trangThai !== 'THUONG_TRU') {
        return refuse(409, RESIDENCE_CODES.alreadyDeregistered, `Công dân ${soDinhDanh} đã bị xóa đăng ký thường trú ngày ${resident.ngayXoaDangKy ?? '(không rõ)'}`)
      }
      if (sortable(body.ngayChet as string) < sortable(resident.ngaySinh)) {
        return refuse(400, RESIDENCE_CODES.invalidRequest, 'Dữ liệu không hợp lệ: ngayChet trước ngày sinh')
      }
      // The household keeps its number; a deceased head's household waits for a new head
      // (a change the residence police make on the household's request, not modelled here).
      resident.trangThai = 'DA_XOA_DANG_KY'
      resident.lyDoXoa = body.lyDoXoa as string
      resident.soTrichLucKhaiTu = body.soTrichLucKhaiTu as string
      resident.ngayChet = body.ngayChet as string
      resident.ngayXoaDangKy = today
      resident.maHoSo = body.maHoSo as string
      kit.recordEffect('xoadangkythuongtru', {
        maHoSo: resident.maHoSo,
        soDinhDanh,
        soHoKhau: resident.soHoKhau,
        lyDoXoa: resident.lyDoXoa,
        soTrichLucKhaiTu: resident.soTrichLucKhaiTu,
        ngayChet: resident.ngayChet,
        ngayXoaDangKy: today
      })
      return {
        status: 200,
        body: { maKetQua: RESIDENCE_CODES.ok, moTa: 'Xóa đăng ký thường trú thành công', duLieu: { soDinhDanh, soHoKhau: resident.soHoKhau, ngayXoaDangKy: today } }
      }
    }
  })

  // A transaction looked up by its id (the Idempotency-Key it came with): whether it was
  // processed, of which type, and what was answered. Faults apply as to every business route.
  kit.business({
    method: 'GET',
    url: RESIDENCE_PATHS.transaction,
    authenticate,
    handle: (request) => {
      const key = (request.params as { maGiaoDich: string }).maGiaoDich
      const answer = kit.answerOf(TRANSACTION_SCOPE, key)
      const type = transactions.get(key)
      if (answer === undefined || type === undefined) return { ...refuse(404, RESIDENCE_CODES.unknownTransaction, 'Không tìm thấy giao dịch'), replayable: false }
      return {
        status: 200,
        body: { maKetQua: RESIDENCE_CODES.ok, moTa: 'Giao dịch đã được xử lý', duLieu: { maGiaoDich: key, loaiGiaoDich: type, maTrangThaiHttp: answer.status, ketQua: answer.body } },
        replayable: false
      }
    }
  })

  kit.business({
    method: 'GET',
    url: RESIDENCE_PATHS.resident,
    authenticate,
    handle: (request) => {
      const resident = byId.get((request.params as { soDinhDanh: string }).soDinhDanh)
      if (resident === undefined) return { ...refuse(404, RESIDENCE_CODES.residentNotFound, 'Không tìm thấy thông tin cư trú'), replayable: false }
      return { status: 200, body: { maKetQua: RESIDENCE_CODES.ok, duLieu: { ...resident } }, replayable: false }
    }
  })

  kit.business({
    method: 'GET',
    url: RESIDENCE_PATHS.household,
    authenticate,
    handle: (request) => {
      const soHoKhau = (request.params as { soHoKhau: string }).soHoKhau
      const members = residents.filter((r) => r.soHoKhau === soHoKhau)
      const head = members.find((r) => r.laChuHo)
      if (head === undefined) return { ...refuse(404, RESIDENCE_CODES.householdNotFound, 'Không tìm thấy hộ gia đình'), replayable: false }
      return {
        status: 200,
        body: {
          maKetQua: RESIDENCE_CODES.ok,
          duLieu: {
            soHoKhau,
            soDinhDanhChuHo: head.soDinhDanh,
            noiThuongTru: head.noiThuongTru,
            thanhVien: members.map((m) => ({ soDinhDanh: m.soDinhDanh, hoVaTen: m.hoVaTen, quanHeVoiChuHo: m.quanHeVoiChuHo, trangThai: m.trangThai }))
          }
        },
        replayable: false
      }
    }
  })

  return { kit, residents, byId }
}

function refuse (status: number, maKetQua: string, moTa: string): NativeAnswer {
  return { status, body: { maKetQua, moTa } }
}

/** `dd/MM/yyyy` → `yyyyMMdd`, which sorts by date. */
function sortable (native: string): string {
  return `${native.slice(6, 10)}${native.slice(3, 5)}${native.slice(0, 2)}`
}

const text = (v: unknown, max = 300): boolean => typeof v === 'string' && v.trim() !== '' && v.length <= max
const nativeDate = (v: unknown): v is string => typeof v === 'string' && DATE.test(v) && nativeDateToIso(v) !== null
const dossierCode = (v: unknown): boolean => typeof v === 'string' && dossierCodeProblem(v) === null

/** Names the first invalid field of a registration, or null. */
function invalidRegistration (body: Record<string, unknown>, today: string, at: Date): string | null {
  if (!dossierCode(body.maHoSo)) return 'maHoSo'
  if (typeof body.soDinhDanh !== 'string' || personalIdProblem(body.soDinhDanh, at) !== null) return 'soDinhDanh'
  if (!text(body.hoVaTen, 100)) return 'hoVaTen'
  if (!nativeDate(body.ngaySinh) || sortable(body.ngaySinh) > sortable(today)) return 'ngaySinh'
  if (body.gioiTinh !== 1 && body.gioiTinh !== 2) return 'gioiTinh'
  // The personal ID encodes the year of birth and the sex (Circular 07/2016/TT-BCA): both must agree.
  const iso = nativeDateToIso(body.ngaySinh) as string
  if (personalIdAgreementProblem(body.soDinhDanh, iso, body.gioiTinh === 1 ? 'male' : 'female') !== null) return 'soDinhDanh (không khớp ngày sinh hoặc giới tính)'
  if (!text(body.soGiayKhaiSinh, 50)) return 'soGiayKhaiSinh'
  if (!text(body.noiThuongTru)) return 'noiThuongTru'
  if (typeof body.soDinhDanhChuHo !== 'string' || !/^\d{12}$/.test(body.soDinhDanhChuHo)) return 'soDinhDanhChuHo'
  if (body.soDinhDanhChuHo === body.soDinhDanh) return 'soDinhDanhChuHo'
  if (!text(body.quanHeVoiChuHo, 50)) return 'quanHeVoiChuHo'
  return null
}

/** Names the first invalid field of a deregistration, or null. */
function invalidDeregistration (body: Record<string, unknown>, today: string): string | null {
  if (!dossierCode(body.maHoSo)) return 'maHoSo'
  if (typeof body.soDinhDanh !== 'string' || !/^\d{12}$/.test(body.soDinhDanh)) return 'soDinhDanh'
  if (!text(body.hoVaTen, 100)) return 'hoVaTen'
  if (body.lyDoXoa !== DEREGISTRATION_REASONS.deceased) return 'lyDoXoa'
  if (!text(body.soTrichLucKhaiTu, 50)) return 'soTrichLucKhaiTu'
  if (!nativeDate(body.ngayChet) || sortable(body.ngayChet) > sortable(today)) return 'ngayChet'
  return null
}
