import { DeliveryError, type Adapter, type Confirmation, type DeliveryOptions, type DeliveryRequest } from '../contract.js'
import { dossierCodeProblem } from '../../src/identifiers/index.js'
import {
  UpstreamClient, badBody, deadlineSignal, invalidReply, isRecord, optionalString, requiredString,
  type UpstreamClientOptions
} from '../shared/upstream-client.js'
import { isoDateToNative, nativeDateTimeToIso, nativeDateToIso } from '../shared/vietnam-time.js'

const SYSTEM = 'one-stop'

export interface OneStopAdapterOptions extends Omit<UpstreamClientOptions, 'system' | 'nativeCodeOf'> {
  credentials: { apiKey: string }
}

/**
 * Adapter for a provincial one-stop system: `dossier.submit` v1 translated to
 * `POST /api/hoso/tiepnhan`. One adapter per instance (per province).
 */
export class OneStopAdapter implements Adapter {
  readonly kind = 'one-stop'
  readonly #client: UpstreamClient
  readonly #apiKey: string

  constructor (options: OneStopAdapterOptions) {
    const { credentials, ...pool } = options
    this.#apiKey = credentials.apiKey
    this.#client = new UpstreamClient({ ...pool, system: SYSTEM, nativeCodeOf: body => isRecord(body) && typeof body.maLoi === 'string' ? body.maLoi : undefined })
  }

  async deliver (request: DeliveryRequest, options: DeliveryOptions): Promise<Record<string, unknown>> {
    if (request.service !== 'dossier.submit' || request.version !== '1') {
      throw badBody(SYSTEM, `service ${request.service} v${request.version} is not served by a one-stop system`)
    }
    const { status, body } = await this.#client.call({
      method: 'POST',
      path: '/api/hoso/tiepnhan',
      // The gateway issues dossier codes (maHoSo); a system given one registers the dossier under it.
      body: { ...toNative(request.body), ...(request.dossierCode !== undefined ? { maHoSo: request.dossierCode } : {}) },
      idempotencyKey: request.idempotencyKey,
      headers: { 'x-api-key': this.#apiKey },
      signal: deadlineSignal(options.timeoutMs)
    })
    return fromNative(status, body)
  }

  /**
   * `GET /api/hoso/giaodich/{maGiaoDich}`: the one-stop system's lookup of a submission by its
   * transaction id (the idempotency key it came with), answering what it answered then.
   */
  async confirm (request: DeliveryRequest, options: DeliveryOptions): Promise<Confirmation> {
    const { status, body } = await this.#client.call({
      method: 'GET',
      path: `/api/hoso/giaodich/${encodeURIComponent(request.idempotencyKey)}`,
      headers: { 'x-api-key': this.#apiKey },
      signal: deadlineSignal(options.timeoutMs),
      passStatuses: [404]
    })
    if (!isRecord(body) || typeof body.maLoi !== 'string') throw invalidReply(SYSTEM, 'no maLoi', status)
    if (status === 404 && body.maLoi === 'HS05') return { outcome: 'not-received' }
    const found = body.duLieu
    if (status !== 200 || body.maLoi !== '0' || !isRecord(found) || typeof found.maTrangThaiHttp !== 'number') throw invalidReply(SYSTEM, 'the transaction lookup answered nothing readable', status)
    const answered = found.ketQua
    if (found.maTrangThaiHttp >= 400) return { outcome: 'refused', ...(isRecord(answered) && typeof answered.maLoi === 'string' ? { upstreamCode: answered.maLoi } : {}) }
    return { outcome: 'applied', reply: fromNative(found.maTrangThaiHttp, answered) }
  }

  async close (): Promise<void> {
    await this.#client.close()
  }
}

/** A one-stop system's answer to a submission, as the standard reply body (or a {@link DeliveryError}). */
function fromNative (status: number, body: unknown): Record<string, unknown> {
  if (!isRecord(body) || typeof body.maLoi !== 'string') throw invalidReply(SYSTEM, 'no maLoi', status)
  if (body.maLoi !== '0') {
    throw new DeliveryError('LT_UPSTREAM_REJECTED', `one-stop system refused the dossier (maLoi ${body.maLoi})`, { transient: false, upstreamStatus: status, upstreamCode: body.maLoi })
  }
  const data = body.duLieu
  if (!isRecord(data) || typeof data.maHoSo !== 'string' || typeof data.ngayTiepNhan !== 'string' || typeof data.ngayHenTra !== 'string') {
    throw invalidReply(SYSTEM, 'duLieu lacks maHoSo, ngayTiepNhan or ngayHenTra', status)
  }
  if (dossierCodeProblem(data.maHoSo) !== null) throw invalidReply(SYSTEM, `maHoSo ${data.maHoSo} is not a dossier code`, status)
  const receivedAt = nativeDateTimeToIso(data.ngayTiepNhan)
  const appointmentDate = nativeDateToIso(data.ngayHenTra)
  if (receivedAt === null || appointmentDate === null) throw invalidReply(SYSTEM, 'ngayTiepNhan or ngayHenTra is malformed', status)
  return { dossierCode: data.maHoSo, receivedAt, appointmentDate }
}

function toNative (body: Record<string, unknown>): Record<string, unknown> {
  const applicant = body.applicant
  if (!isRecord(applicant)) throw badBody(SYSTEM, 'applicant must be an object')
  const ngaySinh = isoDateToNative(requiredString(SYSTEM, applicant, 'dateOfBirth'))
  if (ngaySinh === null) throw badBody(SYSTEM, 'applicant.dateOfBirth must be a date YYYY-MM-DD')
  const nguoiNop: Record<string, unknown> = {
    soDinhDanh: requiredString(SYSTEM, applicant, 'citizenId'),
    hoVaTen: requiredString(SYSTEM, applicant, 'fullName').normalize('NFC'),
    ngaySinh,
    diaChi: requiredString(SYSTEM, applicant, 'address').normalize('NFC')
  }
  const phone = optionalString(SYSTEM, applicant, 'phone')
  if (phone !== undefined) nguoiNop.soDienThoai = phone
  const email = optionalString(SYSTEM, applicant, 'email')
  if (email !== undefined) nguoiNop.email = email

  const documents = body.documents
  if (!Array.isArray(documents)) throw badBody(SYSTEM, 'documents must be a list')
  const thanhPhanHoSo = documents.map((doc: unknown) => {
    if (!isRecord(doc)) throw badBody(SYSTEM, 'each document must be an object')
    const item: Record<string, unknown> = {
      tenGiayTo: requiredString(SYSTEM, doc, 'name').normalize('NFC'),
      tenTep: requiredString(SYSTEM, doc, 'fileName'),
      loaiTep: requiredString(SYSTEM, doc, 'mimeType'),
      maBam: requiredString(SYSTEM, doc, 'sha256')
    }
    const url = optionalString(SYSTEM, doc, 'url')
    if (url !== undefined) item.duongDan = url
    return item
  })
  const channel = optionalString(SYSTEM, body, 'channel')
  if (channel !== undefined && channel !== 'online' && channel !== 'counter') throw badBody(SYSTEM, 'channel must be online or counter')

  return {
    maTTHC: requiredString(SYSTEM, body, 'procedureCode'),
    tenTTHC: requiredString(SYSTEM, body, 'procedureName').normalize('NFC'),
    coQuanTiepNhan: requiredString(SYSTEM, body, 'receivingAgency'),
    nguoiNop,
    thanhPhanHoSo,
    kenhNop: channel === 'counter' ? 'TRUC_TIEP' : 'TRUC_TUYEN'
  }
}
