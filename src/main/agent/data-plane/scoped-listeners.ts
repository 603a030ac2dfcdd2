import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  AgentError,
  DEFAULT_SCOPE_LEASE_MS,
  type ScopeLease,
} from '../../../shared/agent/index.js';
import type { ConnectionRecord } from './proxy/connection-record.js';
import { type LocalProxy, type LocalProxyOptions, startLocalProxy } from './proxy/local-proxy.js';
import type { RouteConnection } from './route.js';

export interface ScopedListenersOptions {
  /** The agent's router: a scoped listener passes its vnet id as `scope`. */
  route: RouteConnection;
  /** Records go to the same connection log as the main listener's. */
  onRecord: (record: ConnectionRecord) => void;
  logger: Logger;
  /** Default 127.0.0.1: loopback peers only, like the main listener. */
  host?: string | undefined;
  /** Why no scope can be opened now (e.g. WARP carries the traffic), or null. */
  unavailable?: (() => string | null) | undefined;
  /** At most this many scopes at once. Default 64. */
  maxScopes?: number | undefined;
  /** For tests: the proxy engine. */
  startProxy?: ((options: LocalProxyOptions) => Promise<LocalProxy>) | undefined;
}

interface Scope {
  id: string;
  vnet: { id: string; name: string };
  proxy: LocalProxy;
  leaseMs: number;
  expiresAt: number;
  timer: NodeJS.Timeout;
}

/**
 * Per-command listeners (`egressctl exec --vnet`): each one a second local proxy on a free
 * loopback port whose connections are decided as its vnet. A scope lives on a lease rather than
 * on a transport connection: the LocalAPI's HTTP requests are short and pooled, Electron IPC has
 * no connection at all, and a lease works the same over both. The opener renews it (egressctl
 * every third of the lease); when it dies, even by kill -9, the listener goes when the lease runs
 * out, and its open connections with it.
 */
export class ScopedListeners {
  readonly #o: ScopedListenersOptions;
  readonly #scopes = new Map<string, Scope>();
  /** Opens in flight, so closeAll waits for a listener still binding. */
  readonly #opening = new Set<Promise<unknown>>();
  #closed = false;

  constructor(options: ScopedListenersOptions) {
    this.#o = options;
  }

  get size(): number {
    return this.#scopes.size;
  }

  list(): ScopeLease[] {
    return [...this.#scopes.values()].map(leaseOf);
  }

  async open(vnet: { id: string; name: string }, leaseMs?: number): Promise<ScopeLease> {
    if (this.#closed) throw new AgentError('internal', 'the agent is stopping');
    const why = this.#o.unavailable?.() ?? null;
    if (why !== null) throw new AgentError('invalid_request', `no scoped listener: ${why}`);
    const max = this.#o.maxScopes ?? 64;
    if (this.#scopes.size + this.#opening.size >= max) {
      throw new AgentError(
        'invalid_request',
        `too many scoped listeners (${max} open): close one (egressctl exec ends its own)`,
      );
    }
    const start = this.#o.startProxy ?? startLocalProxy;
    const opening = start({
      host: this.#o.host ?? '127.0.0.1',
      port: 0,
      route: this.#o.route,
      scope: vnet.id,
      onRecord: this.#o.onRecord,
    });
    this.#opening.add(opening);
    let proxy: LocalProxy;
    try {
      proxy = await opening;
    } finally {
      this.#opening.delete(opening);
    }
    if (this.#closed) {
      await proxy.close();
      throw new AgentError('internal', 'the agent is stopping');
    }
    const ms = leaseMs ?? DEFAULT_SCOPE_LEASE_MS;
    const id = randomUUID();
    const scope: Scope = {
      id,
      vnet: { id: vnet.id, name: vnet.name },
      proxy,
      leaseMs: ms,
      expiresAt: Date.now() + ms,
      timer: this.#expiry(id, ms),
    };
    this.#scopes.set(id, scope);
    this.#o.logger.info({ scope: id, vnet: vnet.name, url: proxy.url }, 'scoped listener open');
    return leaseOf(scope);
  }

  renew(id: string): ScopeLease {
    const scope = this.#scopes.get(id);
    if (!scope) throw notFound(id);
    clearTimeout(scope.timer);
    scope.expiresAt = Date.now() + scope.leaseMs;
    scope.timer = this.#expiry(id, scope.leaseMs);
    return leaseOf(scope);
  }

  async close(id: string, reason = 'closed by its opener'): Promise<boolean> {
    const scope = this.#scopes.get(id);
    if (!scope) return false;
    this.#scopes.delete(id);
    clearTimeout(scope.timer);
    await scope.proxy.close();
    this.#o.logger.info({ scope: id, vnet: scope.vnet.name, reason }, 'scoped listener closed');
    return true;
  }

  /** A config change: each scoped listener closes the connections whose egress moved. */
  reconsider(): number {
    let closed = 0;
    for (const scope of this.#scopes.values()) closed += scope.proxy.reconsider();
    return closed;
  }

  async closeAll(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#opening]);
    await Promise.all([...this.#scopes.keys()].map((id) => this.close(id, 'the agent stopped')));
  }

  #expiry(id: string, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      void this.close(id, 'its lease ran out (the opener stopped renewing it)');
    }, ms);
    timer.unref();
    return timer;
  }
}

function leaseOf(scope: Scope): ScopeLease {
  return {
    scope_id: scope.id,
    vnet: { ...scope.vnet },
    proxy: { host: scope.proxy.host, port: scope.proxy.port, url: scope.proxy.url },
    lease_ms: scope.leaseMs,
    expires_at: new Date(scope.expiresAt).toISOString(),
  };
}

function notFound(id: string): AgentError {
  return new AgentError(
    'not_found',
    `no scoped listener ${id}: it was closed, or its lease ran out before it was renewed`,
  );
}
