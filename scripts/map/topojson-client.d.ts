// topojson-client ships no types; this is the one call scripts/make-world-outline.ts makes.
declare module 'topojson-client' {
  export function feature(
    topology: unknown,
    object: unknown,
  ): { features: { geometry: { type: string; coordinates: unknown } }[] };
}
