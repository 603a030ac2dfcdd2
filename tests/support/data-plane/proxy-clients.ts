/** Clients for data-plane tests: curl, and Node through each front of the local proxy. */
import { execFile } from 'node:child_process';
import { type IncomingHttpHeaders, request } from 'node:http';
import type { Socket } from 'node:net';
import { SocksClient } from 'socks';
import { errorMessage } from '../../../src/shared/text/error-message.js';

export interface CurlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs curl asynchronously (the proxy under test lives in this process: never spawnSync). */
export function curl(args: string[]): Promise<CurlResult> {
  return new Promise((resolve) => {
    execFile(
      'curl',
      ['-sS', '--max-time', '60', ...args],
      { encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function collect(res: import('node:http').IncomingMessage): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.once('end', () =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
    );
    res.once('error', reject);
  });
}

export interface RequestOptions {
  method?: string;
  body?: Buffer | string;
  headers?: Record<string, string>;
  agent?: import('node:http').Agent;
}

/** An absolute-URI request (`GET http://host/path`) sent to the proxy on `proxyPort` (pass `agent` to pool). */
export function viaHttpProxy(
  proxyPort: number,
  url: string,
  options: RequestOptions = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: proxyPort,
      method: options.method ?? 'GET',
      path: url,
      headers: { Host: new URL(url).host, ...options.headers },
      // Without an agent of the caller's, one connection per request (Node's global agent would pool).
      agent: options.agent ?? false,
    });
    req.once('response', (res) => collect(res).then(resolve, reject));
    req.once('error', reject);
    req.end(options.body);
  });
}

export type TunnelResult =
  | { ok: true; socket: Socket }
  | { ok: false; status: number; headers: IncomingHttpHeaders; body: string };

/** `CONNECT host:port` to the proxy; the socket on 200, else the answer. */
export function connectTunnel(proxyPort: number, authority: string): Promise<TunnelResult> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: proxyPort,
      method: 'CONNECT',
      path: authority,
      headers: { Host: authority },
    });
    req.once('connect', (res, socket, head) => {
      if (res.statusCode === 200) {
        if (head.length > 0) socket.unshift(head);
        resolve({ ok: true, socket });
        return;
      }
      const chunks: Buffer[] = [head];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.once('close', () =>
        resolve({
          ok: false,
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      socket.once('error', () => {});
    });
    req.once('error', reject);
    req.end();
  });
}

export type SocksResult = { ok: true; socket: Socket } | { ok: false; reply: string };

/** A SOCKS5 CONNECT through the proxy on `proxyPort` (the host name sent unresolved). */
export async function socksTunnel(
  proxyPort: number,
  host: string,
  port: number,
): Promise<SocksResult> {
  try {
    const { socket } = await SocksClient.createConnection({
      proxy: { host: '127.0.0.1', port: proxyPort, type: 5 },
      command: 'connect',
      destination: { host, port },
      timeout: 60_000,
    });
    return { ok: true, socket };
  } catch (error) {
    const message = errorMessage(error);
    return { ok: false, reply: /rejected connection - (\w+)/.exec(message)?.[1] ?? message };
  }
}

/** One HTTP request spoken over an established tunnel. */
export function httpOverSocket(
  socket: Socket,
  url: string,
  options: RequestOptions = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const parsed = new URL(url);
    const req = request({
      method: options.method ?? 'GET',
      path: `${parsed.pathname}${parsed.search}`,
      headers: { Host: parsed.host, ...options.headers },
      createConnection: () => socket,
    });
    req.once('response', (res) => collect(res).then(resolve, reject));
    req.once('error', reject);
    req.end(options.body);
  });
}

/** The raw bytes the proxy answers to `bytes` (written, then half-closed), until it closes. */
export function rawExchange(
  proxyPort: number,
  bytes: Buffer | string,
  halfClose = true,
): Promise<Buffer> {
  return import('node:net').then(
    ({ connect }) =>
      new Promise((resolve) => {
        const socket = connect({ host: '127.0.0.1', port: proxyPort });
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.once('error', () => {});
        socket.once('close', () => resolve(Buffer.concat(chunks)));
        socket.write(bytes);
        if (halfClose) socket.end();
      }),
  );
}
