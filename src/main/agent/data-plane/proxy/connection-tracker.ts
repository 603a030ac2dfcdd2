import type { Socket } from 'node:net';
import type { Destination, RouteLabel, Upstream } from '../route.js';
import type {
  ConnectionOutcome,
  ConnectionRecord,
  OpenConnection,
  ProxyFront,
} from './connection-record.js';
import type { Dialled } from './dial.js';

/** Live counters of one listener (monotonic totals, plus what is open now). */
export interface ProxyCounters {
  /** Client TCP connections open now, handshakes included (what the cap counts). */
  open_sockets: number;
  /** Decided connections open now (tunnels, requests in flight, idle keep-alive clients). */
  open_connections: number;
  accepted: number;
  over_capacity: number;
  not_loopback: number;
  /** Garbage, oversized or too-slow handshakes, and invalid destinations. */
  bad_input: number;
  ok: number;
  refused: number;
  failed: number;
  bytes_up: number;
  bytes_down: number;
}

// Shared by every listener in the process, so records of scoped listeners merge in one log.
let nextId = 1;

/** One tracked connection: a flow that will produce a record, or an idle keep-alive client. */
interface Entry {
  info(): OpenConnection;
  close(reason: string): void;
}

export class Flow implements Entry {
  readonly id = nextId++;
  readonly #started = Date.now();
  label: RouteLabel | null = null;
  #upstream: Upstream | null = null;
  #usedFallback = false;
  #socket: Socket | undefined;
  #baseRead = 0;
  #baseWritten = 0;
  #done = false;
  #closer: ((reason: string) => void) | undefined;
  #closeReason: string | undefined;

  constructor(
    private readonly tracker: ConnectionTracker,
    readonly front: ProxyFront,
    readonly destination: Destination,
    readonly scope: string | null,
  ) {}

  get finished(): boolean {
    return this.#done;
  }

  /** What the decision chose (before dialling): `closeWhere` and `reconsider` compare with it. */
  decided(label: RouteLabel | null, upstream: Upstream | null): void {
    this.label = label;
    this.#upstream = upstream;
  }

  /** The upstream socket now carries this flow: bytes are counted on it from here. */
  carried(dialled: Dialled): void {
    this.label = dialled.label;
    this.#upstream = dialled.upstream;
    this.#usedFallback = dialled.usedFallback;
    this.#socket = dialled.socket;
    this.#baseRead = dialled.socket.bytesRead;
    this.#baseWritten = dialled.socket.bytesWritten;
  }

  markFallbackTried(): void {
    this.#usedFallback = true;
  }

  /** How the proxy closes this flow on request (closeWhere, shutdown); the reason goes on the record. */
  onClose(closer: (reason: string) => void): void {
    this.#closer = closer;
    // A close asked for while dialling applies as soon as there is something to close.
    if (this.#closeReason !== undefined && !this.#done) closer(this.#closeReason);
  }

  close(reason: string): void {
    if (this.#done) return;
    this.#closeReason ??= reason;
    this.#closer?.(reason);
  }

  get bytesUp(): number {
    return this.#socket === undefined ? 0 : this.#socket.bytesWritten - this.#baseWritten;
  }

  get bytesDown(): number {
    return this.#socket === undefined ? 0 : this.#socket.bytesRead - this.#baseRead;
  }

  info(): OpenConnection {
    return {
      id: this.id,
      started_at: new Date(this.#started).toISOString(),
      front: this.front,
      destination: this.destination,
      scope: this.scope,
      label: this.label,
      upstream: this.#upstream,
      used_fallback: this.#usedFallback,
      bytes_up: this.bytesUp,
      bytes_down: this.bytesDown,
    };
  }

  /** Ends the flow once: emits its record. A close the proxy asked for keeps its own reason. */
  finish(outcome: ConnectionOutcome, reason?: string): void {
    if (this.#done) return;
    this.#done = true;
    const why = this.#closeReason ?? reason;
    const record: ConnectionRecord = {
      id: this.id,
      started_at: new Date(this.#started).toISOString(),
      front: this.front,
      destination: this.destination,
      scope: this.scope,
      label: this.label,
      outcome,
      ...(why !== undefined ? { reason: why } : {}),
      used_fallback: this.#usedFallback,
      bytes_up: this.bytesUp,
      bytes_down: this.bytesDown,
      duration_ms: Date.now() - this.#started,
    };
    this.tracker.ended(this, record);
  }
}

/** An HTTP client connection between absolute-URI requests, kept so a switch can close it. */
class IdleKeepAlive implements Entry {
  constructor(
    private readonly last: OpenConnection,
    private readonly socket: Socket,
  ) {}

  info(): OpenConnection {
    return { ...this.last, bytes_up: 0, bytes_down: 0 };
  }

  close(): void {
    this.socket.destroy();
  }
}

export class ConnectionTracker {
  readonly counters: ProxyCounters = {
    open_sockets: 0,
    open_connections: 0,
    accepted: 0,
    over_capacity: 0,
    not_loopback: 0,
    bad_input: 0,
    ok: 0,
    refused: 0,
    failed: 0,
    bytes_up: 0,
    bytes_down: 0,
  };
  readonly #entries = new Set<Entry>();
  readonly #idle = new WeakMap<Socket, IdleKeepAlive>();
  readonly #watched = new WeakSet<Socket>();

  constructor(private readonly onRecord: ((record: ConnectionRecord) => void) | undefined) {}

  begin(front: ProxyFront, destination: Destination, scope: string | null): Flow {
    const flow = new Flow(this, front, destination, scope);
    this.#entries.add(flow);
    return flow;
  }

  ended(flow: Flow, record: ConnectionRecord): void {
    this.#entries.delete(flow);
    this.counters[record.outcome] += 1;
    this.counters.bytes_up += record.bytes_up;
    this.counters.bytes_down += record.bytes_down;
    try {
      this.onRecord?.(record);
    } catch {
      // A failing subscriber must not break the connection that just ended.
    }
  }

  /** Remembers an idle keep-alive client under its last request's decision (until it sends another). */
  holdIdle(socket: Socket, last: Flow): void {
    if (socket.destroyed) return;
    this.releaseIdle(socket);
    const idle = new IdleKeepAlive(last.info(), socket);
    this.#idle.set(socket, idle);
    this.#entries.add(idle);
    if (!this.#watched.has(socket)) {
      this.#watched.add(socket);
      socket.once('close', () => this.releaseIdle(socket));
    }
  }

  releaseIdle(socket: Socket): void {
    const idle = this.#idle.get(socket);
    if (idle === undefined) return;
    this.#idle.delete(socket);
    this.#entries.delete(idle);
  }

  open(): OpenConnection[] {
    return [...this.#entries].map((entry) => entry.info());
  }

  closeWhere(predicate: (connection: OpenConnection) => boolean, reason: string): number {
    let closed = 0;
    for (const entry of [...this.#entries]) {
      let matches = false;
      try {
        matches = predicate(entry.info());
      } catch {
        matches = false;
      }
      if (!matches) continue;
      this.#entries.delete(entry);
      entry.close(reason);
      closed += 1;
    }
    return closed;
  }

  snapshot(): ProxyCounters {
    let up = 0;
    let down = 0;
    let open = 0;
    for (const entry of this.#entries) {
      if (entry instanceof Flow) {
        up += entry.bytesUp;
        down += entry.bytesDown;
      }
      open += 1;
    }
    return {
      ...this.counters,
      open_connections: open,
      bytes_up: this.counters.bytes_up + up,
      bytes_down: this.counters.bytes_down + down,
    };
  }
}
