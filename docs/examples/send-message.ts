// Sends a message to the lienthong gateway and gets its reply: at once for a sync service
// (200), by polling the message state for an async one (202). Node 20+, with the typed client
// of clients/typescript (openapi-fetch over the types generated from the gateway's OpenAPI
// document): paths, bodies and answers are checked by TypeScript. See docs/integrator-guide.md.
//
// Run against `npm start` (sends the guide's citizen.verify example):
//   npx tsx docs/examples/send-message.ts
// Environment: LIENTHONG_URL (default http://127.0.0.1:8080), LIENTHONG_API_KEY (default the
// development key of VN:GOV:000.00.00.H29:motcua), LIENTHONG_FROM (that participant).
import { randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { createLienthongClient, type Envelope, type ErrorBody, type LienthongClient, type MessageState } from '../../clients/typescript/client.js'

export type { Envelope, MessageState }

export interface GatewayOptions {
  /** e.g. https://lienthong.example.gov.vn */
  baseUrl: string
  apiKey: string
  /** Per request; the gateway itself waits up to SYNC_TIMEOUT_MS (5 s by default) for a sync receiver. */
  timeoutMs?: number
}

/** A refusal: the error body's stable `code` and the JSON pointer of each bad field. */
export class GatewayRefusal extends Error {
  readonly status: number
  readonly code: string
  readonly details: Array<{ pointer: string, problem: string }>

  constructor (status: number, body: Partial<ErrorBody>) {
    super(`${status} ${body.code ?? 'unknown'}: ${body.message ?? ''}`)
    this.name = 'GatewayRefusal'
    this.status = status
    this.code = body.code ?? 'unknown'
    this.details = body.details ?? []
  }
}

/** `2026-11-23T10:16:05+07:00`: now, in Vietnam time (UTC+7 all year). */
export function vietnamNow (): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+07:00')
}

/** An envelope with a fresh messageId: one per message, and the same one on every retry of it. */
export function newEnvelope (header: Omit<Envelope['header'], 'messageId' | 'sentAt' | 'version'> & { version?: string }, body: Record<string, unknown>): Envelope {
  return { header: { messageId: randomUUID(), version: '1', sentAt: vietnamNow(), ...header }, body }
}

export type SendResult =
  | { kind: 'reply', reply: Envelope }
  | { kind: 'accepted', messageId: string, status: MessageState['status'], statusUrl: string, dossierCode?: string }

// One client per gateway and credential: openapi-fetch keeps its connection settings.
const clients = new Map<string, LienthongClient>()
function clientOf (opts: GatewayOptions): LienthongClient {
  const key = `${opts.baseUrl}|${opts.apiKey}|${opts.timeoutMs ?? ''}`
  let client = clients.get(key)
  if (client === undefined) {
    client = createLienthongClient({ baseUrl: opts.baseUrl, credential: opts.apiKey, ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) })
    clients.set(key, client)
  }
  return client
}

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

/** How long the gateway asks us to wait (Retry-After, seconds), capped; else `fallbackMs`. */
function waitFor (response: Response, fallbackMs: number, maxMs = 60_000): number {
  const seconds = Number(response.headers.get('retry-after'))
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, maxMs) : fallbackMs
}

/**
 * Posts the envelope. Network failures, timeouts, 503 and 429 LT_RATE_LIMITED (after its
 * Retry-After, up to a minute) are retried with the same envelope: the gateway keys on
 * messageId, so a retry never delivers twice. Any other 4xx/5xx (LT_QUOTA_EXCEEDED among them:
 * the quota is back only at midnight) throws a {@link GatewayRefusal}: fix the message (the
 * details point at the fields) before sending anew.
 */
export async function sendMessage (envelope: Envelope, opts: GatewayOptions, attempts = 3): Promise<SendResult> {
  for (let attempt = 1; ; attempt++) {
    let answer: Awaited<ReturnType<LienthongClient['POST']>>
    try {
      answer = await clientOf(opts).POST('/v1/messages', { body: envelope })
    } catch (err) {
      if (attempt >= attempts) throw err
      await sleep(500 * 2 ** attempt)
      continue
    }
    const { data, error, response } = answer
    if (response.status === 200 && data !== undefined && 'header' in data) return { kind: 'reply', reply: data }
    if (response.status === 202 && data !== undefined && 'statusUrl' in data) {
      // Location and statusUrl name the same thing: the message state to poll.
      return { kind: 'accepted', messageId: data.messageId, status: data.status, statusUrl: response.headers.get('location') ?? data.statusUrl, ...(data.dossierCode !== undefined ? { dossierCode: data.dossierCode } : {}) }
    }
    const refusal = (error ?? {}) as Partial<ErrorBody>
    if (response.status === 503 && attempt < attempts) { await sleep(waitFor(response, 500 * 2 ** attempt)); continue }
    if (response.status === 429 && refusal.code === 'LT_RATE_LIMITED' && attempt < attempts && waitFor(response, 0) < 60_000) { await sleep(waitFor(response, 1000)); continue }
    throw new GatewayRefusal(response.status, refusal)
  }
}

/** The message's state, as its sender sees it. */
export async function messageState (messageId: string, opts: GatewayOptions): Promise<MessageState> {
  const { data, error, response } = await clientOf(opts).GET('/v1/messages/{messageId}', { params: { path: { messageId } } })
  if (data === undefined) throw new GatewayRefusal(response.status, (error ?? {}) as Partial<ErrorBody>)
  return data
}

/** Polls until the message is delivered or dead. Prefer a callback for long waits. */
export async function waitForOutcome (messageId: string, opts: GatewayOptions & { intervalMs?: number, maxWaitMs?: number }): Promise<MessageState> {
  const deadline = Date.now() + (opts.maxWaitMs ?? 60_000)
  for (;;) {
    const state = await messageState(messageId, opts)
    if (state.status === 'delivered' || state.status === 'dead') return state
    if (Date.now() > deadline) throw new Error(`message ${messageId} is still ${state.status}`)
    await sleep(opts.intervalMs ?? 1000)
  }
}

/**
 * Sends a message and resolves with its reply envelope, whether the service answers at once or
 * later. A message that ends dead throws, with the gateway's last error.
 */
export async function exchange (envelope: Envelope, opts: GatewayOptions & { intervalMs?: number, maxWaitMs?: number }): Promise<Envelope> {
  const sent = await sendMessage(envelope, opts)
  if (sent.kind === 'reply') return sent.reply
  const state = await waitForOutcome(sent.messageId, opts)
  if (state.status === 'delivered' && state.reply !== undefined) return state.reply
  throw new Error(`message ${sent.messageId} is ${state.status}: ${state.lastError?.code ?? ''} ${state.lastError?.message ?? ''}`.trim())
}

async function main (): Promise<void> {
  const opts: GatewayOptions = {
    baseUrl: process.env.LIENTHONG_URL ?? 'http://127.0.0.1:8080',
    apiKey: process.env.LIENTHONG_API_KEY ?? 'lt_dev_h29_motcua_7Qk2mV9xLp4Rt8Wz'
  }
  const envelope = newEnvelope(
    { service: 'citizen.verify', from: process.env.LIENTHONG_FROM ?? 'VN:GOV:000.00.00.H29:motcua', to: 'VN:GOV:000.00.00.G01:dancu' },
    { citizenId: '026081949699', fullName: 'Lâm Hữu Trung', dateOfBirth: '1981-12-25', gender: 'male' }
  )
  try {
    const reply = await exchange(envelope, opts)
    console.log(JSON.stringify(reply, null, 2))
  } catch (err) {
    if (err instanceof GatewayRefusal) {
      console.error(err.message)
      for (const d of err.details) console.error(`  ${d.pointer}: ${d.problem}`)
    } else {
      console.error(err)
    }
    process.exitCode = 1
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
