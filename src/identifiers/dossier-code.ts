import { agencyCodeProblem } from './agency-code.js'
import { vietnamDate } from './vietnam-time.js'

/**
 * Dossier code (mã số hồ sơ TTHC, Circular 01/2018/TT-VPCP art. 19): the receiving
 * agency's code, `-`, the receipt date `yymmdd`, `-`, a 4-digit sequence within that
 * agency and day, e.g. `000.00.01.H29-261122-0001`.
 */
const DOSSIER_CODE = /^(.{13})-(\d{2})(\d{2})(\d{2})-(\d{4})$/

export function dossierCodeProblem (code: string): string | null {
  const m = DOSSIER_CODE.exec(code)
  if (m === null) return 'dossier code must be <agency code>-<yymmdd>-<NNNN>, e.g. 000.00.01.H29-261122-0001'
  const agency = agencyCodeProblem(m[1] as string)
  if (agency !== null) return agency
  const [yy, mm, dd] = [Number(m[2]), Number(m[3]), Number(m[4])]
  const date = new Date(Date.UTC(2000 + yy, mm - 1, dd))
  if (date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) return 'dossier code has an impossible receipt date'
  if (m[5] === '0000') return 'dossier sequence starts at 0001'
  return null
}

export function isDossierCode (code: string): boolean {
  return dossierCodeProblem(code) === null
}

/** `yymmdd` of an instant in Vietnam time (UTC+7, no daylight saving). */
export function vietnamDateStamp (at: Date): string {
  return vietnamDate(at).slice(2).replaceAll('-', '')
}

export function formatDossierCode (agency: string, at: Date, sequence: number): string {
  return `${agency}-${vietnamDateStamp(at)}-${String(sequence).padStart(4, '0')}`
}
