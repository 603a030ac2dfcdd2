/**
 * Sticky choice among equally good candidates: rendezvous (highest-random-weight) hashing.
 * Each (key, candidate) pair gets a pseudo-random weight and the key takes its heaviest
 * candidate, so one user keeps their choice, users spread evenly, and adding or removing a
 * candidate moves only the users who win or lose that candidate. Pure: no node:crypto here.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, continuing from `seed`. */
export function fnv1a(text: string, seed: number = FNV_OFFSET): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

// FNV-1a alone barely mixes its last characters; murmur3's finaliser spreads every input bit.
function mix(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The rendezvous weight of `candidate` for the key whose `fnv1a` is `keyHash`. */
export function rendezvousWeight(keyHash: number, candidate: string): number {
  return mix(fnv1a(candidate, fnv1a('\u0000', keyHash)));
}

/**
 * The candidate with the highest weight for the key whose `fnv1a` is `keyHash`; ties (vanishingly
 * rare) go to the earlier candidate. `candidates` must not be empty.
 */
export function rendezvousPick<T>(
  keyHash: number,
  candidates: readonly T[],
  idOf: (candidate: T) => string,
): T {
  let best = candidates[0] as T;
  if (candidates.length === 1) return best;
  let bestWeight = -1;
  for (const candidate of candidates) {
    const weight = rendezvousWeight(keyHash, idOf(candidate));
    if (weight > bestWeight) {
      best = candidate;
      bestWeight = weight;
    }
  }
  return best;
}
