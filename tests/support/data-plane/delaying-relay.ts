import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 that waits `delayMs` after accepting a connection before it connects
 * onward to `target` and starts forwarding: a gateway that is that much farther away. Counts the
 * connections it accepted. `hold: true` accepts and never forwards (a gateway that hangs).
 */
export interface DelayingRelay {
  host: string;
  port: number;
  /** Connections accepted so far. */
  accepted: number;
  /** Most connections open at once. */
  peak: number;
  close(): Promise<void>;
}

export async function startDelayingRelay(options: {
  target: { host: string; port: number };
  delayMs: number;
  hold?: boolean;
}): Promise<DelayingRelay> {
  const sockets = new Set<Socket>();
  let open = 0;
  const relay: DelayingRelay = {
    host: '127.0.0.1',
    port: 0,
    accepted: 0,
    peak: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((client) => {
    relay.accepted += 1;
    open += 1;
    relay.peak = Math.max(relay.peak, open);
    sockets.add(client);
    client.pause();
    client.on('error', () => {});
    client.once('close', () => {
      open -= 1;
      sockets.delete(client);
    });
    if (options.hold === true) return;
    setTimeout(() => {
      if (client.destroyed) return;
      const upstream = connect(options.target);
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      upstream.once('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      client.once('close', () => upstream.destroy());
      upstream.once('connect', () => {
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    }, options.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  relay.port = typeof address === 'object' && address !== null ? address.port : 0;
  return relay;
}
