/**
 * The data plane's local proxy against direct connections and peer proxies doing the same job
 * (Debian's microsocks for SOCKS5, tinyproxy for HTTP CONNECT), side by side on loopback:
 * connection setup (connect → first byte of a tiny response), single-stream throughput (1 GiB),
 * 1,000 concurrent connections held open and the proxy's RSS, and the decision call's own cost.
 * Our proxy runs in a child process of its own (as the agent does), with a trivial decision;
 * clients and origins run here, the same for every variant, and variants alternate per round so
 * they see the same machine load.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { ConnectionTracker } from '../../src/main/agent/data-plane/proxy/connection-tracker.js';
import { decide } from '../../src/main/agent/data-plane/proxy/front-context.js';
import { DEFAULT_LIMITS } from '../../src/main/agent/data-plane/proxy/limits.js';
import type { RouteDecision } from '../../src/main/agent/data-plane/route.js';
import {
  hasProgram,
  type PeerProxy,
  startMicrosocks,
  startTinyproxy,
} from '../../tests/support/data-plane/peer-proxies.js';
import { bulkOrigin, DIRECT_DECISION, downloadMiBs, listen } from '../data-plane-support.js';
import { median, percentile } from '../stats.js';
import type { BenchSection } from '../types.js';

const SETUP_WARMUP = 30;
const SETUP_ROUNDS = 300;
const STREAM_BYTES = 1024 ** 3;
const STREAM_RUNS = 2;
const CONCURRENT = 1000;
const OPEN_BATCH = 100;
const TINY_RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

type Via = { kind: 'direct' } | { kind: 'socks5' | 'connect'; port: number };

/** Resolves with the bytes received once `done(buffer)` is true (the socket stays open). */
function readUntil(socket: Socket, done: (received: Buffer) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let received: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
      if (done(received)) {
        socket.removeListener('data', onData);
        socket.removeListener('close', onClose);
        resolve(received);
      }
    };
    const onClose = () =>
      reject(
        new Error(`closed after ${received.length} bytes: ${received.toString().slice(0, 120)}`),
      );
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

/** A connected socket to the origin at `port`, through `via` (handshake done). */
async function open(via: Via, port: number): Promise<Socket> {
  const socket = connect({
    host: '127.0.0.1',
    port: via.kind === 'direct' ? port : via.port,
    noDelay: true,
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  if (via.kind === 'socks5') {
    socket.write(Buffer.from([5, 1, 0]));
    await readUntil(socket, (b) => b.length >= 2);
    socket.write(Buffer.from([5, 1, 0, 1, 127, 0, 0, 1, port >> 8, port & 0xff]));
    const reply = await readUntil(socket, (b) => b.length >= 10);
    if (reply[1] !== 0) throw new Error(`SOCKS5 reply ${reply[1]}`);
  } else if (via.kind === 'connect') {
    socket.write(`CONNECT 127.0.0.1:${port} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    const head = await readUntil(socket, (b) => b.includes('\r\n\r\n'));
    if (!/^HTTP\/1\.[01] 200/.test(head.toString()))
      throw new Error(`CONNECT: ${head.toString().split('\r\n')[0]}`);
  }
  return socket;
}

async function setupOnce(via: Via, port: number): Promise<number> {
  const start = performance.now();
  const socket = await open(via, port);
  socket.write('GET / HTTP/1.1\r\nHost: origin\r\n\r\n');
  await readUntil(socket, (b) => b.length > 0);
  const elapsed = performance.now() - start;
  socket.destroy();
  return elapsed;
}

async function streamOnce(via: Via, port: number): Promise<number> {
  return downloadMiBs(await open(via, port), STREAM_BYTES);
}

async function startProxyProcess(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const bundle = join(dir, 'proxy-process.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, '..', 'data-plane-proxy-process.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'error',
  });
  const child = spawn(process.execPath, [bundle], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the proxy process exited (${code})`)));
    child.on('message', (message: { type: string; port: number }) => {
      if (message.type === 'listening') resolve({ child, port: message.port });
    });
  });
}

function stats(
  child: ChildProcess,
): Promise<{ rss: number; counters: { open_connections: number } }> {
  return new Promise((resolve) => {
    const onMessage = (message: {
      type: string;
      rss: number;
      counters: { open_connections: number };
    }) => {
      if (message.type !== 'stats') return;
      child.removeListener('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send({ type: 'stats' });
  });
}

/** ns per decision call through the fronts' wrapper, with a trivial route; and the bare call. */
function decisionCost(): { wrapped: number; bare: number } {
  const route = (): RouteDecision => DIRECT_DECISION;
  const context = {
    route,
    scope: null,
    tracker: new ConnectionTracker(undefined),
    limits: DEFAULT_LIMITS,
  };
  const destination = { host: 'example.com', port: 443, protocol: 'tcp' as const };
  const n = 2_000_000;
  let sink = 0;
  let start = performance.now();
  for (let i = 0; i < n; i++) if (decide(context, destination).ok) sink++;
  const wrapped = ((performance.now() - start) * 1e6) / n;
  start = performance.now();
  for (let i = 0; i < n; i++) if (route().ok) sink++;
  const bare = ((performance.now() - start) * 1e6) / n;
  if (sink !== 2 * n) throw new Error('unreachable');
  return { wrapped, bare };
}

export default async function dataPlaneSection(): Promise<BenchSection> {
  const missing = ['microsocks', 'tinyproxy'].filter((name) => !hasProgram(name));
  if (missing.length > 0) {
    return {
      title: 'Data plane: local proxy',
      rows: [],
      notes: [
        `Skipped: ${missing.join(' and ')} not installed (apt-get install -y microsocks tinyproxy).`,
      ],
    };
  }
  const tiny = createServer((socket) => {
    socket.on('error', () => {});
    socket.on('data', () => socket.write(TINY_RESPONSE));
  });
  const bulk = bulkOrigin(STREAM_BYTES);
  const tinyPort = await listen(tiny);
  const bulkPort = await listen(bulk);
  const peers: PeerProxy[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bench-data-plane-'));
  const loadBefore = loadavg()[0] ?? 0;
  const { child, port: ours } = await startProxyProcess(dir);
  try {
    const microsocks = await startMicrosocks({ sourceAddress: '127.0.0.1' });
    const tinyproxy = await startTinyproxy({ sourceAddress: '127.0.0.1' });
    peers.push(microsocks, tinyproxy);
    const variants: Record<string, Via> = {
      direct: { kind: 'direct' },
      'ours, SOCKS5': { kind: 'socks5', port: ours },
      microsocks: { kind: 'socks5', port: microsocks.port },
      'ours, CONNECT': { kind: 'connect', port: ours },
      tinyproxy: { kind: 'connect', port: tinyproxy.port },
    };
    const names = Object.keys(variants);

    const setup = new Map<string, number[]>(names.map((name) => [name, []]));
    for (let round = 0; round < SETUP_WARMUP + SETUP_ROUNDS; round++) {
      for (const name of names) {
        const elapsed = await setupOnce(variants[name] as Via, tinyPort);
        if (round >= SETUP_WARMUP) setup.get(name)?.push(elapsed);
      }
    }
    const p50 = (name: string) => median(setup.get(name) ?? []);
    const p99 = (name: string) => percentile(setup.get(name) ?? [], 99);

    const idle = await stats(child);
    const held: Socket[] = [];
    let failures = 0;
    for (let i = 0; i < CONCURRENT; i += OPEN_BATCH) {
      const batch = await Promise.allSettled(
        Array.from({ length: Math.min(OPEN_BATCH, CONCURRENT - i) }, async () => {
          const socket = await open(variants['ours, SOCKS5'] as Via, tinyPort);
          held.push(socket);
          socket.write('GET / HTTP/1.1\r\nHost: origin\r\n\r\n');
          await readUntil(socket, (b) => b.toString().endsWith('ok'));
        }),
      );
      failures += batch.filter((result) => result.status === 'rejected').length;
    }
    const loaded = await stats(child);
    for (const socket of held) socket.destroy();
    const heldOk = CONCURRENT - failures;
    const rssMb = loaded.rss / 1024 ** 2;

    const throughput = new Map<string, number>(names.map((name) => [name, 0]));
    for (let run = 0; run < STREAM_RUNS; run++) {
      for (const name of names) {
        const mibs = await streamOnce(variants[name] as Via, bulkPort);
        throughput.set(name, Math.max(throughput.get(name) ?? 0, mibs));
      }
    }
    const mibs = (name: string) => throughput.get(name) ?? 0;

    const afterStreams = await stats(child);

    const cost = decisionCost();
    const loadAfter = loadavg()[0] ?? 0;
    const row = (name: string, value: number, unit: string, goal?: string, ok?: boolean) => ({
      name,
      value,
      unit,
      ...(goal !== undefined ? { goal, ok: ok ?? false } : {}),
    });
    const setupRows = (ourName: string, peer: string) => {
      const ratio = p50(ourName) / p50(peer);
      const over = p50(ourName) - p50('direct');
      return [
        row(`setup p50, ${ourName}`, p50(ourName), 'ms'),
        row(`setup p99, ${ourName}`, p99(ourName), 'ms'),
        row(`setup p50, ${peer}`, p50(peer), 'ms'),
        row(`setup p99, ${peer}`, p99(peer), 'ms'),
        row(`setup p50, ${ourName} / ${peer}`, ratio, '×', '≤ 1.25', ratio <= 1.25),
        row(`setup p50, ${ourName} − direct`, over, 'ms', '< 1', over < 1),
      ];
    };
    const streamRows = (ourName: string, peer: string) => {
      const vsPeer = mibs(ourName) / mibs(peer);
      const vsDirect = mibs(ourName) / mibs('direct');
      return [
        row(`throughput, ${ourName}`, mibs(ourName), 'MiB/s'),
        row(`throughput, ${peer}`, mibs(peer), 'MiB/s'),
        row(`throughput, ${ourName} / ${peer}`, vsPeer, '×', '≥ 1', vsPeer >= 1),
        row(`throughput, ${ourName} / direct`, vsDirect, '×', '≥ 0.8', vsDirect >= 0.8),
      ];
    };
    return {
      title: 'Data plane: local proxy vs direct vs peer proxies (loopback)',
      rows: [
        row('setup p50, direct', p50('direct'), 'ms'),
        row('setup p99, direct', p99('direct'), 'ms'),
        ...setupRows('ours, SOCKS5', 'microsocks'),
        ...setupRows('ours, CONNECT', 'tinyproxy'),
        row('throughput, direct', mibs('direct'), 'MiB/s'),
        ...streamRows('ours, SOCKS5', 'microsocks'),
        ...streamRows('ours, CONNECT', 'tinyproxy'),
        row(
          `${CONCURRENT} concurrent SOCKS5 tunnels held open`,
          heldOk,
          'ok',
          `${CONCURRENT}`,
          heldOk === CONCURRENT,
        ),
        row('proxy RSS with them open', rssMb, 'MB', '< 250', rssMb < 250),
        row('proxy RSS before opening them (after the setup runs)', idle.rss / 1024 ** 2, 'MB'),
        row('proxy RSS after the 1 GiB streams (all closed)', afterStreams.rss / 1024 ** 2, 'MB'),
        row('decision call per connection (trivial route, fronts’ wrapper)', cost.wrapped, 'ns'),
        row('the same route called bare', cost.bare, 'ns'),
      ],
      notes: [
        `Setup: ${SETUP_ROUNDS} rounds after ${SETUP_WARMUP} warm-up, variants alternating; connect, proxy handshake, a tiny request, first response byte.`,
        `Throughput: one ${STREAM_BYTES / 1024 ** 3} GiB download per run, best of ${STREAM_RUNS}; our proxy dials direct (shared egress).`,
        `Concurrency: ${CONCURRENT} tunnels opened ${OPEN_BATCH} at a time, each carried one request, all held open while RSS was read, before the throughput runs (${loaded.counters.open_connections} open in the proxy).`,
        `Our proxy runs bundled (esbuild) under plain node in its own process. Machine load (1-minute average) ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end, on ${availableParallelism()} CPUs: every variant shares it.`,
        'Decision cost here is the proxy side only (a route returning a constant); the real resolver’s cost per connection is measured with the decision code (src/main/agent/data-plane/decide).',
      ],
    };
  } finally {
    child.kill('SIGTERM');
    await Promise.all(peers.map((peer) => peer.stop()));
    tiny.close();
    bulk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
