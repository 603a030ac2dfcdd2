/** Time as the agent sees it: injectable so tests can drive backoff and timestamps. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `callback` after `ms`; the returned function cancels it (idempotent). */
  setTimeout(callback: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

export function isoAt(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
