import { randomBytes } from 'node:crypto'

/** The secrets the sample registry (config/registry.json) reads from the environment. */
const SECRET_NAMES = [
  'POPULATION_API_KEY', 'BUSINESS_REGISTRY_API_KEY', 'ONE_STOP_H29_API_KEY', 'ONE_STOP_H62_API_KEY', 'SERVICE_PORTAL_PASSWORD',
  'CIVIL_STATUS_API_KEY', 'RESIDENCE_API_KEY', 'SOCIAL_SECURITY_API_KEY',
  // The senders' callback signing secrets.
  'CALLBACK_SECRET_H29_MOTCUA', 'CALLBACK_SECRET_H62_MOTCUA', 'CALLBACK_SECRET_G22_DVCQG'
] as const

/**
 * For local runs, tests and benchmarks, where the mock systems and the adapters must share
 * credentials: `env`'s own values, with every missing one invented. Deployments set them all.
 */
export function localCredentials (env: Record<string, string | undefined> = {}): Record<string, string> {
  const out: Record<string, string> = { SERVICE_PORTAL_USERNAME: env.SERVICE_PORTAL_USERNAME ?? 'lienthong' }
  for (const name of SECRET_NAMES) out[name] = env[name] ?? randomBytes(16).toString('hex')
  return out
}
