import type { Socket } from 'node:net';
import { pipeline } from 'node:stream';
import { errorCode } from './dial-error.js';
import { formatLimit } from './limits.js';

export interface TunnelEnd {
  /** The destination side failed (reset mid-stream): the record says failed. */
  failure?: string;
  /** A client that resets or vanishes, an idle timeout, a close we asked for: said, not a failure. */
  note?: string;
}

// A socket closed without a FIN first: one side simply went away, which is how many connections end.
const PREMATURE_CLOSE = 'ERR_STREAM_PREMATURE_CLOSE';

/**
 * Pipes client ⇄ upstream with backpressure (stream.pipeline each way, so half-closes pass
 * through) and calls `done` once, after both sockets are destroyed. Either side erroring or going
 * idle for `idleMs` ends both. Returns a function that closes the tunnel with a reason.
 */
export function tunnel(
  client: Socket,
  upstream: Socket,
  idleMs: number,
  done: (end: TunnelEnd) => void,
): (reason: string) => void {
  let finished = false;
  let pending = 2;
  const end: TunnelEnd = {};
  const finish = (abort: boolean) => {
    if (finished) return;
    if (!abort && --pending > 0) return;
    finished = true;
    client.setTimeout(0);
    upstream.setTimeout(0);
    client.destroy();
    upstream.destroy();
    done(end);
  };
  const onIdle = () => {
    end.note ??= `no traffic for ${formatLimit(idleMs)} (idle timeout)`;
    finish(true);
  };
  // Both directions must be quiet: each socket's timer restarts on its own reads and writes.
  client.setTimeout(idleMs, onIdle);
  upstream.setTimeout(idleMs, onIdle);
  const settle = (error: Error | null | undefined) => {
    if (error === null || error === undefined) return finish(false);
    if (errorCode(error) === PREMATURE_CLOSE) return finish(true);
    // Which side broke: the upstream socket's own error, or else the client's.
    if (upstream.errored !== null && upstream.errored !== undefined) {
      end.failure ??= `destination side: ${upstream.errored.message}`;
    } else {
      end.note ??= `client side: ${error.message}`;
    }
    finish(true);
  };
  pipeline(client, upstream, settle);
  pipeline(upstream, client, settle);
  return (reason: string) => {
    end.note ??= reason;
    finish(true);
  };
}
