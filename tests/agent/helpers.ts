import pino, { type Logger } from 'pino';
import type { AgentSnapshot } from '../../src/shared/agent/index.js';
import type { FetchLike } from '../../src/shared/api/index.js';

// The stack itself (control API, admin token, headless agent) lives in tests/support.
export { ADMIN_TOKEN } from '../support/admin-token.js';
export { adminClient, headless, startApi } from '../support/agent-stack.js';
export { tempDir as tempHome } from '../support/temp-dir.js';

/** A logger that keeps what it logs, for asserting on warnings. */
export function recordingLogger(): { logger: Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/**
 * The first snapshot (current or pushed) that satisfies `predicate`. The timeout only turns a
 * hang into a readable failure; nothing here waits a fixed time.
 */
export function waitForSnapshot(
  agent: { subscribe(listener: (snapshot: AgentSnapshot) => void): () => void },
  predicate: (snapshot: AgentSnapshot) => boolean,
  timeoutMs = 15_000,
): Promise<AgentSnapshot> {
  return new Promise((resolve, reject) => {
    let last: AgentSnapshot | undefined;
    let unsubscribe: (() => void) | undefined;
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      unsubscribe?.();
      reject(
        new Error(
          `no matching snapshot; last: ${JSON.stringify(last?.status)} ${JSON.stringify(last?.offline ?? last?.error ?? '')}`,
        ),
      );
    }, timeoutMs);
    unsubscribe = agent.subscribe((snapshot) => {
      last = snapshot;
      if (done || !predicate(snapshot)) return;
      done = true;
      clearTimeout(timer);
      queueMicrotask(() => unsubscribe?.());
      resolve(snapshot);
    });
    if (done) unsubscribe();
  });
}

/** Every snapshot published from now on. */
export function recordSnapshots(agent: {
  subscribe(listener: (snapshot: AgentSnapshot) => void): () => void;
}): { snapshots: AgentSnapshot[]; stop: () => void } {
  const snapshots: AgentSnapshot[] = [];
  let first = true;
  const stop = agent.subscribe((snapshot) => {
    if (first) {
      first = false;
      return;
    }
    snapshots.push(snapshot);
  });
  return { snapshots, stop };
}

interface Hold {
  /** Resolves when a matching request got its answer (which is now held back). */
  reached: Promise<void>;
  release(): void;
}

/**
 * A fetch that can hold back the answer of a chosen request: the request reaches the server
 * (so its effect happens) but the agent sees the answer only on `release()`.
 */
export function holdingFetch(): {
  fetch: FetchLike;
  holdNext(match: (method: string, url: string) => boolean): Hold;
  hang: { enabled: boolean };
} {
  const holds: {
    match: (method: string, url: string) => boolean;
    hold: Hold;
    gate: Promise<void>;
    reachedNow: () => void;
  }[] = [];
  const hang = { enabled: false };
  const fetchImpl: FetchLike = async (input, init) => {
    const method = init?.method ?? 'GET';
    if (hang.enabled) {
      return new Promise<Response>((_, reject) => {
        const signal = init?.signal;
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    const index = holds.findIndex((entry) => entry.match(method, input));
    const entry = index >= 0 ? holds.splice(index, 1)[0] : undefined;
    const response = await globalThis.fetch(input, init);
    if (!entry) return response;
    const text = await response.text();
    entry.reachedNow();
    await entry.gate;
    return new Response(text, { status: response.status, headers: response.headers });
  };
  return {
    fetch: fetchImpl,
    hang,
    holdNext(match) {
      let release = () => {};
      let reachedNow = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const reached = new Promise<void>((resolve) => {
        reachedNow = resolve;
      });
      const hold = { reached, release };
      holds.push({ match, hold, gate, reachedNow });
      return hold;
    },
  };
}

/** The port of a snapshot's proxy address (`127.0.0.1:<port>`). */
export function proxyPortOf(snapshot: AgentSnapshot): number {
  return Number(snapshot.proxy.address.split(':').pop());
}

/** Waits until the agent is connected with its local proxy listening, and gives the proxy's port. */
export async function waitForProxyPort(
  agent: Parameters<typeof waitForSnapshot>[0],
): Promise<number> {
  const ready = await waitForSnapshot(
    agent,
    (snapshot) => snapshot.status === 'connected' && snapshot.proxy.listening,
  );
  return proxyPortOf(ready);
}
