import type { FastifyRequest } from 'fastify'
import { MockKit, apiKeyCheck, type NativeAnswer } from '../mock-kit/mock-server.js'
import type { Faults } from '../mock-kit/faults.js'
import { sameVietnameseText } from '../mock-kit/vietnamese.js'
import { CITIZEN_FIELDS, generateCitizens, type CitizenField, type NativeCitizen } from './data.js'

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
  citizens: NativeCitizen[]
}

const DATE = /^\d{2}\/\d{2}\/\d{4}$/

/**
 * The National Population Database (CSDLQG về dân cư) mock. Native API:
 * - `POST /api/congdan/xacthuc` `{ soDinhDanh, hoVaTen, ngaySinh: 'dd/MM/yyyy', gioiTinh? }`
 *   → `{ maKetQua, moTa, ketQuaXacThuc: { khopThongTin, truongKhongKhop: [] } }`
 * - `POST /api/congdan/tracuu` `{ soDinhDanh, lyDo, danhSachTruong: [...] }` → `{ maKetQua, moTa, congDan }`
 * Both require `x-api-key`.
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

  return { kit, citizens }
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
