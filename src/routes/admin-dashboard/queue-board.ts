import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import type { FastifyInstance } from 'fastify'
import type { AdminSessions } from '../../admin/admin-session.js'
import type { AdminSignInThrottle } from '../../plugins/rate-limits.js'
import { useContentSecurityPolicy, type CspDirectives } from '../../plugins/security-headers.js'
import { requireAdmin } from './admin-access.js'

export const QUEUE_BOARD_PATH = '/admin/queues'

/** bull-board's page template (its HTML shell: stylesheet, scripts, a loading placeholder). */
export function queueBoardTemplate (): string {
  const ui = dirname(createRequire(import.meta.url).resolve('@bull-board/ui/package.json'))
  return readFileSync(join(ui, 'dist', 'index.ejs'), 'utf8')
}

function sha256Source (text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`
}

/**
 * The inline styles of the template, as CSP hash sources: its `<style>` elements and `style`
 * attributes (the loading placeholder shown until the scripts run). Read from the installed
 * template, so an upgrade of bull-board keeps a policy that fits it exactly.
 */
export function inlineStyleSources (template: string): string[] {
  const styles = [...template.matchAll(/<style>([\s\S]*?)<\/style>/g), ...template.matchAll(/\sstyle="([^"]*)"/g)]
  return [...new Set(styles.map((m) => sha256Source(m[1] as string)))]
}

/** The `<style>` inside the Redis logo that bull-board's script renders (`.rds-b1 {fill: #ae7d83}` …). */
const REDIS_LOGO_STYLE = "'sha256-r2N1TB/gHbBtBZFKg7ejmq1acVSREzucTAEw6ga4hoU='"

/**
 * The dashboard's policy: bull-board's scripts, stylesheet, images and API all come from the
 * gateway; the only inline code it needs is styles, allowed by hash: those of its template
 * ('unsafe-hashes' lets hashes cover its style attributes) and the Redis logo's. `base-uri
 * 'self'`: the template sets `<base href="/admin/queues/">`. No script runs inline; the UI
 * configuration is a JSON data block, which CSP does not treat as script.
 */
export function queueBoardPolicy (template: string): CspDirectives {
  return {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-hashes'", ...inlineStyleSources(template), REDIS_LOGO_STYLE],
    'img-src': ["'self'"],
    'connect-src': ["'self'"],
    'base-uri': ["'self'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"]
  }
}

/**
 * The template links IBM Plex from Google Fonts. The dashboard of a government gateway should
 * not make operators' browsers call a third party (nor fail on networks without internet), so
 * the link goes and the page falls back to the system fonts.
 */
export function withoutThirdPartyFonts (html: string): string {
  return html.replace(/<link[^>]+href="https:\/\/fonts\.(googleapis|gstatic)\.com[^>]*>\s*/g, '')
}

/**
 * The queue dashboard (bull-board) at /admin/queues: every receiver's delivery queue, its jobs
 * by state, retries and failed jobs (the dead letters). Read-only: replaying or purging a dead
 * letter goes through the admin API, which keeps the message store in step with the queue.
 */
export default async function queueBoard (app: FastifyInstance, opts: { adminToken: string, sessions: AdminSessions, throttle: AdminSignInThrottle }): Promise<void> {
  const policy = queueBoardPolicy(queueBoardTemplate())
  app.addHook('onRoute', (route) => { useContentSecurityPolicy(route, policy) })
  app.addHook('onRequest', requireAdmin(opts.adminToken, opts.sessions, opts.throttle))
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '')
    return typeof payload === 'string' && type.startsWith('text/html') ? withoutThirdPartyFonts(payload) : payload
  })

  const serverAdapter = new FastifyAdapter()
  serverAdapter.setBasePath(QUEUE_BOARD_PATH)
  createBullBoard({
    queues: [
      ...app.registry.receivers().map((receiver) => new BullMQAdapter(app.queues.for(receiver.id), {
        readOnlyMode: true,
        description: `${receiver.name} (${receiver.id})`
      })),
      new BullMQAdapter(app.callbacks.queue, { readOnlyMode: true, description: 'Signed outcome callbacks to senders' })
    ],
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'lienthong queues',
        hideDocsLink: true,
        miscLinks: [{ text: 'Sign out', url: '/admin/logout' }]
      }
    }
  })
  await app.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH })
}
