import type { RunningMock } from '../../adapters/index.js'

export interface StandardCitizen {
  citizenId: string
  fullName: string
  dateOfBirth: string
  gender: 'male' | 'female'
}

/** Seeded citizens of the population mock, in the standard form senders use. */
export function sampleCitizens (mock: RunningMock, n: number): StandardCitizen[] {
  return mock.sample(n).map((c) => {
    const [dd, mm, yyyy] = String(c.ngaySinh).split('/')
    return {
      citizenId: String(c.soDinhDanh),
      fullName: String(c.hoVaTen),
      dateOfBirth: `${yyyy ?? ''}-${mm ?? ''}-${dd ?? ''}`,
      gender: c.gioiTinh === 'Nam' ? 'male' : 'female'
    }
  })
}
