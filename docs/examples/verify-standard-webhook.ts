// Checking a lienthong callback with the Standard Webhooks library (npm install standardwebhooks;
// libraries exist for Python, Go, Java, C#, PHP, Ruby, Rust, Elixir: https://www.standardwebhooks.com/).
// See docs/integrator-guide.md, section 7. The library checks the webhook-id, webhook-timestamp
// (5 minutes either way) and webhook-signature headers over the raw body.
import { Webhook, WebhookVerificationError } from 'standardwebhooks'

export type StandardWebhookCheck =
  | { ok: true, event: Record<string, unknown>, webhookId: string }
  | { ok: false, reason: string }

/**
 * `rawBody`: the body exactly as received; `headers`: the request's headers (names in any case);
 * `secret`: your callback secret as the operator gave it to you (the library's "raw" format; the
 * same key in its `whsec_` format is `whsec_` + the secret in base64).
 */
export function verifyStandardWebhook (rawBody: string | Buffer, headers: Record<string, string | string[] | undefined>, secret: string): StandardWebhookCheck {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  try {
    const event = new Webhook(secret, { format: 'raw' }).verify(rawBody.toString('utf8'), flat) as Record<string, unknown>
    // De-duplicate on webhook-id: the same on every retry of one callback.
    return { ok: true, event, webhookId: flat['webhook-id'] ?? '' }
  } catch (err) {
    if (err instanceof WebhookVerificationError) return { ok: false, reason: err.message }
    throw err
  }
}
