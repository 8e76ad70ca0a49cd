import { DeliveryError, type Adapter, type DeliveryOptions, type DeliveryRequest } from '../contract.js'
import {
  UpstreamClient, badBody, deadlineSignal, invalidReply, isRecord, optionalString, requiredString,
  type UpstreamClientOptions
} from '../shared/upstream-client.js'
import { isoDateToNative, nativeDateToIso } from '../shared/vietnam-time.js'
import type { CitizenField } from './data.js'

const SYSTEM = 'population'

/** Standard citizen fields and their native names in the population database. */
export const CITIZEN_FIELD_MAP: Readonly<Record<string, CitizenField>> = {
  citizenId: 'soDinhDanh',
  fullName: 'hoVaTen',
  dateOfBirth: 'ngaySinh',
  gender: 'gioiTinh',
  nationality: 'quocTich',
  ethnicity: 'danToc',
  religion: 'tonGiao',
  placeOfOrigin: 'queQuan',
  permanentAddress: 'noiThuongTru',
  currentAddress: 'noiOHienTai'
}

const VERIFY_FIELDS: Readonly<Record<string, string>> = { hoVaTen: 'fullName', ngaySinh: 'dateOfBirth', gioiTinh: 'gender' }

export interface PopulationAdapterOptions extends Omit<UpstreamClientOptions, 'system' | 'nativeCodeOf'> {
  credentials: { apiKey: string }
}

/**
 * Adapter for the National Population Database: `citizen.verify` and `citizen.lookup`
 * (v1) translated to `POST /api/congdan/xacthuc` and `POST /api/congdan/tracuu`.
 */
export class PopulationAdapter implements Adapter {
  readonly kind = 'population'
  readonly #client: UpstreamClient
  readonly #apiKey: string

  constructor (options: PopulationAdapterOptions) {
    const { credentials, ...pool } = options
    this.#apiKey = credentials.apiKey
    this.#client = new UpstreamClient({ ...pool, system: SYSTEM, nativeCodeOf: body => isRecord(body) && typeof body.maKetQua === 'string' ? body.maKetQua : undefined })
  }

  async deliver (request: DeliveryRequest, options: DeliveryOptions): Promise<Record<string, unknown>> {
    const key = `${request.service}.v${request.version}`
    if (key === 'citizen.verify.v1') return await this.#verify(request, deadlineSignal(options.timeoutMs))
    if (key === 'citizen.lookup.v1') return await this.#lookup(request, deadlineSignal(options.timeoutMs))
    throw badBody(SYSTEM, `service ${request.service} v${request.version} is not served by the population database`)
  }

  async close (): Promise<void> {
    await this.#client.close()
  }

  async #verify (request: DeliveryRequest, signal: AbortSignal): Promise<Record<string, unknown>> {
    const body = request.body
    const dateOfBirth = requiredString(SYSTEM, body, 'dateOfBirth')
    const ngaySinh = isoDateToNative(dateOfBirth)
    if (ngaySinh === null) throw badBody(SYSTEM, 'dateOfBirth must be a date YYYY-MM-DD')
    const gender = optionalString(SYSTEM, body, 'gender')
    if (gender !== undefined && gender !== 'male' && gender !== 'female') throw badBody(SYSTEM, 'gender must be male or female')
    const native: Record<string, unknown> = {
      soDinhDanh: requiredString(SYSTEM, body, 'citizenId'),
      hoVaTen: requiredString(SYSTEM, body, 'fullName').normalize('NFC'),
      ngaySinh
    }
    if (gender !== undefined) native.gioiTinh = gender === 'male' ? 'Nam' : 'Nữ'

    const reply = await this.#post('/api/congdan/xacthuc', native, request.idempotencyKey, signal)
    // An unknown ID number answers as a citizen whose name and date of birth are both wrong, the
    // same shape as a real mismatch: whether a number exists is not the sender's to learn, even
    // with field detail. Not the gender: the ID number encodes the sex, the gateway refuses a
    // gender that disagrees with it, so for a real citizen a sent gender always matches.
    if (reply.maKetQua === '01') return { result: 'no-match', mismatchedFields: ['fullName', 'dateOfBirth'] }
    const result = reply.ketQuaXacThuc
    if (!isRecord(result) || typeof result.khopThongTin !== 'boolean' || !Array.isArray(result.truongKhongKhop)) {
      throw invalidReply(SYSTEM, 'ketQuaXacThuc is missing or malformed')
    }
    const mismatchedFields: string[] = []
    for (const field of result.truongKhongKhop) {
      const standard = typeof field === 'string' ? VERIFY_FIELDS[field] : undefined
      if (standard === undefined) throw invalidReply(SYSTEM, `unknown mismatched field ${String(field)}`)
      mismatchedFields.push(standard)
    }
    if (result.khopThongTin !== (mismatchedFields.length === 0)) throw invalidReply(SYSTEM, 'khopThongTin disagrees with truongKhongKhop')
    // The field detail is the gateway's to give or withhold per sender (src/delivery/deliver-message.ts).
    return { result: mismatchedFields.length === 0 ? 'match' : 'no-match', mismatchedFields }
  }

  async #lookup (request: DeliveryRequest, signal: AbortSignal): Promise<Record<string, unknown>> {
    const body = request.body
    const citizenId = requiredString(SYSTEM, body, 'citizenId')
    // No allowedFields means no rights were granted: fail closed, answer the ID alone.
    const allowed = (request.allowedFields ?? []).filter(f => CITIZEN_FIELD_MAP[f] !== undefined && f !== 'citizenId')
    const native = {
      soDinhDanh: citizenId,
      lyDo: requiredString(SYSTEM, body, 'purpose'),
      danhSachTruong: allowed.map(f => CITIZEN_FIELD_MAP[f] as CitizenField)
    }
    const reply = await this.#post('/api/congdan/tracuu', native, request.idempotencyKey, signal)
    if (reply.maKetQua === '01') return { found: false }
    const record = reply.congDan
    if (!isRecord(record) || record.soDinhDanh !== citizenId) throw invalidReply(SYSTEM, 'congDan is missing or names another citizen')
    const citizen: Record<string, unknown> = { citizenId }
    // Copy only what the sender may see, even if the upstream said more.
    for (const field of allowed) {
      const value = record[CITIZEN_FIELD_MAP[field] as CitizenField]
      if (value === undefined || value === null) continue
      if (typeof value !== 'string') throw invalidReply(SYSTEM, `${CITIZEN_FIELD_MAP[field] as string} is not a string`)
      citizen[field] = standardValue(field, value)
    }
    return { found: true, citizen }
  }

  /** Posts a native request; resolves with a `maKetQua` 00/01 body, throws on any other outcome. */
  async #post (path: string, native: unknown, messageId: string, signal: AbortSignal): Promise<Record<string, unknown>> {
    const { status, body } = await this.#client.call({
      method: 'POST', path, body: native, idempotencyKey: messageId, signal, headers: { 'x-api-key': this.#apiKey }
    })
    if (!isRecord(body) || typeof body.maKetQua !== 'string') throw invalidReply(SYSTEM, 'no maKetQua', status)
    if (body.maKetQua === '00' || body.maKetQua === '01') return body
    throw new DeliveryError('LT_UPSTREAM_REJECTED', `population database refused the request (maKetQua ${body.maKetQua})`, { transient: false, upstreamStatus: status, upstreamCode: body.maKetQua })
  }
}

function standardValue (field: string, raw: string): string {
  const value = raw.normalize('NFC')
  if (field === 'dateOfBirth') {
    const iso = nativeDateToIso(value)
    if (iso === null) throw invalidReply(SYSTEM, `ngaySinh ${value} is not dd/MM/yyyy`)
    return iso
  }
  if (field === 'gender') {
    if (value === 'Nam') return 'male'
    if (value === 'Nữ') return 'female'
    throw invalidReply(SYSTEM, `gioiTinh ${value} is neither Nam nor Nữ`)
  }
  return value
}
