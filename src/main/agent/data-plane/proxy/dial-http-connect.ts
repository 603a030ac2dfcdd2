import { request } from 'node:http';
import type { Socket } from 'node:net';
import type { Destination } from '../route.js';
import { formatDestination } from './destination.js';
import { DialError, type DialFailureKind, dialErrorFrom } from './dial-error.js';
import { connectTcp } from './dial-tcp.js';

export interface HttpGateway {
  host: string;
  port: number;
  username?: string;
  password?: string;
}

export function proxyAuthorization(gateway: HttpGateway): string | undefined {
  if (gateway.username === undefined) return undefined;
  const token = Buffer.from(`${gateway.username}:${gateway.password ?? ''}`).toString('base64');
  return `Basic ${token}`;
}

function kindForStatus(status: number): DialFailureKind {
  if (status === 504) return 'timeout';
  if (status === 403 || status === 407) return 'refused';
  if (status === 502 || status === 503 || status === 404) return 'unreachable';
  return 'general';
}

/** A tunnel to `destination` through an HTTP proxy with CONNECT (its credentials as Basic auth). */
export async function dialHttpConnect(
  gateway: HttpGateway,
  destination: Destination,
  deadline: number,
): Promise<Socket> {
  const where = `HTTP gateway ${gateway.host}:${gateway.port}`;
  const tcp = await connectTcp(gateway, 'gateway', deadline, where);
  const authority = formatDestination({
    host: destination.ip ?? destination.host,
    port: destination.port,
  });
  const authorization = proxyAuthorization(gateway);
  return new Promise((resolve, reject) => {
    const req = request({
      method: 'CONNECT',
      path: authority,
      setHost: false,
      headers: {
        Host: authority,
        ...(authorization !== undefined ? { 'Proxy-Authorization': authorization } : {}),
      },
      createConnection: () => tcp,
    });
    const timer = setTimeout(
      () => {
        req.destroy();
        reject(new DialError('timeout', 'destination', `${where} did not answer CONNECT in time`));
      },
      Math.max(0, deadline - Date.now()),
    );
    req.once('connect', (response, socket, head) => {
      clearTimeout(timer);
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        socket.destroy();
        // 407: the gateway refused our credentials, its own fault; otherwise it answered for the destination.
        const stage = status === 407 ? 'gateway' : 'destination';
        reject(
          new DialError(
            kindForStatus(status),
            stage,
            `${where} answered ${status} ${response.statusMessage ?? ''}`.trim(),
          ),
        );
        return;
      }
      if (head.length > 0) socket.unshift(head);
      socket.on('error', () => {});
      resolve(socket);
    });
    req.once('response', (response) => {
      // A server that answers CONNECT with a plain response (no 'connect' event) is no tunnel.
      clearTimeout(timer);
      req.destroy();
      reject(
        new DialError('general', 'gateway', `${where} answered ${response.statusCode} to CONNECT`),
      );
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      tcp.destroy();
      reject(dialErrorFrom(error, 'gateway', where));
    });
    req.end();
  });
}
