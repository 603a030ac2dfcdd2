/** Pieces the data-plane benchmarks share, so their proxies and figures mean the same thing. */
import { createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { RouteDecision } from '../src/main/agent/data-plane/route.js';

/** A trivial decision (direct, shared egress): what the proxy costs with nothing to decide. */
export const DIRECT_DECISION: RouteDecision = {
  ok: true,
  upstream: { kind: 'direct' },
  label: {
    vnet_id: null,
    vnet_name: null,
    rule: null,
    egress_ipv4: null,
    egress_kind: 'shared',
    gateway: 'direct',
    config_version: 1,
  },
};

/**
 * MiB/s of one bulk download over an open tunnel: sends `go` to the bulk origin behind it, reads
 * `bytes`, then closes the socket.
 */
export async function downloadMiBs(socket: Socket, bytes: number): Promise<number> {
  const started = performance.now();
  let received = 0;
  await new Promise<void>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= bytes) resolve();
    });
    socket.once('close', () =>
      received >= bytes ? resolve() : reject(new Error(`stream ended at ${received}`)),
    );
    socket.write('go');
  });
  const seconds = (performance.now() - started) / 1000;
  socket.destroy();
  return bytes / 1024 ** 2 / seconds;
}

/** Listens on an ephemeral loopback port; resolves the port. */
export function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

/** The origin `downloadMiBs` reads from: on a client's first bytes, sends `bytes` and ends. */
export function bulkOrigin(bytes: number): Server {
  const chunk = Buffer.alloc(1024 * 1024, 0x5a);
  return createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => {
      let left = bytes;
      const pump = () => {
        while (left > 0) {
          left -= chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
        socket.end();
      };
      pump();
    });
  });
}
