import type { Socket } from 'node:net';
import { connectTunnel } from './connect-tunnel.js';
import type { DialError } from './dial-error.js';
import type { FrontContext } from './front-context.js';
import {
  MAX_GREETING_BYTES,
  MAX_REQUEST_BYTES,
  NO_ACCEPTABLE_METHOD,
  NO_AUTH,
  parseGreeting,
  parseRequest,
  SOCKS_VERSION,
  SocksReply,
  socksReply,
} from './socks5-parser.js';

/** Sends the last reply and closes; drains the client meanwhile and lets go of one that lingers. */
function endWith(socket: Socket, reply: Buffer): void {
  if (socket.destroyed) return;
  // Draining keeps unread input from resetting the reply away before the client reads it.
  socket.end(reply).resume();
  socket.setTimeout(5_000, () => socket.destroy());
}

function replyFor(error: DialError): number {
  if (error.kind === 'refused') return SocksReply.connectionRefused;
  if (error.kind === 'unreachable' || error.kind === 'timeout') return SocksReply.hostUnreachable;
  return SocksReply.generalFailure;
}

export interface SocksOptions {
  /** Set when the listener is over its cap: answer the handshake with this refusal, dial nothing. */
  overCapacity?: boolean;
  /** Stops the listener's handshake timer once the request is complete. */
  handshakeDone: () => void;
}

/** Serves one SOCKS5 client: greeting (no auth), one CONNECT request, then the tunnel. */
export function serveSocks5(socket: Socket, context: FrontContext, options: SocksOptions): void {
  let buffer: Buffer = Buffer.alloc(0);
  let greeted = false;
  const counters = context.tracker.counters;

  const reject = (reply: Buffer | null) => {
    counters.bad_input += 1;
    stopReading();
    if (reply === null) {
      socket.destroy();
      return;
    }
    endWith(socket, reply);
  };
  const onEnd = () => socket.destroy();
  const stopReading = () => {
    socket.pause();
    socket.removeListener('data', onData);
    socket.removeListener('end', onEnd);
  };

  const onData = (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    if (!greeted) {
      const greeting = parseGreeting(buffer);
      if (greeting.kind === 'need') {
        if (buffer.length > MAX_GREETING_BYTES) reject(null);
        return;
      }
      if (greeting.kind === 'error') return reject(null);
      if (!greeting.noAuth) return reject(Buffer.from([SOCKS_VERSION, NO_ACCEPTABLE_METHOD]));
      greeted = true;
      socket.write(Buffer.from([SOCKS_VERSION, NO_AUTH]));
      buffer = buffer.subarray(greeting.consumed);
    }
    const request = parseRequest(buffer);
    if (request.kind === 'need') {
      if (buffer.length > MAX_REQUEST_BYTES) reject(socksReply(SocksReply.generalFailure));
      return;
    }
    if (request.kind === 'error') return reject(socksReply(request.reply));
    stopReading();
    options.handshakeDone();
    const early = buffer.subarray(request.consumed);
    buffer = Buffer.alloc(0);
    if (!request.target.ok) return reject(socksReply(SocksReply.hostUnreachable));
    if (options.overCapacity) {
      endWith(socket, socksReply(SocksReply.generalFailure));
      return;
    }
    connectTunnel('socks5', socket, request.target.destination, early, context, {
      refused: () => endWith(socket, socksReply(SocksReply.notAllowed)),
      established: () => socket.write(socksReply(SocksReply.succeeded)),
      failed: (failure) => endWith(socket, socksReply(replyFor(failure))),
    });
  };

  socket.on('data', onData);
  socket.once('end', onEnd);
}
