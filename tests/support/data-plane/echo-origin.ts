import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP origin for data-plane tests, on 127.0.0.1 (or `host`):
 * - `GET /whoami` → JSON `{ address, port, method, url, headers }`: the source address it saw.
 * - `POST /echo` → the request body back, with `X-Body-Sha256`.
 * - `GET /bytes?n=N&seed=S` → N deterministic bytes (see `expectedBytesSha256`).
 * Every request's source address is also kept in `seen`.
 */
export interface EchoOrigin {
  host: string;
  port: number;
  url(path: string): string;
  /** Source addresses of the requests received, in order. */
  seen: string[];
  close(): Promise<void>;
}

export function deterministicChunk(seed: number, size = 64 * 1024): Buffer {
  const chunk = Buffer.alloc(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    // xorshift32: cheap, reproducible, not compressible like zeros.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    chunk[i] = x & 0xff;
  }
  return chunk;
}

/** The sha256 of what `/bytes?n=&seed=` sends. */
export function expectedBytesSha256(n: number, seed: number): string {
  const hash = createHash('sha256');
  const chunk = deterministicChunk(seed);
  for (let left = n; left > 0; left -= chunk.length)
    hash.update(chunk.subarray(0, Math.min(left, chunk.length)));
  return hash.digest('hex');
}

function sendBytes(res: ServerResponse, n: number, seed: number): void {
  const chunk = deterministicChunk(seed);
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': n });
  let left = n;
  const pump = () => {
    while (left > 0) {
      const piece = chunk.subarray(0, Math.min(left, chunk.length));
      left -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

function handle(req: IncomingMessage, res: ServerResponse, seen: string[]): void {
  const address = req.socket.remoteAddress ?? '';
  seen.push(address);
  const url = new URL(req.url ?? '/', 'http://origin');
  if (url.pathname === '/whoami') {
    const body = JSON.stringify({
      address,
      port: req.socket.remotePort,
      method: req.method,
      url: req.url,
      headers: req.headers,
    });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(body);
    req.resume();
    return;
  }
  if (url.pathname === '/echo') {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      chunks.push(chunk);
    });
    req.on('end', () => {
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'X-Body-Sha256': hash.digest('hex'),
      });
      res.end(Buffer.concat(chunks));
    });
    return;
  }
  if (url.pathname === '/bytes') {
    sendBytes(
      res,
      Number(url.searchParams.get('n') ?? '0'),
      Number(url.searchParams.get('seed') ?? '1'),
    );
    req.resume();
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found\n');
  req.resume();
}

export async function startEchoOrigin(host = '127.0.0.1'): Promise<EchoOrigin> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => handle(req, res, seen));
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    host,
    port,
    seen,
    url: (path) => `http://${urlHost}:${port}${path}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
