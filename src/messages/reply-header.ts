import { randomUUID } from 'node:crypto'
import { vietnamTimestamp } from '../identifiers/index.js'
import type { Envelope, MessageRecord } from './message-store.js'

/**
 * The header of the reply to a recorded message: from its receiver to its sender, a new messageId,
 * in reply to the sender's own messageId, with its correlationId and the hash of the request as
 * the gateway recorded it.
 */
export function replyHeaderFor (record: Pick<MessageRecord, 'envelope' | 'requestHash'>): Envelope['header'] {
  const { header } = record.envelope
  const reply: Envelope['header'] = {
    messageId: randomUUID(),
    service: header.service,
    version: header.version,
    from: header.to,
    to: header.from,
    sentAt: vietnamTimestamp(),
    inReplyTo: header.messageId
  }
  if (header.correlationId !== undefined) reply.correlationId = header.correlationId
  if (record.requestHash !== undefined) reply.requestHash = record.requestHash
  return reply
}
