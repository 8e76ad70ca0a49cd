import type { BaseLogger } from 'pino'
import { asDeliveryError, type Adapter, type DeliveryOptions, type DeliveryRequest } from '../../adapters/contract.js'
import type { Metrics } from './metrics.js'

/**
 * Wraps one receiver's adapter: times every delivery, counts failures by code and logs each
 * failure with the message's ids. One wrapper in the adapter pool covers every adapter, on the
 * sync path (gateway) and in the workers alike.
 */
export function instrumentAdapter (adapter: Adapter, opts: { receiver: string, metrics: Metrics, logger: Pick<BaseLogger, 'warn'> }): Adapter {
  const { receiver, metrics, logger } = opts
  const confirm = adapter.confirm?.bind(adapter)
  return {
    kind: adapter.kind,
    // The lookup passes through: it is no delivery (nothing to time as one), and failing is its answer "cannot say".
    ...(confirm !== undefined ? { confirm } : {}),
    close: async () => { await adapter.close() },
    deliver: async (request: DeliveryRequest, options: DeliveryOptions) => {
      const started = performance.now()
      try {
        const reply = await adapter.deliver(request, options)
        metrics.upstreamCallDuration.observe({ receiver, service: request.service, outcome: 'ok' }, (performance.now() - started) / 1000)
        return reply
      } catch (cause) {
        const seconds = (performance.now() - started) / 1000
        const err = asDeliveryError(cause)
        metrics.upstreamCallDuration.observe({ receiver, service: request.service, outcome: 'error' }, seconds)
        metrics.upstreamErrors.inc({ receiver, code: err.code })
        const context = { messageId: request.messageId, correlationId: request.correlationId, receiver, service: request.service, durationMs: Math.round(seconds * 1000) }
        logger.warn({ ...context, err }, 'upstream call failed')
        throw cause
      }
    }
  }
}
