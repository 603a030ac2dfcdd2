/**
 * How a tunnel ends, through both fronts: every byte the destination sent before its FIN reaches
 * a client that reads late; a half-close passes each way; a destination reset is the
 * destination's failure, a client that goes away is not; and the log records each once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionRecord, LocalProxy } from '../../src/main/agent/data-plane/proxy/index.js';
import { startLocalProxy } from '../../src/main/agent/data-plane/proxy/index.js';
import { connectTunnel } from '../support/data-plane/proxy-clients.js';
import { accept } from '../support/data-plane/route-fixtures.js';

const PAYLOAD = randomBytes(16 * 1024 ** 2);
const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** What the origin does with each connection, picked by the first line the client sends. */
const behaviours: Record<string, (socket: Socket) => void> = {
  // Everything at once, then FIN: the proxy must flush it all to a client that reads late.
  'blast\n': (socket) => socket.end(PAYLOAD),
  // Reads until the client's FIN, then answers with what it counted and closes.
  'count\n': (socket) => {
    let bytes = 0;
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    socket.on('end', () => socket.end(`counted ${bytes}\n`));
  },
  // Some bytes, then a reset.
  'reset\n': (socket) => {
    socket.write(PAYLOAD.subarray(0, 1024), () => socket.resetAndDestroy());
  },
  // Keeps streaming until the client goes away.
  'stream\n': (socket) => {
    const pump = () => {
      while (!socket.destroyed && socket.write(PAYLOAD.subarray(0, 64 * 1024)));
    };
    socket.on('drain', pump);
    socket.on('error', () => {});
    pump();
  },
};

let origin: Server;
let originPort: number;
let proxy: LocalProxy;
const records: ConnectionRecord[] = [];

beforeAll(async () => {
  origin = createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => {});
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const line = head.indexOf('\n');
      if (line < 0) return;
      socket.removeListener('data', onData);
      const rest = Buffer.from(head.slice(line + 1), 'latin1');
      const behaviour = behaviours[head.slice(0, line + 1)];
      if (!behaviour) return void socket.destroy();
      behaviour(socket);
      if (rest.length > 0) socket.emit('data', rest);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  originPort = (origin.address() as { port: number }).port;
  proxy = await startLocalProxy({
    port: 0,
    route: () => accept({ kind: 'direct' }),
    onRecord: (record) => records.push(record),
  });
});

afterAll(async () => {
  await proxy?.close();
  await new Promise((resolve) => origin?.close(resolve));
});

type Front = 'SOCKS5' | 'CONNECT';

/**
 * A SOCKS5 CONNECT spoken by hand: the `socks` client resumes the socket a moment after handing
 * it over, so a test that pauses it would lose what arrives meanwhile.
 */
async function socks5(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port: proxy.port });
  socket.on('error', () => {});
  await once(socket, 'connect');
  socket.write(Buffer.from([5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, port >> 8, port & 0xff]));
  let reply = Buffer.alloc(0);
  while (reply.length < 12) reply = Buffer.concat([reply, (await once(socket, 'data'))[0]]);
  socket.pause();
  expect([...reply.subarray(0, 4)]).toEqual([5, 0, 5, 0]);
  // Anything past the two replies belongs to the tunnel.
  if (reply.length > 12) socket.unshift(reply.subarray(12));
  return socket;
}

async function open(front: Front): Promise<Socket> {
  if (front === 'SOCKS5') return socks5(originPort);
  const tunnel = await connectTunnel(proxy.port, `127.0.0.1:${originPort}`);
  if (!tunnel.ok) throw new Error(`CONNECT answered ${tunnel.status}`);
  return tunnel.socket;
}

/** Everything the socket receives until the peer's FIN (or a close). */
function readAll(socket: Socket): Promise<{ bytes: Buffer; ended: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let ended = false;
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      ended = true;
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ bytes: Buffer.concat(chunks), ended }));
  });
}

/** The record of the newest connection once the proxy has logged it. */
async function lastRecord(count: number): Promise<ConnectionRecord> {
  for (let i = 0; i < 500 && records.length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(records).toHaveLength(count);
  const record = records.at(-1);
  if (!record) throw new Error('no record');
  return record;
}

describe.each<Front>(['SOCKS5', 'CONNECT'])('a tunnel through the %s front', (front) => {
  it('delivers every byte sent before the FIN to a client that reads late, then the FIN', async () => {
    const before = records.length;
    const socket = await open(front);
    socket.pause();
    socket.write('blast\n');
    // The origin has sent everything and closed long before the client reads a byte.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const received = readAll(socket);
    socket.resume();
    const { bytes, ended } = await received;
    expect(ended).toBe(true);
    expect(bytes.length).toBe(PAYLOAD.length);
    expect(digest(bytes)).toBe(digest(PAYLOAD));
    const record = await lastRecord(before + 1);
    expect(record).toMatchObject({ outcome: 'ok', bytes_down: PAYLOAD.length });
  });

  it('passes a half-close each way: the client’s FIN reaches the origin, its answer comes back', async () => {
    const before = records.length;
    const socket = await open(front);
    const received = readAll(socket);
    socket.resume();
    socket.write('count\n');
    socket.end(PAYLOAD.subarray(0, 1_000_000));
    const { bytes, ended } = await received;
    expect(bytes.toString()).toBe('counted 1000000\n');
    expect(ended).toBe(true);
    expect(await lastRecord(before + 1)).toMatchObject({ outcome: 'ok' });
  });

  it('records a destination reset as the destination’s failure', async () => {
    const before = records.length;
    const socket = await open(front);
    const received = readAll(socket);
    socket.resume();
    socket.write('reset\n');
    await received;
    const record = await lastRecord(before + 1);
    expect(record.outcome).toBe('failed');
    expect(record.reason).toMatch(/^destination side: /);
  });

  it('records a client that goes away mid-stream as ok, once, and frees the tunnel', async () => {
    const before = records.length;
    const socket = await open(front);
    socket.write('stream\n');
    socket.resume();
    await once(socket, 'data');
    socket.destroy();
    const record = await lastRecord(before + 1);
    expect(record.outcome).toBe('ok');
    expect(record.bytes_down).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(records).toHaveLength(before + 1);
    expect(proxy.counters().open_connections).toBe(0);
  });
});
