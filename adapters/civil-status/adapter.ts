import { DeliveryError, type Adapter, type Confirmation, type DeliveryOptions, type DeliveryRequest } from '../contract.js'
import { personalIdProblem } from '../../src/identifiers/index.js'
import {
  UpstreamClient, badBody, deadlineSignal, invalidReply, isRecord, optionalString, requiredString,
  type UpstreamClientOptions
} from '../shared/upstream-client.js'
import { isoDateToNative, nativeDateToIso } from '../shared/vietnam-time.js'

const SYSTEM = 'civil-status'

/** Standard document kinds and the civil-status software's document types (`loaiGiayTo`). */
export const DOCUMENT_KIND_MAP: Readonly<Record<string, string>> = {
  declaration: 'TK',
  'medical-birth-certificate': 'GCS',
  'death-notice': 'GBT',
  'marriage-certificate': 'GCNKH',
  authorization: 'VBUQ'
}
const KIND_OF_DOCUMENT_TYPE: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(DOCUMENT_KIND_MAP).map(([kind, type]) => [type, kind]))
/** A document of a kind the software has no type for goes as "other papers". */
const OTHER_DOCUMENT = 'KHAC'

type Service = 'civil-status.birth' | 'civil-status.death'

export interface CivilStatusAdapterOptions extends Omit<UpstreamClientOptions, 'system' | 'nativeCodeOf'> {
  credentials: { apiKey: string }
}

/**
 * Adapter for the Ministry of Justice's shared civil-status registration software:
 * `civil-status.birth` v1 translated to `POST /api/hotich/khaisinh`, `civil-status.death` v1 to
 * `POST /api/hotich/khaitu`. A supplement request (`trangThai: YEU_CAU_BO_SUNG`) is a delivered
 * reply (`result: supplement-required`), not a failure.
 */
export class CivilStatusAdapter implements Adapter {
  readonly kind = 'civil-status'
  readonly #client: UpstreamClient
  readonly #apiKey: string

  constructor (options: CivilStatusAdapterOptions) {
    const { credentials, ...pool } = options
    this.#apiKey = credentials.apiKey
    this.#client = new UpstreamClient({ ...pool, system: SYSTEM, nativeCodeOf: body => isRecord(body) && typeof body.maLoi === 'string' ? body.maLoi : undefined })
  }

  async deliver (request: DeliveryRequest, options: DeliveryOptions): Promise<Record<string, unknown>> {
    const service = serviceOf(request)
    const { status, body } = await this.#client.call({
      method: 'POST',
      path: service === 'civil-status.birth' ? '/api/hotich/khaisinh' : '/api/hotich/khaitu',
      body: service === 'civil-status.birth' ? birthToNative(request.body) : deathToNative(request.body),
      idempotencyKey: request.idempotencyKey,
      headers: { 'x-api-key': this.#apiKey },
      signal: deadlineSignal(options.timeoutMs)
    })
    return fromNative(service, status, body)
  }

  /**
   * `GET /api/hotich/giaodich/{maGiaoDich}`: the software's lookup of a request by its transaction
   * id (the idempotency key it came with), answering what it answered then.
   */
  async confirm (request: DeliveryRequest, options: DeliveryOptions): Promise<Confirmation> {
    const service = serviceOf(request)
    const { status, body } = await this.#client.call({
      method: 'GET',
      path: `/api/hotich/giaodich/${encodeURIComponent(request.idempotencyKey)}`,
      headers: { 'x-api-key': this.#apiKey },
      signal: deadlineSignal(options.timeoutMs),
      passStatuses: [404]
    })
    if (!isRecord(body) || typeof body.maLoi !== 'string') throw invalidReply(SYSTEM, 'no maLoi', status)
    if (status === 404 && body.maLoi === 'HT05') return { outcome: 'not-received' }
    const found = body.duLieu
    if (status !== 200 || body.maLoi !== '0' || !isRecord(found) || typeof found.maTrangThaiHttp !== 'number') {
      throw invalidReply(SYSTEM, 'the transaction lookup answered nothing readable', status)
    }
    const answered = found.ketQua
    if (found.maTrangThaiHttp >= 400) return { outcome: 'refused', ...(isRecord(answered) && typeof answered.maLoi === 'string' ? { upstreamCode: answered.maLoi } : {}) }
    return { outcome: 'applied', reply: fromNative(service, found.maTrangThaiHttp, answered) }
  }

  async close (): Promise<void> {
    await this.#client.close()
  }
}

function serviceOf (request: DeliveryRequest): Service {
  if (request.version === '1' && (request.service === 'civil-status.birth' || request.service === 'civil-status.death')) return request.service
  throw badBody(SYSTEM, `service ${request.service} v${request.version} is not served by the civil-status software`)
}

/** The software's answer to a registration, as the standard reply body (or a {@link DeliveryError}). */
function fromNative (service: Service, status: number, body: unknown): Record<string, unknown> {
  if (!isRecord(body) || typeof body.maLoi !== 'string') throw invalidReply(SYSTEM, 'no maLoi', status)
  if (body.maLoi !== '0') {
    throw new DeliveryError('LT_UPSTREAM_REJECTED', `civil-status software refused the registration (maLoi ${body.maLoi})`, { transient: false, upstreamStatus: status, upstreamCode: body.maLoi })
  }
  const data = body.duLieu
  if (!isRecord(data)) throw invalidReply(SYSTEM, 'no duLieu', status)
  if (data.trangThai === 'YEU_CAU_BO_SUNG') return { result: 'supplement-required', missingDocuments: missingDocuments(data.giayToConThieu, status) }
  if (data.trangThai !== 'DA_DANG_KY') throw invalidReply(SYSTEM, `unknown trangThai ${String(data.trangThai)}`, status)
  const registeredDate = typeof data.ngayDangKy === 'string' ? nativeDateToIso(data.ngayDangKy) : null
  if (registeredDate === null) throw invalidReply(SYSTEM, 'ngayDangKy is missing or malformed', status)
  if (service === 'civil-status.birth') {
    if (typeof data.soDinhDanh !== 'string' || personalIdProblem(data.soDinhDanh) !== null) throw invalidReply(SYSTEM, 'soDinhDanh is not a personal identification number', status)
    if (typeof data.soGiayKhaiSinh !== 'string' || data.soGiayKhaiSinh === '') throw invalidReply(SYSTEM, 'no soGiayKhaiSinh', status)
    return { result: 'registered', childCitizenId: data.soDinhDanh, birthCertificateNumber: data.soGiayKhaiSinh, registeredDate }
  }
  if (typeof data.soTrichLucKhaiTu !== 'string' || data.soTrichLucKhaiTu === '') throw invalidReply(SYSTEM, 'no soTrichLucKhaiTu', status)
  return { result: 'registered', deathCertificateNumber: data.soTrichLucKhaiTu, registeredDate }
}

function missingDocuments (value: unknown, status: number): Array<{ kind: string, name: string }> {
  if (!Array.isArray(value) || value.length === 0) throw invalidReply(SYSTEM, 'a supplement request without giayToConThieu', status)
  return value.map((item: unknown) => {
    const kind = isRecord(item) && typeof item.loaiGiayTo === 'string' ? KIND_OF_DOCUMENT_TYPE[item.loaiGiayTo] : undefined
    if (!isRecord(item) || kind === undefined || typeof item.tenGiayTo !== 'string' || item.tenGiayTo === '') {
      throw invalidReply(SYSTEM, 'giayToConThieu names a document type the gateway does not know', status)
    }
    return { kind, name: item.tenGiayTo }
  })
}

function birthToNative (body: Record<string, unknown>): Record<string, unknown> {
  const child = recordField(body, 'child')
  const treEm: Record<string, unknown> = {
    hoTen: requiredString(SYSTEM, child, 'fullName').normalize('NFC'),
    gioiTinh: nativeGender(child, 'child.gender'),
    ngaySinh: nativeDate(child, 'dateOfBirth', 'child.dateOfBirth'),
    noiSinh: requiredString(SYSTEM, child, 'placeOfBirth').normalize('NFC'),
    quocTich: optionalString(SYSTEM, child, 'nationality') ?? 'VN'
  }
  const ethnicity = optionalString(SYSTEM, child, 'ethnicity')
  if (ethnicity !== undefined) treEm.danToc = ethnicity.normalize('NFC')
  const father = body.father
  return {
    ...common(body),
    treEm,
    me: person(recordField(body, 'mother')),
    ...(father !== undefined && father !== null ? { cha: person(recordField(body, 'father')) } : {})
  }
}

function deathToNative (body: Record<string, unknown>): Record<string, unknown> {
  const deceased = recordField(body, 'deceased')
  const nguoiChet: Record<string, unknown> = {
    ...person(deceased),
    ngaySinh: nativeDate(deceased, 'dateOfBirth', 'deceased.dateOfBirth'),
    gioiTinh: nativeGender(deceased, 'deceased.gender'),
    ngayChet: nativeDate(deceased, 'dateOfDeath', 'deceased.dateOfDeath'),
    noiChet: requiredString(SYSTEM, deceased, 'placeOfDeath').normalize('NFC')
  }
  const cause = optionalString(SYSTEM, deceased, 'causeOfDeath')
  if (cause !== undefined) nguoiChet.nguyenNhanChet = cause.normalize('NFC')
  return { ...common(body), nguoiChet }
}

/** The fields both registrations share: the dossier, the agency, the applicant and the documents. */
function common (body: Record<string, unknown>): Record<string, unknown> {
  const applicant = recordField(body, 'applicant')
  const documents = body.documents
  if (!Array.isArray(documents)) throw badBody(SYSTEM, 'documents must be a list')
  return {
    maHoSoLienThong: requiredString(SYSTEM, body, 'dossierCode'),
    coQuanDangKy: requiredString(SYSTEM, body, 'registrationAgency'),
    nguoiYeuCau: { ...person(applicant), quanHe: requiredString(SYSTEM, applicant, 'relationship').normalize('NFC') },
    giayToKemTheo: documents.map((doc: unknown) => {
      if (!isRecord(doc)) throw badBody(SYSTEM, 'each document must be an object')
      const kind = optionalString(SYSTEM, doc, 'kind')
      const item: Record<string, unknown> = {
        loaiGiayTo: (kind !== undefined ? DOCUMENT_KIND_MAP[kind] : undefined) ?? OTHER_DOCUMENT,
        tenGiayTo: requiredString(SYSTEM, doc, 'name').normalize('NFC'),
        tenTep: requiredString(SYSTEM, doc, 'fileName'),
        loaiTep: requiredString(SYSTEM, doc, 'mimeType'),
        maBam: requiredString(SYSTEM, doc, 'sha256')
      }
      const url = optionalString(SYSTEM, doc, 'url')
      if (url !== undefined) item.duongDan = url
      return item
    })
  }
}

function person (value: Record<string, unknown>): { soDinhDanh: string, hoTen: string } {
  return { soDinhDanh: requiredString(SYSTEM, value, 'citizenId'), hoTen: requiredString(SYSTEM, value, 'fullName').normalize('NFC') }
}

function recordField (body: Record<string, unknown>, field: string): Record<string, unknown> {
  const value = body[field]
  if (!isRecord(value)) throw badBody(SYSTEM, `${field} must be an object`)
  return value
}

function nativeDate (body: Record<string, unknown>, field: string, name: string): string {
  const native = isoDateToNative(requiredString(SYSTEM, body, field))
  if (native === null) throw badBody(SYSTEM, `${name} must be a date YYYY-MM-DD`)
  return native
}

/** The software's gender code: 1 nam (male), 2 nữ (female). */
function nativeGender (body: Record<string, unknown>, name: string): 1 | 2 {
  const gender = body.gender
  if (gender === 'male') return 1
  if (gender === 'female') return 2
  throw badBody(SYSTEM, `${name} must be male or female`)
}
