/**
 * egressctl exec and the connection log:
 * - `egressctl exec -- true` (and `exec --vnet … -- true`, which opens and closes a scoped
 *   listener) against running `true` directly and a bare `node -e 0`, spawn → exit, medians of
 *   interleaved runs: what wrapping a command costs.
 * - The connection log's cost: short tunnels per second and single-stream throughput through
 *   two local proxies side by side, one recording into a ConnectionLog (with a subscriber, as
 *   the LocalAPI's connection stream has) and one with no `onRecord` at all; rounds interleaved.
 */
import { connect, createServer, type Socket } from 'node:net';
import { ConnectionLog } from '../../src/main/agent/data-plane/proxy/connection-log.js';
import { type LocalProxy, startLocalProxy } from '../../src/main/agent/data-plane/proxy/index.js';
import type { RouteConnection } from '../../src/main/agent/data-plane/route.js';
import { egressctlBin as bin, ensureCliBuilt, startCliAgent, timeProcess } from '../cli-support.js';
import { bulkOrigin, downloadMiBs, listen } from '../data-plane-support.js';
import { median } from '../stats.js';
import type { BenchSection } from '../types.js';

const RUNS = 20;
const WARMUP = 2;
const TUNNELS = 500;
const TUNNEL_CONCURRENCY = 16;
const ROUNDS = 9;
// A stream's figure moves a few per cent with GC timing alone (client, origin and both proxies
// share one event loop here), so the streams get more rounds than the tunnel bursts.
const STREAM_ROUNDS = 21;
const STREAM_BYTES = 128 * 1024 ** 2;

async function execOverhead(notes: string[]) {
  const rebuilt = ensureCliBuilt();
  if (rebuilt) notes.push(rebuilt);
  const agent = await startCliAgent('bench-exec-', { proxyPort: 0 });
  const { env } = agent;
  const timeSpawn = async (command: string, args: string[]) =>
    (await timeProcess(command, args, env)).ms;
  const samples = {
    true: [] as number[],
    node: [] as number[],
    exec: [] as number[],
    vnet: [] as number[],
  };
  try {
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const bare = await timeSpawn('true', []);
      const node = await timeSpawn(process.execPath, ['-e', '0']);
      const exec = await timeSpawn(process.execPath, [bin, 'exec', '--', 'true']);
      const vnet = await timeSpawn(process.execPath, [
        bin,
        'exec',
        '--vnet',
        'vnet-Amsterdam',
        '--',
        'true',
      ]);
      if (i < WARMUP) continue;
      samples.true.push(bare);
      samples.node.push(node);
      samples.exec.push(exec);
      samples.vnet.push(vnet);
    }
  } finally {
    await agent.close();
  }
  notes.push(
    `exec: ${RUNS} runs each after ${WARMUP} warm-up, interleaved, spawn → exit; egressctl is a Node process, so node -e 0 is the floor it cannot go under`,
  );
  return {
    true: median(samples.true),
    node: median(samples.node),
    exec: median(samples.exec),
    vnet: median(samples.vnet),
  };
}

// --- the connection log's cost -------------------------------------------------------------

const route: RouteConnection = () => ({
  ok: true,
  upstream: { kind: 'direct' },
  label: {
    vnet_id: 'bench',
    vnet_name: 'bench',
    rule: { id: 'r', name: 'bench rule', precedence: 1 },
    egress_ipv4: null,
    egress_kind: 'shared',
    gateway: 'direct',
    config_version: 1,
  },
});

function readBytes(socket: Socket, count: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= count) {
        socket.off('data', onData);
        socket.off('close', onClose);
        resolve(received);
      }
    };
    const onClose = () => reject(new Error(`closed after ${received.length} bytes`));
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

async function socksTunnel(proxyPort: number, port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port: proxyPort, noDelay: true });
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(Buffer.from([5, 1, 0]));
  await readBytes(socket, 2);
  socket.write(Buffer.from([5, 1, 0, 1, 127, 0, 0, 1, port >> 8, port & 0xff]));
  const reply = await readBytes(socket, 10);
  if (reply[1] !== 0) throw new Error(`SOCKS5 reply ${reply[1]}`);
  return socket;
}

/** One short tunnel: handshake, one byte each way, gone (the log gets one record). */
async function shortTunnel(proxyPort: number, originPort: number): Promise<void> {
  const socket = await socksTunnel(proxyPort, originPort);
  socket.write('x');
  await readBytes(socket, 1);
  // A reset, not a FIN handshake: waiting out both halves' close would measure TCP, not the log.
  socket.destroy();
}

async function tunnelsPerSecond(proxy: LocalProxy, originPort: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: TUNNEL_CONCURRENCY }, async () => {
      while (next < TUNNELS) {
        next += 1;
        await shortTunnel(proxy.port, originPort);
      }
    }),
  );
  return TUNNELS / ((performance.now() - started) / 1000);
}

async function streamMiBs(proxy: LocalProxy, streamPort: number): Promise<number> {
  return downloadMiBs(await socksTunnel(proxy.port, streamPort), STREAM_BYTES);
}

async function logCost() {
  // Echoes one byte back, then ends when the client does.
  const origin = createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.write('y'));
    socket.on('end', () => socket.end());
  });
  const streamer = bulkOrigin(STREAM_BYTES);
  const originPort = await listen(origin);
  const streamPort = await listen(streamer);
  const log = new ConnectionLog(500);
  let fed = 0;
  // The LocalAPI's connection stream subscribes like this; a front's SSE writes are not counted.
  const unsubscribe = log.subscribe(() => {
    fed += 1;
  });
  const logged = await startLocalProxy({ port: 0, route, onRecord: (record) => log.add(record) });
  const unlogged = await startLocalProxy({ port: 0, route });
  const tunnels = { on: [] as number[], off: [] as number[] };
  const streams = { on: [] as number[], off: [] as number[] };
  try {
    // Warm both up, then interleave rounds (alternating which goes first).
    await tunnelsPerSecond(logged, originPort);
    await tunnelsPerSecond(unlogged, originPort);
    // Two phases, so a stream never runs in the wake of the other proxy's tunnel burst.
    const orderOf = (round: number) =>
      round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of orderOf(round)) {
        tunnels[which].push(await tunnelsPerSecond(which === 'on' ? logged : unlogged, originPort));
      }
    }
    for (let round = 0; round < STREAM_ROUNDS; round++) {
      for (const which of orderOf(round)) {
        streams[which].push(await streamMiBs(which === 'on' ? logged : unlogged, streamPort));
      }
    }
  } finally {
    unsubscribe();
    await logged.close();
    await unlogged.close();
    origin.close();
    streamer.close();
  }
  // Paired per round: a busy spell on the machine hits both halves of a round alike.
  const pairs = (values: { on: number[]; off: number[] }) =>
    values.on.map((on, i) => on / (values.off[i] ?? Number.NaN));
  return {
    tunnelRatio: median(pairs(tunnels)),
    streamRatio: median(pairs(streams)),
    tunnelsOn: median(tunnels.on),
    tunnelsOff: median(tunnels.off),
    streamOn: median(streams.on),
    streamOff: median(streams.off),
    logged: log.size,
    fed,
  };
}

export default async function execSection(): Promise<BenchSection> {
  const notes: string[] = [];
  const exec = await execOverhead(notes);
  const log = await logCost();
  const { tunnelRatio, streamRatio } = log;
  notes.push(
    `connection log: ${ROUNDS} interleaved rounds of ${TUNNELS} SOCKS5 tunnels (${TUNNEL_CONCURRENCY} at a time, one byte each way) and ${STREAM_ROUNDS} of one ${STREAM_BYTES / 1024 ** 2} MiB stream, through two in-process proxies (direct dial): one with onRecord → ConnectionLog(500) plus a subscriber, one with no onRecord; the ratios are medians of the per-round ratios`,
    `the logged proxy recorded ${log.fed} connections (the ring keeps ${log.logged})`,
  );
  return {
    title: 'egressctl exec overhead and the connection log’s cost',
    rows: [
      { name: 'true, run directly (median)', value: exec.true, unit: 'ms' },
      { name: 'node -e 0 (median)', value: exec.node, unit: 'ms' },
      { name: 'egressctl exec -- true (median)', value: exec.exec, unit: 'ms' },
      {
        name: 'egressctl exec --vnet vnet-Amsterdam -- true (median)',
        value: exec.vnet,
        unit: 'ms',
      },
      { name: 'exec -- true ÷ true (medians)', value: exec.exec / exec.true, unit: '×' },
      { name: 'exec -- true − true (medians)', value: exec.exec - exec.true, unit: 'ms' },
      { name: 'exec -- true ÷ node -e 0 (medians)', value: exec.exec / exec.node, unit: '×' },
      {
        name: 'exec --vnet − exec (scoped listener open + close, medians)',
        value: exec.vnet - exec.exec,
        unit: 'ms',
      },
      { name: 'short tunnels/s, log on', value: log.tunnelsOn, unit: '/s' },
      { name: 'short tunnels/s, log off', value: log.tunnelsOff, unit: '/s' },
      {
        name: 'short tunnels/s, log on ÷ off (median of rounds)',
        value: tunnelRatio,
        unit: '×',
        goal: '≥ 0.98',
        ok: tunnelRatio >= 0.98,
      },
      { name: 'stream throughput, log on', value: log.streamOn, unit: 'MiB/s' },
      { name: 'stream throughput, log off', value: log.streamOff, unit: 'MiB/s' },
      {
        name: 'stream throughput, log on ÷ off (median of rounds)',
        value: streamRatio,
        unit: '×',
        goal: '≥ 0.98',
        ok: streamRatio >= 0.98,
      },
    ],
    notes,
  };
}
