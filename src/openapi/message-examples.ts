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

/** The worked examples, one per service, in the order a dossier's flow meets them. */
export const messageExamples: readonly MessageExample[] = [citizenVerify, citizenLookup, enterpriseLookup, dossierSubmit, dossierStatus]

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
    name: 'dossierStatusDelivered',
    summary: 'dossier.status, delivered: the portal recorded the status',
    value: deliveredState(dossierStatus, { createdAt: '2026-11-23T03:20:00.208Z', queuedAt: '2026-11-23T03:20:00.211Z', deliveringAt: '2026-11-23T03:20:00.216Z', deliveredAt: '2026-11-23T03:20:01.164Z' })
  }
]
