import type { FastifyRequest } from 'fastify'
import { dossierCodeProblem, personalIdAgreementProblem, personalIdProblem, vietnamDate } from '../../src/identifiers/index.js'
import type { Faults } from '../mock-kit/faults.js'
import { MockKit, apiKeyCheck, type NativeAnswer } from '../mock-kit/mock-server.js'
import { mulberry32 } from '../mock-kit/prng.js'
import { sameVietnameseText } from '../mock-kit/vietnamese.js'
import { generateCitizens, type NativeCitizen } from '../population/data.js'
import { isRecord } from '../shared/upstream-client.js'
import { addWorkingDays, isoDateToNative, nativeDateOf, nativeDateTime, nativeDateToIso } from '../shared/vietnam-time.js'
import { generateInsured, insuranceProvinceOf, uniqueNumber, type NativeInsured } from './data.js'

/** Native result codes (`maKetQua`) of the Vietnam Social Security mock; `'000'` is success. */
export const SOCIAL_SECURITY_CODES = {
  ok: '000',
  invalidRequest: '001',
  childTooOld: '002',
  cardAlreadyIssued: '003',
  alreadyClaimed: '004',
  invalidDateOfDeath: '005',
  deceasedMismatch: '006',
  unknownTransaction: '098',
  badCredential: '099'
} as const

/** Native routes, also the scopes of their idempotency memory (`kit.answerOf`). */
export const SOCIAL_SECURITY_ROUTES = {
  childCard: '/api/v1/thebhyt/treem',
  deathBenefits: '/api/v1/tutuat/hoso',
  transaction: '/api/v1/giaodich/:maGiaoDich'
} as const

/** What the transaction lookup says a transaction was (`loaiGiaoDich`). */
export const TRANSACTION_TYPES = {
  childCard: 'CAP_THE_BHYT_TRE_EM',
  deathBenefits: 'TU_TUAT'
} as const

/** Base salary (mức lương cơ sở) from 1 July 2024, Decree 73/2024/NĐ-CP. */
export const BASE_SALARY_VND = 2_340_000
/** Funeral allowance: 10 × the base salary (Law on Social Insurance 2014 art. 66). */
export const FUNERAL_ALLOWANCE_VND = 10 * BASE_SALARY_VND
/** Survivors get a monthly allowance once the deceased contributed 15 years (art. 67), else a lump sum (art. 69). */
export const MONTHLY_SURVIVOR_MONTHS = 180
/** Working days from receipt to the decision on a survivorship claim. */
export const DECISION_WORKING_DAYS = 12

export interface SocialSecurityMockOptions {
  credentials: { apiKey: string }
  seed?: number
  /** Seeded citizens the insured are drawn from (default 5,000, as the population mock). */
  size?: number
  faults?: Partial<Faults>
  /** The clock, replaceable so a test can pin "today". */
  now?: () => Date
  logger?: boolean
}

/** A health insurance card the mock issued. */
export interface IssuedCard {
  maThe: string
  maSoBHXH: string
  soDinhDanh: string
  hoTen: string
  ngaySinh: string
  gtTheTu: string
  gtTheDen: string
  maHoSoLienThong: string
}

/** A survivorship claim the mock received. */
export interface SurvivorshipClaim {
  maHoSoLienThong: string
  soDinhDanh: string
  maSoBHXH: string | null
  troCapMaiTang: number
  cheDoTuTuat: 'HANG_THANG' | 'MOT_LAN' | 'KHONG'
  ngayTiepNhan: string
  hanTraKetQua: string
}

export interface SocialSecurityMock {
  kit: MockKit
  citizens: NativeCitizen[]
  insured: NativeInsured[]
  cards: Map<string, IssuedCard>
  claims: Map<string, SurvivorshipClaim>
}

const DATE = /^\d{2}\/\d{2}\/\d{4}$/
const PERSONAL_ID = /^\d{12}$/

/**
 * Vietnam Social Security (Bảo hiểm xã hội Việt Nam) mock. Native API, all with `x-api-key`:
 * - `POST /api/v1/thebhyt/treem` `{ maHoSoLienThong, soDinhDanh, hoTen, ngaySinh, gioiTinh: 1|2,
 *   soGiayKhaiSinh, diaChi, nguoiGiamHo: { soDinhDanh, hoTen } }` → `{ maKetQua: '000', thongBao,
 *   duLieu: { maThe, maSoBHXH, gtTheTu, gtTheDen, ... } }`: the free health insurance card of a child under 6.
 * - `POST /api/v1/tutuat/hoso` `{ maHoSoLienThong, nguoiChet: { soDinhDanh, hoTen, ngayChet },
 *   soTrichLucKhaiTu, thanNhan: { soDinhDanh, hoTen, quanHe } }` → `{ maKetQua: '000', thongBao,
 *   duLieu: { maSoBHXH, soThangDong, troCapMaiTang, cheDoTuTuat, ngayTiepNhan, hanTraKetQua } }`.
 * - `GET /api/v1/giaodich/:maGiaoDich`: what a request was answered, by its Idempotency-Key.
 * Dates are `dd/MM/yyyy`; refusals answer a 4xx with `{ maKetQua, thongBao }`.
 */
export function buildSocialSecurityMock (options: SocialSecurityMockOptions): SocialSecurityMock {
  const seed = options.seed ?? 20261122
  const now = options.now ?? (() => new Date())
  const citizens = generateCitizens(seed, options.size ?? 5_000)
  const insured = generateInsured(seed, citizens)
  const insuredById = new Map(insured.map((p) => [p.soDinhDanh, p]))
  const usedNumbers = new Set(insured.map((p) => p.maSoBHXH))
  // New numbers for newborns: seeded too, so a rerun of a test issues the same ones.
  const newNumbers = mulberry32(seed ^ 0x7e1b4f)
  const cards = new Map<string, IssuedCard>()
  const claims = new Map<string, SurvivorshipClaim>()
  const kit = new MockKit({ kind: 'social-security', seed, ...(options.faults !== undefined ? { faults: options.faults } : {}), ...(options.logger !== undefined ? { logger: options.logger } : {}) })
  const authenticate = apiKeyCheck(options.credentials.apiKey, () => ({ maKetQua: SOCIAL_SECURITY_CODES.badCredential, thongBao: 'Khóa truy cập không hợp lệ' }))

  kit.business({
    method: 'POST',
    url: SOCIAL_SECURITY_ROUTES.childCard,
    authenticate,
    handle: (request) => {
      const body = objectBody(request)
      const at = now()
      const invalidField = invalidChildCard(body, at)
      if (invalidField !== null) return refuse(400, SOCIAL_SECURITY_CODES.invalidRequest, `Dữ liệu không hợp lệ: ${invalidField}`)
      const soDinhDanh = body.soDinhDanh as string
      const ngaySinh = body.ngaySinh as string
      const birth = nativeDateToIso(ngaySinh) as string
      // Law on Health Insurance art. 12: the State pays the cover of children under 6, so the
      // card runs from birth to the day before the 6th birthday; a child of 6 is not eligible.
      const sixthBirthday = addYears(birth, 6)
      if (vietnamDate(at) >= sixthBirthday) {
        return refuse(422, SOCIAL_SECURITY_CODES.childTooOld, `Trẻ em sinh ngày ${ngaySinh} đã đủ 6 tuổi, không thuộc đối tượng cấp thẻ BHYT trẻ em dưới 6 tuổi`)
      }
      const existing = cards.get(soDinhDanh)
      if (existing !== undefined) return refuse(409, SOCIAL_SECURITY_CODES.cardAlreadyIssued, `Trẻ em ${soDinhDanh} đã được cấp thẻ BHYT ${existing.maThe}`)
      const province = insuranceProvinceOf(soDinhDanh)
      const maSoBHXH = uniqueNumber(province, Math.floor(newNumbers() * 100_000_000), usedNumbers)
      const guardian = body.nguoiGiamHo as Record<string, unknown>
      const card: IssuedCard = {
        // Decision 1666/QĐ-BHXH: object code TE (child under 6), benefit level 1 (100 %), the
        // 2-digit province of the issuing office, then the 10-digit social insurance number.
        maThe: `TE1${province}${maSoBHXH}`,
        maSoBHXH,
        soDinhDanh,
        hoTen: body.hoTen as string,
        ngaySinh,
        gtTheTu: ngaySinh,
        gtTheDen: isoDateToNative(addDays(sixthBirthday, -1)) as string,
        maHoSoLienThong: body.maHoSoLienThong as string
      }
      cards.set(soDinhDanh, card)
      kit.recordEffect('capthebhyt', { ...card, soGiayKhaiSinh: body.soGiayKhaiSinh, nguoiGiamHo: guardian.soDinhDanh })
      return {
        status: 200,
        body: {
          maKetQua: SOCIAL_SECURITY_CODES.ok,
          thongBao: 'Cấp thẻ BHYT thành công',
          duLieu: { maThe: card.maThe, maSoBHXH, hoTen: card.hoTen, ngaySinh, gtTheTu: card.gtTheTu, gtTheDen: card.gtTheDen, ngayCap: nativeDateOf(at) }
        }
      }
    }
  })

  kit.business({
    method: 'POST',
    url: SOCIAL_SECURITY_ROUTES.deathBenefits,
    authenticate,
    handle: (request) => {
      const body = objectBody(request)
      const invalidField = invalidClaim(body)
      if (invalidField !== null) return refuse(400, SOCIAL_SECURITY_CODES.invalidRequest, `Dữ liệu không hợp lệ: ${invalidField}`)
      const at = now()
      const deceased = body.nguoiChet as Record<string, string>
      const soDinhDanh = deceased.soDinhDanh as string
      const ngayChet = nativeDateToIso(deceased.ngayChet as string) as string
      if (ngayChet > vietnamDate(at)) {
        return refuse(422, SOCIAL_SECURITY_CODES.invalidDateOfDeath, `Ngày chết ${deceased.ngayChet} sau ngày hiện tại`)
      }
      const person = insuredById.get(soDinhDanh)
      if (person !== undefined) {
        if (!sameVietnameseText(person.hoTen, deceased.hoTen as string)) {
          return refuse(422, SOCIAL_SECURITY_CODES.deceasedMismatch, `Họ tên người chết không khớp với sổ BHXH ${person.maSoBHXH}`)
        }
        if (ngayChet < (nativeDateToIso(person.ngaySinh) as string)) {
          return refuse(422, SOCIAL_SECURITY_CODES.invalidDateOfDeath, `Ngày chết ${deceased.ngayChet} trước ngày sinh ${person.ngaySinh}`)
        }
      }
      const previous = claims.get(soDinhDanh)
      if (previous !== undefined) {
        return refuse(409, SOCIAL_SECURITY_CODES.alreadyClaimed, `Đã tiếp nhận hồ sơ tử tuất của người chết ${soDinhDanh} (hồ sơ ${previous.maHoSoLienThong})`)
      }
      // Someone who never contributed leaves no entitlement: the claim is recorded and answered
      // with nothing to pay, rather than refused, so the family gets a decision on paper.
      const claim: SurvivorshipClaim = {
        maHoSoLienThong: body.maHoSoLienThong as string,
        soDinhDanh,
        maSoBHXH: person?.maSoBHXH ?? null,
        troCapMaiTang: person !== undefined ? FUNERAL_ALLOWANCE_VND : 0,
        cheDoTuTuat: person === undefined ? 'KHONG' : person.soThangDong >= MONTHLY_SURVIVOR_MONTHS ? 'HANG_THANG' : 'MOT_LAN',
        ngayTiepNhan: nativeDateTime(at),
        hanTraKetQua: nativeDateOf(addWorkingDays(at, DECISION_WORKING_DAYS))
      }
      claims.set(soDinhDanh, claim)
      const claimant = body.thanNhan as Record<string, string>
      kit.recordEffect('tutuat', { ...claim, soTrichLucKhaiTu: body.soTrichLucKhaiTu, thanNhan: claimant.soDinhDanh, quanHe: claimant.quanHe })
      return {
        status: 200,
        body: {
          maKetQua: SOCIAL_SECURITY_CODES.ok,
          thongBao: 'Tiếp nhận hồ sơ hưởng chế độ tử tuất thành công',
          duLieu: {
            maSoBHXH: claim.maSoBHXH,
            soThangDong: person?.soThangDong ?? 0,
            troCapMaiTang: claim.troCapMaiTang,
            cheDoTuTuat: claim.cheDoTuTuat,
            ngayTiepNhan: claim.ngayTiepNhan,
            hanTraKetQua: claim.hanTraKetQua
          }
        }
      }
    }
  })

  // A request looked up by its transaction id (the Idempotency-Key it came with): whether it was
  // processed, which kind of transaction it was, and what was answered. Faults apply here too.
  kit.business({
    method: 'GET',
    url: SOCIAL_SECURITY_ROUTES.transaction,
    authenticate,
    handle: (request) => {
      const key = (request.params as { maGiaoDich: string }).maGiaoDich
      for (const [route, type] of [['childCard', TRANSACTION_TYPES.childCard], ['deathBenefits', TRANSACTION_TYPES.deathBenefits]] as const) {
        const answer = kit.answerOf(`POST ${SOCIAL_SECURITY_ROUTES[route]}`, key)
        if (answer === undefined) continue
        return {
          status: 200,
          body: { maKetQua: SOCIAL_SECURITY_CODES.ok, thongBao: 'Giao dịch đã được xử lý', duLieu: { loaiGiaoDich: type, maTrangThaiHttp: answer.status, ketQua: answer.body } },
          replayable: false
        }
      }
      return { ...refuse(404, SOCIAL_SECURITY_CODES.unknownTransaction, 'Không tìm thấy giao dịch'), replayable: false }
    }
  })

  return { kit, citizens, insured, cards, claims }
}

function refuse (status: number, maKetQua: string, thongBao: string): NativeAnswer {
  return { status, body: { maKetQua, thongBao } }
}

function objectBody (request: FastifyRequest): Record<string, unknown> {
  return isRecord(request.body) ? request.body : {}
}

function text (value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

function nativeDate (value: unknown): value is string {
  return typeof value === 'string' && DATE.test(value) && nativeDateToIso(value) !== null
}

/** Names the first invalid field of a card request, or null. */
function invalidChildCard (body: Record<string, unknown>, at: Date): string | null {
  if (typeof body.maHoSoLienThong !== 'string' || dossierCodeProblem(body.maHoSoLienThong) !== null) return 'maHoSoLienThong'
  if (typeof body.soDinhDanh !== 'string' || personalIdProblem(body.soDinhDanh, at) !== null) return 'soDinhDanh'
  if (!text(body.hoTen)) return 'hoTen'
  if (!nativeDate(body.ngaySinh) || (nativeDateToIso(body.ngaySinh) as string) > vietnamDate(at)) return 'ngaySinh'
  if (body.gioiTinh !== 1 && body.gioiTinh !== 2) return 'gioiTinh'
  // The number was issued at birth registration: it must encode this birth year and sex.
  if (personalIdAgreementProblem(body.soDinhDanh, nativeDateToIso(body.ngaySinh) as string, body.gioiTinh === 1 ? 'male' : 'female') !== null) return 'soDinhDanh'
  if (!text(body.soGiayKhaiSinh)) return 'soGiayKhaiSinh'
  if (!text(body.diaChi)) return 'diaChi'
  const guardian = body.nguoiGiamHo
  if (!isRecord(guardian)) return 'nguoiGiamHo'
  if (typeof guardian.soDinhDanh !== 'string' || personalIdProblem(guardian.soDinhDanh, at) !== null || guardian.soDinhDanh === body.soDinhDanh) return 'nguoiGiamHo.soDinhDanh'
  if (!text(guardian.hoTen)) return 'nguoiGiamHo.hoTen'
  return null
}

/** Names the first invalid field of a survivorship claim, or null. */
function invalidClaim (body: Record<string, unknown>): string | null {
  if (typeof body.maHoSoLienThong !== 'string' || dossierCodeProblem(body.maHoSoLienThong) !== null) return 'maHoSoLienThong'
  const deceased = body.nguoiChet
  if (!isRecord(deceased)) return 'nguoiChet'
  if (typeof deceased.soDinhDanh !== 'string' || !PERSONAL_ID.test(deceased.soDinhDanh)) return 'nguoiChet.soDinhDanh'
  if (!text(deceased.hoTen)) return 'nguoiChet.hoTen'
  if (!nativeDate(deceased.ngayChet)) return 'nguoiChet.ngayChet'
  if (!text(body.soTrichLucKhaiTu)) return 'soTrichLucKhaiTu'
  const claimant = body.thanNhan
  if (!isRecord(claimant)) return 'thanNhan'
  if (typeof claimant.soDinhDanh !== 'string' || !PERSONAL_ID.test(claimant.soDinhDanh) || claimant.soDinhDanh === deceased.soDinhDanh) return 'thanNhan.soDinhDanh'
  if (!text(claimant.hoTen)) return 'thanNhan.hoTen'
  if (!text(claimant.quanHe)) return 'thanNhan.quanHe'
  return null
}

/** Today in Vietnam, `YYYY-MM-DD`. */

/**
 * `YYYY-MM-DD` plus whole years; 29 February becomes 1 March in a common year (the day the
 * person has lived the full years).
 */
function addYears (iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10)
}

/** `YYYY-MM-DD` plus (or minus) calendar days. */
function addDays (iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}
