/** Summary statistics every benchmark section reports with, so their figures mean the same thing. */

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The middle value (the mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  const ordered = sorted(values);
  const mid = ordered.length >> 1;
  if (ordered.length === 0) return Number.NaN;
  return ordered.length % 2 === 1
    ? (ordered[mid] as number)
    : ((ordered[mid - 1] as number) + (ordered[mid] as number)) / 2;
}

/** Nearest-rank percentile (`p` in 0–100): a value that was actually measured; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  const ordered = sorted(values);
  if (ordered.length === 0) return Number.NaN;
  const index = Math.min(
    ordered.length - 1,
    Math.max(0, Math.ceil((p / 100) * ordered.length) - 1),
  );
  return ordered[index] as number;
}
