import { createServer } from 'node:net';

/** A port free on `host` right now (for programs that need a port on their command line). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on host:port (polls; rejects after `attempts`). */
export async function waitForPort(port: number, host = '127.0.0.1', attempts = 200): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < attempts; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nothing listened on ${host}:${port}`);
}
