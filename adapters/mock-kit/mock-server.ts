import { setTimeout as sleep } from 'node:timers/promises'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type HTTPMethods } from 'fastify'
import { FaultController, type Faults } from './faults.js'

/** One business request as a mock saw it, kept so tests can prove "delivered exactly once". */
export interface ReceivedRequest {
  at: string
  method: string
  path: string
  idempotencyKey: string | null
  /** The native body (secrets such as passwords blanked). */
  body: unknown
  /**
   * The fault applied to it, if any: `down` (socket destroyed), `hold` (never answered), `fail`
   * (error status), `lost-reply` (processed, then the socket destroyed instead of answering).
   */
  fault: 'down' | 'hold' | 'fail' | 'lost-reply' | null
  /** True when the answer was a replay of an earlier answer to the same idempotency key. */
  replayed: boolean
}

/** An effect a mock actually applied (a dossier registered, a status stored), in order. */
export interface MockEffect {
  at: string
  type: string
  /** The Idempotency-Key of the request that applied it (absent without one): a retried message must show one effect. */
  idempotencyKey?: string
  [field: string]: unknown
}

/** A native answer produced by a mock's business logic. */
export interface NativeAnswer {
  status: number
  body: unknown
  headers?: Record<string, string>
  /**
   * Whether a repeated idempotency key may replay this answer (default true). Answers that
   * depend on the caller's session or credential, not on the request, say false.
   */
  replayable?: boolean
}

/** A business route of a mock: its native path and how it answers. */
export interface BusinessRoute<P = undefined> {
  method: HTTPMethods
  url: string
  /** Checks the client credential; returns the refusal to send, or null when the caller may proceed. */
  authenticate?: (request: FastifyRequest) => NativeAnswer | null
  /** Idempotency keys are remembered per scope (default: the route), e.g. per portal service. */
  idempotencyScope?: (request: FastifyRequest) => string
  /** Blanks secrets before the body is recorded. */
  redact?: (body: unknown) => unknown
  /**
   * Asynchronous work the real system does before its business logic, such as a call to a peer
   * system (civil status asks the population database for a newborn's number); what it resolves
   * with is handed to `handle`. It runs after the faults, the credential check and the replay
   * check, and the idempotency memory is read again once it resolves, so concurrent requests with
   * one key still apply once (each may prepare; the peer call must then be idempotent itself).
   * It should not throw: a rejection answers 500 and is not remembered.
   */
  prepare?: (request: FastifyRequest) => Promise<P>
  /** The business logic. Synchronous on purpose: one request's effects are applied atomically. */
  handle: (request: FastifyRequest, prepared: P) => NativeAnswer
}

export interface MockKitOptions {
  kind: string
  faults?: Partial<Faults>
  seed?: number
  logger?: boolean
}

// Enough for any test or demo run; past it the oldest entries go, so a long local run stays bounded.
export const DEFAULT_MAX_RECORDS = 20_000

/**
 * The machinery every mock system shares: a Fastify server, the fault switches, the
 * record of received requests and applied effects, idempotency-key replay, and the
 * `/__mock` control endpoints.
 */
export class MockKit {
  readonly kind: string
  readonly app: FastifyInstance
  readonly faults: FaultController
  readonly #received: ReceivedRequest[] = []
  readonly #effects: MockEffect[] = []
  readonly #answers = new Map<string, NativeAnswer>()
  /** Received requests and effects kept (each list), oldest dropped first; a fault-injection run raises it to keep them all. */
  maxRecords = DEFAULT_MAX_RECORDS
  /**
   * Whether the `/__mock` fault and record endpoints answer (default on: tests and `npm start`
   * drive them). Off, they answer 404 like any unknown path: anyone who reaches a deployed mock
   * could otherwise take it down or read what it received.
   */
  control = true
  // The Idempotency-Key of the request whose (synchronous) handler is running, for recordEffect.
  #currentKey: string | null = null

  constructor (options: MockKitOptions) {
    this.kind = options.kind
    this.faults = new FaultController(options.faults, options.seed)
    // forceCloseConnections: requests held by the timeout fault must not keep close() waiting.
    this.app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true })
    this.#controlRoutes()
  }

  received (): ReceivedRequest[] {
    return this.#received.map(r => ({ ...r }))
  }

  effects (): MockEffect[] {
    return this.#effects.map(e => ({ ...e }))
  }

  /**
   * The answer this mock gave to the request with idempotency key `key` on the route (or scope)
   * `scope` (e.g. `POST /api/hoso/tiepnhan`), if it remembers one: what a native lookup of a
   * request by its id answers, as real systems offer.
   */
  answerOf (scope: string, key: string): NativeAnswer | undefined {
    return this.#answers.get(`${scope}\u0000${key}`)
  }

  /** Forgets received requests and recorded effects (the data and the idempotency memory stay). */
  reset (): void {
    this.#received.length = 0
    this.#effects.length = 0
  }

  recordEffect (type: string, data: Record<string, unknown>): void {
    const effect: MockEffect = { at: new Date().toISOString(), type, ...data }
    if (this.#currentKey !== null) effect.idempotencyKey = this.#currentKey
    push(this.#effects, effect, this.maxRecords)
  }

  /** Registers a business route: recorded, subject to faults, authenticated, idempotent. */
  business<P = undefined> (route: BusinessRoute<P>): void {
    this.app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const key = headerValue(request.headers['idempotency-key'])
        const entry: ReceivedRequest = {
          at: new Date().toISOString(),
          method: request.method,
          path: request.url,
          idempotencyKey: key,
          body: route.redact !== undefined ? route.redact(request.body) : request.body ?? null,
          fault: null,
          replayed: false
        }
        push(this.#received, entry, this.maxRecords)

        const { latencyMs } = this.faults.get()
        if (latencyMs > 0) await sleep(latencyMs)
        const decision = this.faults.decide()
        if (decision.kind === 'down') {
          entry.fault = 'down'
          reply.hijack()
          request.raw.socket.destroy()
          return
        }
        if (decision.kind === 'hold') {
          // Never answer: the socket stays open until the client aborts or the server closes.
          entry.fault = 'hold'
          reply.hijack()
          return
        }
        if (decision.kind === 'fail') {
          entry.fault = 'fail'
          if (decision.retryAfterSeconds !== null) reply.header('retry-after', String(decision.retryAfterSeconds))
          return reply.code(decision.status).send({ error: 'fault injected by mock', status: decision.status })
        }

        const refusal = route.authenticate?.(request) ?? null
        if (refusal !== null) return send(reply, refusal)

        const cacheKey = key === null ? null : `${route.idempotencyScope?.(request) ?? `${route.method} ${route.url}`}\u0000${key}`
        let answer = cacheKey === null ? undefined : this.#answers.get(cacheKey)
        let prepared: P | undefined
        if (answer === undefined && route.prepare !== undefined) {
          prepared = await route.prepare(request)
          // Another request with the same key may have been answered while this one waited.
          answer = cacheKey === null ? undefined : this.#answers.get(cacheKey)
        }
        if (answer !== undefined) {
          entry.replayed = true
          reply.header('idempotent-replayed', 'true')
        } else {
          this.#currentKey = key
          try {
            answer = route.handle(request, prepared as P)
          } finally {
            this.#currentKey = null
          }
          if (cacheKey !== null && answer.replayable !== false && answer.status < 500) this.#answers.set(cacheKey, answer)
        }
        if (decision.kind === 'lose-reply') {
          // The work is done and remembered; only the answer never reaches the client.
          entry.fault = 'lost-reply'
          reply.hijack()
          request.raw.socket.destroy()
          return
        }
        return send(reply, answer)
      }
    })
  }

  /** Starts listening; resolves with the base URL. */
  async listen (host = '127.0.0.1', port = 0): Promise<string> {
    await this.app.listen({ host, port })
    const address = this.app.server.address()
    if (address === null || typeof address === 'string') throw new Error(`${this.kind} mock did not bind a TCP port`)
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
    return `http://${shownHost}:${address.port}`
  }

  async close (): Promise<void> {
    await this.app.close()
  }

  #controlRoutes (): void {
    const onRequest = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      if (!this.control) reply.callNotFound()
    }
    this.app.get('/__mock/faults', { onRequest }, async () => this.faults.get())
    this.app.put('/__mock/faults', { onRequest }, async (request, reply) => {
      try {
        return this.faults.set((request.body ?? {}) as Partial<Faults>)
      } catch (err) {
        return reply.code(400).send({ error: (err as Error).message })
      }
    })
    this.app.get('/__mock/received', { onRequest }, async () => this.received())
    this.app.delete('/__mock/received', { onRequest }, async (_request, reply) => {
      this.reset()
      return reply.code(204).send()
    })
    this.app.get('/__mock/effects', { onRequest }, async () => this.effects())
    this.app.get('/__mock/health', async () => ({ kind: this.kind, ok: true }))
  }
}

function send (reply: FastifyReply, answer: NativeAnswer): FastifyReply {
  if (answer.headers !== undefined) reply.headers(answer.headers)
  return reply.code(answer.status).send(answer.body)
}

function push<T> (list: T[], item: T, max: number): void {
  list.push(item)
  if (list.length > max) list.splice(0, list.length - max)
}

/** The first value of a header, or null. */
export function headerValue (value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null
  return value ?? null
}

/** An `x-api-key` check: the refusal to send (401, in the mock's native shape) or null. */
export function apiKeyCheck (apiKey: string, refusal: () => unknown): (request: FastifyRequest) => NativeAnswer | null {
  return (request) => headerValue(request.headers['x-api-key']) === apiKey
    ? null
    : { status: 401, body: refusal(), replayable: false }
}
