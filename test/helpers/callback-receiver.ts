import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedCallback {
  path: string
  headers: IncomingHttpHeaders
  rawBody: string
  body: any
  answeredWith: number
}

export interface CallbackReceiver {
  /** Base URL ending in `/callbacks/`, to be registered as the participant's callback prefix. */
  url: string
  received: ReceivedCallback[]
  /** The next `n` callbacks are answered with `status` (500 unless given). */
  failNext: (n: number, status?: number) => void
}

/** A participant's callback endpoint: a real HTTP server that records every callback it gets. */
export async function startCallbackReceiver (t: { teardown: (fn: () => unknown) => void }): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = []
  let failing = 0
  let failStatus = 500
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8')
      const answeredWith = failing > 0 ? failStatus : 204
      if (failing > 0) failing--
      let body: unknown
      try { body = JSON.parse(rawBody) } catch { body = undefined }
      received.push({ path: req.url ?? '', headers: req.headers, rawBody, body, answeredWith })
      res.statusCode = answeredWith
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => { await new Promise((resolve) => server.close(resolve)) })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/callbacks/`,
    received,
    failNext: (n, status = 500) => { failing = n; failStatus = status }
  }
}

/** For `startPlatform`'s `editRegistry`: every participant with a callback secret posts its callbacks under `receiver`. */
export function callbacksTo (receiver: { url: string }): (doc: { participants: Array<{ callbackSecretEnv?: string, callbackUrls?: string[] }> }) => void {
  return (doc) => {
    for (const participant of doc.participants) {
      if (participant.callbackSecretEnv !== undefined) participant.callbackUrls = [receiver.url]
    }
  }
}
