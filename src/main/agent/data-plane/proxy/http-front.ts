import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FrontContext } from './front-context.js';
import { badRequest, writeRawAnswer } from './http-answer.js';
import { serveConnect } from './http-connect.js';
import { serveForward } from './http-forward.js';
import { formatLimit } from './limits.js';

/**
 * The HTTP proxy front: Node's own HTTP parser (header size limit, header timeout, keep-alive)
 * with a 'connect' handler for CONNECT and a 'request' handler for absolute-URI forwarding.
 * The listener hands it the sockets that did not start with the SOCKS5 version byte.
 */
export function createHttpFront(context: FrontContext): Server {
  const { limits } = context;
  const server = createServer({
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.handshakeTimeoutMs,
    // Off: a large upload through the proxy may take longer than any fixed bound; idle covers it.
    requestTimeout: 0,
    keepAliveTimeout: limits.idleTimeoutMs,
    connectionsCheckingInterval: Math.min(1_000, limits.handshakeTimeoutMs),
    // HTTP/1.0 clients send absolute URIs without Host: the URI names the destination.
    requireHostHeader: false,
  });
  server.timeout = limits.idleTimeoutMs;
  server.on('request', (req, res) => serveForward(req, res, context));
  server.on('connect', (req, socket: Socket, head: Buffer) =>
    serveConnect(req, socket, head, context),
  );
  server.on('upgrade', (_req, socket: Socket) => {
    context.tracker.counters.bad_input += 1;
    writeRawAnswer(socket, badRequest('upgrades (WebSocket) need CONNECT through this proxy', 400));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    context.tracker.counters.bad_input += 1;
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      writeRawAnswer(
        socket,
        badRequest(`the request head is larger than ${limits.maxHeaderBytes} bytes`, 431),
      );
    } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      writeRawAnswer(
        socket,
        badRequest(
          `the request head did not arrive within ${formatLimit(limits.handshakeTimeoutMs)}`,
          408,
        ),
      );
    } else {
      writeRawAnswer(
        socket,
        badRequest(`not an HTTP proxy request (${error.code ?? error.message})`),
      );
    }
  });
  return server;
}
