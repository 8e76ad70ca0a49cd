import type { StandardCitizen } from './citizens.js'

/** A dossier.submit body for `applicant`, received by an agency of province `province` (e.g. H29). */
export function dossierBody (applicant: StandardCitizen, province = 'H29'): Record<string, unknown> {
  return {
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    receivingAgency: `000.00.01.${province}`,
    channel: 'online',
    applicant: {
      citizenId: applicant.citizenId,
      fullName: applicant.fullName,
      dateOfBirth: applicant.dateOfBirth,
      phone: '0912345678',
      address: 'Số 12 phố Hàng Bạc, phường Hoàn Kiếm'
    },
    documents: [{ name: 'Tờ khai đăng ký khai sinh', fileName: 'to-khai.pdf', mimeType: 'application/pdf', sha256: 'a'.repeat(64) }]
  }
}
