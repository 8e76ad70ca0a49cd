import { createHash } from 'node:crypto'
import type { CspDirectives } from '../../plugins/security-headers.js'

// The page's only style, inline so the page is one response; the policy allows it by hash.
const STYLE = 'body{font:16px/1.5 system-ui,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f4f5f7;color:#1d2330}' +
  'main{background:#fff;padding:2rem 2.5rem;border-radius:8px;box-shadow:0 1px 4px #0002;min-width:20rem}' +
  'h1{font-size:1.25rem;margin:0 0 1rem}label{display:block;margin-bottom:.25rem}' +
  'input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;margin-bottom:1rem}' +
  'button{padding:.5rem 1.25rem;font:inherit;cursor:pointer}p.error{color:#a4161a;font-weight:600}a{color:#1d4ed8}'

/** Login and logout pages: no script at all, one hashed style, forms that post to the gateway. */
export const loginPagePolicy: CspDirectives = {
  'default-src': ["'none'"],
  'style-src': [`'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`],
  'form-action': ["'self'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"]
}

function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function page (title: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · lienthong</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${content}
</main>
</body>
</html>
`
}

/** The sign-in form; `problem` (e.g. a wrong token) is shown above it. */
export function loginPage (problem?: string): string {
  return page('Admin sign-in', `<h1>lienthong admin</h1>
${problem === undefined ? '' : `<p class="error" role="alert">${escapeHtml(problem)}</p>\n`}<form method="post" action="/admin/login">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form>`)
}

/** Signing out is a POST (a link could be followed by anyone's page); this page holds its button. */
export function logoutPage (): string {
  return page('Sign out', `<h1>lienthong admin</h1>
<form method="post" action="/admin/logout">
<button type="submit">Sign out</button>
</form>
<p><a href="/admin/queues">Back to the queues</a></p>`)
}
