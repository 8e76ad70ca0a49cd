import { randomUUID } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { Pool } from 'undici'
import {
  agencyCodeProblem, dossierCodeProblem, parsePersonalId, personalIdAgreementProblem, personalIdProblem
} from '../../src/identifiers/index.js'
import type { Faults } from '../mock-kit/faults.js'
import { MockKit, apiKeyCheck, headerValue, type NativeAnswer } from '../mock-kit/mock-server.js'
import { mulberry32 } from '../mock-kit/prng.js'
import { sameVietnameseText } from '../mock-kit/vietnamese.js'
import { generateCitizens, issuePersonalId, type NativeCitizen } from '../population/data.js'
import { isRecord } from '../shared/upstream-client.js'
import { nativeDateOf, nativeDateToIso } from '../shared/vietnam-time.js'

/** Native error codes (`maLoi`) of the civil-status mock; `'0'` is success (a supplement request included). */
export const CIVIL_STATUS_CODES = {
  ok: '0',
  /** 400: a field is missing or malformed (named in moTa). */
  invalidRequest: 'HT01',
  /** 422: a person does not agree with the population data (unknown parent, name, sex, ID number). */
  personMismatch: 'HT02',
  /** 422: a date of birth or death after today, or a death before the birth. */
  invalidDate: 'HT03',
  /** 409: the death of this citizen is already registered. */
  alreadyRegistered: 'HT04',
  /** 404: no request with this transaction id (Idempotency-Key). */
  unknownTransaction: 'HT05',
  /** 422: a child of foreign nationality (khai sinh có yếu tố nước ngoài, another procedure). */
  foreignElement: 'HT06',
  /** 422: the registration agency's province is not one this mock can number births for. */
  unknownProvince: 'HT07',
  /** 422: the population database refused to issue the child's number. */
  populationRefused: 'HT08',
  /** 503: the population database could not be reached; nothing was registered. */
  populationUnavailable: 'HT98',
  badCredential: 'HT99'
} as const

/** Status of a registration request (`duLieu.trangThai`). */
export const CIVIL_STATUS_STATES = { registered: 'DA_DANG_KY', supplementRequired: 'YEU_CAU_BO_SUNG' } as const

/** Document types (`loaiGiayTo`) the software knows, with their names. */
export const DOCUMENT_TYPES: Readonly<Record<string, string>> = {
  TK: 'Tờ khai',
  GCS: 'Giấy chứng sinh',
  GBT: 'Giấy báo tử',
  GCNKH: 'Giấy chứng nhận kết hôn',
  VBUQ: 'Văn bản ủy quyền',
  KHAC: 'Giấy tờ khác'
}

/**
 * Digits 1-3 of the personal ID number of a child whose birth an agency registers, by the level-1
 * part of the agency code. H29 is Hồ Chí Minh City (079). H62 is the former Vĩnh Phúc (026): the
 * catalog's H62 communes are "khu vực tỉnh Vĩnh Phúc cũ", merged into Phú Thọ on 1 July 2025
 * (catalogs/agencies.json). Other provinces are not modelled: a birth there is refused (HT07).
 */
export const BIRTH_PROVINCE_OF_AGENCY: Readonly<Record<string, string>> = { H29: '079', H62: '026' }

export interface CivilStatusMockOptions {
  credentials: { apiKey: string }
  seed?: number
  /** Seeded citizens the software knows as parents and deceased (default 5,000, as population). */
  size?: number
  faults?: Partial<Faults>
  /** The population database mock that issues newborns' numbers; absent, the software issues them itself. */
  population?: { url: string, apiKey: string }
  /** The clock, replaceable so a test can move "today". */
  now?: () => Date
  logger?: boolean
}

/** A registered birth (native names). */
export interface BirthRecord {
  soGiayKhaiSinh: string
  soDinhDanh: string
  hoTen: string
  gioiTinh: 1 | 2
  ngaySinh: string
  noiSinh: string
  soDinhDanhMe: string
  soDinhDanhCha?: string
  coQuanDangKy: string
  maHoSoLienThong: string
  ngayDangKy: string
}

/** A registered death (native names). */
export interface DeathRecord {
  soTrichLucKhaiTu: string
  soDinhDanh: string
  hoTen: string
  ngayChet: string
  noiChet: string
  coQuanDangKy: string
  maHoSoLienThong: string
  ngayDangKy: string
}

export interface CivilStatusMock {
  kit: MockKit
  /** The seeded citizens (the same people as the population mock's with the same seed). */
  citizens: NativeCitizen[]
  /** Registered births by the child's personal ID number. */
  births: Map<string, BirthRecord>
  /** Registered deaths by the deceased's personal ID number. */
  deaths: Map<string, DeathRecord>
}

interface NativeDocument { loaiGiayTo: string, tenGiayTo: string }

interface Birth {
  maHoSoLienThong: string
  coQuanDangKy: string
  /** Digits 1-3 of the child's number. */
  maTinh: string
  hoTen: string
  gioiTinh: 1 | 2
  ngaySinh: string
  noiSinh: string
  danToc?: string
  me: NativeCitizen
  cha?: NativeCitizen
}

interface Death {
  maHoSoLienThong: string
  coQuanDangKy: string
  soDinhDanh: string
  hoTen: string
  ngayChet: string
  noiChet: string
}

/** What the population database said when asked for a newborn's number. */
type PeerIssue =
  | { kind: 'issued', soDinhDanh: string }
  | { kind: 'refused', moTa: string }
  | { kind: 'unavailable', moTa: string }

const BIRTH_ROUTE = '/api/hotich/khaisinh'
const DEATH_ROUTE = '/api/hotich/khaitu'
const DATE = /^\d{2}\/\d{2}\/\d{4}$/

/**
 * The Ministry of Justice's shared civil-status registration software (Phần mềm đăng ký, quản lý
 * hộ tịch điện tử dùng chung) mock. Native API (all require `x-api-key`; answers `{ maLoi, moTa, duLieu? }`):
 * - `POST /api/hotich/khaisinh` `{ maHoSoLienThong, coQuanDangKy, treEm: { hoTen, gioiTinh: 1|2, ngaySinh,
 *   noiSinh, danToc?, quocTich }, me: { soDinhDanh, hoTen }, cha?, nguoiYeuCau: { soDinhDanh, hoTen, quanHe },
 *   giayToKemTheo: [{ loaiGiayTo, tenGiayTo, tenTep, loaiTep, maBam, duongDan? }] }`
 *   → `duLieu: { trangThai: 'DA_DANG_KY', soDinhDanh, soGiayKhaiSinh: '<n>/<yyyy>/KS', ngayDangKy }`, or
 *   `{ trangThai: 'YEU_CAU_BO_SUNG', giayToConThieu: [{ loaiGiayTo: 'GCS', tenGiayTo }] }` without a
 *   Giấy chứng sinh. The child's number comes from the population database (`POST /api/congdan/khaisinh`).
 * - `POST /api/hotich/khaitu` `{ maHoSoLienThong, coQuanDangKy, nguoiChet: { soDinhDanh, hoTen, ngaySinh,
 *   gioiTinh, ngayChet, noiChet, nguyenNhanChet? }, nguoiYeuCau, giayToKemTheo }`
 *   → `duLieu: { trangThai: 'DA_DANG_KY', soTrichLucKhaiTu: '<n>/<yyyy>/KT', ngayDangKy }` or a supplement
 *   request for the Giấy báo tử (GBT).
 * - `GET /api/hotich/giaodich/:maGiaoDich`: what a request with that Idempotency-Key was answered.
 * - `GET /api/hotich/khaisinh/:soDinhDanh`, `GET /api/hotich/khaitu/:soDinhDanh`: a registered record.
 * Certificate numbers run per registering agency and Vietnam year, as its registers (sổ hộ tịch) do.
 */
export function buildCivilStatusMock (options: CivilStatusMockOptions): CivilStatusMock {
  const seed = options.seed ?? 20261122
  const now = options.now ?? (() => new Date())
  const citizens = generateCitizens(seed, options.size ?? 5_000)
  const known = new Map(citizens.map((c) => [c.soDinhDanh, c]))
  const kit = new MockKit({ kind: 'civil-status', seed, ...(options.faults !== undefined ? { faults: options.faults } : {}), ...(options.logger !== undefined ? { logger: options.logger } : {}) })
  const authenticate = apiKeyCheck(options.credentials.apiKey, () => ({ maLoi: CIVIL_STATUS_CODES.badCredential, moTa: 'Khóa truy cập không hợp lệ' }))
  const births = new Map<string, BirthRecord>()
  const deaths = new Map<string, DeathRecord>()
  // Register numbers per agency, Vietnam year and register (KS births, KT deaths). Handlers are
  // synchronous, so incrementing here cannot skip or repeat under concurrency.
  const sequences = new Map<string, number>()
  const nextNumber = (agency: string, register: 'KS' | 'KT', at: Date): string => {
    const year = nativeDateOf(at).slice(6)
    const key = `${agency}|${year}|${register}`
    const n = (sequences.get(key) ?? 0) + 1
    sequences.set(key, n)
    return `${n}/${year}/${register}`
  }
  // Without the population database the software numbers newborns itself, from its own seeded sequence.
  const serials = mulberry32(seed ^ 0x4b5)
  const population = options.population === undefined ? undefined : new PopulationPeer(options.population)
  if (population !== undefined) kit.app.addHook('onClose', async () => { await population.close() })
  const today = (): string => nativeDateToIso(nativeDateOf(now())) as string

  kit.business<PeerIssue | undefined>({
    method: 'POST',
    url: BIRTH_ROUTE,
    authenticate,
    // The population database is asked for the child's number before the birth is registered, and
    // only for a request that will be registered. Its transaction id is derived from ours, so a
    // retried or concurrent request gets the same number and the child is added once.
    prepare: async (request) => {
      if (population === undefined) return undefined
      const checked = checkBirth(objectBody(request), known, today())
      if ('answer' in checked) return undefined
      const key = headerValue(request.headers['idempotency-key'])
      return await population.issue(checked.birth, `khaisinh-${key ?? randomUUID()}`)
    },
    handle: (request, issued) => {
      const checked = checkBirth(objectBody(request), known, today())
      if ('answer' in checked) return checked.answer
      const birth = checked.birth
      let soDinhDanh: string
      if (population === undefined) {
        const sex = birth.gioiTinh === 1 ? 'male' : 'female'
        soDinhDanh = issuePersonalId(birth.maTinh, Number(birth.ngaySinh.slice(6)), sex, serials, (id) => known.has(id) || births.has(id))
      } else if (issued === undefined || issued.kind === 'unavailable') {
        // Not remembered (5xx): a retry asks the population database again.
        return refuse(503, CIVIL_STATUS_CODES.populationUnavailable, `Không kết nối được CSDLQG về dân cư${issued !== undefined ? `: ${issued.moTa}` : ''}`)
      } else if (issued.kind === 'refused') {
        return refuse(422, CIVIL_STATUS_CODES.populationRefused, `CSDLQG về dân cư không cấp số định danh: ${issued.moTa}`)
      } else {
        soDinhDanh = issued.soDinhDanh
      }
      const at = now()
      const record: BirthRecord = {
        soGiayKhaiSinh: nextNumber(birth.coQuanDangKy, 'KS', at),
        soDinhDanh,
        hoTen: birth.hoTen,
        gioiTinh: birth.gioiTinh,
        ngaySinh: birth.ngaySinh,
        noiSinh: birth.noiSinh,
        soDinhDanhMe: birth.me.soDinhDanh,
        ...(birth.cha !== undefined ? { soDinhDanhCha: birth.cha.soDinhDanh } : {}),
        coQuanDangKy: birth.coQuanDangKy,
        maHoSoLienThong: birth.maHoSoLienThong,
        ngayDangKy: nativeDateOf(at)
      }
      births.set(soDinhDanh, record)
      kit.recordEffect('khaisinh', { ...record })
      return {
        status: 200,
        body: {
          maLoi: CIVIL_STATUS_CODES.ok,
          moTa: 'Đăng ký khai sinh thành công',
          duLieu: {
            trangThai: CIVIL_STATUS_STATES.registered,
            maHoSoLienThong: record.maHoSoLienThong,
            soDinhDanh,
            soGiayKhaiSinh: record.soGiayKhaiSinh,
            ngayDangKy: record.ngayDangKy
          }
        }
      }
    }
  })

  kit.business({
    method: 'POST',
    url: DEATH_ROUTE,
    authenticate,
    handle: (request) => {
      const checked = checkDeath(objectBody(request), known, deaths, today())
      if ('answer' in checked) return checked.answer
      const death = checked.death
      const at = now()
      const record: DeathRecord = { soTrichLucKhaiTu: nextNumber(death.coQuanDangKy, 'KT', at), ...death, ngayDangKy: nativeDateOf(at) }
      deaths.set(death.soDinhDanh, record)
      kit.recordEffect('khaitu', { ...record })
      return {
        status: 200,
        body: {
          maLoi: CIVIL_STATUS_CODES.ok,
          moTa: 'Đăng ký khai tử thành công',
          duLieu: {
            trangThai: CIVIL_STATUS_STATES.registered,
            maHoSoLienThong: record.maHoSoLienThong,
            soTrichLucKhaiTu: record.soTrichLucKhaiTu,
            ngayDangKy: record.ngayDangKy
          }
        }
      }
    }
  })

  // A request looked up by its transaction id (the Idempotency-Key it came with): whether it was
  // processed, and what was answered. Faults apply as to every business route.
  kit.business({
    method: 'GET',
    url: '/api/hotich/giaodich/:maGiaoDich',
    authenticate,
    handle: (request) => {
      const key = (request.params as { maGiaoDich: string }).maGiaoDich
      const birth = kit.answerOf(`POST ${BIRTH_ROUTE}`, key)
      const answer = birth ?? kit.answerOf(`POST ${DEATH_ROUTE}`, key)
      if (answer === undefined) return { ...refuse(404, CIVIL_STATUS_CODES.unknownTransaction, 'Không tìm thấy giao dịch'), replayable: false }
      return {
        status: 200,
        body: {
          maLoi: CIVIL_STATUS_CODES.ok,
          moTa: 'Giao dịch đã được xử lý',
          duLieu: { trangThai: 'DA_XU_LY', loaiGiaoDich: birth !== undefined ? 'KHAI_SINH' : 'KHAI_TU', maTrangThaiHttp: answer.status, ketQua: answer.body }
        },
        replayable: false
      }
    }
  })

  kit.business({
    method: 'GET',
    url: `${BIRTH_ROUTE}/:soDinhDanh`,
    authenticate,
    handle: (request) => {
      const record = births.get((request.params as { soDinhDanh: string }).soDinhDanh)
      if (record === undefined) return { ...refuse(404, CIVIL_STATUS_CODES.unknownTransaction, 'Không tìm thấy bản ghi khai sinh'), replayable: false }
      return { status: 200, body: { maLoi: CIVIL_STATUS_CODES.ok, duLieu: record }, replayable: false }
    }
  })

  kit.business({
    method: 'GET',
    url: `${DEATH_ROUTE}/:soDinhDanh`,
    authenticate,
    handle: (request) => {
      const record = deaths.get((request.params as { soDinhDanh: string }).soDinhDanh)
      if (record === undefined) return { ...refuse(404, CIVIL_STATUS_CODES.unknownTransaction, 'Không tìm thấy bản ghi khai tử'), replayable: false }
      return { status: 200, body: { maLoi: CIVIL_STATUS_CODES.ok, duLieu: record }, replayable: false }
    }
  })

  return { kit, citizens, births, deaths }
}

/**
 * The population database as the civil-status software calls it: one undici Pool, short timeouts
 * (a registration officer waits for it), every failure an answer rather than an exception.
 */
class PopulationPeer {
  readonly #pool: Pool
  readonly #apiKey: string

  constructor (peer: { url: string, apiKey: string }) {
    this.#apiKey = peer.apiKey
    this.#pool = new Pool(new URL(peer.url).origin, { connections: 4, connectTimeout: 2_000, headersTimeout: 10_000, bodyTimeout: 10_000 })
  }

  async issue (birth: Birth, transactionId: string): Promise<PeerIssue> {
    const body = {
      hoVaTen: birth.hoTen,
      ngaySinh: birth.ngaySinh,
      gioiTinh: birth.gioiTinh === 1 ? 'Nam' : 'Nữ',
      maTinhDangKy: birth.maTinh,
      noiSinh: birth.noiSinh,
      quocTich: 'Việt Nam',
      ...(birth.danToc !== undefined ? { danToc: birth.danToc } : {}),
      soDinhDanhMe: birth.me.soDinhDanh,
      ...(birth.cha !== undefined ? { soDinhDanhCha: birth.cha.soDinhDanh } : {}),
      maHoSoLienThong: birth.maHoSoLienThong
    }
    let status: number
    let text: string
    try {
      const response = await this.#pool.request({
        method: 'POST',
        path: '/api/congdan/khaisinh',
        headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', 'x-api-key': this.#apiKey, 'idempotency-key': transactionId },
        body: JSON.stringify(body)
      })
      status = response.statusCode
      text = await response.body.text()
    } catch (err) {
      return { kind: 'unavailable', moTa: (err as { code?: string }).code ?? (err as Error).message }
    }
    let reply: unknown
    try {
      reply = JSON.parse(text)
    } catch {
      return { kind: 'unavailable', moTa: `HTTP ${status}, phản hồi không phải JSON` }
    }
    const moTa = isRecord(reply) && typeof reply.moTa === 'string' ? reply.moTa : `HTTP ${status}`
    if (status >= 500 || status === 408 || status === 429) return { kind: 'unavailable', moTa }
    if (status !== 200 || !isRecord(reply) || reply.maKetQua !== '00') return { kind: 'refused', moTa }
    const id = reply.soDinhDanh
    const sex = birth.gioiTinh === 1 ? 'male' : 'female'
    // The number must be one the software can print on the birth certificate.
    if (typeof id !== 'string' || personalIdProblem(id) !== null || !id.startsWith(birth.maTinh) ||
      personalIdAgreementProblem(id, nativeDateToIso(birth.ngaySinh) as string, sex) !== null) {
      return { kind: 'unavailable', moTa: `số định danh không hợp lệ: ${String(id)}` }
    }
    return { kind: 'issued', soDinhDanh: id }
  }

  async close (): Promise<void> {
    // destroy, not close: a request the population mock holds (a fault) must not keep shutdown waiting.
    await this.#pool.destroy()
  }
}

function objectBody (request: FastifyRequest): Record<string, unknown> {
  return isRecord(request.body) ? request.body : {}
}

function refuse (status: number, maLoi: string, moTa: string): NativeAnswer {
  return { status, body: { maLoi, moTa } }
}

function invalid (field: string): { answer: NativeAnswer } {
  return { answer: refuse(400, CIVIL_STATUS_CODES.invalidRequest, `Dữ liệu không hợp lệ: ${field}`) }
}

const text = (v: unknown): v is string => typeof v === 'string' && v.trim() !== ''
const nativeDate = (v: unknown): v is string => typeof v === 'string' && DATE.test(v) && nativeDateToIso(v) !== null
const idNumber = (v: unknown): v is string => typeof v === 'string' && personalIdProblem(v) === null

/** Names the first invalid field of `giayToKemTheo`, or returns the documents. */
function documentsOf (value: unknown): NativeDocument[] | string {
  if (!Array.isArray(value)) return 'giayToKemTheo'
  for (const [i, doc] of value.entries()) {
    if (!isRecord(doc) || typeof doc.loaiGiayTo !== 'string' || DOCUMENT_TYPES[doc.loaiGiayTo] === undefined || !text(doc.tenGiayTo) ||
      !text(doc.tenTep) || !text(doc.loaiTep) || typeof doc.maBam !== 'string' || !/^[0-9a-f]{64}$/i.test(doc.maBam) ||
      (doc.duongDan !== undefined && !text(doc.duongDan))) return `giayToKemTheo[${i}]`
  }
  return value as NativeDocument[]
}

/** Names the first invalid field of a person `{ soDinhDanh, hoTen, quanHe? }`, or null. */
function invalidPerson (value: unknown, field: string, withRelationship: boolean): string | null {
  if (!isRecord(value)) return field
  if (!idNumber(value.soDinhDanh)) return `${field}.soDinhDanh`
  if (!text(value.hoTen)) return `${field}.hoTen`
  if (withRelationship && !text(value.quanHe)) return `${field}.quanHe`
  return null
}

/** Checks the common part of a registration: the dossier code, the agency, the applicant, the documents. */
function checkCommon (body: Record<string, unknown>): { answer: NativeAnswer } | { documents: NativeDocument[] } {
  if (typeof body.maHoSoLienThong !== 'string' || dossierCodeProblem(body.maHoSoLienThong) !== null) return invalid('maHoSoLienThong')
  if (typeof body.coQuanDangKy !== 'string' || agencyCodeProblem(body.coQuanDangKy) !== null) return invalid('coQuanDangKy')
  const applicant = invalidPerson(body.nguoiYeuCau, 'nguoiYeuCau', true)
  if (applicant !== null) return invalid(applicant)
  const documents = documentsOf(body.giayToKemTheo)
  if (typeof documents === 'string') return invalid(documents)
  return { documents }
}

/** A supplement request for the documents of the given types: a delivered answer, nothing registered. */
function supplement (maHoSoLienThong: string, types: string[]): { answer: NativeAnswer } {
  return {
    answer: {
      status: 200,
      body: {
        maLoi: CIVIL_STATUS_CODES.ok,
        moTa: 'Hồ sơ cần bổ sung giấy tờ',
        duLieu: {
          trangThai: CIVIL_STATUS_STATES.supplementRequired,
          maHoSoLienThong,
          giayToConThieu: types.map((loaiGiayTo) => ({ loaiGiayTo, tenGiayTo: DOCUMENT_TYPES[loaiGiayTo] as string }))
        }
      }
    }
  }
}

/**
 * A parent as the population data knows them: the number must be a known citizen of the right
 * sex, the name theirs, born before the child. The software fills the parents' particulars on the
 * birth certificate from the population database, so a parent it cannot find stops the registration.
 */
function parentProblem (value: Record<string, unknown>, role: 'me' | 'cha', known: Map<string, NativeCitizen>, childBorn: string): string | NativeCitizen {
  const label = role === 'me' ? 'người mẹ' : 'người cha'
  const citizen = known.get(value.soDinhDanh as string)
  if (citizen === undefined) return `Không tìm thấy thông tin ${label} trong CSDLQG về dân cư`
  if (citizen.gioiTinh !== (role === 'me' ? 'Nữ' : 'Nam') || parsePersonalId(citizen.soDinhDanh)?.sex !== (role === 'me' ? 'female' : 'male')) {
    return `Giới tính của ${label} không phù hợp`
  }
  if (!sameVietnameseText(value.hoTen as string, citizen.hoVaTen)) return `Họ tên ${label} không khớp với CSDLQG về dân cư`
  if ((nativeDateToIso(citizen.ngaySinh) as string) >= childBorn) return `Ngày sinh của ${label} không phù hợp`
  return citizen
}

/** A birth registration: its facts, or the answer that ends it (refusal or supplement request). */
function checkBirth (body: Record<string, unknown>, known: Map<string, NativeCitizen>, today: string): { answer: NativeAnswer } | { birth: Birth } {
  const common = checkCommon(body)
  if ('answer' in common) return common
  const child = body.treEm
  if (!isRecord(child)) return invalid('treEm')
  if (!text(child.hoTen)) return invalid('treEm.hoTen')
  if (child.gioiTinh !== 1 && child.gioiTinh !== 2) return invalid('treEm.gioiTinh')
  if (!nativeDate(child.ngaySinh)) return invalid('treEm.ngaySinh')
  if (!text(child.noiSinh)) return invalid('treEm.noiSinh')
  if (child.danToc !== undefined && !text(child.danToc)) return invalid('treEm.danToc')
  if (typeof child.quocTich !== 'string' || !/^[A-Z]{2}$/.test(child.quocTich)) return invalid('treEm.quocTich')
  const mother = invalidPerson(body.me, 'me', false)
  if (mother !== null) return invalid(mother)
  if (body.cha !== undefined) {
    const father = invalidPerson(body.cha, 'cha', false)
    if (father !== null) return invalid(father)
  }

  const agency = body.coQuanDangKy as string
  const maTinh = BIRTH_PROVINCE_OF_AGENCY[agency.slice(-3)]
  if (maTinh === undefined) return { answer: refuse(422, CIVIL_STATUS_CODES.unknownProvince, `Chưa hỗ trợ đăng ký khai sinh tại ${agency}`) }
  if (child.quocTich !== 'VN') return { answer: refuse(422, CIVIL_STATUS_CODES.foreignElement, 'Khai sinh có yếu tố nước ngoài thực hiện theo thủ tục riêng') }
  const born = nativeDateToIso(child.ngaySinh) as string
  if (born > today) return { answer: refuse(422, CIVIL_STATUS_CODES.invalidDate, 'Ngày sinh sau ngày đăng ký') }
  const me = parentProblem(body.me as Record<string, unknown>, 'me', known, born)
  if (typeof me === 'string') return { answer: refuse(422, CIVIL_STATUS_CODES.personMismatch, me) }
  let cha: NativeCitizen | undefined
  if (body.cha !== undefined) {
    const found = parentProblem(body.cha as Record<string, unknown>, 'cha', known, born)
    if (typeof found === 'string') return { answer: refuse(422, CIVIL_STATUS_CODES.personMismatch, found) }
    cha = found
  }
  // Law on Civil Status 2014 art. 16(1): the birth is registered on the hospital's Giấy chứng sinh.
  if (!common.documents.some((d) => d.loaiGiayTo === 'GCS')) return supplement(body.maHoSoLienThong as string, ['GCS'])
  return {
    birth: {
      maHoSoLienThong: body.maHoSoLienThong as string,
      coQuanDangKy: agency,
      maTinh,
      hoTen: child.hoTen.normalize('NFC'),
      gioiTinh: child.gioiTinh,
      ngaySinh: child.ngaySinh,
      noiSinh: child.noiSinh.normalize('NFC'),
      ...(typeof child.danToc === 'string' ? { danToc: child.danToc.normalize('NFC') } : {}),
      me,
      ...(cha !== undefined ? { cha } : {})
    }
  }
}

/** A death registration: its facts, or the answer that ends it (refusal or supplement request). */
function checkDeath (body: Record<string, unknown>, known: Map<string, NativeCitizen>, deaths: Map<string, DeathRecord>, today: string): { answer: NativeAnswer } | { death: Death } {
  const common = checkCommon(body)
  if ('answer' in common) return common
  const deceased = body.nguoiChet
  if (!isRecord(deceased)) return invalid('nguoiChet')
  if (!idNumber(deceased.soDinhDanh)) return invalid('nguoiChet.soDinhDanh')
  if (!text(deceased.hoTen)) return invalid('nguoiChet.hoTen')
  if (!nativeDate(deceased.ngaySinh)) return invalid('nguoiChet.ngaySinh')
  if (deceased.gioiTinh !== 1 && deceased.gioiTinh !== 2) return invalid('nguoiChet.gioiTinh')
  if (!nativeDate(deceased.ngayChet)) return invalid('nguoiChet.ngayChet')
  if (!text(deceased.noiChet)) return invalid('nguoiChet.noiChet')
  if (deceased.nguyenNhanChet !== undefined && !text(deceased.nguyenNhanChet)) return invalid('nguoiChet.nguyenNhanChet')

  const born = nativeDateToIso(deceased.ngaySinh) as string
  const died = nativeDateToIso(deceased.ngayChet) as string
  if (personalIdAgreementProblem(deceased.soDinhDanh, born, deceased.gioiTinh === 1 ? 'male' : 'female') !== null) {
    return { answer: refuse(422, CIVIL_STATUS_CODES.personMismatch, 'Số định danh cá nhân không phù hợp với năm sinh, giới tính') }
  }
  // A citizen the population data holds must be the one named; others (registered elsewhere) are taken as given.
  const citizen = known.get(deceased.soDinhDanh)
  if (citizen !== undefined && (!sameVietnameseText(deceased.hoTen, citizen.hoVaTen) || deceased.ngaySinh !== citizen.ngaySinh)) {
    return { answer: refuse(422, CIVIL_STATUS_CODES.personMismatch, 'Họ tên, ngày sinh người chết không khớp với CSDLQG về dân cư') }
  }
  if (died > today) return { answer: refuse(422, CIVIL_STATUS_CODES.invalidDate, 'Ngày chết sau ngày đăng ký') }
  if (died < born) return { answer: refuse(422, CIVIL_STATUS_CODES.invalidDate, 'Ngày chết trước ngày sinh') }
  const earlier = deaths.get(deceased.soDinhDanh)
  if (earlier !== undefined) {
    return { answer: refuse(409, CIVIL_STATUS_CODES.alreadyRegistered, `Công dân ${deceased.soDinhDanh} đã được đăng ký khai tử (trích lục số ${earlier.soTrichLucKhaiTu})`) }
  }
  // Law on Civil Status 2014 art. 34(1): the death is registered on the Giấy báo tử (or a paper in its place).
  if (!common.documents.some((d) => d.loaiGiayTo === 'GBT')) return supplement(body.maHoSoLienThong as string, ['GBT'])
  return {
    death: {
      maHoSoLienThong: body.maHoSoLienThong as string,
      coQuanDangKy: body.coQuanDangKy as string,
      soDinhDanh: deceased.soDinhDanh,
      hoTen: deceased.hoTen.normalize('NFC'),
      ngayChet: deceased.ngayChet,
      noiChet: deceased.noiChet.normalize('NFC')
    }
  }
}
