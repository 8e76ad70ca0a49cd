import type { AddressInfo } from 'node:net'
import t from 'tap'
import { createLienthongClient, type Envelope } from '../../clients/typescript/client.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// The integrators' typed client (openapi-fetch over the generated types) against the gateway on a real port.
const p = await startPlatform(t)
await p.app.listen({ port: 0, host: '127.0.0.1' })
const baseUrl = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`
const applicant = sampleCitizens(p.mock(IDS.population), 1)[0] ?? (() => { throw new Error('no sample citizen') })()

t.test('typed calls: a dossier accepted with its code, its state, the services, and a refusal with its code and pointer', async (t) => {
  const portal = createLienthongClient({ baseUrl, credential: KEYS.dvcqg })
  const msg = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant)) as unknown as Envelope
  const sent = await portal.POST('/v1/messages', { body: msg })
  t.equal(sent.response.status, 202)
  const accepted = sent.data !== undefined && 'statusUrl' in sent.data ? sent.data : undefined
  t.match(accepted?.dossierCode, /^000\.00\.01\.H29-\d{6}-\d{4}$/)
  const state = await portal.GET('/v1/messages/{messageId}', { params: { path: { messageId: msg.header.messageId } } })
  t.equal(state.data?.dossierCode, accepted?.dossierCode)
  const services = await portal.GET('/v1/services')
  t.ok(services.data?.services.some((s) => s.service === 'dossier.submit'))

  const refused = await portal.POST('/v1/messages', { body: { ...msg, body: { ...msg.body, procedureCode: '1.999999' }, header: { ...msg.header, messageId: crypto.randomUUID() } } })
  t.equal(refused.response.status, 422)
  t.equal(refused.error?.code, 'LT_UNKNOWN_PROCEDURE')
  t.equal(refused.error?.details?.[0]?.pointer, '/body/procedureCode')
  const stranger = await createLienthongClient({ baseUrl, credential: 'lt_wrong' }).GET('/v1/services')
  t.equal(stranger.error?.code, 'LT_UNAUTHENTICATED')
})
