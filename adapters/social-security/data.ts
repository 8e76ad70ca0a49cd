import { mulberry32 } from '../mock-kit/prng.js'
import type { NativeCitizen } from '../population/data.js'

/**
 * An insured person as Vietnam Social Security's database stores them (native names): the
 * social insurance number (mã số BHXH) and the contribution record that decides benefits.
 */
export interface NativeInsured {
  /** 10 digits: the 2-digit province code of the issuing provincial office, then an 8-digit serial. */
  maSoBHXH: string
  soDinhDanh: string
  hoTen: string
  /** `dd/MM/yyyy` */
  ngaySinh: string
  /** 1 nam, 2 nữ. */
  gioiTinh: 1 | 2
  diaChi: string
  /** Total months of compulsory social insurance contributions (tổng số tháng đóng BHXH). */
  soThangDong: number
}

/** A seeded citizen as a test sees it here: the population record and, when insured, the insurance record. */
export interface InsuranceSample extends NativeCitizen {
  /** null: the citizen never contributed (no social insurance number). */
  maSoBHXH: string | null
  soThangDong: number
}

// Contribution histories are drawn against a fixed year, not the clock, so the same seed gives
// the same people on every day the tests run.
const REFERENCE_YEAR = 2026
// Share of working-age citizens with a compulsory social insurance record.
const INSURED_SHARE = 0.6

/** The 2-digit province code of social insurance and health insurance numbers, from a personal ID's 3-digit birth province. */
export function insuranceProvinceOf (personalId: string): string {
  return personalId.slice(1, 3)
}

/**
 * The insured among `citizens` (from `generateCitizens(seed, n)`): deterministic in the seed and
 * the citizens' order, so the same seed gives the same insured people as the other mocks' citizens.
 * Only citizens of working age in {@link REFERENCE_YEAR} can have contributed.
 */
export function generateInsured (seed: number, citizens: readonly NativeCitizen[]): NativeInsured[] {
  // A stream of its own: drawing here must not shift the population's citizens.
  const random = mulberry32(seed ^ 0x0b4c5a1e)
  const used = new Set<string>()
  const insured: NativeInsured[] = []
  for (const citizen of citizens) {
    // Four draws per citizen whatever happens, so one citizen's outcome never shifts the next one's.
    const joins = random()
    const startAge = 18 + Math.floor(random() * 8)
    const worked = random()
    const serial = Math.floor(random() * 100_000_000)
    const birthYear = Number(citizen.ngaySinh.slice(6))
    const endYear = Math.min(REFERENCE_YEAR, birthYear + 62)
    const maxMonths = (endYear - birthYear - startAge) * 12
    if (maxMonths < 12 || joins >= INSURED_SHARE) continue
    const province = insuranceProvinceOf(citizen.soDinhDanh)
    const maSoBHXH = uniqueNumber(province, serial, used)
    insured.push({
      maSoBHXH,
      soDinhDanh: citizen.soDinhDanh,
      hoTen: citizen.hoVaTen,
      ngaySinh: citizen.ngaySinh,
      gioiTinh: citizen.gioiTinh === 'Nam' ? 1 : 2,
      diaChi: citizen.noiThuongTru,
      // Careers with gaps: anything from a year to every month since the first job.
      soThangDong: 12 + Math.round((maxMonths - 12) * worked)
    })
  }
  return insured
}

/**
 * A social insurance number `<province><8-digit serial>` not yet in `used` (which it joins): the
 * serial asked for, or the next free one after it.
 */
export function uniqueNumber (province: string, serial: number, used: Set<string>): string {
  let next = serial % 100_000_000
  let number = `${province}${String(next).padStart(8, '0')}`
  while (used.has(number)) {
    next = (next + 1) % 100_000_000
    number = `${province}${String(next).padStart(8, '0')}`
  }
  used.add(number)
  return number
}
