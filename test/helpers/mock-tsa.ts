import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

interface Teardown { teardown: (fn: () => Promise<void> | void) => void }

/**
 * A mock RFC 3161 time-stamp authority: a real HTTP server whose answers OpenSSL makes
 * (`openssl ts -reply`) with a throw-away P-256 certificate for time stamping. `caFile` is that
 * certificate (self-signed: its own CA), for `openssl ts -verify`. `requests` counts the stamps.
 */
export async function startMockTsa (t: Teardown): Promise<{ url: string, caFile: string, requests: () => number, setDown: (down: boolean) => void }> {
  const dir = await mkdtemp(join(tmpdir(), 'lt-tsa-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const key = join(dir, 'tsa.key')
  const cert = join(dir, 'tsa.crt')
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=lienthong test time-stamp authority', '-addext', 'extendedKeyUsage=critical,timeStamping', '-addext', 'keyUsage=critical,digitalSignature'])
  await writeFile(join(dir, 'serial'), '01\n')
  await writeFile(join(dir, 'tsa.cnf'), [
    '[ tsa ]', 'default_tsa = tsa1', '[ tsa1 ]', `serial = ${join(dir, 'serial')}`, 'crypto_device = builtin',
    `signer_cert = ${cert}`, `signer_key = ${key}`, 'signer_digest = sha256', 'default_policy = 1.2.3.4.1',
    'other_policies = 1.2.3.4.5', 'digests = sha256', 'accuracy = secs:1', 'ordering = yes', 'tsa_name = no',
    'ess_cert_id_chain = no', 'ess_cert_id_alg = sha256', `certs = ${cert}`, ''
  ].join('\n'))
  let count = 0
  let down = false
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (down || req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(down ? 503 : 400).end()
        return
      }
      const n = ++count
      const query = join(dir, `q${n}.tsq`)
      const reply = join(dir, `r${n}.tsr`)
      writeFile(query, Buffer.concat(chunks))
        .then(async () => await run('openssl', ['ts', '-reply', '-queryfile', query, '-config', join(dir, 'tsa.cnf'), '-out', reply]))
        .then(async () => await readFile(reply))
        .then((body) => { res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(body) })
        .catch(() => { res.writeHead(500).end() })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => { await new Promise<void>((resolve) => server.close(() => resolve())) })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`, caFile: cert, requests: () => count, setDown: (d) => { down = d } }
}
