/**
 * Enterprise code (mã số doanh nghiệp, which is also the tax code; Circular 105/2020/TT-BTC):
 * 10 digits, the 10th a check digit over digits 1-9; a branch or dependent unit adds `-NNN`.
 */
const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const

/** Check digit for the first nine digits, or null when the remainder gives 10 (never issued). */
export function enterpriseCheckDigit (first9: string): number | null {
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (WEIGHTS[i] as number)
  const check = 10 - (sum % 11)
  return check === 10 ? null : check
}

/** Returns why `code` is not a valid enterprise code, or null when it is. */
export function enterpriseCodeProblem (code: string): string | null {
  const m = /^(\d{10})(?:-(\d{3}))?$/.exec(code)
  if (m === null) return 'enterprise code must be 10 digits, or 10 digits, a hyphen and 3 digits for a branch'
  const main = m[1] as string
  if (m[2] === '000') return 'branch suffix must not be 000'
  const check = enterpriseCheckDigit(main.slice(0, 9))
  if (check === null) return 'digits 1-9 give a check remainder of 10, which is never issued'
  if (check !== Number(main[9])) return `check digit is ${main[9]}, digits 1-9 require ${check}`
  return null
}

export function isEnterpriseCode (code: string): boolean {
  return enterpriseCodeProblem(code) === null
}
