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
  const end: TunnelEnd = {};
  const finish = () => {
    if (finished) return;
    finished = true;
    client.setTimeout(0);
    upstream.setTimeout(0);
    client.destroy();
    upstream.destroy();
    done(end);
  };
  const onIdle = () => {
    end.note ??= `no traffic for ${formatLimit(idleMs)} (idle timeout)`;
    finish();
  };
  // Both directions must be quiet: each socket's timer restarts on its own reads and writes.
  client.setTimeout(idleMs, onIdle);
  upstream.setTimeout(idleMs, onIdle);
  // A socket is through when it has read its peer's FIN and flushed the one passed on to it.
  const through = (socket: Socket) => socket.readableEnded && socket.writableFinished;
  const settle = () => {
    if (through(client) && through(upstream)) finish();
  };
  for (const socket of [client, upstream]) {
    socket.once('end', settle);
    socket.once('finish', settle);
    // Closed before it was through: that side simply went away (no FIN first), which is how
    // many connections end: said by nobody, not a failure. Closed once through, the other
    // side may still be flushing, and settles itself.
    socket.once('close', () => {
      if (!through(socket)) finish();
    });
  }
  upstream.on('error', (error) => {
    end.failure ??= `destination side: ${error.message}`;
    finish();
  });
  client.on('error', (error) => {
    end.note ??= `client side: ${error.message}`;
    finish();
  });
  client.pipe(upstream);
  upstream.pipe(client);
  return (reason: string) => {
    end.note ??= reason;
    finish();
  };
}
