import { makePersonalId, PROVINCE_CODES } from '../../src/identifiers/index.js'
import { mulberry32, pick, pickWeighted, randomInt, type Random } from '../mock-kit/prng.js'
import { vietnameseAddress, vietnameseCommune, vietnameseName, type Sex } from '../mock-kit/vietnamese.js'

/** A citizen as the National Population Database stores it (native field names and formats). */
export interface NativeCitizen {
  /** 12-digit personal identification number; agrees with ngaySinh and gioiTinh. */
  soDinhDanh: string
  hoVaTen: string
  /** `dd/MM/yyyy` */
  ngaySinh: string
  gioiTinh: 'Nam' | 'Nữ'
  quocTich: string
  danToc: string
  tonGiao: string
  queQuan: string
  noiThuongTru: string
  noiOHienTai: string
}

/** The record fields a caller may ask for, in native names. */
export const CITIZEN_FIELDS = ['soDinhDanh', 'hoVaTen', 'ngaySinh', 'gioiTinh', 'quocTich', 'danToc', 'tonGiao', 'queQuan', 'noiThuongTru', 'noiOHienTai'] as const
export type CitizenField = typeof CITIZEN_FIELDS[number]

const ETHNICITIES: ReadonlyArray<readonly [string, number]> = [
  ['Kinh', 85], ['Tày', 2], ['Thái', 2], ['Mường', 1.5], ['Khmer', 1.4], ['Hoa', 0.8], ['Nùng', 1.1], ['Mông', 1.3], ['Dao', 0.9], ['Gia Rai', 0.5], ['Ê Đê', 0.4]
]
const RELIGIONS: ReadonlyArray<readonly [string, number]> = [
  ['Không', 80], ['Phật giáo', 8], ['Công giáo', 7], ['Cao Đài', 1.5], ['Tin Lành', 1.5], ['Phật giáo Hòa Hảo', 1.5]
]
const PROVINCES = [...PROVINCE_CODES]

/**
 * Deterministic synthetic citizens: the same seed and count always give the same people.
 * Each personal identification number encodes the citizen's birth province, century and
 * sex, and birth year (Circular 07/2016/TT-BCA), so the gateway's agreement checks pass.
 */
export function generateCitizens (seed: number, count: number): NativeCitizen[] {
  const random = mulberry32(seed)
  const used = new Set<string>()
  const citizens: NativeCitizen[] = []
  while (citizens.length < count) {
    const sex: Sex = random() < 0.5 ? 'male' : 'female'
    const province = pick(random, PROVINCES)
    const year = randomInt(random, 1940, 2023)
    const month = randomInt(random, 1, 12)
    const day = randomInt(random, 1, new Date(Date.UTC(year, month, 0)).getUTCDate())
    const id = makePersonalId(province, year, sex, randomInt(random, 0, 999_999))
    if (used.has(id)) continue
    used.add(id)
    const residence = vietnameseAddress(random, random() < 0.7 ? province : undefined)
    citizens.push({
      soDinhDanh: id,
      hoVaTen: vietnameseName(random, sex),
      ngaySinh: `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`,
      gioiTinh: sex === 'male' ? 'Nam' : 'Nữ',
      quocTich: 'Việt Nam',
      danToc: pickWeighted(random, ETHNICITIES),
      tonGiao: pickWeighted(random, RELIGIONS),
      queQuan: vietnameseCommune(random, random() < 0.8 ? province : undefined),
      noiThuongTru: residence,
      // Most people live where they are registered; some have moved.
      noiOHienTai: random() < 0.8 ? residence : vietnameseAddress(random)
    })
  }
  return citizens
}

/**
 * A new personal identification number for a person born in `birthYear`, registered in the
 * province with the 3-digit code `province` (Circular 07/2016/TT-BCA: province, century and sex,
 * year, then six digits): the six digits drawn from `random` until the number is not `taken`.
 */
export function issuePersonalId (province: string, birthYear: number, sex: Sex, random: Random, taken: (id: string) => boolean): string {
  for (;;) {
    const id = makePersonalId(province, birthYear, sex, randomInt(random, 0, 999_999))
    if (!taken(id)) return id
  }
}
