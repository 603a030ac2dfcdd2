import { randomUUID } from 'node:crypto';

/** Time and ids in one place, so every record of one change shares its timestamp. */
export const now = (): string => new Date().toISOString();
export const newId = (): string => randomUUID();

/** A cancellable timer. */
export interface Timer {
  cancel(): void;
}

/**
 * Wall time, elapsed time and timers for what runs on its own (the health probes), injectable
 * so tests drive them step by step instead of waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch (timestamps). */
  now(): number;
  /** Milliseconds from an arbitrary origin that never goes back (durations). */
  monotonic(): number;
  /** Runs `fn` once after `ms`; never keeps the process alive by itself. */
  setTimer(fn: () => void, ms: number): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};
