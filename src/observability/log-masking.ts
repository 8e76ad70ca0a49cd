import type { LoggerOptions } from 'pino'

/**
 * Citizen data that must never reach a log in clear: the personal identification number, the
 * name and the date of birth, under the standard field names and the population database's
 * native ones (adapters/population).
 */
export const CITIZEN_ID_FIELDS = ['citizenId', 'soDinhDanh'] as const
export const CITIZEN_FIELDS = [...CITIZEN_ID_FIELDS, 'fullName', 'hoVaTen', 'dateOfBirth', 'ngaySinh'] as const

/** Credentials: replaced whole. */
export const CREDENTIAL_PATHS = [
  'req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie',
  'headers.authorization', 'headers["x-api-key"]', 'headers.cookie'
]

/**
 * Where code that logs a message would put citizen fields. Exact paths and one trailing
 * wildcard only: leading wildcards (`*.fullName`) make pino walk every logged object and cost
 * ~10× a plain log call. Anything deeper or elsewhere is caught on the written line by
 * {@link maskLogLine}.
 */
const CITIZEN_PATHS = CITIZEN_FIELDS.flatMap((f) => [f, `body.${f}`, `body.*.${f}`, `envelope.body.${f}`, `envelope.body.*.${f}`])

const MASKED = '[masked]'
const ID_FIELDS: ReadonlySet<string> = new Set(CITIZEN_ID_FIELDS)
/** A 12-digit personal ID, or one masked already (redaction runs before the line is masked). */
const ID_NUMBER = /^\d{4}(?:\d{8}|\*{8})$/

/** A personal ID keeps its first four digits (province of birth registration, century and sex); anything else in its place is masked whole. */
export function maskPersonalId (value: unknown): string {
  return typeof value === 'string' && ID_NUMBER.test(value) ? `${value.slice(0, 4)}********` : MASKED
}

function censor (value: unknown, path: string[]): string {
  const field = path[path.length - 1] ?? ''
  if (ID_FIELDS.has(field)) return maskPersonalId(value)
  return (CITIZEN_FIELDS as readonly string[]).includes(field) ? MASKED : '[Redacted]'
}

// One pass over the written JSON line finds either
//   - a run of exactly 12 digits (a personal ID) not part of a longer number nor the last group
//     of a UUID (four hex digits and `-` before it), so timestamps and messageIds stay readable,
//     while `trace-<personal ID>` is still masked; or
//   - a citizen field and its string value, also when the JSON is quoted inside a string
//     (an error message that quotes an upstream body: `\"hoVaTen\":\"…\"`).
const SENSITIVE = new RegExp(
  '(?<!\\d)(?<![0-9a-fA-F]{4}-)(\\d{4})\\d{8}(?!\\d)' +
  `|(\\\\?)"(${CITIZEN_FIELDS.join('|')})\\2":\\s*\\2"((?:[^"\\\\]|\\\\.)*?)\\2"`,
  'g'
)

/**
 * Masks citizen data in one serialized log line, wherever it sits: the last line of defence
 * when some code logs a body or an error that quotes one. About a microsecond per line.
 */
export function maskLogLine (line: string): string {
  return line.replace(SENSITIVE, (_match, idPrefix?: string, q = '', field = '', value = '') => {
    if (idPrefix !== undefined) return `${idPrefix}********`
    const masked = ID_FIELDS.has(field) ? maskPersonalId(value) : MASKED
    return `${q}"${field}${q}":${q}"${masked}${q}"`
  })
}

/** The redaction and masking every logger of the project uses (gateway, workers, mocks). */
export function maskingLoggerOptions (): Pick<LoggerOptions, 'redact' | 'hooks'> {
  return {
    redact: { paths: [...CREDENTIAL_PATHS, ...CITIZEN_PATHS], censor },
    hooks: { streamWrite: maskLogLine }
  }
}
