import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import t from 'tap'
import { projectRoot } from '../../src/project-paths.js'

const guidePath = join(projectRoot, 'docs', 'integrator-guide.md')
const guide = await readFile(guidePath, 'utf8')
const readme = await readFile(join(projectRoot, 'README.md'), 'utf8')

/** GitHub's anchor of a heading. */
function anchor (heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-')
}

t.test('every relative link of the guide leads to a file, and to a heading that exists', async (t) => {
  const links = [...guide.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string).filter((l) => !/^[a-z]+:/.test(l))
  t.ok(links.length >= 10)
  for (const link of links) {
    const [path = '', hash] = link.split('#')
    const target = path === '' ? guidePath : join(dirname(guidePath), path)
    t.ok(existsSync(target), `${link} exists`)
    if (hash !== undefined && target.endsWith('.md')) {
      const headings = [...(await readFile(target, 'utf8')).matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1] as string))
      t.ok(headings.includes(hash), `${link}: heading #${hash}`)
    }
  }
})

t.test('the README points to the guide, and the guide names every example file', async (t) => {
  t.match(readme, '](docs/integrator-guide.md)')
  for (const file of ['send-message.ts', 'oauth2-token.ts', 'verify-callback.ts', 'callback-receiver.ts', 'post-test-callback.sh']) {
    t.match(guide, `](examples/${file})`, file)
  }
})

t.test('the guide documents the callback headers and signature as sent', async (t) => {
  for (const header of ['X-Lienthong-Event', 'X-Lienthong-Message-Id', 'X-Lienthong-Timestamp', 'X-Lienthong-Signature: v1=']) t.match(guide, header)
  t.match(guide, '"<timestamp>.<raw body>"')
  t.match(guide, 'LT_CALLBACK_URL_FORBIDDEN')
})
