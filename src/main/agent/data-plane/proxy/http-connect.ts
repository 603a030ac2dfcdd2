import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { connectTunnel } from './connect-tunnel.js';
import { parseAuthority } from './destination.js';
import type { FrontContext } from './front-context.js';
import { badRequest, dialFailed, refused, writeRawAnswer } from './http-answer.js';

/** Serves `CONNECT host:port`: decide, dial, answer 200 and tunnel — or answer why not. */
export function serveConnect(
  req: IncomingMessage,
  socket: Socket,
  head: Buffer,
  context: FrontContext,
): void {
  const target = parseAuthority(req.url ?? '');
  if (!target.ok) {
    context.tracker.counters.bad_input += 1;
    writeRawAnswer(socket, badRequest(`CONNECT needs host:port: ${target.reason}`));
    return;
  }
  connectTunnel('http-connect', socket, target.destination, head, context, {
    refused: (reason, label) => writeRawAnswer(socket, refused(reason, label)),
    established: () => socket.write('HTTP/1.1 200 Connection Established\r\n\r\n'),
    failed: (failure) => writeRawAnswer(socket, dialFailed(failure)),
  });
}
