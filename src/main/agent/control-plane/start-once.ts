/**
 * A resource started at most once at a time: concurrent callers share one start, a failed start
 * may be tried again, and nothing starts after `close()`. Both local simulators (in-process and
 * Electron's utility process) are started this way.
 */
export class StartOnce<T> {
  readonly #start: () => Promise<T>;
  readonly #what: string;
  #starting: Promise<T> | undefined;
  #closed = false;

  constructor(start: () => Promise<T>, what: string) {
    this.#start = start;
    this.#what = what;
  }

  async get(): Promise<T> {
    if (this.#closed) throw new Error(`${this.#what} was stopped`);
    this.#starting ??= this.#start();
    try {
      return await this.#starting;
    } catch (error) {
      this.#starting = undefined;
      throw error;
    }
  }

  /** The started resource died by itself: the next `get()` starts a fresh one (unless closed). */
  forget(): void {
    this.#starting = undefined;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Refuses further starts; answers what had started (if it did) for the caller to stop. */
  async close(): Promise<T | undefined> {
    this.#closed = true;
    const starting = this.#starting;
    this.#starting = undefined;
    return starting?.catch(() => undefined);
  }
}
