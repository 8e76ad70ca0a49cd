/**
 * JSON in the canonical form of RFC 8785 (JCS) for the values a message holds: object members
 * sorted by their UTF-16 code units, no whitespace, strings and numbers as ECMAScript's
 * JSON.stringify writes them (which is what JCS prescribes). The same value gives the same bytes
 * whatever order a serializer wrote its members in, so a hash over it can be checked by anyone
 * holding the value (libraries: `canonicalize` for JavaScript, `jcs` for Python, Java, Go).
 */
export function canonicalJson (value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity')
    return JSON.stringify(value) ?? 'null'
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`
  const members: string[] = []
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key]
    if (v === undefined) continue
    members.push(`${JSON.stringify(key)}:${canonicalJson(v)}`)
  }
  return `{${members.join(',')}}`
}
