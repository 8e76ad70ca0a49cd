import { DeliveryError, type Adapter, type Confirmation, type DeliveryOptions, type DeliveryRequest } from '../contract.js'
import {
  UpstreamClient, badBody, deadlineSignal, invalidReply, isRecord, requiredString,
  type UpstreamClientOptions
} from '../shared/upstream-client.js'
import { isoDateToNative, nativeDateToIso } from '../shared/vietnam-time.js'

const SYSTEM = 'social-security'
const OK = '000'
const UNKNOWN_TRANSACTION = '098'

/** The step services this system serves, each with its native route and transaction type. */
const SERVICES = {
  'health-insurance.child-card': { path: '/api/v1/thebhyt/treem', transaction: 'CAP_THE_BHYT_TRE_EM', toNative: childCardToNative, fromNative: childCardFromNative },
  'social-insurance.death-benefits': { path: '/api/v1/tutuat/hoso', transaction: 'TU_TUAT', toNative: claimToNative, fromNative: claimFromNative }
} as const

type Service = keyof typeof SERVICES

const SURVIVOR_ALLOWANCES: Readonly<Record<string, string>> = { HANG_THANG: 'monthly', MOT_LAN: 'lump-sum', KHONG: 'none' }

export interface SocialSecurityAdapterOptions extends Omit<UpstreamClientOptions, 'system' | 'nativeCodeOf'> {
  credentials: { apiKey: string }
}

/**
 * Adapter for Vietnam Social Security (Bảo hiểm xã hội Việt Nam): `health-insurance.child-card` v1
 * (the free health insurance card of a child under 6) to `POST /api/v1/thebhyt/treem`, and
 * `social-insurance.death-benefits` v1 (funeral and survivor allowances) to `POST /api/v1/tutuat/hoso`.
 */
export class SocialSecurityAdapter implements Adapter {
  readonly kind = 'social-security'
  readonly #client: UpstreamClient
  readonly #apiKey: string

  constructor (options: SocialSecurityAdapterOptions) {
    const { credentials, ...pool } = options
    this.#apiKey = credentials.apiKey
    this.#client = new UpstreamClient({ ...pool, system: SYSTEM, nativeCodeOf: body => isRecord(body) && typeof body.maKetQua === 'string' ? body.maKetQua : undefined })
  }

  async deliver (request: DeliveryRequest, options: DeliveryOptions): Promise<Record<string, unknown>> {
    const service = SERVICES[serviceOf(request)]
    const { status, body } = await this.#client.call({
      method: 'POST',
      path: service.path,
      body: service.toNative(request.body),
      idempotencyKey: request.idempotencyKey,
      headers: { 'x-api-key': this.#apiKey },
      signal: deadlineSignal(options.timeoutMs)
    })
    return service.fromNative(status, accepted(status, body))
  }

  /**
   * `GET /api/v1/giaodich/{maGiaoDich}`: Social Security's lookup of a request by its transaction
   * id (the idempotency key it came with), answering what it answered then.
   */
  async confirm (request: DeliveryRequest, options: DeliveryOptions): Promise<Confirmation> {
    const service = SERVICES[serviceOf(request)]
    const { status, body } = await this.#client.call({
      method: 'GET',
      path: `/api/v1/giaodich/${encodeURIComponent(request.idempotencyKey)}`,
      headers: { 'x-api-key': this.#apiKey },
      signal: deadlineSignal(options.timeoutMs),
      passStatuses: [404]
    })
    if (!isRecord(body) || typeof body.maKetQua !== 'string') throw invalidReply(SYSTEM, 'no maKetQua', status)
    if (status === 404 && body.maKetQua === UNKNOWN_TRANSACTION) return { outcome: 'not-received' }
    const found = body.duLieu
    if (status !== 200 || body.maKetQua !== OK || !isRecord(found) || typeof found.maTrangThaiHttp !== 'number') {
      throw invalidReply(SYSTEM, 'the transaction lookup answered nothing readable', status)
    }
    // The key names another kind of transaction: never pass that reply off as this service's.
    if (found.loaiGiaoDich !== service.transaction) throw invalidReply(SYSTEM, `transaction ${String(found.loaiGiaoDich)} is not a ${request.service}`, status)
    const answered = found.ketQua
    if (found.maTrangThaiHttp >= 400 || !isRecord(answered) || answered.maKetQua !== OK) {
      return { outcome: 'refused', ...(isRecord(answered) && typeof answered.maKetQua === 'string' ? { upstreamCode: answered.maKetQua } : {}) }
    }
    return { outcome: 'applied', reply: service.fromNative(found.maTrangThaiHttp, answered.duLieu) }
  }

  async close (): Promise<void> {
    await this.#client.close()
  }
}

function serviceOf (request: DeliveryRequest): Service {
  if (request.version === '1' && Object.hasOwn(SERVICES, request.service)) return request.service as Service
  throw badBody(SYSTEM, `service ${request.service} v${request.version} is not served by Vietnam Social Security`)
}

/** The `duLieu` of a successful native answer; a business refusal as a {@link DeliveryError}. */
function accepted (status: number, body: unknown): unknown {
  if (!isRecord(body) || typeof body.maKetQua !== 'string') throw invalidReply(SYSTEM, 'no maKetQua', status)
  if (body.maKetQua !== OK) {
    throw new DeliveryError('LT_UPSTREAM_REJECTED', `social security refused the request (maKetQua ${body.maKetQua})`, { transient: false, upstreamStatus: status, upstreamCode: body.maKetQua })
  }
  return body.duLieu
}

/** A standard `YYYY-MM-DD` field as the native `dd/MM/yyyy`. */
function nativeDate (body: Record<string, unknown>, field: string, label = field): string {
  const native = isoDateToNative(requiredString(SYSTEM, body, field))
  if (native === null) throw badBody(SYSTEM, `${label} must be a date YYYY-MM-DD`)
  return native
}

function person (body: Record<string, unknown>, field: string): Record<string, unknown> {
  const value = body[field]
  if (!isRecord(value)) throw badBody(SYSTEM, `${field} must be an object`)
  return value
}

function childCardToNative (body: Record<string, unknown>): Record<string, unknown> {
  const gender = requiredString(SYSTEM, body, 'gender')
  if (gender !== 'male' && gender !== 'female') throw badBody(SYSTEM, 'gender must be male or female')
  const guardian = person(body, 'guardian')
  return {
    maHoSoLienThong: requiredString(SYSTEM, body, 'dossierCode'),
    soDinhDanh: requiredString(SYSTEM, body, 'citizenId'),
    hoTen: requiredString(SYSTEM, body, 'fullName').normalize('NFC'),
    ngaySinh: nativeDate(body, 'dateOfBirth'),
    gioiTinh: gender === 'male' ? 1 : 2,
    soGiayKhaiSinh: requiredString(SYSTEM, body, 'birthCertificateNumber'),
    diaChi: requiredString(SYSTEM, body, 'address').normalize('NFC'),
    nguoiGiamHo: {
      soDinhDanh: requiredString(SYSTEM, guardian, 'citizenId'),
      hoTen: requiredString(SYSTEM, guardian, 'fullName').normalize('NFC')
    }
  }
}

function childCardFromNative (status: number, data: unknown): Record<string, unknown> {
  if (!isRecord(data) || typeof data.maThe !== 'string' || typeof data.maSoBHXH !== 'string' ||
    typeof data.gtTheTu !== 'string' || typeof data.gtTheDen !== 'string') {
    throw invalidReply(SYSTEM, 'duLieu lacks maThe, maSoBHXH, gtTheTu or gtTheDen', status)
  }
  if (!/^\d{10}$/.test(data.maSoBHXH)) throw invalidReply(SYSTEM, 'maSoBHXH is not 10 digits', status)
  if (!/^TE1\d{12}$/.test(data.maThe) || !data.maThe.endsWith(data.maSoBHXH)) throw invalidReply(SYSTEM, `maThe ${data.maThe} is not a child's card number of ${data.maSoBHXH}`, status)
  const validFrom = nativeDateToIso(data.gtTheTu)
  const validTo = nativeDateToIso(data.gtTheDen)
  if (validFrom === null || validTo === null) throw invalidReply(SYSTEM, 'gtTheTu or gtTheDen is malformed', status)
  return { result: 'issued', cardNumber: data.maThe, socialInsuranceNumber: data.maSoBHXH, validFrom, validTo }
}

function claimToNative (body: Record<string, unknown>): Record<string, unknown> {
  const deceased = person(body, 'deceased')
  const claimant = person(body, 'claimant')
  return {
    maHoSoLienThong: requiredString(SYSTEM, body, 'dossierCode'),
    nguoiChet: {
      soDinhDanh: requiredString(SYSTEM, deceased, 'citizenId'),
      hoTen: requiredString(SYSTEM, deceased, 'fullName').normalize('NFC'),
      ngayChet: nativeDate(deceased, 'dateOfDeath', 'deceased.dateOfDeath')
    },
    soTrichLucKhaiTu: requiredString(SYSTEM, body, 'deathCertificateNumber'),
    thanNhan: {
      soDinhDanh: requiredString(SYSTEM, claimant, 'citizenId'),
      hoTen: requiredString(SYSTEM, claimant, 'fullName').normalize('NFC'),
      quanHe: requiredString(SYSTEM, claimant, 'relationship').normalize('NFC')
    }
  }
}

function claimFromNative (status: number, data: unknown): Record<string, unknown> {
  if (!isRecord(data) || !Number.isSafeInteger(data.troCapMaiTang) || (data.troCapMaiTang as number) < 0 ||
    typeof data.cheDoTuTuat !== 'string' || typeof data.hanTraKetQua !== 'string') {
    throw invalidReply(SYSTEM, 'duLieu lacks troCapMaiTang, cheDoTuTuat or hanTraKetQua', status)
  }
  const survivorAllowance = SURVIVOR_ALLOWANCES[data.cheDoTuTuat]
  if (survivorAllowance === undefined) throw invalidReply(SYSTEM, `cheDoTuTuat ${data.cheDoTuTuat} is unknown`, status)
  const decisionDueDate = nativeDateToIso(data.hanTraKetQua)
  if (decisionDueDate === null) throw invalidReply(SYSTEM, 'hanTraKetQua is malformed', status)
  const number = data.maSoBHXH
  if (number !== null && number !== undefined && (typeof number !== 'string' || !/^\d{10}$/.test(number))) throw invalidReply(SYSTEM, 'maSoBHXH is not 10 digits', status)
  return {
    result: 'accepted',
    ...(typeof number === 'string' ? { socialInsuranceNumber: number } : {}),
    funeralAllowanceVnd: data.troCapMaiTang,
    survivorAllowance,
    decisionDueDate
  }
}
