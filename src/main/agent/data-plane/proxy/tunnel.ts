import type { Socket } from 'node:net';
import { formatLimit } from './limits.js';

export interface TunnelEnd {
  /** The destination side failed (reset mid-stream): the record says failed. */
  failure?: string;
  /** A client that resets or vanishes, an idle timeout, a close we asked for: said, not a failure. */
  note?: string;
}

/**
 * Pipes client ⇄ upstream with backpressure (`pipe` each way, so a FIN is passed on as a
 * half-close) and calls `done` once, after both sockets are destroyed. Either side erroring,
 * closing before its direction finished, or both going idle for `idleMs` ends both. Returns a
 * function that closes the tunnel with a reason.
 *
 * Not `stream.pipeline`: it builds an AbortController per call and aborts it when it finishes,
 * and that DOMException (a captured stack) cost more than the rest of a short tunnel's setup.
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
  // A direction is done when its source has ended and its destination has flushed that end.
  const state = new Map<Socket, { ended: boolean; flushed: boolean }>([
    [client, { ended: false, flushed: false }],
    [upstream, { ended: false, flushed: false }],
  ]);
  const direction = (from: Socket, to: Socket) => {
    const source = state.get(from);
    const sink = state.get(to);
    if (!source || !sink) return;
    const settle = () => {
      if (source.ended && sink.flushed) finish(false);
    };
    from.once('end', () => {
      source.ended = true;
      settle();
    });
    to.once('finish', () => {
      sink.flushed = true;
      settle();
    });
    from.pipe(to);
  };
  direction(client, upstream);
  direction(upstream, client);
  upstream.on('error', (error) => {
    end.failure ??= `destination side: ${error.message}`;
    finish(true);
  });
  client.on('error', (error) => {
    end.note ??= `client side: ${error.message}`;
    finish(true);
  });
  // A socket that closes once it has both ended and flushed is done, and the other direction
  // may still be flushing to the other socket. One that closes before that simply went away
  // (no FIN first), which is how many connections end: said by nobody, not a failure.
  const closed = (socket: Socket) => () => {
    const own = state.get(socket);
    if (!own?.ended || !own.flushed) finish(true);
  };
  client.once('close', closed(client));
  upstream.once('close', closed(upstream));
  return (reason: string) => {
    end.note ??= reason;
    finish(true);
  };
}
