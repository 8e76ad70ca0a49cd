import t from 'tap'
import { generateCitizens, generateEnterprises, mulberry32, sameVietnameseText, vietnameseName } from '../../adapters/index.js'
import { enterpriseCodeProblem, personalIdAgreementProblem, personalIdProblem } from '../../src/identifiers/index.js'
import { FaultController } from '../../adapters/mock-kit/faults.js'
import { addWorkingDays, compactVietnam, isoVietnam, nativeDateTimeToIso, parseCompactVietnam } from '../../adapters/shared/vietnam-time.js'
import { retryAfterToMs } from '../../adapters/shared/upstream-client.js'
import { isoDate } from './helpers.js'

t.test('mulberry32 is deterministic per seed', async (t) => {
  const a = mulberry32(42)
  const b = mulberry32(42)
  const c = mulberry32(43)
  const first = [a(), a(), a()]
  t.same([b(), b(), b()], first)
  t.not(c(), first[0])
  t.ok(first.every(x => x >= 0 && x < 1))
})

t.test('synthetic citizens are valid, distinct and written in NFC with diacritics', async (t) => {
  const citizens = generateCitizens(1, 5_000)
  t.equal(new Set(citizens.map(c => c.soDinhDanh)).size, 5_000)
  const bad = citizens.filter(c => personalIdProblem(c.soDinhDanh) !== null ||
    personalIdAgreementProblem(c.soDinhDanh, isoDate(c.ngaySinh), c.gioiTinh === 'Nam' ? 'male' : 'female') !== null)
  t.same(bad, [], 'every ID agrees with the birth year and sex')
  t.ok(citizens.every(c => c.hoVaTen === c.hoVaTen.normalize('NFC') && c.noiThuongTru === c.noiThuongTru.normalize('NFC')))
  t.ok(citizens.some(c => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(c.hoVaTen)), 'names carry diacritics')
  t.ok(citizens.filter(c => c.hoVaTen.startsWith('Nguyễn ')).length > 1_000, 'Nguyễn is the commonest surname')
  t.same(generateCitizens(1, 5), citizens.slice(0, 5), 'a smaller run is a prefix of a larger one')
})

t.test('synthetic enterprises have valid codes', async (t) => {
  const enterprises = generateEnterprises(1, 500)
  t.ok(enterprises.every(e => enterpriseCodeProblem(e.maSoDoanhNghiep) === null))
  t.ok(enterprises.every(e => e.nganhNghe.every(l => /^\d{4}$/.test(l.maNganh))))
})

t.test('Vietnamese comparison: NFC and Vietnamese case rules', async (t) => {
  const name = vietnameseName(mulberry32(3), 'female')
  t.ok(sameVietnameseText(name.normalize('NFD'), name))
  t.ok(sameVietnameseText('ĐẶNG THỊ  HƯƠNG', 'Đặng Thị Hương'))
  t.notOk(sameVietnameseText('Đặng Thị Hương', 'Dang Thi Huong'), 'diacritics matter')
})

t.test('Vietnam time formats', async (t) => {
  const at = new Date('2026-11-22T17:30:05Z') // 00:30:05 on the 23rd in Vietnam
  t.equal(isoVietnam(at), '2026-11-23T00:30:05+07:00')
  t.equal(compactVietnam(at), '20261123003005')
  t.equal(parseCompactVietnam('20261123003005')?.getTime(), at.getTime())
  t.equal(parseCompactVietnam('20261332003005'), null)
  t.equal(nativeDateTimeToIso('23/11/2026 00:30:05'), '2026-11-23T00:30:05+07:00')
  // Friday 27 Nov 2026 + 1 working day is Monday 30 Nov.
  t.equal(isoVietnam(addWorkingDays(new Date('2026-11-27T03:00:00Z'), 1)).slice(0, 10), '2026-11-30')
})

t.test('Retry-After in seconds or as an HTTP date', async (t) => {
  t.equal(retryAfterToMs('7'), 7_000)
  t.equal(retryAfterToMs(new Date(Date.UTC(2026, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2026, 0, 1)), 10_000)
  t.equal(retryAfterToMs(undefined), undefined)
  t.equal(retryAfterToMs('soon'), undefined)
})

t.test('fault controller', async (t) => {
  const faults = new FaultController({ failNext: 2 })
  t.same([faults.decide().kind, faults.decide().kind, faults.decide().kind], ['fail', 'fail', 'none'])
  t.throws(() => faults.set({ errorRate: 3 }), TypeError)
  t.throws(() => faults.set({ nonsense: 1 } as never), TypeError)
  faults.set({ errorRate: 0.5 })
  const kinds = Array.from({ length: 200 }, () => faults.decide().kind)
  const failures = kinds.filter(k => k === 'fail').length
  t.ok(failures > 60 && failures < 140, `about half fail (${failures})`)
})
