import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { RouteLabel } from '../route.js';
import type { DialError } from './dial-error.js';

/** An answer the proxy itself gives (not the destination's): status, text body, extra headers. */
export interface ProxyAnswer {
  status: number;
  message: string;
  body: string;
  headers: Record<string, string>;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Header values are Latin-1 without controls: keep the text readable, escape the rest. */
export function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (char) => encodeURIComponent(char)).slice(0, 512);
}

function answer(status: number, body: string, headers: Record<string, string> = {}): ProxyAnswer {
  return { status, message: STATUS_TEXT[status] ?? 'Error', body: `${body}\n`, headers };
}

export function badRequest(reason: string, status = 400): ProxyAnswer {
  return answer(status, reason, { 'X-Egress-Error': 'bad-request' });
}

/** Fail closed: the decision said no, so nothing was dialled. */
export function refused(reason: string, label: RouteLabel | null): ProxyAnswer {
  const headers: Record<string, string> = { 'X-Egress-Refused': headerSafe(reason) };
  if (label?.rule) headers['X-Egress-Rule'] = headerSafe(label.rule.name);
  return answer(502, `Refused by the egress policy: ${reason}`, headers);
}

export function dialFailed(error: DialError): ProxyAnswer {
  return answer(error.kind === 'timeout' ? 504 : 502, `Could not connect: ${error.message}`, {
    'X-Egress-Error': error.kind,
  });
}

export function overCapacity(limit: number): ProxyAnswer {
  return answer(
    503,
    `The local proxy is at its limit of ${limit} open connections; try again shortly.`,
    {
      'X-Egress-Error': 'over-capacity',
      'Retry-After': '1',
    },
  );
}

/** Writes the answer on a raw socket (CONNECT, or before HTTP parsing) and closes it. */
export function writeRawAnswer(socket: Socket, reply: ProxyAnswer): void {
  if (socket.destroyed) return;
  const headers = {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(reply.body)),
    Connection: 'close',
    ...reply.headers,
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 ${reply.status} ${reply.message}\r\n${head}\r\n${reply.body}`);
  // Drain what the client still sends, so closing does not reset the answer away before it is read.
  socket.resume();
  // A client that never reads must not keep the socket: give it a moment, then let go.
  socket.setTimeout(5_000, () => socket.destroy());
}

export function sendAnswer(res: ServerResponse, reply: ProxyAnswer): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(reply.status, reply.message, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  res.end(reply.body);
}
