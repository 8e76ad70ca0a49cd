import { DeliveryError, type Adapter, type Confirmation, type DeliveryOptions, type DeliveryRequest } from '../contract.js'
import {
  UpstreamClient, badBody, deadlineSignal, invalidReply, isRecord, requiredString,
  type UpstreamClientOptions
} from '../shared/upstream-client.js'
import { isoDateToNative, nativeDateToIso } from '../shared/vietnam-time.js'

const SYSTEM = 'residence'

export interface ResidenceAdapterOptions extends Omit<UpstreamClientOptions, 'system' | 'nativeCodeOf'> {
  credentials: { apiKey: string }
}

/** What one step service is on the residence system: its route, its transaction type, its translations. */
interface Operation {
  path: string
  /** `loaiGiaoDich` the transaction lookup names it by. */
  transaction: string
  toNative: (body: Record<string, unknown>) => Record<string, unknown>
  fromNative: (data: Record<string, unknown>, status: number) => Record<string, unknown>
}

const OPERATIONS: Readonly<Record<string, Operation>> = {
  'residence.register@1': {
    path: '/api/cutru/thuongtru/dangky',
    transaction: 'DANG_KY_THUONG_TRU',
    toNative: registrationToNative,
    fromNative: (data, status) => {
      if (typeof data.soHoKhau !== 'string' || data.soHoKhau === '' || typeof data.ngayDangKy !== 'string') throw invalidReply(SYSTEM, 'duLieu lacks soHoKhau or ngayDangKy', status)
      const registeredDate = nativeDateToIso(data.ngayDangKy)
      if (registeredDate === null) throw invalidReply(SYSTEM, 'ngayDangKy is malformed', status)
      return { result: 'registered', householdNumber: data.soHoKhau, registeredDate }
    }
  },
  'residence.deregister@1': {
    path: '/api/cutru/thuongtru/xoadangky',
    transaction: 'XOA_DANG_KY_THUONG_TRU',
    toNative: deregistrationToNative,
    fromNative: (data, status) => {
      if (typeof data.ngayXoaDangKy !== 'string') throw invalidReply(SYSTEM, 'duLieu lacks ngayXoaDangKy', status)
      const deregisteredDate = nativeDateToIso(data.ngayXoaDangKy)
      if (deregisteredDate === null) throw invalidReply(SYSTEM, 'ngayXoaDangKy is malformed', status)
      return { result: 'deregistered', deregisteredDate }
    }
  }
}

/**
 * Adapter for the Ministry of Public Security's residence system (Hệ thống quản lý cư trú):
 * `residence.register` v1 (permanent residence of a newborn) → `POST /api/cutru/thuongtru/dangky`,
 * `residence.deregister` v1 (a deceased resident) → `POST /api/cutru/thuongtru/xoadangky`.
 */
export class ResidenceAdapter implements Adapter {
  readonly kind = 'residence'
  readonly #client: UpstreamClient
  readonly #apiKey: string

  constructor (options: ResidenceAdapterOptions) {
    const { credentials, ...pool } = options
    this.#apiKey = credentials.apiKey
    this.#client = new UpstreamClient({ ...pool, system: SYSTEM, nativeCodeOf: body => isRecord(body) && typeof body.maKetQua === 'string' ? body.maKetQua : undefined })
  }

  async deliver (request: DeliveryRequest, options: DeliveryOptions): Promise<Record<string, unknown>> {
    const operation = operationOf(request)
    const { status, body } = await this.#client.call({
      method: 'POST',
      path: operation.path,
      body: operation.toNative(request.body),
      idempotencyKey: request.idempotencyKey,
      headers: { 'x-api-key': this.#apiKey },
      signal: deadlineSignal(options.timeoutMs)
    })
    return fromNative(operation, status, body)
  }

  /**
   * `GET /api/cutru/giaodich/{maGiaoDich}`: the residence system's lookup of a transaction by its
   * id (the idempotency key it came with), answering what it answered then.
   */
  async confirm (request: DeliveryRequest, options: DeliveryOptions): Promise<Confirmation> {
    const operation = operationOf(request)
    const { status, body } = await this.#client.call({
      method: 'GET',
      path: `/api/cutru/giaodich/${encodeURIComponent(request.idempotencyKey)}`,
      headers: { 'x-api-key': this.#apiKey },
      signal: deadlineSignal(options.timeoutMs),
      passStatuses: [404]
    })
    if (!isRecord(body) || typeof body.maKetQua !== 'string') throw invalidReply(SYSTEM, 'no maKetQua', status)
    if (status === 404 && body.maKetQua === 'CT06') return { outcome: 'not-received' }
    const found = body.duLieu
    if (status !== 200 || body.maKetQua !== '00' || !isRecord(found) || typeof found.maTrangThaiHttp !== 'number') throw invalidReply(SYSTEM, 'the transaction lookup answered nothing readable', status)
    // A transaction id is one message's key: another type under it means the key was reused.
    if (found.loaiGiaoDich !== operation.transaction) throw invalidReply(SYSTEM, `transaction ${request.idempotencyKey} is a ${String(found.loaiGiaoDich)}, not a ${operation.transaction}`, status)
    const answered = found.ketQua
    if (found.maTrangThaiHttp >= 400 || (isRecord(answered) && answered.maKetQua !== '00')) {
      return { outcome: 'refused', ...(isRecord(answered) && typeof answered.maKetQua === 'string' ? { upstreamCode: answered.maKetQua } : {}) }
    }
    return { outcome: 'applied', reply: fromNative(operation, found.maTrangThaiHttp, answered) }
  }

  async close (): Promise<void> {
    await this.#client.close()
  }
}

function operationOf (request: DeliveryRequest): Operation {
  const operation = OPERATIONS[`${request.service}@${request.version}`]
  if (operation === undefined) throw badBody(SYSTEM, `service ${request.service} v${request.version} is not served by the residence system`)
  return operation
}

/** The residence system's answer, as the step service's standard reply (or a {@link DeliveryError}). */
function fromNative (operation: Operation, status: number, body: unknown): Record<string, unknown> {
  if (!isRecord(body) || typeof body.maKetQua !== 'string') throw invalidReply(SYSTEM, 'no maKetQua', status)
  if (body.maKetQua !== '00') {
    throw new DeliveryError('LT_UPSTREAM_REJECTED', `residence system refused the request (maKetQua ${body.maKetQua})`, { transient: false, upstreamStatus: status, upstreamCode: body.maKetQua })
  }
  if (!isRecord(body.duLieu)) throw invalidReply(SYSTEM, 'no duLieu', status)
  return operation.fromNative(body.duLieu, status)
}

function nativeDate (body: Record<string, unknown>, field: string): string {
  const native = isoDateToNative(requiredString(SYSTEM, body, field))
  if (native === null) throw badBody(SYSTEM, `${field} must be a date YYYY-MM-DD`)
  return native
}

function registrationToNative (body: Record<string, unknown>): Record<string, unknown> {
  const gender = requiredString(SYSTEM, body, 'gender')
  if (gender !== 'male' && gender !== 'female') throw badBody(SYSTEM, 'gender must be male or female')
  return {
    maHoSo: requiredString(SYSTEM, body, 'dossierCode'),
    soDinhDanh: requiredString(SYSTEM, body, 'citizenId'),
    hoVaTen: requiredString(SYSTEM, body, 'fullName').normalize('NFC'),
    ngaySinh: nativeDate(body, 'dateOfBirth'),
    gioiTinh: gender === 'male' ? 1 : 2,
    soGiayKhaiSinh: requiredString(SYSTEM, body, 'birthCertificateNumber'),
    noiThuongTru: requiredString(SYSTEM, body, 'address').normalize('NFC'),
    soDinhDanhChuHo: requiredString(SYSTEM, body, 'householdHeadCitizenId'),
    quanHeVoiChuHo: requiredString(SYSTEM, body, 'relationshipToHead').normalize('NFC')
  }
}

// Standard reason → native lyDoXoa (the residence system's code for a death).
const REASONS: Readonly<Record<string, string>> = { deceased: 'CHET' }

function deregistrationToNative (body: Record<string, unknown>): Record<string, unknown> {
  const reason = REASONS[requiredString(SYSTEM, body, 'reason')]
  if (reason === undefined) throw badBody(SYSTEM, 'reason must be deceased')
  return {
    maHoSo: requiredString(SYSTEM, body, 'dossierCode'),
    soDinhDanh: requiredString(SYSTEM, body, 'citizenId'),
    hoVaTen: requiredString(SYSTEM, body, 'fullName').normalize('NFC'),
    lyDoXoa: reason,
    soTrichLucKhaiTu: requiredString(SYSTEM, body, 'deathCertificateNumber'),
    ngayChet: nativeDate(body, 'dateOfDeath')
  }
}
