/**
 * Personal identification number (số định danh cá nhân, Decree 137/2015/NĐ-CP and
 * Circular 07/2016/TT-BCA): 12 digits. Digits 1-3: province code of birth registration;
 * digit 4: century and sex; digits 5-6: last two digits of the birth year; 7-12: random.
 */

/** Province codes (pre-2025 list of 63 provinces, Circular 07/2016/TT-BCA annex). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020',
  '022', '024', '025', '026', '027', '030', '031', '033', '034', '035', '036', '037', '038',
  '040', '042', '044', '045', '046', '048', '049', '051', '052', '054', '056', '058', '060',
  '062', '064', '066', '067', '068', '070', '072', '074', '075', '077', '079', '080', '082',
  '083', '084', '086', '087', '089', '091', '092', '093', '094', '095', '096'
])

export type Sex = 'male' | 'female'

export interface PersonalIdParts {
  province: string
  birthYear: number
  sex: Sex
}

/** Splits a syntactically valid number into its parts; null when it is not one. */
export function parsePersonalId (id: string): PersonalIdParts | null {
  if (!/^\d{12}$/.test(id)) return null
  const province = id.slice(0, 3)
  const centuryDigit = Number(id[3])
  // 0/1: 1900s male/female, 2/3: 2000s, 4/5: 2100s, and so on.
  const century = 1900 + Math.floor(centuryDigit / 2) * 100
  return {
    province,
    birthYear: century + Number(id.slice(4, 6)),
    sex: centuryDigit % 2 === 0 ? 'male' : 'female'
  }
}

/** Returns why `id` is not a valid personal identification number, or null. */
export function personalIdProblem (id: string, now: Date = new Date()): string | null {
  if (!/^\d{12}$/.test(id)) return 'personal identification number must be 12 digits'
  const parts = parsePersonalId(id) as PersonalIdParts
  if (!PROVINCE_CODES.has(parts.province)) return `digits 1-3 (${parts.province}) are not a province code of birth registration`
  if (parts.birthYear > now.getUTCFullYear()) return `digits 4-6 give birth year ${parts.birthYear}, which is in the future`
  return null
}

export function isPersonalId (id: string): boolean {
  return personalIdProblem(id) === null
}

/**
 * Checks that a number agrees with a date of birth (`YYYY-MM-DD`) and, when given, a sex.
 * Returns the problem or null.
 */
export function personalIdAgreementProblem (id: string, dateOfBirth: string, sex?: Sex): string | null {
  const parts = parsePersonalId(id)
  if (parts === null) return null // the format check reports it
  const year = Number(dateOfBirth.slice(0, 4))
  if (parts.birthYear !== year) return `personal identification number encodes birth year ${parts.birthYear}, the date of birth says ${year}`
  if (sex !== undefined && parts.sex !== sex) return `personal identification number encodes sex ${parts.sex}, the message says ${sex}`
  return null
}

/** Builds a number from its parts; used by the synthetic data of the mock systems. */
export function makePersonalId (province: string, birthYear: number, sex: Sex, serial: number): string {
  const centuryIndex = Math.floor((birthYear - 1900) / 100)
  const digit = centuryIndex * 2 + (sex === 'female' ? 1 : 0)
  return `${province}${digit}${String(birthYear % 100).padStart(2, '0')}${String(serial % 1_000_000).padStart(6, '0')}`
}
