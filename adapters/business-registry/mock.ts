import { MockKit, apiKeyCheck } from '../mock-kit/mock-server.js'
import type { Faults } from '../mock-kit/faults.js'
import { generateEnterprises, type NativeEnterprise } from './data.js'

/** Native outcome codes (`ketQua`) of the business registration database mock. */
export const REGISTRY_CODES = {
  ok: 'THANH_CONG',
  notFound: 'KHONG_TIM_THAY',
  invalidRequest: 'DU_LIEU_KHONG_HOP_LE',
  badCredential: 'SAI_KHOA_TRUY_CAP'
} as const

export interface BusinessRegistryMockOptions {
  credentials: { apiKey: string }
  seed?: number
  /** Number of enterprises (default 500). */
  size?: number
  faults?: Partial<Faults>
  logger?: boolean
}

export interface BusinessRegistryMock {
  kit: MockKit
  enterprises: NativeEnterprise[]
}

/**
 * The National Business Registration Database mock. Native API:
 * `POST /api/dkkd/doanhnghiep/tracuu` `{ maSoDoanhNghiep }` → 200 `{ ketQua: 'THANH_CONG', doanhNghiep }`,
 * 404 `{ ketQua: 'KHONG_TIM_THAY' }`, 400 `{ ketQua: 'DU_LIEU_KHONG_HOP_LE' }`. Requires `x-api-key`.
 */
export function buildBusinessRegistryMock (options: BusinessRegistryMockOptions): BusinessRegistryMock {
  const seed = options.seed ?? 20261122
  const enterprises = generateEnterprises(seed, options.size ?? 500)
  const byCode = new Map(enterprises.map(e => [e.maSoDoanhNghiep, e]))
  const kit = new MockKit({ kind: 'business-registry', seed, ...(options.faults !== undefined ? { faults: options.faults } : {}), ...(options.logger !== undefined ? { logger: options.logger } : {}) })

  kit.business({
    method: 'POST',
    url: '/api/dkkd/doanhnghiep/tracuu',
    authenticate: apiKeyCheck(options.credentials.apiKey, () => ({ ketQua: REGISTRY_CODES.badCredential, thongBao: 'Khóa truy cập không hợp lệ' })),
    handle: (request) => {
      const body = request.body as Record<string, unknown> | null
      const code = body?.maSoDoanhNghiep
      if (typeof code !== 'string' || !/^\d{10}(-\d{3})?$/.test(code)) {
        return { status: 400, body: { ketQua: REGISTRY_CODES.invalidRequest, thongBao: 'maSoDoanhNghiep phải gồm 10 chữ số' } }
      }
      const enterprise = byCode.get(code)
      if (enterprise === undefined) {
        return { status: 404, body: { ketQua: REGISTRY_CODES.notFound, thongBao: 'Không tìm thấy doanh nghiệp' } }
      }
      kit.recordEffect('tracuu', { maSoDoanhNghiep: code })
      return { status: 200, body: { ketQua: REGISTRY_CODES.ok, doanhNghiep: enterprise } }
    }
  })

  return { kit, enterprises }
}
