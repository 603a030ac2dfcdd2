import { connect, isIP, type Socket } from 'node:net';
import {
  BIND_ERROR_CODES,
  DialError,
  type DialStage,
  dialErrorFrom,
  errorCode,
} from './dial-error.js';
import { formatLimit } from './limits.js';

export interface TcpTarget {
  host: string;
  port: number;
  /** Bind the source address (a source_address gateway): dial failures to bind are the gateway's. */
  localAddress?: string;
}

/** Resolves when the TCP connection is up; never leaves a socket without an 'error' listener. */
export function connectTcp(
  target: TcpTarget,
  stage: DialStage,
  deadline: number,
  what: string,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const family = target.localAddress !== undefined ? isIP(target.localAddress) : 0;
    const socket = connect({
      host: target.host,
      port: target.port,
      noDelay: true,
      // A destination's FIN is passed on to the client, which may still send: a proxy keeps half-closes.
      allowHalfOpen: true,
      ...(target.localAddress !== undefined ? { localAddress: target.localAddress } : {}),
      // A bound IPv4 source cannot reach a name's IPv6 address: resolve in its family only.
      ...(family !== 0 ? { family } : {}),
    });
    const fail = (error: DialError) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const remaining = Math.max(0, deadline - Date.now());
    const timer = setTimeout(
      () =>
        fail(
          new DialError(
            'timeout',
            stage,
            `${what}: no connection within ${formatLimit(remaining)}`,
          ),
        ),
      remaining,
    );
    socket.once('error', (error) => {
      const bindFailed =
        target.localAddress !== undefined && BIND_ERROR_CODES.has(errorCode(error) ?? '');
      fail(dialErrorFrom(error, bindFailed ? 'gateway' : stage, what));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // Errors after this are the tunnel's to see; this keeps them from being unhandled.
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}
