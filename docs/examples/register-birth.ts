// Runs a procedure group (birth.register: birth, permanent residence, health insurance card) and
// brings the documents a step asks for. Node 20+, with the typed client through send-message.ts.
// See docs/integrator-guide.md, "Procedure groups".
//
// Run against `npm start` (registers the birth of the guide's example, sending the medical birth
// certificate only when the civil-status software asks for it):
//   npx tsx docs/examples/register-birth.ts
// Environment: LIENTHONG_URL (default http://127.0.0.1:8080), LIENTHONG_API_KEY (default the
// development key of VN:GOV:000.00.00.H29:motcua).
import { pathToFileURL } from 'node:url'
import { newEnvelope, messageState, sendMessage, type Envelope, type GatewayOptions, type MessageState } from './send-message.js'

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

/** What a paused group asks for: the documents each waiting step misses. */
export function missingDocuments (state: MessageState): Array<{ kind: string, name: string }> {
  if (state.flowState !== 'supplement-requested') return []
  return (state.steps ?? []).flatMap((step) => {
    const missing = step.result?.missingDocuments
    return Array.isArray(missing) ? missing as Array<{ kind: string, name: string }> : []
  })
}

/**
 * Posts the group, then follows it until it ends (delivered: its reply gathers every step's result;
 * dead: `lastError` says why). When a step asks for documents, `supply` is given what is missing and
 * returns the documents to send (dossier.supplement), or nothing to let the dossier be refused.
 */
export async function runProcedureGroup (group: Envelope, opts: GatewayOptions & {
  supply: (missing: Array<{ kind: string, name: string }>) => Promise<unknown[] | undefined>
  intervalMs?: number
  maxWaitMs?: number
}): Promise<MessageState> {
  const sent = await sendMessage(group, opts)
  if (sent.kind !== 'accepted' || sent.dossierCode === undefined) throw new Error(`${group.header.service} was not accepted as a procedure group`)
  const deadline = Date.now() + (opts.maxWaitMs ?? 120_000)
  let supplied = ''
  for (;;) {
    const state = await messageState(group.header.messageId, opts)
    if (state.status === 'delivered' || state.status === 'dead') return state
    const missing = missingDocuments(state)
    // Once per request for documents (a step asks again only after a new round).
    const round = (state.steps ?? []).map((s) => s.round).join(',')
    if (missing.length > 0 && supplied !== round) {
      supplied = round
      const documents = await opts.supply(missing)
      if (documents !== undefined) {
        await sendMessage(newEnvelope({ service: 'dossier.supplement', from: group.header.from, to: group.header.to }, { dossierCode: sent.dossierCode, documents }), opts)
      }
    }
    if (Date.now() > deadline) throw new Error(`procedure group ${group.header.messageId} is still ${state.flowState ?? state.status}`)
    await sleep(opts.intervalMs ?? 2000)
  }
}

const birthCertificate = { kind: 'medical-birth-certificate', name: 'Giấy chứng sinh', fileName: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', sha256: '297afb5901c95d530f205baa6ec82ea8a315efc4f57842f4383a60f990df7a1a' }

async function main (): Promise<void> {
  const opts: GatewayOptions = {
    baseUrl: process.env.LIENTHONG_URL ?? 'http://127.0.0.1:8080',
    apiKey: process.env.LIENTHONG_API_KEY ?? 'lt_dev_h29_motcua_7Qk2mV9xLp4Rt8Wz'
  }
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)
  const group = newEnvelope({ service: 'birth.register', from: 'VN:GOV:000.00.00.H29:motcua', to: 'VN:GOV:000.00.00.G15:hotich' }, {
    procedureCode: '2.000986',
    receivingAgency: '000.00.01.H29',
    child: { fullName: 'Hoàng Gia Bảo', gender: 'male', dateOfBirth: today, placeOfBirth: 'Bệnh viện Hùng Vương, Thành phố Hồ Chí Minh' },
    mother: { citizenId: '062190706649', fullName: 'Nguyễn Diệu Dung' },
    father: { citizenId: '079082035626', fullName: 'Hoàng Minh Tài' },
    applicant: { citizenId: '062190706649', fullName: 'Nguyễn Diệu Dung', relationship: 'mẹ' },
    residence: { address: 'Số 239 đường Phan Đình Phùng, Phường Thanh Xuân, Quận Phú Xuyên, Thành phố Hồ Chí Minh', householdHeadCitizenId: '079082035626', relationshipToHead: 'Con' },
    // The medical birth certificate is left out on purpose: civil status asks for it.
    documents: [{ kind: 'declaration', name: 'Tờ khai đăng ký khai sinh', fileName: 'to-khai.pdf', mimeType: 'application/pdf', sha256: '5d41402abc4b2a76b9719d911017c592ae2b0c9a7a0e3f8b5c6d7e8f9a0b1c2d' }]
  })
  const state = await runProcedureGroup(group, {
    ...opts,
    intervalMs: 500,
    supply: async (missing) => {
      console.log(`asked for: ${missing.map((m) => m.name).join(', ')}; supplying it`)
      return [birthCertificate]
    }
  })
  for (const step of state.steps ?? []) console.log(`${step.name.padEnd(17)} ${step.status.padEnd(10)} round ${step.round}  ${step.receiver}`)
  console.log(JSON.stringify(state.status === 'delivered' ? state.reply?.body : state.lastError, null, 2))
  if (state.status !== 'delivered') process.exitCode = 1
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
