/**
 * Date formats of the native systems. Vietnam time is UTC+7 all year (no daylight
 * saving), so a fixed offset is exact.
 */
const VN_OFFSET_MS = 7 * 3600_000

interface Parts { y: string, M: string, d: string, h: string, m: string, s: string }

function vietnamParts (at: Date): Parts {
  const vn = new Date(at.getTime() + VN_OFFSET_MS)
  const two = (n: number): string => String(n).padStart(2, '0')
  return {
    y: String(vn.getUTCFullYear()).padStart(4, '0'),
    M: two(vn.getUTCMonth() + 1),
    d: two(vn.getUTCDate()),
    h: two(vn.getUTCHours()),
    m: two(vn.getUTCMinutes()),
    s: two(vn.getUTCSeconds())
  }
}

/** `2026-11-22T09:30:00+07:00`: an instant written in Vietnam time. */
export function isoVietnam (at: Date): string {
  const p = vietnamParts(at)
  return `${p.y}-${p.M}-${p.d}T${p.h}:${p.m}:${p.s}+07:00`
}

/** `dd/MM/yyyy HH:mm:ss` in Vietnam time. */
export function nativeDateTime (at: Date): string {
  const p = vietnamParts(at)
  return `${p.d}/${p.M}/${p.y} ${p.h}:${p.m}:${p.s}`
}

/** `dd/MM/yyyy` of an instant, in Vietnam time. */
export function nativeDateOf (at: Date): string {
  const p = vietnamParts(at)
  return `${p.d}/${p.M}/${p.y}`
}

/** `yyyyMMddHHmmss` in Vietnam time: the national portal's date format. */
export function compactVietnam (at: Date): string {
  const p = vietnamParts(at)
  return `${p.y}${p.M}${p.d}${p.h}${p.m}${p.s}`
}

function validDate (y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** `YYYY-MM-DD` → `dd/MM/yyyy`; null when it is not a real date. */
export function isoDateToNative (iso: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (m === null || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return null
  return `${m[3]}/${m[2]}/${m[1]}`
}

/** `dd/MM/yyyy` → `YYYY-MM-DD`; null when it is not a real date. */
export function nativeDateToIso (native: string): string | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(native)
  if (m === null || !validDate(Number(m[3]), Number(m[2]), Number(m[1]))) return null
  return `${m[3]}-${m[2]}-${m[1]}`
}

/** `dd/MM/yyyy HH:mm:ss` (Vietnam time) → ISO with `+07:00`; null when malformed. */
export function nativeDateTimeToIso (native: string): string | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(native)
  if (m === null || !validDate(Number(m[3]), Number(m[2]), Number(m[1]))) return null
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return null
  return `${m[3]}-${m[2]}-${m[1]}T${m[4]}:${m[5]}:${m[6]}+07:00`
}

/** `yyyyMMddHHmmss` (Vietnam time) → a Date; null when malformed. */
export function parseCompactVietnam (compact: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(compact)
  if (m === null || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return null
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return null
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) - VN_OFFSET_MS)
}

/** Adds `days` working days (Monday to Friday) to a Vietnam calendar day; holidays are not modelled. */
export function addWorkingDays (at: Date, days: number): Date {
  let day = new Date(at.getTime() + VN_OFFSET_MS)
  let left = days
  while (left > 0) {
    day = new Date(day.getTime() + 86_400_000)
    const weekday = day.getUTCDay()
    if (weekday !== 0 && weekday !== 6) left--
  }
  return new Date(day.getTime() - VN_OFFSET_MS)
}
