/**
 * Serialized resolve answers (as bytes, ready for the socket) of one config snapshot. A resolution is a pure function of the
 * configuration (the snapshot's version), the device's state and the request, so an answer can
 * be reused until one of them changes: the snapshot is replaced on every config change and the
 * key holds the device state and the request. Repeated asks (agents re-resolving, popover
 * previews of every vnet) then cost neither the resolver nor JSON encoding.
 */
export class AnswerCache {
  readonly #answers = new Map<string, Buffer>();
  readonly #limit: number;

  constructor(limit = 1024) {
    this.#limit = limit;
  }

  get(key: string): Buffer | undefined {
    return this.#answers.get(key);
  }

  set(key: string, answer: Buffer): void {
    // Maps iterate in insertion order: the first key is the oldest.
    if (this.#answers.size >= this.#limit && !this.#answers.has(key)) {
      const oldest = this.#answers.keys().next();
      if (!oldest.done) this.#answers.delete(oldest.value);
    }
    this.#answers.set(key, answer);
  }

  get size(): number {
    return this.#answers.size;
  }
}
