// Runs a procedure group (birth.register: birth, permanent residence, health insurance card) and
// brings the documents a step asks for. Node 20+, with the typed client through send-message.ts.
// See docs/integrator-guide.md, "Procedure groups".
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
