import { readFile, stat } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { JSONWebKeySet } from 'jose'
import type { EvidenceBundle } from '../src/evidence/evidence-log.js'
import { verifyArchive, verifyBundle, type VerifyResult } from '../src/evidence/evidence-verify.js'

/**
 * `npm run evidence -- verify <bundle.json | archive directory> [--jwks keys.json] [--tsa-ca tsa.pem]`
 *
 * Checks an evidence bundle exported by the admin API, or an archive directory, offline: every
 * record's hash, the chain, each message's events, every checkpoint's signature and Merkle root
 * (and RFC 3161 tokens). Prints `verified …` and exits 0, or names the first bad record and exits 1.
 * `--jwks`: the keys to trust (e.g. the gateway's /.well-known/jwks.json saved earlier) instead of
 * those the bundle or archive carries. `--tsa-ca`: the time-stamp authority's CA certificate.
 */
const USAGE = 'usage: npm run evidence -- verify <bundle.json | archive directory> [--jwks keys.json] [--tsa-ca tsa-ca.pem]'

const { positionals, values } = parseArgs({ allowPositionals: true, options: { jwks: { type: 'string' }, 'tsa-ca': { type: 'string' } } })
const [command, path] = positionals
if (command !== 'verify' || path === undefined) {
  console.error(USAGE)
  process.exit(2)
}

const keys = values.jwks === undefined ? undefined : JSON.parse(await readFile(values.jwks, 'utf8')) as JSONWebKeySet
const opts = { ...(keys === undefined ? {} : { keys }), ...(values['tsa-ca'] === undefined ? {} : { tsaCaFile: values['tsa-ca'] }) }
let result: VerifyResult
try {
  if ((await stat(path)).isDirectory()) {
    result = await verifyArchive(path, opts)
  } else {
    let bundle: EvidenceBundle
    try {
      bundle = JSON.parse(await readFile(path, 'utf8')) as EvidenceBundle
    } catch (err) {
      throw new Error(`${path} is not a JSON evidence bundle (${(err as Error).message})`)
    }
    result = await verifyBundle(bundle, opts)
  }
} catch (err) {
  console.error(`not verified: ${(err as Error).message}`)
  process.exit(1)
}

const span = result.firstSeq === undefined ? 'no records' : `records ${result.firstSeq}–${result.lastSeq ?? result.firstSeq}`
if (!result.ok) {
  console.error(`not verified: ${result.error ?? 'unknown fault'}`)
  console.error(`checked before it: ${result.records} records, ${result.checkpoints} checkpoints`)
  process.exit(1)
}
console.log(`verified: ${span}, ${result.records} records of ${result.messages} messages, ${result.checkpoints} signed checkpoints` +
  `${result.timestamped > 0 ? ` (${result.timestamped} time-stamped${values['tsa-ca'] === undefined ? ', tokens matched but their signatures not checked: pass --tsa-ca' : ''})` : ''}` +
  `${result.unsealed > 0 ? `; ${result.unsealed} records after the last checkpoint are not sealed yet` : ''}`)
console.log(`signed by: ${result.kids.join(', ')}${keys === undefined ? ' (keys from the evidence itself: compare them with the gateway\'s /.well-known/jwks.json, or pass --jwks)' : ''}`)
