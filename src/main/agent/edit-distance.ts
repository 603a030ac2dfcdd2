/** Levenshtein distance (insert, delete, substitute cost 1), two rows of memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidates closest to `query`, best first: case-insensitive edit distance, where a
 * candidate containing the query (or contained in it) counts as closer than any typo.
 */
export function closestNames(query: string, candidates: readonly string[], limit = 3): string[] {
  const needle = query.trim().toLowerCase();
  return candidates
    .map((name) => {
      const hay = name.toLowerCase();
      const contains = needle.length > 0 && (hay.includes(needle) || needle.includes(hay));
      return { name, score: contains ? -1 / (1 + hay.length) : editDistance(needle, hay) };
    })
    .sort((x, y) => x.score - y.score || x.name.localeCompare(y.name, 'en'))
    .slice(0, limit)
    .map((entry) => entry.name);
}
