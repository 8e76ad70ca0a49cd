import { createWriteStream, type WriteStream } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { Agent, request } from 'undici'
import { generateCitizens, mulberry32, type Random } from '../../adapters/index.js'
import { vietnamDateStamp } from '../../src/identifiers/index.js'
import { generateResidents } from '../../adapters/residence/data.js'

/** The civil-status software, to which the procedure groups are addressed. */
const CIVIL_STATUS = 'VN:GOV:000.00.00.G15:hotich'

/** The sample registry's development keys and participants (config/registry.json, README). */
export const PARTICIPANTS = {
  h29: { id: 'VN:GOV:000.00.00.H29:motcua', key: 'lt_dev_h29_motcua_7Qk2mV9xLp4Rt8Wz', province: 'H29' },
  h62: { id: 'VN:GOV:000.00.00.H62:motcua', key: 'lt_dev_h62_motcua_3Hf6nB1cJd5Ys0Ue', province: 'H62' },
  portal: { id: 'VN:GOV:000.00.00.G22:dvcqg', key: 'lt_dev_g22_dvcqg_9Xa4Tq7Lm2Pv6Kr1' }
} as const

export interface Envelope {
  header: { messageId: string, service: string, version: string, from: string, to: string, sentAt: string, correlationId?: string }
  body: Record<string, unknown>
}

/**
 * The messages one sender posts, in chains: the messages of one chain in order, each only after
 * the previous one was accepted (the status changes of one dossier, so the lifecycle the gateway
 * checks stays valid); different chains concurrently. A dossier submission is a chain of one.
 */
export interface SenderPlan {
  name: string
  key: string
  chains: Envelope[][]
}

/** Valid walks through the dossier lifecycle (src/dossier-lifecycle.ts), the first status set without a predecessor. */
const STATUS_WALKS: ReadonlyArray<readonly number[]> = [
  [1, 2, 4, 9, 10],
  [2, 4, 4, 9, 10],
  [2, 5, 4, 9, 10],
  [2, 6, 4, 9],
  [2, 4, 8],
  [1, 3],
  [1, 7]
]

const STATUS_NOTES: Readonly<Record<number, string>> = {
  1: 'Hồ sơ mới',
  2: 'Đã tiếp nhận',
  3: 'Không đủ điều kiện tiếp nhận',
  4: 'Chuyển phòng chuyên môn xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Chờ nộp phí',
  7: 'Công dân rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã có kết quả',
  10: 'Đã trả kết quả'
}

/** A version 4 UUID drawn from `random`, so a seed gives the same messageIds every run. */
export function seededUuid (random: Random): string {
  const hex = Array.from({ length: 4 }, () => Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0')).join('')
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** RFC 3339 in Vietnam time. */
function vietnamTime (at: Date): string {
  return `${new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`
}

/**
 * Splits `total` messages over four senders, as the sample registry's rights allow: the national
 * portal submits dossiers to the one-stop systems of H29 and of H62 (dossier.submit), and each
 * one-stop system syncs its dossiers' status changes to the portal (dossier.status).
 */
export function planTraffic (total: number, seed: number): SenderPlan[] {
  const random = mulberry32(seed)
  const applicants = generateCitizens(seed, 400).map(c => ({
    citizenId: c.soDinhDanh,
    fullName: c.hoVaTen,
    dateOfBirth: c.ngaySinh.split('/').reverse().join('-'),
    address: c.noiThuongTru
  }))
  const started = new Date()
  const header = (from: string, to: string, service: string, correlationId?: string): Envelope['header'] => ({
    messageId: seededUuid(random), service, version: '1', from, to, sentAt: vietnamTime(started), ...(correlationId !== undefined ? { correlationId } : {})
  })
  const submits = Math.floor(total / 2)
  const statuses = total - submits

  const submitPlan = (to: typeof PARTICIPANTS.h29 | typeof PARTICIPANTS.h62, count: number): SenderPlan => {
    const messages: Envelope[] = []
    for (let i = 0; i < count; i++) {
      const applicant = applicants[Math.floor(random() * applicants.length)] as typeof applicants[number]
      messages.push({
        header: header(PARTICIPANTS.portal.id, to.id, 'dossier.submit'),
        body: {
          procedureCode: '1.001193',
          procedureName: 'Đăng ký khai sinh',
          // Spread over agencies: a one-stop system numbers at most 9,999 dossiers per agency and day.
          receivingAgency: `000.00.${String(1 + (i % 20)).padStart(2, '0')}.${to.province}`,
          channel: random() < 0.8 ? 'online' : 'counter',
          applicant: { ...applicant },
          documents: [{ name: 'Tờ khai đăng ký khai sinh', fileName: 'to-khai.pdf', mimeType: 'application/pdf', sha256: seededUuid(random).replace(/-/g, '').repeat(2) }]
        }
      })
    }
    return { name: `G22→${to.province}`, key: PARTICIPANTS.portal.key, chains: messages.map(m => [m]) }
  }

  const statusPlan = (from: typeof PARTICIPANTS.h29 | typeof PARTICIPANTS.h62, count: number): SenderPlan => {
    const chains: Envelope[][] = []
    const day = vietnamDateStamp(started)
    let made = 0
    for (let dossier = 0; made < count; dossier++) {
      const agency = `000.00.${String(1 + (dossier % 20)).padStart(2, '0')}.${from.province}`
      // From 5001 on: the codes the gateway issues (dossier.submit, the procedure groups) start at 0001.
      const dossierCode = `${agency}-${day}-${String(5001 + Math.floor(dossier / 20)).padStart(4, '0')}`
      const walk = STATUS_WALKS[Math.floor(random() * STATUS_WALKS.length)] as readonly number[]
      const chain: Envelope[] = []
      chains.push(chain)
      // A walk cut short is still a valid prefix of the lifecycle.
      for (const [step, status] of walk.slice(0, count - made).entries()) {
        chain.push({
          header: header(from.id, PARTICIPANTS.portal.id, 'dossier.status', dossierCode),
          body: {
            dossierCode,
            status,
            changedAt: vietnamTime(new Date(started.getTime() + step * 60_000)),
            procedureCode: '1.001193',
            handlingAgency: agency,
            note: STATUS_NOTES[status] as string
          }
        })
        made++
      }
    }
    return { name: `${from.province}→G22`, key: from.key, chains }
  }

  return [
    submitPlan(PARTICIPANTS.h29, Math.ceil(submits / 2)),
    submitPlan(PARTICIPANTS.h62, Math.floor(submits / 2)),
    statusPlan(PARTICIPANTS.h29, Math.ceil(statuses / 2)),
    statusPlan(PARTICIPANTS.h62, Math.floor(statuses / 2))
  ]
}

/** One line of a sender's log: one POST and what came of it. */
export interface PostLogLine {
  /** ms since the start of the run */
  t: number
  sender: string
  /** The participant that sent it (header.from). */
  from: string
  messageId: string
  service: string
  to: string
  /** 1 for the first POST of this messageId, 2 for the first re-post, ... */
  post: number
  gateway: number
  /** HTTP status, or 0 when no answer came (connection refused or reset, timeout). */
  status: number
  /** The error code of a 4xx/5xx answer, or the network error's code. */
  code?: string
  /** The message status a 202 reported. */
  state?: string
  /** true on the line that ends this messageId for the sender: 2xx, 4xx, or given up. */
  final?: 'accepted' | 'rejected' | 'gave-up'
}

export interface SendOptions {
  gateways: string[]
  /** Chains in flight at once. */
  concurrency: number
  /** Re-posts stop at this time (epoch ms); the message is then 'gave-up'. */
  giveUpAt: number
  logFile: string
  clock: () => number
  /** Called on every accepted message. */
  onAccepted: (messageId: string) => void
  seed: number
  /** Longest a POST may wait for its answer before the sender treats it as lost and re-posts. */
  requestTimeoutMs: number
}

export interface SenderStats {
  name: string
  planned: number
  /** Distinct messageIds posted at least once. */
  sent: number
  posts: number
  rePosts: number
  accepted: number
  rejected: number
  gaveUp: number
  byStatus: Record<string, number>
}

/**
 * Posts every message of `plan`, each chain in order, `concurrency` chains at once. On a network error
 * or a 5xx the sender re-posts the same envelope (same messageId) to the next gateway, with
 * exponential backoff, until a 2xx or a 4xx: the gateway's contract for senders.
 */
export async function runSender (plan: SenderPlan, opts: SendOptions): Promise<SenderStats> {
  const random = mulberry32(opts.seed)
  const agent = new Agent({ connections: opts.concurrency + 2, headersTimeout: opts.requestTimeoutMs, bodyTimeout: opts.requestTimeoutMs })
  const log: WriteStream = createWriteStream(opts.logFile, { flags: 'a' })
  const stats: SenderStats = { name: plan.name, planned: plan.chains.reduce((n, c) => n + c.length, 0), sent: 0, posts: 0, rePosts: 0, accepted: 0, rejected: 0, gaveUp: 0, byStatus: {} }
  let gatewayTurn = Math.floor(random() * opts.gateways.length)
  const write = (line: PostLogLine): void => { log.write(JSON.stringify(line) + '\n') }

  const post = async (envelope: Envelope): Promise<boolean> => {
    const payload = JSON.stringify(envelope)
    let gateway = gatewayTurn++ % opts.gateways.length
    stats.sent++
    for (let n = 1; ; n++) {
      stats.posts++
      if (n > 1) stats.rePosts++
      const line: PostLogLine = { t: 0, sender: plan.name, from: envelope.header.from, messageId: envelope.header.messageId, service: envelope.header.service, to: envelope.header.to, post: n, gateway, status: 0 }
      try {
        const res = await request(`${opts.gateways[gateway] as string}/v1/messages`, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${plan.key}` },
          body: payload
        })
        const text = await res.body.text()
        line.status = res.statusCode
        const answer = parse(text)
        if (res.statusCode >= 200 && res.statusCode < 300) line.state = String(answer.status)
        else line.code = typeof answer.code === 'string' ? answer.code : `HTTP_${res.statusCode}`
      } catch (err) {
        line.code = (err as { code?: string }).code ?? (err as Error).name
      }
      line.t = opts.clock()
      const key = line.status === 0 ? String(line.code) : String(line.status)
      stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1
      if (line.status >= 200 && line.status < 300) {
        line.final = 'accepted'
        write(line)
        stats.accepted++
        opts.onAccepted(envelope.header.messageId)
        return true
      }
      if (line.status >= 400 && line.status < 500) {
        line.final = 'rejected'
        write(line)
        stats.rejected++
        return false
      }
      if (Date.now() >= opts.giveUpAt) {
        line.final = 'gave-up'
        write(line)
        stats.gaveUp++
        return false
      }
      write(line)
      // Another gateway may answer while this one cannot reach Redis or is restarting.
      gateway = (gateway + 1) % opts.gateways.length
      await sleep(Math.min(2_000, 50 * 2 ** Math.min(n - 1, 6)) * (0.5 + random()))
    }
  }

  let next = 0
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, async () => {
      for (let chain = plan.chains[next++]; chain !== undefined; chain = plan.chains[next++]) {
        for (const envelope of chain) {
          // The next status of a dossier may only follow an accepted one; after a refusal the walk ends.
          if (!await post(envelope)) break
        }
      }
    }))
  } finally {
    await new Promise<void>((resolve) => log.end(resolve))
    await agent.close()
  }
  return stats
}

function parse (text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown
    return value !== null && typeof value === 'object' ? value as Record<string, unknown> : {}
  } catch {
    return {}
  }
}

const BIRTH_NAMES = ['Nguyễn Minh Khang', 'Trần Gia Bảo', 'Lê Bảo Anh', 'Phạm Tuệ Nhi', 'Hoàng Đức Minh', 'Võ Ngọc Hân', 'Đặng Quốc Huy', 'Bùi Khánh Linh']

/**
 * The procedure groups of a run: H29's one-stop system registers births in its communes
 * (birth.register), the national portal deaths (death.register), each group a chain of one. The
 * people are the mocks' seeded residents (`size` of them, as the mocks are started with): women of
 * 20 to 45 as mothers, into their own households; each deceased once (a death is registered once).
 */
export function planFlows (count: number, seed: number, size: number): SenderPlan[] {
  if (count <= 0) return []
  const random = mulberry32(seed ^ 0x0f10_5eed)
  const residents = generateResidents(seed, size)
  const year = new Date().getUTCFullYear()
  const mothers = residents.filter((r) => r.gioiTinh === 2 && year - Number(r.ngaySinh.slice(6)) >= 20 && year - Number(r.ngaySinh.slice(6)) <= 45)
  // Neither a mother nor the head of a mother's household dies here: births go into those households.
  const spared = new Set(mothers.flatMap((m) => [m.soDinhDanh, m.soDinhDanhChuHo]))
  const deceased = residents.filter((r) => !spared.has(r.soDinhDanh) && year - Number(r.ngaySinh.slice(6)) >= 1)
  const deaths = Math.min(Math.floor(count / 4), deceased.length)
  const births = count - deaths
  if (mothers.length === 0) throw new Error('no seeded mother among the mocks\' residents')
  const started = new Date()
  const header = (from: string, service: string): Envelope['header'] => ({
    messageId: seededUuid(random), service, version: '1', from, to: CIVIL_STATUS, sentAt: vietnamTime(started)
  })
  const day = (daysAgo: number): string => new Date(started.getTime() + 7 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10)
  const doc = (kind: string, name: string): Record<string, string> => ({ kind, name, fileName: `${kind}.pdf`, mimeType: 'application/pdf', sha256: seededUuid(random).replace(/-/g, '').repeat(2) })
  const birthChains: Envelope[][] = []
  for (let i = 0; i < births; i++) {
    const m = mothers[i % mothers.length] as typeof mothers[number]
    birthChains.push([{
      header: header(PARTICIPANTS.h29.id, 'birth.register'),
      body: {
        procedureCode: '2.000986',
        receivingAgency: `000.00.${String(1 + (i % 20)).padStart(2, '0')}.H29`,
        child: { fullName: BIRTH_NAMES[i % BIRTH_NAMES.length] as string, gender: random() < 0.5 ? 'male' : 'female', dateOfBirth: day(1 + Math.floor(random() * 30)), placeOfBirth: 'Bệnh viện Hùng Vương, Thành phố Hồ Chí Minh' },
        mother: { citizenId: m.soDinhDanh, fullName: m.hoVaTen },
        applicant: { citizenId: m.soDinhDanh, fullName: m.hoVaTen, relationship: 'mẹ' },
        residence: { address: m.noiThuongTru, householdHeadCitizenId: m.soDinhDanhChuHo, relationshipToHead: m.laChuHo ? 'Con' : 'Cháu' },
        documents: [doc('declaration', 'Tờ khai đăng ký khai sinh'), doc('medical-birth-certificate', 'Giấy chứng sinh')]
      }
    }])
  }
  const deathChains: Envelope[][] = []
  for (let i = 0; i < deaths; i++) {
    const d = deceased[i] as typeof deceased[number]
    const relative = mothers[i % mothers.length] as typeof mothers[number]
    deathChains.push([{
      header: header(PARTICIPANTS.portal.id, 'death.register'),
      body: {
        procedureCode: '9.990003',
        receivingAgency: `000.00.${String(1 + (i % 20)).padStart(2, '0')}.H62`,
        deceased: { citizenId: d.soDinhDanh, fullName: d.hoVaTen, dateOfBirth: d.ngaySinh.split('/').reverse().join('-'), gender: d.gioiTinh === 1 ? 'male' : 'female', dateOfDeath: day(1), placeOfDeath: 'Tại nhà riêng' },
        applicant: { citizenId: relative.soDinhDanh, fullName: relative.hoVaTen, relationship: 'con' },
        documents: [doc('declaration', 'Tờ khai đăng ký khai tử'), doc('death-notice', 'Giấy báo tử')]
      }
    }])
  }
  return [
    { name: 'H29 births', key: PARTICIPANTS.h29.key, chains: birthChains },
    ...(deathChains.length > 0 ? [{ name: 'G22 deaths', key: PARTICIPANTS.portal.key, chains: deathChains }] : [])
  ]
}
