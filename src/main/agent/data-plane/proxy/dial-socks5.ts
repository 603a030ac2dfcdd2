import type { Socket } from 'node:net';
import { SocksClient } from 'socks';
import { errorMessage } from '../../../../shared/text/error-message.js';
import type { Destination } from '../route.js';
import { DialError, type DialFailureKind } from './dial-error.js';
import { connectTcp } from './dial-tcp.js';

export interface Socks5Gateway {
  host: string;
  port: number;
  username?: string;
  password?: string;
}

// The `socks` client names the gateway's reply code at the end of its rejection message.
const KIND_BY_REPLY: Record<string, DialFailureKind> = {
  HostUnreachable: 'unreachable',
  NetworkUnreachable: 'unreachable',
  ConnectionRefused: 'refused',
  NotAllowed: 'refused',
  TTLExpired: 'timeout',
};

/**
 * A tunnel to `destination` through a SOCKS5 gateway. The name goes to the gateway unresolved
 * (it resolves in its own data center). We open the TCP connection ourselves so that "the gateway
 * is unreachable" (retry-able through a fallback) is told apart from "the gateway could not reach
 * the destination" (not).
 */
export async function dialSocks5(
  gateway: Socks5Gateway,
  destination: Destination,
  deadline: number,
): Promise<Socket> {
  const where = `SOCKS5 gateway ${gateway.host}:${gateway.port}`;
  const tcp = await connectTcp(gateway, 'gateway', deadline, where);
  try {
    const { socket } = await SocksClient.createConnection({
      existing_socket: tcp,
      proxy: {
        host: gateway.host,
        port: gateway.port,
        type: 5,
        ...(gateway.username !== undefined ? { userId: gateway.username } : {}),
        ...(gateway.password !== undefined ? { password: gateway.password } : {}),
      },
      command: 'connect',
      destination: { host: destination.ip ?? destination.host, port: destination.port },
      timeout: Math.max(1, deadline - Date.now()),
    });
    socket.on('error', () => {});
    return socket;
  } catch (error) {
    tcp.destroy();
    const message = errorMessage(error);
    const rejected = /rejected connection - (\w+)/.exec(message);
    if (rejected !== null) {
      const reply = rejected[1] ?? '';
      return Promise.reject(
        new DialError(
          KIND_BY_REPLY[reply] ?? 'general',
          'destination',
          `${where} could not connect: ${reply}`,
        ),
      );
    }
    if (/timed out/i.test(message)) {
      return Promise.reject(
        new DialError('timeout', 'destination', `${where} did not answer in time`),
      );
    }
    // Authentication refused, a malformed reply, the gateway hanging up: the gateway is at fault.
    return Promise.reject(new DialError('general', 'gateway', `${where}: ${message}`));
  }
}
