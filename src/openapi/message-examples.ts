import type { Message } from '../generated/envelope.js'
import type { MessageAccepted } from '../generated/message-accepted.js'
import type { MessageState } from '../generated/message-state.js'
import { replyHash, requestHash } from '../receipts/receipts.js'

/**
 * One worked example per service: the request a sender posts and what it gets back (the reply
 * envelope of a sync service, the 202 body of an async one). The OpenAPI document shows them on
 * `POST /v1/messages`; the tests post them to a running platform and check the answers.
 *
 * The data is real for the sample deployment: participants and rights from config/registry.json,
 * and the citizen and enterprise from the mock systems' seeded data (seed 20261122: citizen 13,
 * enterprise 5), so posting a sync example with the sample key returns the reply shown, apart
 * from the reply header's own `messageId` and `sentAt`.
 *
 * The dossier examples tell one story: the national portal submits Lâm Hữu Trung's birth
 * registration to province H29's one-stop system, which verifies and looks up the applicant and
 * reports the dossier received; every message carries the portal's reference as correlationId.
 */
export interface MessageExample {
  service: string
  /** Who sends it (a participant of the sample registry). */
  sender: string
  summary: string
  description: string
  request: Message
  /** Sync services: the reply envelope (200). */
  reply?: Message
  /** Async services: the 202 body. */
  accepted?: MessageAccepted
  /** Async services: the reply envelope the message state shows once delivered. */
  eventualReply?: Message
  /** Shown beside the reply or the 202 body. */
  replyNote?: string
}

const H29 = 'VN:GOV:000.00.00.H29:motcua'
const H62 = 'VN:GOV:000.00.00.H62:motcua'
const PORTAL = 'VN:GOV:000.00.00.G22:dvcqg'
const POPULATION = 'VN:GOV:000.00.00.G01:dancu'
const BUSINESS = 'VN:GOV:000.00.00.G13:dkkd'
const CIVIL_STATUS = 'VN:GOV:000.00.00.G15:hotich'
const RESIDENCE = 'VN:GOV:000.00.00.G01:cutru'
const SOCIAL_SECURITY = 'VN:GOV:000.00.99.G12:bhxh'

/** The portal's reference of the birth-registration dossier: ties the dossier's messages. */
const FLOW = 'DVCQG-261123-000457'
const DOSSIER_CODE = '000.00.01.H29-261123-0001'

const applicant = {
  citizenId: '026081949699',
  fullName: 'Lâm Hữu Trung',
  dateOfBirth: '1981-12-25',
  gender: 'male',
  address: 'Số 213 đường Điện Biên Phủ, Phường Xuân Hòa, Huyện Thạch Hà, Tỉnh Vĩnh Phúc'
} as const

const citizenVerify: MessageExample = {
  service: 'citizen.verify',
  sender: H29,
  summary: 'citizen.verify (sync): does this ID match the name and date of birth?',
  description: 'H29\'s one-stop system checks the applicant of a dossier against the population database. The reply says match or no-match (an unknown ID number answers no-match too); it never returns the record. Senders whose registry right has fieldDetail also get mismatchedFields, limited to the fields their citizen.lookup right shows.',
  request: {
    header: {
      messageId: '0f14c4a0-c4c8-4c1a-b04a-912d742aa7ea',
      service: 'citizen.verify',
      version: '1',
      from: H29,
      to: POPULATION,
      sentAt: '2026-11-23T10:16:05+07:00',
      correlationId: FLOW
    },
    body: { citizenId: applicant.citizenId, fullName: applicant.fullName, dateOfBirth: applicant.dateOfBirth, gender: applicant.gender }
  },
  reply: {
    header: {
      messageId: '2430c1ef-ff6b-4848-bbd9-468d18c7ea55',
      service: 'citizen.verify',
      version: '1',
      from: POPULATION,
      to: H29,
      sentAt: '2026-11-23T10:16:05+07:00',
      inReplyTo: '0f14c4a0-c4c8-4c1a-b04a-912d742aa7ea',
      correlationId: FLOW
    },
    body: { result: 'match', mismatchedFields: [] }
  },
  replyNote: 'The reply envelope: from the population database back to the sender, inReplyTo the request. A wrong date of birth would answer {"result": "no-match", "mismatchedFields": ["dateOfBirth"]} to H29, whose right has fieldDetail; {"result": "no-match"} to a sender without it.'
}

const citizenLookup: MessageExample = {
  service: 'citizen.lookup',
  sender: H29,
  summary: 'citizen.lookup (sync): the citizen\'s record, limited to the sender\'s rights',
  description: 'H29 may see fullName, dateOfBirth, gender, permanentAddress and currentAddress (its right in the registry); the other fields are never returned to it. The purpose is kept with the message for audit.',
  request: {
    header: {
      messageId: '2f45aef7-304f-47b2-83ad-366283bdf4d8',
      service: 'citizen.lookup',
      version: '1',
      from: H29,
      to: POPULATION,
      sentAt: '2026-11-23T10:16:40+07:00',
      correlationId: FLOW
    },
    body: { citizenId: applicant.citizenId, purpose: 'Xác minh nơi thường trú của người nộp hồ sơ đăng ký khai sinh DVCQG-261123-000457' }
  },
  reply: {
    header: {
      messageId: '72babaf5-52fc-435b-b91e-e51365c59783',
      service: 'citizen.lookup',
      version: '1',
      from: POPULATION,
      to: H29,
      sentAt: '2026-11-23T10:16:40+07:00',
      inReplyTo: '2f45aef7-304f-47b2-83ad-366283bdf4d8',
      correlationId: FLOW
    },
    body: {
      found: true,
      citizen: {
        citizenId: applicant.citizenId,
        fullName: applicant.fullName,
        dateOfBirth: applicant.dateOfBirth,
        gender: applicant.gender,
        permanentAddress: applicant.address,
        currentAddress: applicant.address
      }
    }
  },
  replyNote: 'A number the database does not hold answers {"found": false}.'
}

const enterpriseLookup: MessageExample = {
  service: 'enterprise.lookup',
  sender: H62,
  summary: 'enterprise.lookup (sync): an enterprise\'s registration',
  description: 'H62\'s one-stop system reads an enterprise\'s registration from the national business registration database. The enterprise code carries a check digit, which the gateway verifies before anything is sent.',
  request: {
    header: {
      messageId: 'af45b095-e03e-4220-8346-4fe134534b8a',
      service: 'enterprise.lookup',
      version: '1',
      from: H62,
      to: BUSINESS,
      sentAt: '2026-11-23T14:02:11+07:00'
    },
    body: { enterpriseCode: '0171635289' }
  },
  reply: {
    header: {
      messageId: '51aa293c-9eea-42b5-9a3a-fd58c5ea0fb8',
      service: 'enterprise.lookup',
      version: '1',
      from: BUSINESS,
      to: H62,
      sentAt: '2026-11-23T14:02:11+07:00',
      inReplyTo: 'af45b095-e03e-4220-8346-4fe134534b8a'
    },
    body: {
      found: true,
      enterprise: {
        enterpriseCode: '0171635289',
        name: 'Công ty TNHH Dịch vụ Quang Minh',
        englishName: 'Quang Minh Services Company Limited',
        type: 'multi-member-llc',
        status: 'active',
        foundedOn: '2000-07-17',
        address: 'Số 59 đường Trường Chinh, Phường Tân Lập, Quận Yên Lạc, Thành phố Hà Nội',
        legalRepresentative: { fullName: 'Lê Ngọc Hằng', title: 'Chủ tịch Hội đồng quản trị' },
        charterCapital: 61000000000,
        businessLines: [
          { code: '7020', name: 'Hoạt động tư vấn quản lý', main: true },
          { code: '5610', name: 'Nhà hàng và các dịch vụ ăn uống phục vụ lưu động', main: false },
          { code: '4102', name: 'Xây dựng nhà không để ở', main: false },
          { code: '0111', name: 'Trồng lúa', main: false },
          { code: '8559', name: 'Giáo dục khác chưa được phân vào đâu', main: false }
        ]
      }
    }
  },
  replyNote: 'Charter capital is in VND; business lines are VSIC codes. An unknown code answers {"found": false}.'
}

const dossierSubmit: MessageExample = {
  service: 'dossier.submit',
  sender: PORTAL,
  summary: 'dossier.submit (async): submit a dossier to a provincial one-stop system',
  description: 'The national portal submits a birth-registration dossier to H29\'s one-stop system (header.to), for an agency of that province (body.receivingAgency). The gateway answers 202 at once; the one-stop system\'s reply, with the dossier code it registered, shows in the message state once delivered, and is posted to callbackUrl if one is given.',
  request: {
    header: {
      messageId: '332ed400-d58a-458e-a97a-c62612062c37',
      service: 'dossier.submit',
      version: '1',
      from: PORTAL,
      to: H29,
      sentAt: '2026-11-23T10:15:00+07:00',
      correlationId: FLOW
    },
    body: {
      procedureCode: '1.001193',
      procedureName: 'Đăng ký khai sinh',
      receivingAgency: '000.00.01.H29',
      channel: 'online',
      applicant: {
        citizenId: applicant.citizenId,
        fullName: applicant.fullName,
        dateOfBirth: applicant.dateOfBirth,
        phone: '0983415276',
        email: 'lamhuutrung81@gmail.com',
        address: applicant.address
      },
      documents: [
        { name: 'Tờ khai đăng ký khai sinh', fileName: 'to-khai-dang-ky-khai-sinh.pdf', mimeType: 'application/pdf', sha256: 'eb6622e6129f506707f9d66ef11337a6808f1063c98238995884772935b49680' },
        { name: 'Giấy chứng sinh', fileName: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', sha256: '297afb5901c95d530f205baa6ec82ea8a315efc4f57842f4383a60f990df7a1a' }
      ]
    }
  },
  accepted: {
    messageId: '332ed400-d58a-458e-a97a-c62612062c37',
    status: 'queued',
    statusUrl: '/v1/messages/332ed400-d58a-458e-a97a-c62612062c37',
    dossierCode: DOSSIER_CODE
  },
  eventualReply: {
    header: {
      messageId: 'e208764a-b1d5-489c-8c8d-1706aae110c2',
      service: 'dossier.submit',
      version: '1',
      from: H29,
      to: PORTAL,
      sentAt: '2026-11-23T10:15:02+07:00',
      inReplyTo: '332ed400-d58a-458e-a97a-c62612062c37',
      correlationId: FLOW
    },
    body: { dossierCode: DOSSIER_CODE, receivedAt: '2026-11-23T10:15:02+07:00', appointmentDate: '2026-12-02' }
  },
  replyNote: 'The 202 body, with the dossier code the gateway issued; the response also carries `Location: /v1/messages/332ed400-d58a-458e-a97a-c62612062c37`. Poll it (or wait for the callback) for the one-stop system\'s reply (the dossier registered under that code, and its appointment date).'
}

const dossierStatus: MessageExample = {
  service: 'dossier.status',
  sender: H29,
  summary: 'dossier.status (async): sync a dossier\'s status to the national portal',
  description: 'H29\'s one-stop system reports the dossier received (status 2). Statuses are the portal\'s codes 1-10; a change the dossier lifecycle forbids (e.g. 10 back to 4) is refused with 422 LT_STATUS_TRANSITION_FORBIDDEN before it is queued.',
  request: {
    header: {
      messageId: '8734502f-ef77-48cf-b646-6555ec701b3b',
      service: 'dossier.status',
      version: '1',
      from: H29,
      to: PORTAL,
      sentAt: '2026-11-23T10:20:00+07:00',
      correlationId: FLOW
    },
    body: {
      dossierCode: DOSSIER_CODE,
      status: 2,
      changedAt: '2026-11-23T10:19:30+07:00',
      procedureCode: '1.001193',
      handlingAgency: '000.00.01.H29',
      note: 'Đã tiếp nhận hồ sơ, hẹn trả kết quả ngày 02/12/2026'
    }
  },
  accepted: {
    messageId: '8734502f-ef77-48cf-b646-6555ec701b3b',
    status: 'queued',
    statusUrl: '/v1/messages/8734502f-ef77-48cf-b646-6555ec701b3b'
  },
  eventualReply: {
    header: {
      messageId: 'cc142ce5-100a-4871-a19b-e9ec01a63f3e',
      service: 'dossier.status',
      version: '1',
      from: PORTAL,
      to: H29,
      sentAt: '2026-11-23T10:20:01+07:00',
      inReplyTo: '8734502f-ef77-48cf-b646-6555ec701b3b',
      correlationId: FLOW
    },
    body: { dossierCode: DOSSIER_CODE, status: 2, syncedAt: '2026-11-23T10:20:01+07:00' }
  },
  replyNote: 'The 202 body, with `Location: /v1/messages/8734502f-ef77-48cf-b646-6555ec701b3b`.'
}

/** The procedure groups' story: Nguyễn Diệu Dung's son, born in Hồ Chí Minh City, registered in one message. */
const BIRTH_DOSSIER = '000.00.01.H29-261123-0002'
const BIRTH_ID = '5b3c1e6a-8f0d-4a47-9d2e-61c0f4a8b7d1'

const birthRegister: MessageExample = {
  service: 'birth.register',
  sender: H29,
  summary: 'birth.register (async, a procedure group): register a birth, the child\'s permanent residence and health insurance card in one message',
  description: 'Decree 63/2024/NĐ-CP group 1. H29\'s one-stop system sends the dossier once, to the Ministry of Justice\'s civil-status software (header.to). The gateway runs the steps: civil status registers the birth (the population database issues the child\'s personal ID number), then the residence system and Vietnam Social Security, in parallel, with the birth certificate number and the new ID. GET the message for `steps`; the final reply gathers the results. The national portal is kept told of the dossier\'s status (2, 4, 9, 10). Without a document of kind medical-birth-certificate, civil status asks for it: the group pauses (flowState supplement-requested) until dossier.supplement brings it, for up to 7 working days.',
  request: {
    header: { messageId: BIRTH_ID, service: 'birth.register', version: '1', from: H29, to: CIVIL_STATUS, sentAt: '2026-11-23T14:05:00+07:00', correlationId: FLOW },
    body: {
      procedureCode: '2.000986',
      receivingAgency: '000.00.01.H29',
      child: { fullName: 'Hoàng Gia Bảo', gender: 'male', dateOfBirth: '2026-11-20', placeOfBirth: 'Bệnh viện Hùng Vương, Thành phố Hồ Chí Minh', ethnicity: 'Kinh', nationality: 'VN' },
      mother: { citizenId: '062190706649', fullName: 'Nguyễn Diệu Dung' },
      father: { citizenId: '079082035626', fullName: 'Hoàng Minh Tài' },
      applicant: { citizenId: '062190706649', fullName: 'Nguyễn Diệu Dung', relationship: 'mẹ', phone: '0908152734' },
      residence: { address: 'Số 239 đường Phan Đình Phùng, Phường Thanh Xuân, Quận Phú Xuyên, Thành phố Hồ Chí Minh', householdHeadCitizenId: '079082035626', relationshipToHead: 'Con' },
      documents: [
        { kind: 'declaration', name: 'Tờ khai đăng ký khai sinh', fileName: 'to-khai-khai-sinh.pdf', mimeType: 'application/pdf', sha256: '5d41402abc4b2a76b9719d911017c592ae2b0c9a7a0e3f8b5c6d7e8f9a0b1c2d' },
        { kind: 'medical-birth-certificate', name: 'Giấy chứng sinh', fileName: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', sha256: '297afb5901c95d530f205baa6ec82ea8a315efc4f57842f4383a60f990df7a1a' }
      ]
    }
  },
  accepted: { messageId: BIRTH_ID, status: 'queued', statusUrl: `/v1/messages/${BIRTH_ID}`, dossierCode: BIRTH_DOSSIER },
  eventualReply: {
    header: { messageId: '0a9e77c4-3b1f-4d2c-8e65-7f4b2a1c9d03', service: 'birth.register', version: '1', from: CIVIL_STATUS, to: H29, sentAt: '2026-11-23T14:05:03+07:00', inReplyTo: BIRTH_ID, correlationId: FLOW },
    body: {
      dossierCode: BIRTH_DOSSIER,
      result: 'completed',
      childCitizenId: '079226000012',
      birthCertificateNumber: '12/2026/KS',
      registeredDate: '2026-11-23',
      householdNumber: '079000282',
      residenceRegisteredDate: '2026-11-23',
      healthInsuranceCardNumber: 'TE1797912000034',
      healthInsuranceValidTo: '2032-11-19'
    }
  },
  replyNote: 'The 202 body, with the dossier code the gateway issued to the group. The reply above is what the message state shows once all three steps are done.'
}

const DEATH_ID = '7e2d4f10-6a3b-4c59-b8e1-2f9a0c7d5e64'
const DEATH_DOSSIER = '000.00.02.H29-261123-0001'

const deathRegister: MessageExample = {
  service: 'death.register',
  sender: PORTAL,
  summary: 'death.register (async, a procedure group): register a death, deregister the residence and claim the funeral and survivor benefits in one message',
  description: 'Decree 63/2024/NĐ-CP group 2, sent by the national portal\'s interlinked-service system (its right covers every province\'s communes). Civil status registers the death first (without a document of kind death-notice it asks for one); then, in parallel, the residence system deregisters the deceased and Vietnam Social Security settles the funeral allowance and survivor benefits, both with the death certificate number.',
  request: {
    header: { messageId: DEATH_ID, service: 'death.register', version: '1', from: PORTAL, to: CIVIL_STATUS, sentAt: '2026-11-23T15:30:00+07:00', correlationId: 'DVCQG-261123-000512' },
    body: {
      procedureCode: '9.990003',
      receivingAgency: '000.00.02.H29',
      deceased: { citizenId: '024051152228', fullName: 'Phạm Quốc Long', dateOfBirth: '1951-11-02', gender: 'male', dateOfDeath: '2026-11-20', placeOfDeath: 'Tại nhà riêng, Số 248 đường Hoàng Diệu, Phường An Phú, Thành phố Hồ Chí Minh', causeOfDeath: 'Tuổi già' },
      applicant: { citizenId: '095150215004', fullName: 'Hoàng Ngọc Thảo', relationship: 'vợ', phone: '0913527486' },
      documents: [
        { kind: 'declaration', name: 'Tờ khai đăng ký khai tử', fileName: 'to-khai-khai-tu.pdf', mimeType: 'application/pdf', sha256: '8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4' },
        { kind: 'death-notice', name: 'Giấy báo tử', fileName: 'giay-bao-tu.pdf', mimeType: 'application/pdf', sha256: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae' }
      ]
    }
  },
  accepted: { messageId: DEATH_ID, status: 'queued', statusUrl: `/v1/messages/${DEATH_ID}`, dossierCode: DEATH_DOSSIER },
  eventualReply: {
    header: { messageId: '4c8b1e2a-9d7f-4a63-b0c5-3e1f6a2d8b97', service: 'death.register', version: '1', from: CIVIL_STATUS, to: PORTAL, sentAt: '2026-11-23T15:30:04+07:00', inReplyTo: DEATH_ID, correlationId: 'DVCQG-261123-000512' },
    body: {
      dossierCode: DEATH_DOSSIER,
      result: 'completed',
      deathCertificateNumber: '7/2026/KT',
      registeredDate: '2026-11-23',
      deregisteredDate: '2026-11-23',
      funeralAllowanceVnd: 23400000,
      survivorAllowance: 'monthly',
      benefitsDecisionDueDate: '2026-12-09'
    }
  },
  replyNote: 'The 202 body; the gathered results show in the message state once the three steps are done.'
}

const SUPPLEMENT_ID = '3f6a9c2e-1b4d-4e7a-9f08-5d2c7b1e6a39'

const dossierSupplement: MessageExample = {
  service: 'dossier.supplement',
  sender: H29,
  summary: 'dossier.supplement (async): bring the documents a paused procedure group asked for',
  description: 'When a step of birth.register or death.register answers that documents are missing, the group\'s state shows flowState supplement-requested, the step\'s result.missingDocuments and supplementDueAt (7 working days). The group\'s sender sends them with the dossier code; the waiting steps run again with them. Sent for a dossier that is not the sender\'s (or does not exist), it is refused 403 LT_DOSSIER_FORBIDDEN; for a group that waits for nothing, 409 LT_SUPPLEMENT_NOT_REQUESTED.',
  request: {
    header: { messageId: SUPPLEMENT_ID, service: 'dossier.supplement', version: '1', from: H29, to: CIVIL_STATUS, sentAt: '2026-11-24T09:10:00+07:00', correlationId: FLOW },
    body: {
      dossierCode: BIRTH_DOSSIER,
      documents: [{ kind: 'medical-birth-certificate', name: 'Giấy chứng sinh', fileName: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', sha256: '297afb5901c95d530f205baa6ec82ea8a315efc4f57842f4383a60f990df7a1a' }],
      note: 'Bổ sung giấy chứng sinh theo yêu cầu'
    }
  },
  accepted: { messageId: SUPPLEMENT_ID, status: 'queued', statusUrl: `/v1/messages/${SUPPLEMENT_ID}` },
  eventualReply: {
    header: { messageId: 'd1e5a7b3-2c9f-4b86-a4e0-8f3c6b2d9a15', service: 'dossier.supplement', version: '1', from: CIVIL_STATUS, to: H29, sentAt: '2026-11-24T09:10:01+07:00', inReplyTo: SUPPLEMENT_ID, correlationId: FLOW },
    body: { dossierCode: BIRTH_DOSSIER, resumedSteps: ['civil-status'] }
  },
  replyNote: 'The 202 body; the supplement is delivered once the waiting steps have been started again.'
}

/** The worked examples, one per service, in the order a dossier's flow meets them. */
export const messageExamples: readonly MessageExample[] = [citizenVerify, citizenLookup, enterpriseLookup, dossierSubmit, dossierStatus, birthRegister, dossierSupplement, deathRegister]

// A reply names the request it answers by its hash: of the request as posted here (JSON.stringify).
for (const e of messageExamples) {
  const hash = requestHash(JSON.stringify(e.request))
  for (const reply of [e.reply, e.eventualReply]) if (reply !== undefined) reply.header.requestHash = hash
}

/** A delivery receipt as the state shows it: a real header and payload; the signature is a placeholder. */
function exampleReceipt (e: MessageExample, reply: Message, deliveredAt: string): string {
  const { header } = e.request
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  const claims = {
    iss: 'lienthong',
    iat: Math.floor(Date.parse(deliveredAt) / 1000),
    messageId: header.messageId,
    sender: header.from,
    receiver: header.to,
    service: header.service,
    requestHash: requestHash(JSON.stringify(e.request)),
    status: 'delivered',
    at: deliveredAt,
    replyHash: replyHash(reply)
  }
  return `${part({ alg: 'EdDSA', kid: 'example-key-1', typ: 'lienthong-receipt+jwt' })}.${part(claims)}.${'A'.repeat(86)}`
}

function deliveredState (e: MessageExample, times: { createdAt: string, queuedAt: string, deliveringAt: string, deliveredAt: string }): MessageState {
  const { header } = e.request
  return {
    messageId: header.messageId,
    service: header.service,
    version: header.version,
    from: header.from,
    to: header.to,
    ...(header.correlationId !== undefined ? { correlationId: header.correlationId } : {}),
    mode: 'async',
    status: 'delivered',
    attempts: 1,
    createdAt: times.createdAt,
    updatedAt: times.deliveredAt,
    deliveredAt: times.deliveredAt,
    statusUrl: `/v1/messages/${header.messageId}`,
    ...(e.accepted?.dossierCode !== undefined ? { dossierCode: e.accepted.dossierCode } : {}),
    requestHash: requestHash(JSON.stringify(e.request)),
    ...(e.eventualReply !== undefined ? { reply: e.eventualReply, replyHash: replyHash(e.eventualReply), deliveryReceipt: exampleReceipt(e, e.eventualReply, times.deliveredAt) } : {}),
    history: [
      { status: 'accepted', at: times.createdAt },
      { status: 'queued', at: times.queuedAt },
      { status: 'delivering', at: times.deliveringAt, attempt: 1 },
      { status: 'delivered', at: times.deliveredAt }
    ]
  }
}

const submitHeader = dossierSubmit.request.header

/** `GET /v1/messages/{messageId}` examples: where a message stands, as the sender polling it sees it. */
export const stateExamples: ReadonlyArray<{ name: string, summary: string, value: MessageState }> = [
  {
    name: 'dossierSubmitDelivered',
    summary: 'dossier.submit, delivered: the reply carries the dossier code',
    value: deliveredState(dossierSubmit, { createdAt: '2026-11-23T03:15:00.412Z', queuedAt: '2026-11-23T03:15:00.415Z', deliveringAt: '2026-11-23T03:15:00.421Z', deliveredAt: '2026-11-23T03:15:02.087Z' })
  },
  {
    name: 'dossierSubmitRetrying',
    summary: 'dossier.submit, retrying: the one-stop system did not answer; the next attempt is scheduled',
    value: {
      messageId: submitHeader.messageId,
      service: submitHeader.service,
      version: submitHeader.version,
      from: submitHeader.from,
      to: submitHeader.to,
      correlationId: FLOW,
      mode: 'async',
      status: 'retrying',
      attempts: 2,
      createdAt: '2026-11-23T03:15:00.412Z',
      updatedAt: '2026-11-23T03:15:32.530Z',
      nextAttemptAt: '2026-11-23T03:15:36.810Z',
      statusUrl: `/v1/messages/${submitHeader.messageId}`,
      lastError: { code: 'LT_UPSTREAM_TIMEOUT', message: 'one-stop did not answer within the delivery\'s time budget', at: '2026-11-23T03:15:32.530Z', transient: true },
      history: [
        { status: 'accepted', at: '2026-11-23T03:15:00.412Z' },
        { status: 'queued', at: '2026-11-23T03:15:00.415Z' },
        { status: 'delivering', at: '2026-11-23T03:15:00.421Z', attempt: 1 },
        { status: 'retrying', at: '2026-11-23T03:15:15.433Z', error: 'LT_UPSTREAM_TIMEOUT' },
        { status: 'delivering', at: '2026-11-23T03:15:17.520Z', attempt: 2 },
        { status: 'retrying', at: '2026-11-23T03:15:32.530Z', error: 'LT_UPSTREAM_TIMEOUT' }
      ]
    }
  },
  {
    name: 'birthRegisterCompleted',
    summary: 'birth.register, completed: every step done, the reply gathers their results',
    value: {
      ...deliveredState(birthRegister, { createdAt: '2026-11-23T07:05:00.318Z', queuedAt: '2026-11-23T07:05:00.322Z', deliveringAt: '2026-11-23T07:05:00.330Z', deliveredAt: '2026-11-23T07:05:03.114Z' }),
      flowState: 'completed',
      steps: [
        { name: 'civil-status', service: 'civil-status.birth', receiver: CIVIL_STATUS, status: 'delivered', round: 1, attempts: 1, messageId: '9a4f1c2e-7b3d-8e51-a6c9-0d2e4f6a8b1c', dueAt: '2026-11-24T16:59:59.999Z', overdue: false, deliveredAt: '2026-11-23T07:05:01.240Z', result: { result: 'registered', childCitizenId: '079226000012', birthCertificateNumber: '12/2026/KS', registeredDate: '2026-11-23' } },
        { name: 'residence', service: 'residence.register', receiver: RESIDENCE, status: 'delivered', round: 1, attempts: 1, messageId: '2c7e9a1b-4d6f-8a30-b5e2-7c9d1f3a5e08', dueAt: '2026-12-02T16:59:59.999Z', overdue: false, deliveredAt: '2026-11-23T07:05:02.871Z', result: { result: 'registered', householdNumber: '079000282', registeredDate: '2026-11-23' } },
        { name: 'health-insurance', service: 'health-insurance.child-card', receiver: SOCIAL_SECURITY, status: 'delivered', round: 1, attempts: 1, messageId: '6e1b3d5f-9a2c-8b47-8d16-4f0a2c6e9b3d', dueAt: '2026-11-28T16:59:59.999Z', overdue: false, deliveredAt: '2026-11-23T07:05:02.995Z', result: { result: 'issued', cardNumber: 'TE1797912000034', socialInsuranceNumber: '7912000034', validFrom: '2026-11-20', validTo: '2032-11-19' } }
      ]
    }
  },
  {
    name: 'dossierStatusDelivered',
    summary: 'dossier.status, delivered: the portal recorded the status',
    value: deliveredState(dossierStatus, { createdAt: '2026-11-23T03:20:00.208Z', queuedAt: '2026-11-23T03:20:00.211Z', deliveringAt: '2026-11-23T03:20:00.216Z', deliveredAt: '2026-11-23T03:20:01.164Z' })
  }
]
