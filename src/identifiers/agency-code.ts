/**
 * Electronic agency code (mã định danh điện tử cơ quan, Decision 20/2020/QĐ-TTg,
 * formerly QCVN 102:2016/BTTTT): `NNN.NN.NN.XNN`, four levels written from the lowest
 * (level 4) to the highest (level 1), e.g. `000.00.00.G10` (a ministry) or
 * `000.00.01.H29` (a level-2 unit under a province). `X` names the level-1 group.
 */
const AGENCY_CODE = /^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z])(\d{2})$/

/** Returns why `code` is not a valid agency code, or null when it is. */
export function agencyCodeProblem (code: string): string | null {
  const m = AGENCY_CODE.exec(code)
  if (m === null) return 'agency code must have the form NNN.NN.NN.XNN, e.g. 000.00.00.H29'
  const [, level4, level3, level2, , level1] = m as unknown as [string, string, string, string, string, string]
  if (level1 === '00') return 'agency code level 1 (the last two digits) must not be 00'
  // A unit hangs under its parent: a lower level can only be set when every level above it is.
  if (level2 === '00' && (level3 !== '00' || level4 !== '000')) return 'agency code sets a lower level while level 2 is 00'
  if (level3 === '00' && level4 !== '000') return 'agency code sets level 4 while level 3 is 00'
  return null
}

export function isAgencyCode (code: string): boolean {
  return agencyCodeProblem(code) === null
}

/**
 * Participant identifier in the X-Road style the national exchange platform uses:
 * `VN:GOV:<agency code>:<subsystem>`, e.g. `VN:GOV:000.00.00.H29:motcua`.
 */
const PARTICIPANT_ID = /^VN:GOV:([^:]+):([a-z][a-z0-9-]{1,39})$/

export function participantIdProblem (id: string): string | null {
  const m = PARTICIPANT_ID.exec(id)
  if (m === null) return 'participant must have the form VN:GOV:<agency code>:<system>, e.g. VN:GOV:000.00.00.H29:motcua'
  return agencyCodeProblem(m[1] as string)
}

export function agencyOfParticipant (id: string): string {
  return id.split(':')[2] ?? ''
}
