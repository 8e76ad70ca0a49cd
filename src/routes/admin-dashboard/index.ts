import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AdminSessions } from '../../admin/admin-session.js'
import type { AuditActor } from '../../admin/audit-log.js'
import { isAdminToken } from '../../admin/admin-token.js'
import { errors } from '../../errors.js'
import { contentSecurityPolicy } from '../../plugins/security-headers.js'
import { adminCredentialOf } from './admin-access.js'
import { loginPage, loginPagePolicy, logoutPage } from './login-page.js'
import queueBoard, { QUEUE_BOARD_PATH } from './queue-board.js'
import { clearedSessionCookie, sessionCookie } from './session-cookie.js'

const loginBody = {
  type: 'object',
  properties: { token: { type: 'string', maxLength: 1024 } }
} as const

/**
 * The admin dashboard for browsers: a sign-in form that turns the admin token into a session
 * cookie, and the queue dashboard behind it. Off while ADMIN_TOKEN is empty, like the admin API.
 * Kept out of the OpenAPI document: these are pages, not API.
 */
export default async function adminDashboardRoutes (app: FastifyInstance): Promise<void> {
  const adminToken = app.config.adminToken
  if (adminToken === '') {
    const disabled = async (): Promise<never> => { throw errors.unauthenticated('the admin dashboard is disabled: set ADMIN_TOKEN') }
    for (const url of ['/admin/login', '/admin/logout', QUEUE_BOARD_PATH, `${QUEUE_BOARD_PATH}/*`]) {
      app.route({ method: ['GET', 'POST'], url, schema: { hide: true }, handler: disabled })
    }
    return
  }
  const sessions = new AdminSessions(adminToken)
  const page = { schema: { hide: true }, helmet: contentSecurityPolicy(loginPagePolicy) }

  // The form posts application/x-www-form-urlencoded; only these routes parse it.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)))
  })

  async function auditSession (request: FastifyRequest, action: string, actor: AuditActor): Promise<void> {
    await app.audit.append({ actor, action, target: 'dashboard', clientAddress: request.ip, outcome: 'success', statusCode: 303 })
      .catch((err: unknown) => request.log.error({ err, action }, 'audit record could not be written'))
  }

  async function sendPage (reply: FastifyReply, html: string, statusCode = 200): Promise<FastifyReply> {
    // Pages with a secret in their form: never stored by the browser or a proxy.
    return await reply.code(statusCode).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html)
  }

  app.get('/admin/login', page, async (request: FastifyRequest, reply) => {
    if (adminCredentialOf(request, adminToken, sessions) !== undefined) return await reply.redirect(QUEUE_BOARD_PATH, 303)
    return await sendPage(reply, loginPage())
  })

  app.post<{ Body: { token?: string } | undefined }>('/admin/login', { ...page, schema: { hide: true, body: loginBody } }, async (request, reply) => {
    // Too many wrong tokens from this address: refused, the right one too, until the block ends.
    const blocked = await app.limits.adminSignIn.refusal(request)
    if (blocked !== undefined) {
      void reply.header('retry-after', String(blocked.retryAfterSeconds))
      return await sendPage(reply, loginPage(`Too many wrong tokens from your address. Try again in ${Math.ceil((blocked.retryAfterSeconds ?? 60) / 60)} minutes.`), 429)
    }
    if (!isAdminToken(request.body?.token ?? '', adminToken)) {
      await app.limits.adminSignIn.failed(request)
      request.log.info('admin sign-in refused')
      void reply.header('www-authenticate', 'Bearer realm="lienthong"')
      return await sendPage(reply, loginPage('That is not the admin token. Check ADMIN_TOKEN and try again.'), 401)
    }
    await app.limits.adminSignIn.succeeded(request)
    request.log.info('admin signed in')
    await auditSession(request, 'admin.sign-in', 'admin-token')
    void reply.header('set-cookie', sessionCookie(request, sessions.issue(), Math.floor(sessions.ttlMs / 1000)))
    return await reply.redirect(QUEUE_BOARD_PATH, 303)
  })

  app.get('/admin/logout', page, async (_request, reply) => await sendPage(reply, logoutPage()))

  app.post('/admin/logout', page, async (request, reply) => {
    // Only a real session's sign-out is a change worth recording.
    if (adminCredentialOf(request, adminToken, sessions) === 'session') await auditSession(request, 'admin.sign-out', 'admin-session')
    void reply.header('set-cookie', clearedSessionCookie(request))
    return await reply.redirect('/admin/login', 303)
  })

  await app.register(queueBoard, { adminToken, sessions, throttle: app.limits.adminSignIn })
}
