import type { Socket } from 'node:net';
import { pipeline } from 'node:stream';

export interface TunnelEnd {
  /** Set when something failed (a reset, idle timeout), else the tunnel ended cleanly. */
  error?: string;
}

/**
 * Pipes client ⇄ upstream with backpressure (stream.pipeline each way, so half-closes pass
 * through) and calls `done` once, after both sockets are destroyed. Either side erroring or going
 * idle for `idleMs` ends both.
 */
export function tunnel(
  client: Socket,
  upstream: Socket,
  idleMs: number,
  done: (end: TunnelEnd) => void,
): (reason: string) => void {
  let finished = false;
  let pending = 2;
  let failure: string | undefined;
  const finish = (error?: string) => {
    if (error !== undefined) failure ??= error;
    if (finished) return;
    if (error === undefined && --pending > 0) return;
    finished = true;
    client.setTimeout(0);
    upstream.setTimeout(0);
    client.destroy();
    upstream.destroy();
    done(failure !== undefined ? { error: failure } : {});
  };
  const onIdle = () => finish(`no traffic for ${Math.round(idleMs / 1000)} s (idle timeout)`);
  // Both directions must be quiet: each socket's timer restarts on its own reads and writes.
  client.setTimeout(idleMs, onIdle);
  upstream.setTimeout(idleMs, onIdle);
  pipeline(client, upstream, (error) =>
    finish(error ? `client side: ${error.message}` : undefined),
  );
  pipeline(upstream, client, (error) =>
    finish(error ? `destination side: ${error.message}` : undefined),
  );
  return (reason: string) => finish(reason);
}
