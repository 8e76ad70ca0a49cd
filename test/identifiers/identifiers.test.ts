import t from 'tap'
import {
  agencyCodeProblem, dossierCodeProblem, enterpriseCheckDigit, enterpriseCodeProblem, formatDossierCode,
  makePersonalId, parsePersonalId, participantIdProblem, personalIdAgreementProblem, personalIdProblem
} from '../../src/identifiers/index.js'
import { allowedPredecessors, isAllowedTransition } from '../../src/dossier-lifecycle.js'

t.test('enterprise code check digit', async (t) => {
  // Real codes: Vinamilk and FPT.
  t.equal(enterpriseCodeProblem('0300588569'), null)
  t.equal(enterpriseCodeProblem('0101248141'), null)
  t.equal(enterpriseCodeProblem('0101248141-001'), null, 'a branch')
  t.not(enterpriseCodeProblem('0300588568'), null, 'wrong check digit')
  t.not(enterpriseCodeProblem('0101248142'), null)
  t.not(enterpriseCodeProblem('030058856'), null, 'nine digits')
  t.not(enterpriseCodeProblem('0101248141-000'), null, 'branch 000')
  t.not(enterpriseCodeProblem('0101248141-01'), null)
  t.equal(enterpriseCheckDigit('030058856'), 9)
  // Digits whose weighted sum is a multiple of 11 give check 10, which is never issued.
  let never: string | undefined
  for (let n = 100_000_000; n < 100_001_000 && never === undefined; n++) {
    if (enterpriseCheckDigit(String(n)) === null) never = String(n)
  }
  t.ok(never, 'some nine digits give remainder 0')
  for (let d = 0; d <= 9; d++) t.not(enterpriseCodeProblem(`${never ?? ''}${d}`), null, `no check digit is valid after ${never ?? ''}`)
})

t.test('personal identification number', async (t) => {
  t.equal(personalIdProblem('001090012345'), null, 'Hà Nội, male born 1990')
  t.equal(personalIdProblem('079303001234'), null, 'Hồ Chí Minh City, female born 2003')
  t.not(personalIdProblem('003090012345'), null, '003 is not a province code')
  t.not(personalIdProblem('099090012345'), null, '099 is past the list')
  t.not(personalIdProblem('00109001234'), null, '11 digits')
  t.not(personalIdProblem('00109001234a'), null)
  t.not(personalIdProblem('001499012345'), null, '2199 is in the future')
  t.same(parsePersonalId('079303001234'), { province: '079', birthYear: 2003, sex: 'female' })
  t.same(parsePersonalId('001190012345'), { province: '001', birthYear: 1990, sex: 'female' })
  t.equal(personalIdAgreementProblem('001090012345', '1990-05-17'), null)
  t.not(personalIdAgreementProblem('001090012345', '1991-05-17'), null, 'birth year disagrees')
  t.not(personalIdAgreementProblem('001090012345', '1990-05-17', 'female'), null, 'sex disagrees')
  t.equal(makePersonalId('048', 2001, 'female', 42), '048301000042')
  t.equal(personalIdProblem(makePersonalId('096', 1955, 'male', 999_999)), null)
})

t.test('agency code', async (t) => {
  t.equal(agencyCodeProblem('000.00.00.G10'), null, 'a ministry')
  t.equal(agencyCodeProblem('000.00.00.H29'), null, 'a province')
  t.equal(agencyCodeProblem('000.00.01.H29'), null, 'a level-2 unit')
  t.equal(agencyCodeProblem('000.20.31.H29'), null, 'a level-3 unit')
  t.equal(agencyCodeProblem('001.20.31.H29'), null, 'a level-4 unit')
  t.not(agencyCodeProblem('001.00.00.H29'), null, 'level 4 under no level 2')
  t.not(agencyCodeProblem('000.01.00.H29'), null, 'level 3 under no level 2')
  t.not(agencyCodeProblem('000.00.00.H00'), null)
  t.not(agencyCodeProblem('000.00.00.h29'), null, 'lower-case group letter')
  t.not(agencyCodeProblem('00.00.00.H29'), null)
  t.equal(participantIdProblem('VN:GOV:000.00.00.H29:motcua'), null)
  t.not(participantIdProblem('VN:GOV:000.00.00.H29'), null)
  t.not(participantIdProblem('VN:COM:000.00.00.H29:motcua'), null)
})

t.test('dossier code', async (t) => {
  t.equal(dossierCodeProblem('000.00.01.H29-261122-0001'), null)
  t.not(dossierCodeProblem('000.00.01.H29-261122-0000'), null, 'sequence starts at 1')
  t.not(dossierCodeProblem('000.00.01.H29-260230-0001'), null, '30 February')
  t.not(dossierCodeProblem('000.00.01.H29-261122-001'), null)
  t.not(dossierCodeProblem('001.00.00.H29-261122-0001'), null, 'bad agency')
  // 23:30 UTC on 21 Nov is 06:30 on 22 Nov in Vietnam.
  t.equal(formatDossierCode('000.00.01.H29', new Date('2026-11-21T23:30:00Z'), 7), '000.00.01.H29-261122-0007')
})

t.test('dossier lifecycle', async (t) => {
  t.ok(isAllowedTransition(2, 4))
  t.ok(isAllowedTransition(9, 10))
  t.notOk(isAllowedTransition(10, 4), 'result returned is final')
  t.notOk(isAllowedTransition(3, 2), 'not received is final')
  t.notOk(isAllowedTransition(1, 9))
  t.same(allowedPredecessors(10), [9])
  t.same(allowedPredecessors(2), [1])
})
