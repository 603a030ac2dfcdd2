import type { ConnectionOutcome, ConnectionRecord } from './connection-record.js';

export interface ConnectionQuery {
  outcome?: ConnectionOutcome;
  /** Substring of the destination host (case-insensitive). */
  host?: string;
  vnet_id?: string;
  rule_id?: string;
  scope?: string | null;
  /** Only records with a larger id (what a client that already has `since_id` lacks). */
  since_id?: number;
  limit?: number;
}

export type ConnectionListener = (record: ConnectionRecord) => void;

/** The last `capacity` connection records, newest first on query, with a live feed of new ones. */
export class ConnectionLog {
  readonly #capacity: number;
  readonly #ring: (ConnectionRecord | undefined)[];
  #next = 0;
  #size = 0;
  readonly #listeners = new Set<ConnectionListener>();

  constructor(capacity = 500) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.#capacity = capacity;
    this.#ring = new Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  add(record: ConnectionRecord): void {
    this.#ring[this.#next] = record;
    this.#next = (this.#next + 1) % this.#capacity;
    this.#size = Math.min(this.#size + 1, this.#capacity);
    for (const listener of this.#listeners) {
      try {
        listener(record);
      } catch {
        // One subscriber failing must not stop the log or the others.
      }
    }
  }

  query(query: ConnectionQuery = {}): ConnectionRecord[] {
    const limit = query.limit ?? this.#capacity;
    const host = query.host?.toLowerCase();
    const out: ConnectionRecord[] = [];
    for (let i = 1; i <= this.#size && out.length < limit; i++) {
      const record = this.#ring[(this.#next - i + this.#capacity) % this.#capacity];
      if (record === undefined) continue;
      if (query.since_id !== undefined && record.id <= query.since_id) continue;
      if (query.outcome !== undefined && record.outcome !== query.outcome) continue;
      if (host !== undefined && !record.destination.host.toLowerCase().includes(host)) continue;
      if (query.vnet_id !== undefined && record.label?.vnet_id !== query.vnet_id) continue;
      if (query.rule_id !== undefined && record.label?.rule?.id !== query.rule_id) continue;
      if (query.scope !== undefined && record.scope !== query.scope) continue;
      out.push(record);
    }
    return out;
  }

  subscribe(listener: ConnectionListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  clear(): void {
    this.#ring.fill(undefined);
    this.#next = 0;
    this.#size = 0;
  }
}
