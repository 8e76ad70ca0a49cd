import { createHash } from 'node:crypto'
import { canonicalJson } from '../canonical-json.js'

/**
 * The evidence log's data model, shared by the gateway that writes it and the verifier that checks
 * it offline: records chained by hash, checkpoints that sign the chain's head and the Merkle root
 * of the records they seal, and the Merkle proofs that tie one record to its checkpoint.
 * Identifiers and hashes only: never citizen data.
 */

/** What happened: a message event (its new status, or `replayed`, `requeued`, `purged`) or an admin action. */
export type EvidenceEvent = 'accepted' | 'queued' | 'delivering' | 'retrying' | 'delivered' | 'dead' | 'unconfirmed' | 'replayed' | 'requeued' | 'purged' | 'admin'

/** One record of the chain, as it is hashed (everything but `hash`). */
export interface EvidenceRecordBody {
  v: 1
  /** 1, 2, 3, … in chain order. */
  seq: number
  /** The Redis stream id of the event (`<ms>-<n>`): orders the log, and finds a time range. */
  id: string
  /** RFC 3339: when the event was recorded (the time in `id`). */
  at: string
  event: EvidenceEvent
  /** The message's record id (absent for admin actions). */
  messageId?: string
  /** The event's number among its message's events: 1 (accepted), 2, … without gaps. */
  n?: number
  /** Identifiers and hashes of the event: sender, receiver, service, request/reply hash, attempt, error code, or the admin action. */
  detail: Record<string, unknown>
  /** `hash` of the record before (seq − 1); empty for the first record of the log. */
  prev: string
}

export interface EvidenceRecord extends EvidenceRecordBody {
  /** base64url SHA-256 of the record's canonical JSON (RFC 8785) without `hash`. */
  hash: string
}

/** What a checkpoint signs: a run of records, the head of the chain after them, and the checkpoint before. */
export interface CheckpointClaims {
  iss: string
  v: 1
  fromSeq: number
  toSeq: number
  /** Stream ids of the first and last records it seals. */
  fromId: string
  toId: string
  /** `hash` of record `toSeq`: the head of the chain. */
  head: string
  /** RFC 6962 Merkle tree hash over the `hash`es of records fromSeq…toSeq (base64url). */
  root: string
  /** base64url SHA-256 of the previous checkpoint's compact JWS; empty for the first. */
  prev: string
  /** RFC 3339, when it was signed. */
  at: string
}

/** A checkpoint as stored and archived: the signed JWS, and an RFC 3161 timestamp token over its SHA-256 when an authority is configured. */
export interface Checkpoint {
  checkpoint: string
  /** base64 DER TimeStampToken (RFC 3161) over SHA-256 of the `checkpoint` string. */
  timestamp?: string
}

/** The JWS `typ` of checkpoints: never taken for a receipt or an access token signed by the same keys. */
export const CHECKPOINT_TYPE = 'lienthong-evidence-checkpoint+jwt'
/** The JWS `typ` of an export bundle's manifest. */
export const MANIFEST_TYPE = 'lienthong-evidence-manifest+jwt'
export const BUNDLE_FORMAT = 'lienthong-evidence-bundle/1'

/** The evidence log's inbox: events appended by the message store's scripts and the audit log, not yet chained. */
export function evidenceInboxKey (prefix: string): string {
  return `${prefix}:evidence:inbox`
}

export function recordHash (body: EvidenceRecordBody): string {
  return createHash('sha256').update(canonicalJson(body)).digest('base64url')
}

/** The record's body: everything but its hash (what the hash covers). */
export function bodyOf (record: EvidenceRecord): EvidenceRecordBody {
  const { hash: _hash, ...body } = record
  return body
}

export function checkpointDigest (jws: string): string {
  return createHash('sha256').update(jws).digest('base64url')
}

/** The claims of a compact JWS, unverified (verification is the caller's). */
export function jwsClaims<T> (jws: string): T {
  const part = jws.split('.')[1]
  if (part === undefined) throw new Error('not a compact JWS')
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as T
}

// RFC 6962 §2.1: leaves and nodes hashed with distinct prefixes, so a node cannot pass for a leaf.
function leafHash (hash: string): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(Buffer.from(hash, 'base64url')).digest()
}

function nodeHash (left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest()
}

/** The largest power of two smaller than n (n ≥ 2). */
function split (n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

function treeHash (leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0] as Buffer
  const k = split(leaves.length)
  return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)))
}

/** The Merkle tree hash (RFC 6962) of a run of record hashes, base64url. */
export function merkleRoot (hashes: string[]): string {
  if (hashes.length === 0) throw new Error('a Merkle tree needs at least one leaf')
  return treeHash(hashes.map(leafHash)).toString('base64url')
}

/** The audit path (RFC 6962 §2.1.1) of leaf `index` among `hashes`, base64url, bottom up. */
export function inclusionProof (hashes: string[], index: number): string[] {
  const path = (leaves: Buffer[], m: number): Buffer[] => {
    if (leaves.length <= 1) return []
    const k = split(leaves.length)
    return m < k
      ? [...path(leaves.slice(0, k), m), treeHash(leaves.slice(k))]
      : [...path(leaves.slice(k), m - k), treeHash(leaves.slice(0, k))]
  }
  return path(hashes.map(leafHash), index).map((b) => b.toString('base64url'))
}

/** Whether `hash` is leaf `index` of a tree of `size` leaves with this root (RFC 9162 §2.1.3.2). */
export function verifyInclusion (hash: string, index: number, size: number, proof: string[], root: string): boolean {
  if (index < 0 || index >= size) return false
  let fn = index
  let sn = size - 1
  let r = leafHash(hash)
  for (const p of proof) {
    if (sn === 0) return false
    const sibling = Buffer.from(p, 'base64url')
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(sibling, r)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) { fn >>= 1; sn >>= 1 }
      }
    } else {
      r = nodeHash(r, sibling)
    }
    fn >>= 1
    sn >>= 1
  }
  return sn === 0 && r.toString('base64url') === root
}
