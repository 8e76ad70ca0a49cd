import { mulberry32, pickWeighted } from '../mock-kit/prng.js'
import { PROVINCE_NAMES } from '../mock-kit/vietnamese.js'
import { generateCitizens, type NativeCitizen } from '../population/data.js'

/** Gender as the residence database codes it: 1 nam (male), 2 nữ (female). */
export type NativeGender = 1 | 2

/** Registration status of a resident: permanently registered, or deregistered (xóa đăng ký thường trú). */
export type ResidentStatus = 'THUONG_TRU' | 'DA_XOA_DANG_KY'

/** The relationship the residence database writes for a household's head. */
export const HEAD_RELATIONSHIP = 'Chủ hộ'

/** A resident as the residence database (Cơ sở dữ liệu về cư trú) stores them, native names and formats. */
export interface NativeResident {
  /** 12-digit personal identification number: the same person as in the population database. */
  soDinhDanh: string
  hoVaTen: string
  /** `dd/MM/yyyy` */
  ngaySinh: string
  gioiTinh: NativeGender
  /** Permanent residence address: the household's. */
  noiThuongTru: string
  /** Number of the household the resident belongs to. */
  soHoKhau: string
  /** Personal ID of the household's head (the resident's own for a head). */
  soDinhDanhChuHo: string
  laChuHo: boolean
  /** `Chủ hộ`, `Vợ`, `Chồng`, `Con`, `Cháu`, `Em`, or what a registration said. */
  quanHeVoiChuHo: string
  trangThai: ResidentStatus
}

// Household sizes weighted for an average of 3.5 people, near the 2019 census's 3.5 per household.
const HOUSEHOLD_SIZES: ReadonlyArray<readonly [number, number]> = [[1, 10], [2, 15], [3, 25], [4, 25], [5, 15], [6, 10]]
// A stream of its own, so grouping never changes who the seeded citizens are.
const HOUSEHOLD_STREAM = 0x0c7a_7a11

/** `dd/MM/yyyy` → `yyyyMMdd`, which sorts by date. */
function sortableDate (native: string): string {
  return `${native.slice(6, 10)}${native.slice(3, 5)}${native.slice(0, 2)}`
}

/** The province code of an address that ends with a province name (`…, Thành phố Hà Nội`), or null. */
function provinceOfAddress (address: string): string | null {
  for (const [code, name] of Object.entries(PROVINCE_NAMES)) {
    if (address.endsWith(`, ${name}`)) return code
  }
  return null
}

/** How a member relates to the head (the eldest of the household), from age, sex and whether a spouse was named. */
function relationshipOf (member: NativeCitizen, head: NativeCitizen, spouseTaken: boolean): string {
  const gap = Number(member.ngaySinh.slice(6)) - Number(head.ngaySinh.slice(6))
  if (gap >= 40) return 'Cháu'
  if (gap >= 15) return 'Con'
  if (!spouseTaken && member.gioiTinh !== head.gioiTinh) return member.gioiTinh === 'Nữ' ? 'Vợ' : 'Chồng'
  return 'Em'
}

/**
 * The residents of the residence database: the population database's seeded citizens (same seed,
 * same people, in the same order) grouped into households in order, 1 to 6 people each. The eldest
 * of a household is its head (the synthetic data is no family tree: a household may be one minor)
 * and its address (the head's permanent address in the population database) is every member's.
 * A household number is the 3-digit province code of its address and a 6-digit serial.
 * `generateResidents(seed, n)` is a prefix of `generateResidents(seed, m)` for n < m, but for the
 * last household of the shorter list, which may be cut short.
 */
export function generateResidents (seed: number, count: number): NativeResident[] {
  const citizens = generateCitizens(seed, count)
  const random = mulberry32(seed ^ HOUSEHOLD_STREAM)
  const residents: NativeResident[] = []
  let serial = 0
  for (let start = 0; start < citizens.length;) {
    const members = citizens.slice(start, start + pickWeighted(random, HOUSEHOLD_SIZES))
    start += members.length
    serial++
    const head = members.reduce((eldest, c) => sortableDate(c.ngaySinh) < sortableDate(eldest.ngaySinh) ? c : eldest)
    const province = provinceOfAddress(head.noiThuongTru) ?? head.soDinhDanh.slice(0, 3)
    const soHoKhau = `${province}${String(serial).padStart(6, '0')}`
    let spouseTaken = false
    for (const member of members) {
      const isHead = member === head
      const quanHeVoiChuHo = isHead ? HEAD_RELATIONSHIP : relationshipOf(member, head, spouseTaken)
      if (quanHeVoiChuHo === 'Vợ' || quanHeVoiChuHo === 'Chồng') spouseTaken = true
      residents.push({
        soDinhDanh: member.soDinhDanh,
        hoVaTen: member.hoVaTen,
        ngaySinh: member.ngaySinh,
        gioiTinh: member.gioiTinh === 'Nam' ? 1 : 2,
        noiThuongTru: head.noiThuongTru,
        soHoKhau,
        soDinhDanhChuHo: head.soDinhDanh,
        laChuHo: isHead,
        quanHeVoiChuHo,
        trangThai: 'THUONG_TRU'
      })
    }
  }
  return residents
}
