import type { FastifyRequest } from 'fastify'
import { MockKit, apiKeyCheck, type NativeAnswer } from '../mock-kit/mock-server.js'
import type { Faults } from '../mock-kit/faults.js'
import { sameVietnameseText } from '../mock-kit/vietnamese.js'
import { PROVINCE_CODES } from '../../src/identifiers/index.js'
import { mulberry32 } from '../mock-kit/prng.js'
import { isoVietnam, nativeDateToIso } from '../shared/vietnam-time.js'
import { CITIZEN_FIELDS, generateCitizens, issuePersonalId, type CitizenField, type NativeCitizen } from './data.js'

/**
 * Native result codes (maKetQua) of the population database mock.
 * The HTTP status carries the transport outcome; maKetQua the business outcome.
 */
export const POPULATION_CODES = {
  ok: '00',
  notFound: '01',
  invalidRequest: '02',
  badCredential: '03'
} as const

export interface PopulationMockOptions {
  credentials: { apiKey: string }
  seed?: number
  /** Number of citizens (default 5,000). */
  size?: number
  faults?: Partial<Faults>
  logger?: boolean
}

export interface PopulationMock {
  kit: MockKit
  /** The seeded citizens (the same people in every mock built with the same seed). */
  citizens: NativeCitizen[]
  /** Children whose births civil status registered here, in order: citizens too, but not seeded. */
  newborns: NativeCitizen[]
}

const DATE = /^\d{2}\/\d{2}\/\d{4}$/

/**
 * The National Population Database (CSDLQG về dân cư) mock. Native API:
 * - `POST /api/congdan/xacthuc` `{ soDinhDanh, hoVaTen, ngaySinh: 'dd/MM/yyyy', gioiTinh? }`
 *   → `{ maKetQua, moTa, ketQuaXacThuc: { khopThongTin, truongKhongKhop: [] } }`
 * - `POST /api/congdan/tracuu` `{ soDinhDanh, lyDo, danhSachTruong: [...] }` → `{ maKetQua, moTa, congDan }`
 * - `POST /api/congdan/khaisinh` `{ hoVaTen, ngaySinh, gioiTinh, maTinhDangKy, noiSinh, danToc?, quocTich?,
 *   soDinhDanhMe?, soDinhDanhCha?, noiThuongTru?, maHoSoLienThong? }` → `{ maKetQua, moTa, soDinhDanh }`:
 *   the civil-status software asks for a newborn's number when it registers the birth; the child
 *   becomes a citizen here (found by the two routes above). Idempotent by Idempotency-Key.
 * All require `x-api-key`.
 */
export function buildPopulationMock (options: PopulationMockOptions): PopulationMock {
  const seed = options.seed ?? 20261122
  const citizens = generateCitizens(seed, options.size ?? 5_000)
  const byId = new Map(citizens.map(c => [c.soDinhDanh, c]))
  const kit = new MockKit({ kind: 'population', seed, ...(options.faults !== undefined ? { faults: options.faults } : {}), ...(options.logger !== undefined ? { logger: options.logger } : {}) })
  const authenticate = apiKeyCheck(options.credentials.apiKey, () => ({ maKetQua: POPULATION_CODES.badCredential, moTa: 'Khóa truy cập không hợp lệ' }))

  kit.business({
    method: 'POST',
    url: '/api/congdan/xacthuc',
    authenticate,
    handle: (request) => {
      const body = objectBody(request)
      const { soDinhDanh, hoVaTen, ngaySinh, gioiTinh } = body
      if (typeof soDinhDanh !== 'string' || !/^\d{12}$/.test(soDinhDanh) || typeof hoVaTen !== 'string' ||
        typeof ngaySinh !== 'string' || !DATE.test(ngaySinh) || (gioiTinh !== undefined && gioiTinh !== 'Nam' && gioiTinh !== 'Nữ')) {
        return invalid('soDinhDanh (12 chữ số), hoVaTen, ngaySinh (dd/MM/yyyy) là bắt buộc; gioiTinh là "Nam" hoặc "Nữ"')
      }
      const citizen = byId.get(soDinhDanh)
      if (citizen === undefined) return notFound()
      const truongKhongKhop: string[] = []
      if (!sameVietnameseText(hoVaTen, citizen.hoVaTen)) truongKhongKhop.push('hoVaTen')
      if (ngaySinh !== citizen.ngaySinh) truongKhongKhop.push('ngaySinh')
      if (gioiTinh !== undefined && gioiTinh !== citizen.gioiTinh) truongKhongKhop.push('gioiTinh')
      kit.recordEffect('xacthuc', { soDinhDanh, khopThongTin: truongKhongKhop.length === 0 })
      return {
        status: 200,
        body: {
          maKetQua: POPULATION_CODES.ok,
          moTa: truongKhongKhop.length === 0 ? 'Thông tin khớp' : 'Thông tin không khớp',
          ketQuaXacThuc: { khopThongTin: truongKhongKhop.length === 0, truongKhongKhop }
        }
      }
    }
  })

  kit.business({
    method: 'POST',
    url: '/api/congdan/tracuu',
    authenticate,
    handle: (request) => {
      const body = objectBody(request)
      const { soDinhDanh, lyDo, danhSachTruong } = body
      if (typeof soDinhDanh !== 'string' || !/^\d{12}$/.test(soDinhDanh) || typeof lyDo !== 'string' || lyDo.trim() === '' ||
        !Array.isArray(danhSachTruong) || !danhSachTruong.every(f => (CITIZEN_FIELDS as readonly unknown[]).includes(f))) {
        return invalid(`soDinhDanh, lyDo và danhSachTruong (các trường: ${CITIZEN_FIELDS.join(', ')}) là bắt buộc`)
      }
      const citizen = byId.get(soDinhDanh)
      if (citizen === undefined) return notFound()
      // Data minimisation: answer only the fields asked for (the ID always, it names the record).
      const congDan: Partial<NativeCitizen> = { soDinhDanh: citizen.soDinhDanh }
      for (const field of danhSachTruong as CitizenField[]) congDan[field] = citizen[field] as never
      kit.recordEffect('tracuu', { soDinhDanh, danhSachTruong })
      return { status: 200, body: { maKetQua: POPULATION_CODES.ok, moTa: 'Thành công', congDan } }
    }
  })

  // Newborns' numbers are drawn from their own seeded sequence, so a run issues the same numbers
  // in the same order and never one a seeded citizen holds.
  const newbornSerials = mulberry32(seed ^ 0x6b5a1)
  const newborns: NativeCitizen[] = []
  kit.business({
    method: 'POST',
    url: '/api/congdan/khaisinh',
    authenticate,
    handle: (request) => {
      const body = objectBody(request)
      const problem = invalidNewborn(body)
      if (problem !== null) return invalid(`Dữ liệu không hợp lệ: ${problem}`)
      const ngaySinh = body.ngaySinh as string
      const gioiTinh = body.gioiTinh as NativeCitizen['gioiTinh']
      const province = body.maTinhDangKy as string
      const soDinhDanh = issuePersonalId(province, Number(ngaySinh.slice(6)), gioiTinh === 'Nam' ? 'male' : 'female', newbornSerials, (id) => byId.has(id))
      const mother = typeof body.soDinhDanhMe === 'string' ? byId.get(body.soDinhDanhMe) : undefined
      const father = typeof body.soDinhDanhCha === 'string' ? byId.get(body.soDinhDanhCha) : undefined
      const noiSinh = body.noiSinh as string
      // A child's place of origin is the father's or the mother's (Law on Civil Status 2014 art. 4(8));
      // it lives with its mother until the residence registration says otherwise.
      const noiThuongTru = typeof body.noiThuongTru === 'string' && body.noiThuongTru.trim() !== '' ? body.noiThuongTru : mother?.noiThuongTru ?? noiSinh
      const child: NativeCitizen = {
        soDinhDanh,
        hoVaTen: (body.hoVaTen as string).normalize('NFC'),
        ngaySinh,
        gioiTinh,
        quocTich: 'Việt Nam',
        danToc: typeof body.danToc === 'string' && body.danToc.trim() !== '' ? body.danToc : mother?.danToc ?? 'Kinh',
        tonGiao: 'Không',
        queQuan: (father ?? mother)?.queQuan ?? noiSinh,
        noiThuongTru,
        noiOHienTai: mother?.noiOHienTai ?? noiThuongTru
      }
      newborns.push(child)
      byId.set(soDinhDanh, child)
      kit.recordEffect('capsodinhdanh', {
        soDinhDanh,
        hoVaTen: child.hoVaTen,
        ngaySinh,
        gioiTinh,
        maTinhDangKy: province,
        ...(typeof body.maHoSoLienThong === 'string' ? { maHoSoLienThong: body.maHoSoLienThong } : {})
      })
      return { status: 200, body: { maKetQua: POPULATION_CODES.ok, moTa: 'Đã cấp số định danh cá nhân', soDinhDanh } }
    }
  })

  return { kit, citizens, newborns }
}

/** Names the first invalid field of a newborn's registration, or null. */
function invalidNewborn (body: Record<string, unknown>): string | null {
  const text = (v: unknown): boolean => typeof v === 'string' && v.trim() !== ''
  const optionalId = (v: unknown): boolean => v === undefined || (typeof v === 'string' && /^\d{12}$/.test(v))
  if (!text(body.hoVaTen)) return 'hoVaTen'
  const born = typeof body.ngaySinh === 'string' && DATE.test(body.ngaySinh) ? nativeDateToIso(body.ngaySinh) : null
  // Not after today in Vietnam: a number encodes the birth year.
  if (born === null || born > isoVietnam(new Date()).slice(0, 10)) return 'ngaySinh'
  if (body.gioiTinh !== 'Nam' && body.gioiTinh !== 'Nữ') return 'gioiTinh'
  if (typeof body.maTinhDangKy !== 'string' || !PROVINCE_CODES.has(body.maTinhDangKy)) return 'maTinhDangKy'
  if (!text(body.noiSinh)) return 'noiSinh'
  if (body.quocTich !== undefined && body.quocTich !== 'Việt Nam') return 'quocTich'
  if (!optionalId(body.soDinhDanhMe)) return 'soDinhDanhMe'
  if (!optionalId(body.soDinhDanhCha)) return 'soDinhDanhCha'
  if (body.danToc !== undefined && typeof body.danToc !== 'string') return 'danToc'
  if (body.noiThuongTru !== undefined && typeof body.noiThuongTru !== 'string') return 'noiThuongTru'
  return null
}

function objectBody (request: FastifyRequest): Record<string, unknown> {
  const body = request.body
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? body as Record<string, unknown> : {}
}

function invalid (moTa: string): NativeAnswer {
  return { status: 400, body: { maKetQua: POPULATION_CODES.invalidRequest, moTa } }
}

function notFound (): NativeAnswer {
  return { status: 200, body: { maKetQua: POPULATION_CODES.notFound, moTa: 'Không tìm thấy công dân' } }
}
