import { randomUUID } from 'node:crypto'
import { vietnamDate } from '../../src/identifiers/index.js'
import { IDS, type Platform } from '../helpers/platform.js'

export const CIVIL_STATUS = 'VN:GOV:000.00.00.G15:hotich'
export const RESIDENCE = 'VN:GOV:000.00.00.G01:cutru'
export const SOCIAL_SECURITY = 'VN:GOV:000.00.99.G12:bhxh'
export const SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'

/** The Vietnam calendar date `daysAgo` days before today. */
export function daysAgo (days = 0): string {
  return vietnamDate(Date.now() - days * 86_400_000)
}

function iso (native: string): string {
  const [d, m, y] = native.split('/')
  return `${y as string}-${m as string}-${d as string}`
}

interface Resident { soDinhDanh: string, hoVaTen: string, ngaySinh: string, gioiTinh: number, noiThuongTru: string, soDinhDanhChuHo: string, laChuHo: boolean, trangThai: string }

/** Seeded residents (the same people as the population database's citizens), `skip` of them passed over. */
function residents (p: Platform, skip: number): Resident[] {
  return (p.mock(RESIDENCE).sample(2000) as unknown as Resident[]).slice(skip)
}

/** A seeded woman of child-bearing age, registered as a permanent resident: a newborn's mother. */
export function mother (p: Platform, n = 0): Resident {
  const year = Number(daysAgo().slice(0, 4))
  const women = residents(p, 0).filter((r) => r.gioiTinh === 2 && r.trangThai === 'THUONG_TRU' && year - Number(r.ngaySinh.slice(6)) >= 20 && year - Number(r.ngaySinh.slice(6)) <= 45)
  const found = women[n]
  if (found === undefined) throw new Error('no seeded mother')
  return found
}

/** A seeded resident to register the death of (the `n`-th from 1,000 on, so birth tests' mothers are not used). */
export function deceased (p: Platform, n = 0): Resident {
  const found = residents(p, 1000).filter((r) => r.trangThai === 'THUONG_TRU')[n]
  if (found === undefined) throw new Error('no seeded resident')
  return found
}

export const birthCertificateDoc = { kind: 'medical-birth-certificate', name: 'Giấy chứng sinh', fileName: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', sha256: SHA }
export const deathNoticeDoc = { kind: 'death-notice', name: 'Giấy báo tử', fileName: 'giay-bao-tu.pdf', mimeType: 'application/pdf', sha256: SHA }

/** A birth.register message of the `n`-th seeded mother's child, from `from` (H29's one-stop system by default). */
export function birthRegistration (p: Platform, opts: { n?: number, from?: string, withBirthCertificate?: boolean, childName?: string } = {}): any {
  const m = mother(p, opts.n ?? 0)
  const documents: Array<Record<string, string>> = [{ kind: 'declaration', name: 'Tờ khai đăng ký khai sinh', fileName: 'to-khai.pdf', mimeType: 'application/pdf', sha256: SHA }]
  if (opts.withBirthCertificate !== false) documents.push(birthCertificateDoc)
  return {
    header: { messageId: randomUUID(), service: 'birth.register', version: '1', from: opts.from ?? IDS.h29, to: CIVIL_STATUS, sentAt: new Date().toISOString() },
    body: {
      procedureCode: '2.000986',
      receivingAgency: '000.00.01.H29',
      child: { fullName: opts.childName ?? 'Nguyễn Minh Khang', gender: 'male', dateOfBirth: daysAgo(3), placeOfBirth: 'Bệnh viện Từ Dũ, Thành phố Hồ Chí Minh' },
      mother: { citizenId: m.soDinhDanh, fullName: m.hoVaTen },
      applicant: { citizenId: m.soDinhDanh, fullName: m.hoVaTen, relationship: 'mẹ' },
      residence: { address: m.noiThuongTru, householdHeadCitizenId: m.soDinhDanhChuHo, relationshipToHead: m.laChuHo ? 'Con' : 'Cháu' },
      documents
    }
  }
}

/** A death.register message of the `n`-th seeded resident from 1,000 on, applied for by a relative. */
export function deathRegistration (p: Platform, opts: { n?: number, from?: string, withDeathNotice?: boolean } = {}): any {
  const d = deceased(p, opts.n ?? 0)
  const relative = mother(p, 5)
  const documents: Array<Record<string, string>> = [{ kind: 'declaration', name: 'Tờ khai đăng ký khai tử', fileName: 'to-khai.pdf', mimeType: 'application/pdf', sha256: SHA }]
  if (opts.withDeathNotice !== false) documents.push(deathNoticeDoc)
  return {
    header: { messageId: randomUUID(), service: 'death.register', version: '1', from: opts.from ?? IDS.h29, to: CIVIL_STATUS, sentAt: new Date().toISOString() },
    body: {
      procedureCode: '9.990003',
      receivingAgency: '000.00.02.H29',
      deceased: { citizenId: d.soDinhDanh, fullName: d.hoVaTen, dateOfBirth: iso(d.ngaySinh), gender: d.gioiTinh === 1 ? 'male' : 'female', dateOfDeath: daysAgo(2), placeOfDeath: 'Tại nhà riêng' },
      applicant: { citizenId: relative.soDinhDanh, fullName: relative.hoVaTen, relationship: 'con' },
      documents
    }
  }
}

/** A dossier.supplement bringing `documents` to the dossier `dossierCode`. */
export function supplement (dossierCode: string, documents: unknown[], from: string = IDS.h29): any {
  return {
    header: { messageId: randomUUID(), service: 'dossier.supplement', version: '1', from, to: CIVIL_STATUS, sentAt: new Date().toISOString() },
    body: { dossierCode, documents }
  }
}

/** The statuses the national portal mock stored for `dossierCode`, in order. */
export function portalStatuses (p: Platform, dossierCode: string): number[] {
  return p.mock(IDS.portal).effects()
    .filter((e) => JSON.stringify(e).includes(dossierCode))
    .map((e) => Number((e as Record<string, unknown>).TrangThaiHoSo ?? (e as Record<string, unknown>).status))
}
