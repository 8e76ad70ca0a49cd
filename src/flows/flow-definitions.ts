/**
 * The procedure groups (liên thông) the gateway runs itself: one message starts a flow of steps,
 * each an ordinary message of a step service to the system that serves it. A step's body is built
 * from the flow's message and the results of the steps it comes after.
 */

/** What a step's body is built from. */
export interface StepInput {
  /** The flow message's body, as the sender posted it. */
  body: Record<string, unknown>
  /** The dossier code the gateway issued to the flow. */
  dossierCode: string
  /** The replies of the steps already done, by step name. */
  results: Record<string, Record<string, unknown>>
  /** Documents the sender supplied since the flow started (dossier.supplement), oldest first. */
  supplements: Array<Record<string, unknown>>
}

export interface StepDefinition {
  /** The step's name in the flow's `steps`, e.g. `civil-status`. */
  name: string
  /** The step service delivered to the system that serves it. */
  service: string
  /** Steps whose results this one needs: it starts once they are all done. */
  after: string[]
  /** Its administrative procedure (catalogs/procedures.json): its legal deadline, in working days. */
  procedureCode: string
  body: (input: StepInput) => Record<string, unknown>
}

export interface FlowDefinition {
  /** The service a sender posts to start the flow. */
  service: string
  /** The group's procedure code (catalogs/procedures.json, with the steps' procedures in `includes`). */
  procedureCode: string
  steps: StepDefinition[]
  /** The flow's final reply, gathered from every step's result. */
  reply: (dossierCode: string, results: Record<string, Record<string, unknown>>) => Record<string, unknown>
}

/** The result a step's reply carries when its receiver needs more documents. */
export const SUPPLEMENT_REQUIRED = 'supplement-required'

/** Working days the applicant has to supply missing documents before the dossier is refused. */
export const SUPPLEMENT_WORKING_DAYS = 7

function record (value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? value as Record<string, unknown> : {}
}

/** Copies the named fields that are present. */
function pick (from: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields) if (from[f] !== undefined) out[f] = from[f]
  return out
}

/** The flow's documents followed by every supplied one. */
function documents (input: StepInput): unknown[] {
  return [...(Array.isArray(input.body.documents) ? input.body.documents : []), ...input.supplements]
}

/**
 * Decree 63/2024/NĐ-CP group 1: birth registration (the Ministry of Justice's civil-status
 * software issues the child's personal ID number and the birth certificate), then permanent
 * residence registration and the health insurance card for a child under 6, in parallel.
 */
export const birthRegistration: FlowDefinition = {
  service: 'birth.register',
  procedureCode: '2.000986',
  steps: [
    {
      name: 'civil-status',
      service: 'civil-status.birth',
      after: [],
      procedureCode: '1.001193',
      body: (input) => ({
        dossierCode: input.dossierCode,
        registrationAgency: input.body.receivingAgency,
        child: input.body.child,
        mother: input.body.mother,
        ...pick(input.body, ['father']),
        applicant: pick(record(input.body.applicant), ['citizenId', 'fullName', 'relationship']),
        documents: documents(input)
      })
    },
    {
      name: 'residence',
      service: 'residence.register',
      after: ['civil-status'],
      procedureCode: '1.004222',
      body: (input) => {
        const child = record(input.body.child)
        const birth = record(input.results['civil-status'])
        const residence = record(input.body.residence)
        return {
          dossierCode: input.dossierCode,
          citizenId: birth.childCitizenId,
          fullName: child.fullName,
          dateOfBirth: child.dateOfBirth,
          gender: child.gender,
          birthCertificateNumber: birth.birthCertificateNumber,
          address: residence.address,
          householdHeadCitizenId: residence.householdHeadCitizenId,
          relationshipToHead: residence.relationshipToHead
        }
      }
    },
    {
      name: 'health-insurance',
      service: 'health-insurance.child-card',
      after: ['civil-status'],
      procedureCode: '9.990001',
      body: (input) => {
        const child = record(input.body.child)
        const birth = record(input.results['civil-status'])
        const applicant = record(input.body.applicant)
        return {
          dossierCode: input.dossierCode,
          citizenId: birth.childCitizenId,
          fullName: child.fullName,
          dateOfBirth: child.dateOfBirth,
          gender: child.gender,
          birthCertificateNumber: birth.birthCertificateNumber,
          address: record(input.body.residence).address,
          guardian: { citizenId: applicant.citizenId, fullName: applicant.fullName }
        }
      }
    }
  ],
  reply: (dossierCode, results) => {
    const birth = record(results['civil-status'])
    const residence = record(results.residence)
    const card = record(results['health-insurance'])
    return {
      dossierCode,
      result: 'completed',
      childCitizenId: birth.childCitizenId,
      birthCertificateNumber: birth.birthCertificateNumber,
      registeredDate: birth.registeredDate,
      householdNumber: residence.householdNumber,
      residenceRegisteredDate: residence.registeredDate,
      healthInsuranceCardNumber: card.cardNumber,
      healthInsuranceValidTo: card.validTo
    }
  }
}

/**
 * Decree 63/2024/NĐ-CP group 2: death registration, then permanent residence deregistration and
 * the funeral allowance and survivor benefits of social insurance, in parallel.
 */
export const deathRegistration: FlowDefinition = {
  service: 'death.register',
  procedureCode: '9.990003',
  steps: [
    {
      name: 'civil-status',
      service: 'civil-status.death',
      after: [],
      procedureCode: '1.000656',
      body: (input) => ({
        dossierCode: input.dossierCode,
        registrationAgency: input.body.receivingAgency,
        deceased: input.body.deceased,
        applicant: pick(record(input.body.applicant), ['citizenId', 'fullName', 'relationship']),
        documents: documents(input)
      })
    },
    {
      name: 'residence',
      service: 'residence.deregister',
      after: ['civil-status'],
      procedureCode: '1.003197',
      body: (input) => {
        const deceased = record(input.body.deceased)
        return {
          dossierCode: input.dossierCode,
          citizenId: deceased.citizenId,
          fullName: deceased.fullName,
          reason: 'deceased',
          deathCertificateNumber: record(input.results['civil-status']).deathCertificateNumber,
          dateOfDeath: deceased.dateOfDeath
        }
      }
    },
    {
      name: 'social-insurance',
      service: 'social-insurance.death-benefits',
      after: ['civil-status'],
      procedureCode: '9.990002',
      body: (input) => {
        const deceased = record(input.body.deceased)
        return {
          dossierCode: input.dossierCode,
          deceased: pick(deceased, ['citizenId', 'fullName', 'dateOfDeath']),
          deathCertificateNumber: record(input.results['civil-status']).deathCertificateNumber,
          claimant: pick(record(input.body.applicant), ['citizenId', 'fullName', 'relationship'])
        }
      }
    }
  ],
  reply: (dossierCode, results) => {
    const death = record(results['civil-status'])
    const residence = record(results.residence)
    const benefits = record(results['social-insurance'])
    return {
      dossierCode,
      result: 'completed',
      deathCertificateNumber: death.deathCertificateNumber,
      registeredDate: death.registeredDate,
      deregisteredDate: residence.deregisteredDate,
      funeralAllowanceVnd: benefits.funeralAllowanceVnd,
      survivorAllowance: benefits.survivorAllowance,
      benefitsDecisionDueDate: benefits.decisionDueDate
    }
  }
}

/** Every procedure group, by the service that starts it. */
export const FLOWS: ReadonlyMap<string, FlowDefinition> = new Map([birthRegistration, deathRegistration].map((f) => [f.service, f]))

/** The service by which a sender supplies a paused flow's missing documents. */
export const SUPPLEMENT_SERVICE = 'dossier.supplement'
