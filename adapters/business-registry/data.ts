import { enterpriseCheckDigit } from '../../src/identifiers/index.js'
import { mulberry32, pick, pickWeighted, randomInt, type Random } from '../mock-kit/prng.js'
import { vietnameseAddress, vietnameseName, withoutDiacritics } from '../mock-kit/vietnamese.js'

/** Legal forms as the registry writes them (Law on Enterprises 2020). */
export const ENTERPRISE_TYPES = [
  'Công ty trách nhiệm hữu hạn một thành viên',
  'Công ty trách nhiệm hữu hạn hai thành viên trở lên',
  'Công ty cổ phần',
  'Doanh nghiệp tư nhân',
  'Công ty hợp danh'
] as const

/** Registration states as the registry writes them. */
export const ENTERPRISE_STATES = [
  'Đang hoạt động',
  'Tạm ngừng kinh doanh',
  'Đang làm thủ tục giải thể',
  'Đã giải thể',
  'Phá sản'
] as const

/** A business line: 4-digit code of the Vietnam Standard Industrial Classification (VSIC 2018). */
export interface NativeBusinessLine {
  maNganh: string
  tenNganh: string
  laNganhChinh: boolean
}

/** An enterprise as the National Business Registration Database stores it. */
export interface NativeEnterprise {
  /** 10 digits, the last a check digit. */
  maSoDoanhNghiep: string
  tenDoanhNghiep: string
  tenTiengAnh: string | null
  loaiHinh: typeof ENTERPRISE_TYPES[number]
  tinhTrang: typeof ENTERPRISE_STATES[number]
  /** `dd/MM/yyyy` */
  ngayThanhLap: string
  diaChiTruSo: string
  nguoiDaiDien: { hoVaTen: string, chucDanh: string }
  /** Charter capital in VND. */
  vonDieuLe: number
  nganhNghe: NativeBusinessLine[]
}

const VSIC: ReadonlyArray<readonly [string, string]> = [
  ['0111', 'Trồng lúa'],
  ['1010', 'Chế biến, bảo quản thịt và các sản phẩm từ thịt'],
  ['1410', 'May trang phục (trừ trang phục từ da lông thú)'],
  ['4101', 'Xây dựng nhà để ở'],
  ['4102', 'Xây dựng nhà không để ở'],
  ['4290', 'Xây dựng công trình kỹ thuật dân dụng khác'],
  ['4632', 'Bán buôn thực phẩm'],
  ['4649', 'Bán buôn đồ dùng khác cho gia đình'],
  ['4659', 'Bán buôn máy móc, thiết bị và phụ tùng máy khác'],
  ['4711', 'Bán lẻ lương thực, thực phẩm, đồ uống, thuốc lá, thuốc lào chiếm tỷ trọng lớn trong các cửa hàng kinh doanh tổng hợp'],
  ['4933', 'Vận tải hàng hóa bằng đường bộ'],
  ['5510', 'Dịch vụ lưu trú ngắn ngày'],
  ['5610', 'Nhà hàng và các dịch vụ ăn uống phục vụ lưu động'],
  ['6201', 'Lập trình máy vi tính'],
  ['6202', 'Tư vấn máy vi tính và quản trị hệ thống máy vi tính'],
  ['6810', 'Kinh doanh bất động sản, quyền sử dụng đất thuộc chủ sở hữu, chủ sử dụng hoặc đi thuê'],
  ['7020', 'Hoạt động tư vấn quản lý'],
  ['8559', 'Giáo dục khác chưa được phân vào đâu']
]

const SECTORS: ReadonlyArray<readonly [string, string]> = [
  ['Thương mại', 'Trading'], ['Xây dựng', 'Construction'], ['Công nghệ', 'Technology'],
  ['Dịch vụ', 'Services'], ['Đầu tư', 'Investment'], ['Vận tải', 'Transport'], ['Thực phẩm', 'Food'], ['Du lịch', 'Tourism']
]
const BRANDS = ['Hoàng Phát', 'Minh Long', 'An Phú', 'Thành Công', 'Việt Tiến', 'Đại Nam', 'Phúc Thịnh', 'Hưng Thịnh',
  'Sao Mai', 'Bình Minh', 'Trường An', 'Kim Ngân', 'Hải Đăng', 'Tân Việt', 'Đông Á', 'Phương Nam', 'Hòa Bình', 'Quang Minh']
// Tax-office prefixes of the enterprise code by province (01 Hà Nội, 02 Hải Phòng, 03 TP.HCM, 04 Đà Nẵng...),
// paired with the province code used for the head-office address.
const PREFIXES: ReadonlyArray<readonly [string, string]> = [['01', '001'], ['02', '031'], ['03', '079'], ['04', '048'], ['18', '092'], ['37', '074'], ['36', '075'], ['23', '027']]
const TITLES = ['Giám đốc', 'Tổng giám đốc', 'Chủ tịch Hội đồng quản trị', 'Chủ tịch công ty']

/** A valid 10-digit enterprise code with the given 2-digit prefix. */
export function makeEnterpriseCode (random: Random, prefix: string): string {
  for (;;) {
    const first9 = prefix + String(randomInt(random, 0, 9_999_999)).padStart(7, '0')
    const check = enterpriseCheckDigit(first9)
    if (check !== null) return `${first9}${check}`
  }
}

/** Deterministic synthetic enterprises: the same seed and count always give the same registry. */
export function generateEnterprises (seed: number, count: number): NativeEnterprise[] {
  const random = mulberry32(seed ^ 0xb151)
  const used = new Set<string>()
  const enterprises: NativeEnterprise[] = []
  while (enterprises.length < count) {
    const [prefix, province] = pick(random, PREFIXES)
    const code = makeEnterpriseCode(random, prefix)
    if (used.has(code)) continue
    used.add(code)
    const loaiHinh = pickWeighted(random, ENTERPRISE_TYPES.map((t, i) => [t, [40, 20, 30, 7, 3][i] as number] as const))
    const [sector, sectorEn] = pick(random, SECTORS)
    const brand = pick(random, BRANDS)
    const { name, englishName } = tradeNames(loaiHinh, sector, sectorEn, brand)
    const year = randomInt(random, 1995, 2025)
    const lines = new Set<number>()
    const lineCount = randomInt(random, 1, 5)
    while (lines.size < lineCount) lines.add(randomInt(random, 0, VSIC.length - 1))
    const nganhNghe = [...lines].map((index, i) => {
      const [maNganh, tenNganh] = VSIC[index] as readonly [string, string]
      return { maNganh, tenNganh, laNganhChinh: i === 0 }
    })
    enterprises.push({
      maSoDoanhNghiep: code,
      tenDoanhNghiep: name,
      tenTiengAnh: random() < 0.7 ? englishName : null,
      loaiHinh,
      tinhTrang: pickWeighted(random, ENTERPRISE_STATES.map((s, i) => [s, [80, 8, 4, 6, 2][i] as number] as const)),
      ngayThanhLap: `${String(randomInt(random, 1, 28)).padStart(2, '0')}/${String(randomInt(random, 1, 12)).padStart(2, '0')}/${year}`,
      diaChiTruSo: vietnameseAddress(random, province),
      nguoiDaiDien: { hoVaTen: vietnameseName(random, random() < 0.6 ? 'male' : 'female'), chucDanh: loaiHinh === 'Doanh nghiệp tư nhân' ? 'Chủ doanh nghiệp' : pick(random, TITLES) },
      vonDieuLe: randomInt(random, 1, 2000) * 100_000_000,
      nganhNghe
    })
  }
  return enterprises
}

function tradeNames (type: NativeEnterprise['loaiHinh'], sector: string, sectorEn: string, brand: string): { name: string, englishName: string } {
  const ascii = withoutDiacritics(brand)
  switch (type) {
    case 'Công ty cổ phần':
      return { name: `Công ty Cổ phần ${sector} ${brand}`, englishName: `${ascii} ${sectorEn} Joint Stock Company` }
    case 'Doanh nghiệp tư nhân':
      return { name: `Doanh nghiệp tư nhân ${sector} ${brand}`, englishName: `${ascii} ${sectorEn} Private Enterprise` }
    case 'Công ty hợp danh':
      return { name: `Công ty hợp danh ${sector} ${brand}`, englishName: `${ascii} ${sectorEn} Partnership` }
    default:
      return { name: `Công ty TNHH ${sector} ${brand}`, englishName: `${ascii} ${sectorEn} Company Limited` }
  }
}
