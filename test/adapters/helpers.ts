import { randomUUID } from 'node:crypto'
import type { DeliveryRequest } from '../../adapters/contract.js'
import { DeliveryError } from '../../adapters/contract.js'

/** A delivery request as the worker would hand it to an adapter. */
export function deliveryRequest (service: string, body: Record<string, unknown>, extra: Partial<DeliveryRequest> = {}): DeliveryRequest {
  const messageId = randomUUID()
  return {
    messageId,
    // As the gateway derives it from sender and messageId; any unique key does for an adapter's test.
    idempotencyKey: `key-${messageId}`,
    service,
    version: '1',
    from: 'VN:GOV:000.00.00.H29:motcua',
    to: 'VN:GOV:000.00.00.G01:dancu',
    body,
    ...extra
  }
}

/** Runs `fn` and returns the DeliveryError it rejects with (fails the test otherwise). */
export async function deliveryFailure (fn: () => Promise<unknown>): Promise<DeliveryError> {
  try {
    await fn()
  } catch (err) {
    if (err instanceof DeliveryError) return err
    throw err
  }
  throw new Error('expected the delivery to fail')
}

/** `dd/MM/yyyy` → `YYYY-MM-DD`. */
export function isoDate (native: string): string {
  const [d, m, y] = native.split('/')
  return `${y as string}-${m as string}-${d as string}`
}

export const SHA256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
