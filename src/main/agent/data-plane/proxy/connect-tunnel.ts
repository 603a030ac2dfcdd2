import type { Socket } from 'node:net';
import type { Destination, RouteLabel } from '../route.js';
import type { ProxyFront } from './connection-record.js';
import { dialDecision } from './dial.js';
import { type DialError, dialErrorFrom } from './dial-error.js';
import { decide, type FrontContext } from './front-context.js';
import { tunnel } from './tunnel.js';

/** How a tunnelling front answers its client, in its own protocol, at each outcome. */
export interface TunnelReplies {
  refused(reason: string, label: RouteLabel | null): void;
  /** The upstream is connected: say so before the bytes flow. */
  established(): void;
  failed(failure: DialError): void;
}

/**
 * Decides, dials and tunnels one client socket (CONNECT or SOCKS5) to `destination`, recording the
 * flow; `early` is what the client sent past its request, handed on to the upstream.
 */
export function connectTunnel(
  front: ProxyFront,
  socket: Socket,
  destination: Destination,
  early: Buffer,
  context: FrontContext,
  replies: TunnelReplies,
): void {
  const flow = context.tracker.begin(front, destination, context.scope);
  flow.onClose(() => socket.destroy());
  const decision = decide(context, destination);
  flow.decided(decision.label, decision.ok ? decision.upstream : null);
  if (!decision.ok) {
    replies.refused(decision.reason, decision.label);
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
      replies.established();
      if (early.length > 0) socket.unshift(early);
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
      replies.failed(failure);
      flow.finish('failed', failure.message);
    },
  );
}
