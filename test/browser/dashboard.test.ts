import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { chromium, type Page } from 'playwright-core'
import { queueNameFor } from '../../src/delivery/delivery-queues.js'
import { projectRoot } from '../../src/project-paths.js'
import { sampleCitizens } from '../helpers/citizens.js'
import { dossierBody } from '../helpers/dossiers.js'
import { envelope, eventually, IDS, KEYS, startPlatform } from '../helpers/platform.js'

// A real browser is the only proof that the pages work under their Content-Security-Policy.
// CI installs Debian's chromium; a machine without it fails here rather than skipping.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(executablePath)) {
  throw new Error(`no Chromium at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`)
}

const ADMIN = 'browser-admin-token-5f2a9c1e-0123456'
const artifacts = join(projectRoot, 'test', 'artifacts')
await mkdir(artifacts, { recursive: true })

const p = await startPlatform(t, { workers: true, env: { ADMIN_TOKEN: ADMIN } })
const base = await p.app.listen({ host: '127.0.0.1', port: 0 })
const [applicant] = sampleCitizens(p.mock(IDS.population), 1)
if (applicant === undefined) throw new Error('no sample citizen')
const h29Queue = queueNameFor(IDS.h29)

// Root in a container: Chromium's sandbox needs user namespaces it may not have.
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] })
t.teardown(async () => { await browser.close() })

/** Console errors, uncaught exceptions and CSP violations of one page, as lines. */
async function watchedPage (): Promise<{ page: Page, problems: string[] }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`) })
  page.on('pageerror', (err) => { problems.push(`page error: ${err.message}`) })
  await page.exposeFunction('reportCspViolation', (line: string) => { problems.push(`CSP: ${line}`) })
  // Runs in the page before its own scripts (injected by the browser, so no CSP applies to it).
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      window.reportCspViolation(e.effectiveDirective + ' blocked ' + e.blockedURI + ' (' + e.sourceFile + ':' + e.lineNumber + ')')
    })`
  })
  return { page, problems }
}

async function admin (method: 'GET' | 'POST', url: string): Promise<number> {
  return (await p.app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN}` } })).statusCode
}

t.test('/docs: Swagger UI renders every operation under its policy', async (t) => {
  const { page, problems } = await watchedPage()
  const res = await page.goto(`${base}/docs`)
  t.match(res?.headers()['content-security-policy'], /script-src 'self'/, 'the docs policy, not the API one')
  await page.locator('.opblock').first().waitFor()
  const paths = await page.locator('.opblock-summary-path').allTextContents()
  const documented = Object.keys((p.app.swagger() as { paths: Record<string, unknown> }).paths)
  t.ok(documented.every((path) => paths.some((shown) => shown.replace(/\u200b/g, '') === path)), 'every documented path is shown')
  t.ok(paths.length >= documented.length)
  await page.locator('.opblock-summary', { hasText: '/v1/messages' }).first().click()
  await page.locator('.opblock-body').first().waitFor()
  await page.screenshot({ path: join(artifacts, 'docs.png'), fullPage: true })
  t.same(problems, [], 'no console errors or CSP violations')
})

t.test('/admin/queues: sign in through the form, see a queued message and a dead letter', async (t) => {
  // A dead letter: the one-stop system refuses the dossier (400, permanent).
  const h29 = p.mock(IDS.h29)
  h29.setFaults({ failNext: 1, failStatus: 400 })
  const dead = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const deadId = String(dead.header.messageId)
  t.equal((await p.send(dead, KEYS.dvcqg)).statusCode, 202)
  await eventually(async () => (await p.state(deadId, KEYS.dvcqg)).body.status === 'dead' ? true : undefined, 15_000, 'the dead letter')
  // A queued message: delivery to H29 paused.
  t.equal(await admin('POST', `/admin/api/queues/${encodeURIComponent(IDS.h29)}/pause`), 200)
  t.teardown(async () => { await admin('POST', `/admin/api/queues/${encodeURIComponent(IDS.h29)}/resume`) })
  const queued = envelope('dossier.submit', IDS.portal, IDS.h29, dossierBody(applicant))
  const queuedId = String(queued.header.messageId)
  t.equal((await p.send(queued, KEYS.dvcqg)).statusCode, 202)

  const { page, problems } = await watchedPage()
  await page.goto(`${base}/admin/queues`)
  t.equal(new URL(page.url()).pathname, '/admin/login', 'sent to the login form')
  await page.screenshot({ path: join(artifacts, 'login.png') })
  await page.fill('#token', ADMIN)
  await Promise.all([page.waitForURL(`${base}/admin/queues`), page.click('button[type=submit]')])

  const [cookie] = await page.context().cookies(`${base}/admin/queues`)
  t.match(cookie, { name: 'lt_admin_session', httpOnly: true, sameSite: 'Strict', path: '/admin' }, 'a session cookie scripts cannot read')

  await page.getByText(h29Queue).first().waitFor()
  for (const receiver of p.registry.receivers()) {
    t.ok(await page.getByText(queueNameFor(receiver.id)).first().isVisible(), `${receiver.id}'s queue is listed`)
  }
  await page.screenshot({ path: join(artifacts, 'queues.png'), fullPage: true })

  await page.goto(`${base}/admin/queues/queue/${h29Queue}?status=failed`)
  await page.getByText(deadId).first().waitFor()
  await page.getByText(/LT_UPSTREAM_REJECTED/).first().waitFor()
  t.pass('the dead letter shows why it died')
  await page.screenshot({ path: join(artifacts, 'dead-letter.png'), fullPage: true })

  // BullMQ 6 keeps a paused queue's jobs waiting.
  await page.goto(`${base}/admin/queues/queue/${h29Queue}?status=waiting`)
  await page.getByText(queuedId).first().waitFor()
  t.ok(await page.getByText(h29Queue).first().isVisible())
  await page.screenshot({ path: join(artifacts, 'queued.png'), fullPage: true })

  t.same(problems, [], 'no console errors or CSP violations')
})

t.test('signing out ends the dashboard session', async (t) => {
  const { page, problems } = await watchedPage()
  await page.goto(`${base}/admin/login`)
  await page.fill('#token', ADMIN)
  await Promise.all([page.waitForURL(`${base}/admin/queues`), page.click('button[type=submit]')])
  t.equal((await page.context().cookies(`${base}/admin/queues`)).length, 1, 'signed in')
  // The dashboard's menu (the last button of its header) holds the "Sign out" link.
  await page.locator('header button').last().click()
  await Promise.all([page.waitForURL(`${base}/admin/logout`), page.getByText('Sign out').click()])
  await Promise.all([page.waitForURL(`${base}/admin/login`), page.click('button[type=submit]')])
  t.same(await page.context().cookies(`${base}/admin/queues`), [], 'the cookie is gone')
  await page.goto(`${base}/admin/queues`)
  t.equal(new URL(page.url()).pathname, '/admin/login', 'the dashboard asks for the token again')
  t.same(problems, [], 'no console errors or CSP violations')
})
