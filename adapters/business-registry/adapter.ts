import { DeliveryError, type Adapter, type DeliveryOptions, type DeliveryRequest } from '../contract.js'
import {
  UpstreamClient, badBody, deadlineSignal, invalidReply, isRecord, requiredString,
  type UpstreamClientOptions
} from '../shared/upstream-client.js'
import { nativeDateToIso } from '../shared/vietnam-time.js'

const SYSTEM = 'business-registry'

/** Registry states → the standard `status`. */
const STATUS: Readonly<Record<string, string>> = {
  'Đang hoạt động': 'active',
  'Tạm ngừng kinh doanh': 'suspended',
  'Đang làm thủ tục giải thể': 'dissolving',
  'Đã giải thể': 'dissolved',
  'Phá sản': 'bankrupt'
}

/** Legal forms → the standard `type`. */
const TYPE: Readonly<Record<string, string>> = {
  'Công ty trách nhiệm hữu hạn một thành viên': 'single-member-llc',
  'Công ty trách nhiệm hữu hạn hai thành viên trở lên': 'multi-member-llc',
  'Công ty cổ phần': 'joint-stock-company',
  'Doanh nghiệp tư nhân': 'private-enterprise',
  'Công ty hợp danh': 'partnership'
}

export interface BusinessRegistryAdapterOptions extends Omit<UpstreamClientOptions, 'system' | 'nativeCodeOf'> {
  credentials: { apiKey: string }
}

/**
 * Adapter for the National Business Registration Database: `enterprise.lookup` v1
 * translated to `POST /api/dkkd/doanhnghiep/tracuu`.
 */
export class BusinessRegistryAdapter implements Adapter {
  readonly kind = 'business-registry'
  readonly #client: UpstreamClient
  readonly #apiKey: string

  constructor (options: BusinessRegistryAdapterOptions) {
    const { credentials, ...pool } = options
    this.#apiKey = credentials.apiKey
    this.#client = new UpstreamClient({ ...pool, system: SYSTEM, nativeCodeOf: body => isRecord(body) && typeof body.ketQua === 'string' ? body.ketQua : undefined })
  }

  async deliver (request: DeliveryRequest, options: DeliveryOptions): Promise<Record<string, unknown>> {
    if (request.service !== 'enterprise.lookup' || request.version !== '1') {
      throw badBody(SYSTEM, `service ${request.service} v${request.version} is not served by the business registry`)
    }
    const enterpriseCode = requiredString(SYSTEM, request.body, 'enterpriseCode')
    const { status, body } = await this.#client.call({
      method: 'POST',
      path: '/api/dkkd/doanhnghiep/tracuu',
      body: { maSoDoanhNghiep: enterpriseCode },
      idempotencyKey: request.idempotencyKey,
      headers: { 'x-api-key': this.#apiKey },
      signal: deadlineSignal(options.timeoutMs),
      passStatuses: [404]
    })
    if (!isRecord(body) || typeof body.ketQua !== 'string') throw invalidReply(SYSTEM, 'no ketQua', status)
    if (body.ketQua === 'KHONG_TIM_THAY') return { found: false }
    if (status === 404) {
      // A 404 without the registry's own "not found" is a wrong path, not an absent enterprise.
      throw new DeliveryError('LT_UPSTREAM_REJECTED', 'business registry answered 404', { transient: false, upstreamStatus: 404, upstreamCode: body.ketQua })
    }
    if (body.ketQua !== 'THANH_CONG') throw invalidReply(SYSTEM, `unexpected ketQua ${body.ketQua}`, status)
    return { found: true, enterprise: toStandard(body.doanhNghiep, enterpriseCode) }
  }

  async close (): Promise<void> {
    await this.#client.close()
  }
}

function toStandard (native: unknown, enterpriseCode: string): Record<string, unknown> {
  if (!isRecord(native)) throw invalidReply(SYSTEM, 'doanhNghiep is missing')
  const text = (field: string): string => {
    const value = native[field]
    if (typeof value !== 'string' || value === '') throw invalidReply(SYSTEM, `${field} is missing`)
    return value.normalize('NFC')
  }
  if (native.maSoDoanhNghiep !== enterpriseCode) throw invalidReply(SYSTEM, 'the record names another enterprise')
  const status = STATUS[text('tinhTrang')]
  if (status === undefined) throw invalidReply(SYSTEM, `unknown tinhTrang ${text('tinhTrang')}`)
  const foundedOn = nativeDateToIso(text('ngayThanhLap'))
  if (foundedOn === null) throw invalidReply(SYSTEM, 'ngayThanhLap is not dd/MM/yyyy')
  const capital = native.vonDieuLe
  if (typeof capital !== 'number' || !Number.isSafeInteger(capital) || capital < 0) throw invalidReply(SYSTEM, 'vonDieuLe is not a whole number of VND')
  const representative = native.nguoiDaiDien
  if (!isRecord(representative) || typeof representative.hoVaTen !== 'string' || typeof representative.chucDanh !== 'string') {
    throw invalidReply(SYSTEM, 'nguoiDaiDien is malformed')
  }
  if (!Array.isArray(native.nganhNghe)) throw invalidReply(SYSTEM, 'nganhNghe is not a list')
  const businessLines = native.nganhNghe.map((line: unknown) => {
    if (!isRecord(line) || typeof line.maNganh !== 'string' || !/^\d{4}$/.test(line.maNganh) ||
      typeof line.tenNganh !== 'string' || typeof line.laNganhChinh !== 'boolean') {
      throw invalidReply(SYSTEM, 'a nganhNghe entry is malformed')
    }
    return { code: line.maNganh, name: line.tenNganh.normalize('NFC'), main: line.laNganhChinh }
  })
  const typeText = text('loaiHinh')
  const enterprise: Record<string, unknown> = {
    enterpriseCode,
    name: text('tenDoanhNghiep'),
    // An unknown legal form is passed through rather than refused: it is descriptive, not decisive.
    type: TYPE[typeText] ?? typeText,
    status,
    foundedOn,
    address: text('diaChiTruSo'),
    legalRepresentative: { fullName: representative.hoVaTen.normalize('NFC'), title: representative.chucDanh.normalize('NFC') },
    charterCapital: capital,
    businessLines
  }
  if (typeof native.tenTiengAnh === 'string' && native.tenTiengAnh !== '') enterprise.englishName = native.tenTiengAnh
  return enterprise
}
