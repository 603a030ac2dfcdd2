/**
 * "Did you mean": one edit distance for every place that suggests a name — unknown fields in a
 * rule expression, vnet and location names in the agent, command names in egressctl.
 */

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const cols = b.length + 1;
  const d: number[] = new Array((a.length + 1) * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i <= a.length; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate closest to `input`, if it is close enough to be a plausible typo (a third of the
 * input's length, at least 2 edits).
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  // Long inputs are not typos of a name, and would make the distance table large.
  if (input.length > 64) return undefined;
  const limit = Math.max(2, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * How far `needle` is from a name: the distance to the whole name or to its closest word, so
 * "lodnon" is one swap from "vnet-London" rather than six edits.
 */
function nameDistance(needle: string, name: string): number {
  const words = name.split(/[\s\-_.,/]+/).filter((word) => word.length > 0);
  return Math.min(editDistance(needle, name), ...words.map((word) => editDistance(needle, word)));
}

/**
 * The candidates plausibly meant by `query`, best first: a candidate containing the query (or
 * contained in it) before any typo, then by case-insensitive distance to the name or one of its
 * words. Candidates too far off to be a typo are left out: a wrong guess is worse than none.
 */
export function closestNames(query: string, candidates: readonly string[], limit = 3): string[] {
  const needle = query.trim().toLowerCase();
  const tolerance = Math.max(2, Math.floor(needle.length / 3));
  return candidates
    .map((name) => {
      const hay = name.toLowerCase();
      const contains = needle.length > 0 && (hay.includes(needle) || needle.includes(hay));
      return { name, score: contains ? -1 / (1 + hay.length) : nameDistance(needle, hay) };
    })
    .filter((entry) => entry.score <= tolerance)
    .sort((x, y) => x.score - y.score || x.name.localeCompare(y.name, 'en'))
    .slice(0, limit)
    .map((entry) => entry.name);
}
