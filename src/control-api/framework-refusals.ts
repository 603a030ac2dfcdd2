import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/**
 * What Fastify's router and Node's HTTP parser refuse before any route runs, said in words a
 * caller can act on. Both HTTP servers (the control API and the agent's LocalAPI) answer these
 * in their own error shape instead of Fastify's `{"error","code","statusCode"}`.
 */
export interface Refusal {
  status: number;
  message: string;
}

/** Fastify's `maxParamLength` default: longer path segments never reach a route. */
const MAX_PARAM_LENGTH = 100;

/** A `frameworkErrors` error; undefined for one that is not the client's doing. */
export function routerRefusal(error: { code?: string }): Refusal | undefined {
  if (error.code === 'FST_ERR_BAD_URL') {
    return {
      status: 400,
      message: 'the path has a malformed percent-escape; write a literal "%" as %25',
    };
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return {
      status: 414,
      message: `a path segment is longer than ${MAX_PARAM_LENGTH} characters; ids here are UUIDs`,
    };
  }
  return undefined;
}

/** A `clientError` from Node's HTTP parser (llhttp codes are terse; `reason` says more). */
export function parserRefusal(error: NodeJS.ErrnoException & { reason?: string }): Refusal {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, message: 'the request took too long to arrive' };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, message: 'the request headers are too large' };
  }
  return {
    status: 400,
    message: `the HTTP request is malformed: ${error.reason ?? error.message}`,
  };
}

/**
 * For `clientErrorHandler`: there is no request or reply yet, so the answer is written on the
 * socket itself, then the connection closes. Nothing is written to a reset or closed socket.
 */
export function answerOnSocket(socket: Socket, status: number, body: unknown): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const text = JSON.stringify(body);
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(text)}`,
      'connection: close',
      '',
      text,
    ].join('\r\n'),
  );
}
