import { type IncomingHttpHeaders, type IncomingMessage, request } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface ProxiedAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** At most `MAX_BODY` bytes, as text. */
  body: string;
}

/** A trace is a few hundred bytes; more is not a trace, and is not kept. */
const MAX_BODY = 64 * 1024;

/**
 * GETs `url` through the HTTP proxy at `proxy` on a fresh connection (never a pooled one: the
 * point is to see where a new connection leaves now). `http:` URLs go as an absolute-URI
 * request, `https:` ones through CONNECT and TLS to the destination, as browsers do.
 */
export function fetchThroughProxy(
  url: URL,
  proxy: { host: string; port: number },
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<ProxiedAnswer> {
  const signal = AbortSignal.timeout(timeoutMs);
  return url.protocol === 'https:'
    ? viaConnect(url, proxy, headers, signal)
    : viaForward(url, proxy, headers, signal);
}

function viaForward(
  url: URL,
  proxy: { host: string; port: number },
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<ProxiedAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: proxy.host,
      port: proxy.port,
      method: 'GET',
      path: url.href,
      headers: { host: url.host, ...headers, connection: 'close' },
      agent: false,
      signal,
    });
    req.once('error', reject);
    req.once('response', (res) => readAnswer(res).then(resolve, reject));
    req.end();
  });
}

function viaConnect(
  url: URL,
  proxy: { host: string; port: number },
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<ProxiedAnswer> {
  const authority = `${url.hostname}:${url.port || '443'}`;
  return new Promise((resolve, reject) => {
    const req = request({
      host: proxy.host,
      port: proxy.port,
      method: 'CONNECT',
      path: authority,
      headers: { host: authority },
      agent: false,
      signal,
    });
    req.once('error', reject);
    req.once('connect', (res: IncomingMessage, socket: Socket, head: Buffer) => {
      if (res.statusCode !== 200) {
        // The proxy's own answer (a refusal, a failed dial): its text follows the head.
        readRest(socket, head).then(
          (body) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body }),
          reject,
        );
        return;
      }
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      // SNI carries names only (RFC 6066): an IP literal is verified against the certificate.
      const tls = tlsConnect({
        socket,
        host,
        ...(isIP(host) === 0 ? { servername: host } : {}),
        ALPNProtocols: ['http/1.1'],
      });
      tls.once('error', reject);
      const inner = request({
        createConnection: () => tls,
        method: 'GET',
        path: `${url.pathname}${url.search}`,
        headers: { host: url.host, ...headers, connection: 'close' },
        signal,
      });
      inner.once('error', reject);
      inner.once('response', (answer) => readAnswer(answer).then(resolve, reject));
      inner.end();
    });
    req.end();
  });
}

function readAnswer(res: IncomingMessage): Promise<ProxiedAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (size < MAX_BODY) chunks.push(chunk.subarray(0, MAX_BODY - size));
      size += chunk.length;
    });
    res.once('error', reject);
    res.once('end', () =>
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }),
    );
  });
}

function readRest(socket: Socket, head: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [head];
    let size = head.length;
    const done = () => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY));
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_BODY) done();
    });
    socket.once('end', done);
    socket.once('error', done);
    socket.once('close', done);
  });
}
