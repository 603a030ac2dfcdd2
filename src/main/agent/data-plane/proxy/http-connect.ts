import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { parseAuthority } from './destination.js';
import { dialDecision } from './dial.js';
import { dialErrorFrom } from './dial-error.js';
import { decide, type FrontContext } from './front-context.js';
import { badRequest, dialFailed, refused, writeRawAnswer } from './http-answer.js';
import { tunnel } from './tunnel.js';

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
  const destination = target.destination;
  const flow = context.tracker.begin('http-connect', destination, context.scope);
  flow.onClose(() => socket.destroy());
  const decision = decide(context, destination);
  flow.decided(decision.label, decision.ok ? decision.upstream : null);
  if (!decision.ok) {
    writeRawAnswer(socket, refused(decision.reason, decision.label));
    flow.finish('refused', decision.reason);
    return;
  }
  const gone = () =>
    flow.finish('ok', 'the client closed the connection while it was being dialled');
  socket.once('close', gone);
  dialDecision(decision, destination, 'tunnel', context.limits.dialTimeoutMs).then(
    (dialled) => {
      socket.removeListener('close', gone);
      flow.carried(dialled);
      if (socket.destroyed || flow.finished) {
        dialled.socket.destroy();
        flow.finish('ok', 'the client closed the connection while it was being dialled');
        return;
      }
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) socket.unshift(head);
      const stop = tunnel(socket, dialled.socket, context.limits.idleTimeoutMs, (end) =>
        flow.finish(
          end.failure === undefined ? 'ok' : 'failed',
          end.failure ?? end.note ?? dialled.fallbackReason,
        ),
      );
      flow.onClose(stop);
    },
    (error: unknown) => {
      socket.removeListener('close', gone);
      const failure = dialErrorFrom(error, 'destination', 'dial');
      if (failure.triedFallback) flow.markFallbackTried();
      writeRawAnswer(socket, dialFailed(failure));
      flow.finish('failed', failure.message);
    },
  );
}
