/**
 * Seeded pseudo-random numbers for the mock systems' synthetic data. The same seed
 * always yields the same citizens, enterprises and fault decisions, so tests and local
 * runs can name real records without shipping a data file.
 */

/** A source of numbers in [0, 1). */
export type Random = () => number

/** mulberry32: tiny, fast and good enough for synthetic data (not for anything secret). */
export function mulberry32 (seed: number): Random {
  let a = seed >>> 0
  return function next () {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An integer in [min, max], both included. */
export function randomInt (random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

/** One element of a non-empty list. */
export function pick<T> (random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

/** One element of a list of `[item, weight]` pairs, chosen in proportion to the weights. */
export function pickWeighted<T> (random: Random, items: ReadonlyArray<readonly [T, number]>): T {
  let total = 0
  for (const [, weight] of items) total += weight
  let r = random() * total
  for (const [item, weight] of items) {
    r -= weight
    if (r < 0) return item
  }
  return (items[items.length - 1] as readonly [T, number])[0]
}
