import { pick, pickWeighted, randomInt, type Random } from './prng.js'

/**
 * Vietnamese names and addresses for synthetic records. Every string here is written
 * in NFC (precomposed), the form the national databases store.
 */

// Weights roughly follow the surname shares reported in population surveys:
// Nguyễn alone is close to four in ten people.
const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 5], ['Huỳnh', 4],
  ['Phan', 4.5], ['Vũ', 3.9], ['Võ', 3], ['Đặng', 2.1], ['Bùi', 2], ['Đỗ', 1.4],
  ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5], ['Đinh', 0.5], ['Trương', 0.5],
  ['Mai', 0.4], ['Tô', 0.3], ['Lâm', 0.3], ['Hà', 0.3]
]

const MIDDLE_NAMES = {
  male: ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Công', 'Thành', 'Xuân', 'Tuấn', 'Gia', 'Quốc', 'Đình'],
  female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Bảo', 'Kim', 'Diệu', 'Phương', 'Hồng', 'Mỹ', 'Khánh']
} as const

const GIVEN_NAMES = {
  male: ['An', 'Bình', 'Cường', 'Dũng', 'Hùng', 'Khoa', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Thắng',
    'Trung', 'Tuấn', 'Việt', 'Hải', 'Đạt', 'Huy', 'Khánh', 'Lộc', 'Mạnh', 'Nghĩa', 'Tài', 'Vĩnh'],
  female: ['Anh', 'Chi', 'Dung', 'Hà', 'Hạnh', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngân', 'Nhung', 'Oanh',
    'Phượng', 'Quyên', 'Thảo', 'Trang', 'Tuyết', 'Uyên', 'Vy', 'Yến', 'Giang', 'Hằng', 'Loan', 'Thủy']
} as const

/** Province names by the 3-digit code of the personal identification number (pre-2025 list). */
export const PROVINCE_NAMES: Readonly<Record<string, string>> = {
  '001': 'Thành phố Hà Nội',
  '002': 'Tỉnh Hà Giang',
  '004': 'Tỉnh Cao Bằng',
  '006': 'Tỉnh Bắc Kạn',
  '008': 'Tỉnh Tuyên Quang',
  '010': 'Tỉnh Lào Cai',
  '011': 'Tỉnh Điện Biên',
  '012': 'Tỉnh Lai Châu',
  '014': 'Tỉnh Sơn La',
  '015': 'Tỉnh Yên Bái',
  '017': 'Tỉnh Hòa Bình',
  '019': 'Tỉnh Thái Nguyên',
  '020': 'Tỉnh Lạng Sơn',
  '022': 'Tỉnh Quảng Ninh',
  '024': 'Tỉnh Bắc Giang',
  '025': 'Tỉnh Phú Thọ',
  '026': 'Tỉnh Vĩnh Phúc',
  '027': 'Tỉnh Bắc Ninh',
  '030': 'Tỉnh Hải Dương',
  '031': 'Thành phố Hải Phòng',
  '033': 'Tỉnh Hưng Yên',
  '034': 'Tỉnh Thái Bình',
  '035': 'Tỉnh Hà Nam',
  '036': 'Tỉnh Nam Định',
  '037': 'Tỉnh Ninh Bình',
  '038': 'Tỉnh Thanh Hóa',
  '040': 'Tỉnh Nghệ An',
  '042': 'Tỉnh Hà Tĩnh',
  '044': 'Tỉnh Quảng Bình',
  '045': 'Tỉnh Quảng Trị',
  '046': 'Tỉnh Thừa Thiên Huế',
  '048': 'Thành phố Đà Nẵng',
  '049': 'Tỉnh Quảng Nam',
  '051': 'Tỉnh Quảng Ngãi',
  '052': 'Tỉnh Bình Định',
  '054': 'Tỉnh Phú Yên',
  '056': 'Tỉnh Khánh Hòa',
  '058': 'Tỉnh Ninh Thuận',
  '060': 'Tỉnh Bình Thuận',
  '062': 'Tỉnh Kon Tum',
  '064': 'Tỉnh Gia Lai',
  '066': 'Tỉnh Đắk Lắk',
  '067': 'Tỉnh Đắk Nông',
  '068': 'Tỉnh Lâm Đồng',
  '070': 'Tỉnh Bình Phước',
  '072': 'Tỉnh Tây Ninh',
  '074': 'Tỉnh Bình Dương',
  '075': 'Tỉnh Đồng Nai',
  '077': 'Tỉnh Bà Rịa - Vũng Tàu',
  '079': 'Thành phố Hồ Chí Minh',
  '080': 'Tỉnh Long An',
  '082': 'Tỉnh Tiền Giang',
  '083': 'Tỉnh Bến Tre',
  '084': 'Tỉnh Trà Vinh',
  '086': 'Tỉnh Vĩnh Long',
  '087': 'Tỉnh Đồng Tháp',
  '089': 'Tỉnh An Giang',
  '091': 'Tỉnh Kiên Giang',
  '092': 'Thành phố Cần Thơ',
  '093': 'Tỉnh Hậu Giang',
  '094': 'Tỉnh Sóc Trăng',
  '095': 'Tỉnh Bạc Liêu',
  '096': 'Tỉnh Cà Mau'
}

const DISTRICTS = ['Thành Công', 'Hòa Bình', 'Tân Phú', 'Đông Hưng', 'Yên Lạc', 'Phú Xuyên', 'Bình Minh',
  'Châu Thành', 'Long Điền', 'Quảng Xương', 'Thạch Hà', 'Kim Sơn', 'Đức Trọng', 'Cẩm Giàng']
const WARDS = ['Tân Định', 'Bến Thành', 'Phú Lợi', 'Hòa Khánh', 'Trung Hòa', 'Quang Trung', 'An Phú',
  'Thanh Xuân', 'Vĩnh Ninh', 'Hưng Lợi', 'Nghĩa Đô', 'Phước Long', 'Đông Ngạc', 'Tân Lập', 'Xuân Hòa']
const STREETS = ['Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Trãi', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Quang Trung',
  'Hùng Vương', 'Phan Đình Phùng', 'Điện Biên Phủ', 'Nguyễn Huệ', 'Lê Duẩn', 'Võ Thị Sáu',
  'Cách Mạng Tháng Tám', 'Nguyễn Văn Cừ', 'Bà Triệu', 'Trường Chinh', 'Lạc Long Quân', 'Hoàng Diệu']

export type Sex = 'male' | 'female'

/** A full name `Surname Middle Given`, e.g. `Nguyễn Thị Hương`. */
export function vietnameseName (random: Random, sex: Sex): string {
  return `${pickWeighted(random, SURNAMES)} ${pick(random, MIDDLE_NAMES[sex])} ${pick(random, GIVEN_NAMES[sex])}`
}

/** A province name for a 3-digit province code; a random one when the code is not given. */
export function provinceName (random: Random, code?: string): string {
  if (code !== undefined && PROVINCE_NAMES[code] !== undefined) return PROVINCE_NAMES[code]
  return pick(random, Object.values(PROVINCE_NAMES))
}

/** A commune-level place (`Xã …, Huyện …, Tỉnh …`), the form used for a place of origin. */
export function vietnameseCommune (random: Random, provinceCode?: string): string {
  const province = provinceName(random, provinceCode)
  return `Xã ${pick(random, WARDS)}, Huyện ${pick(random, DISTRICTS)}, ${province}`
}

/** A street address (`Số 12 đường Lê Lợi, Phường …, Quận …, Thành phố …`). */
export function vietnameseAddress (random: Random, provinceCode?: string): string {
  const province = provinceName(random, provinceCode)
  const city = province.startsWith('Thành phố')
  return `Số ${randomInt(random, 1, 399)} đường ${pick(random, STREETS)}, Phường ${pick(random, WARDS)}, ` +
    `${city ? 'Quận' : 'Huyện'} ${pick(random, DISTRICTS)}, ${province}`
}

/**
 * Comparison key for Vietnamese text: NFC (a name typed in decomposed NFD form still
 * matches), lower case under Vietnamese rules (Đ → đ), runs of spaces collapsed.
 */
export function vietnameseTextKey (text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim()
}

/** Whether two Vietnamese strings are the same name or address under {@link vietnameseTextKey}. */
export function sameVietnameseText (a: string, b: string): boolean {
  return vietnameseTextKey(a) === vietnameseTextKey(b)
}

/** ASCII form (`Đặng Hữu Phúc` → `Dang Huu Phuc`), used for English trade names. */
export function withoutDiacritics (text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
}
