/**
 * The control API under load: requests/s and p50/p99 latency of `POST …/gateway/egress/resolve`
 * (device token, demo seed) and of `GET /healthz` at 50 connections, their ratio, and the
 * server's peak RSS (and server CPU per request, which load elsewhere on the machine disturbs
 * less than throughput). The server is the real CLI, built by the project's Node build
 * (`tsconfig.build.json` → dist/) and run with plain node in a child process, so its memory is
 * its own (read from /proc/<pid>/status VmHWM); autocannon drives it from this process.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { ControlApiClient } from '../../src/shared/api/index.js';
import { median } from '../stats.js';
import type { BenchSection } from '../types.js';

const CONNECTIONS = 50;
const WARMUP_S = 1;
/** Healthz and resolve alternate in short rounds, so both see the same machine load. */
const ROUNDS = 5;
const ROUND_S = 2;
const REFERENCE_ROUNDS = 3;
export const ADMIN_TOKEN = 'bench-admin-token';
const root = join(import.meta.dirname, '..', '..');
const builtMain = join(root, 'dist', 'control-api', 'main.js');

/** Builds the Node side as the bin runs it; returns a note when the build complained. */
export function build(): string | undefined {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const run = spawnSync(tsc, ['-p', join(root, 'tsconfig.build.json')], { encoding: 'utf8' });
  if (!existsSync(builtMain)) {
    throw new Error(`the Node build did not produce ${builtMain}:\n${run.stdout}${run.stderr}`);
  }
  return run.status === 0
    ? undefined
    : 'tsc -p tsconfig.build.json reported errors (emitted anyway)';
}

/** Waits for a child's "listening on <url>" line (and the account line, when asked). */
export function listening(child: ChildProcess, withAccount: boolean) {
  return new Promise<{ child: ChildProcess; url: string; accountId: string }>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (\S+)/.exec(out)?.[1];
      const accountId = /Account: ([0-9a-f]{32})/.exec(out)?.[1] ?? '';
      if (url && (accountId || !withAccount)) resolve({ child, url, accountId });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

/** Starts the built CLI. */
export function startServer(db: string, extra: readonly string[] = []) {
  const child = spawn(
    process.execPath,
    [
      ...[builtMain, '--port', '0', '--db', db, '--admin-token', ADMIN_TOKEN],
      ...['--log-level', 'error', ...extra],
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return listening(child, true);
}

/**
 * A bare Fastify (same version) with an empty GET and an empty POST route, answering the same
 * tiny envelope: what a POST costs next to a GET on this machine before any application code.
 */
const BARE_FASTIFY = `
import Fastify from 'fastify';
const app = Fastify();
const answer = () => ({ success: true, errors: [], messages: [], result: { status: 'ok' } });
app.get('/get', async () => answer());
app.post('/post', async () => answer());
await app.listen({ host: '127.0.0.1', port: 0 });
console.log('listening on http://127.0.0.1:' + app.server.address().port);
process.on('SIGTERM', () => app.close());
`;

async function bareFastifyPostToGetRatio(): Promise<number> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_FASTIFY], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const { url } = await listening(child, false);
    const get: autocannon.Options = { url: `${url}/get` };
    const post: autocannon.Options = {
      url: `${url}/post`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    };
    await load(get, WARMUP_S);
    await load(post, WARMUP_S);
    const ratios: number[] = [];
    for (let i = 0; i < REFERENCE_ROUNDS; i++) {
      const getRate = (await load(get, ROUND_S)).requests.average;
      ratios.push((await load(post, ROUND_S)).requests.average / getRate);
    }
    return median(ratios);
  } finally {
    await stop(child);
  }
}

/** CPU time (user + system) a process has used, in ms, from /proc on Linux. */
export function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/** Peak resident set size of a process, from /proc on Linux. */
function peakRssBytes(pid: number | undefined): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

export async function load(options: autocannon.Options, seconds: number) {
  const result = await autocannon({ connections: CONNECTIONS, ...options, duration: seconds });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${options.url}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
  }
  return result;
}

interface Totals {
  requests: number;
  seconds: number;
  cpuMs: number;
  /** Per-round latency percentiles; their median is reported (one disturbed round is noise). */
  p50: number[];
  p99: number[];
}

const emptyTotals = (): Totals => ({ requests: 0, seconds: 0, cpuMs: 0, p50: [], p99: [] });

async function round(pid: number | undefined, options: autocannon.Options, totals: Totals) {
  const before = cpuMs(pid);
  const result = await load(options, ROUND_S);
  const after = cpuMs(pid);
  totals.requests += result.requests.total;
  totals.seconds += result.duration;
  totals.cpuMs += before === undefined || after === undefined ? Number.NaN : after - before;
  totals.p50.push(result.latency.p50);
  totals.p99.push(result.latency.p99);
  return result.requests.average;
}

/**
 * Resolving on `server` as a device on the default vnet, in England: no vnet rule matches, so
 * every rule is evaluated and the geographic balancer picks between the two London data centers.
 */
export async function resolveOptions(
  server: { url: string; accountId: string },
  connections?: number,
): Promise<autocannon.Options> {
  const admin = new ControlApiClient({
    baseUrl: server.url,
    token: ADMIN_TOKEN,
    accountId: server.accountId,
  });
  const device = await admin.enrolDevice({ name: 'bench', user_email: 'qa@example.com' });
  await admin.patchDevice(device.id, {
    vnet_id: DEMO_VNETS.default.id,
    location: { lat: 52.49, lon: -1.89 },
  });
  return {
    url: `${server.url}/client/v4/accounts/${server.accountId}/gateway/egress/resolve`,
    method: 'POST',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
    body: '{}',
    ...(connections === undefined ? {} : { connections }),
  };
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export default async function controlApiBench(): Promise<BenchSection> {
  const notes: string[] = [];
  const buildNote = build();
  if (buildNote) notes.push(buildNote);
  const dir = mkdtempSync(join(tmpdir(), 'bench-control-api-'));
  const server = await startServer(join(dir, 'bench.db'));
  try {
    const resolve = await resolveOptions(server);
    const health: autocannon.Options = { url: `${server.url}/healthz` };

    await load(health, WARMUP_S);
    await load(resolve, WARMUP_S);
    const healthz = emptyTotals();
    const resolved = emptyTotals();
    const ratios: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const healthRate = await round(server.child.pid, health, healthz);
      const resolveRate = await round(server.child.pid, resolve, resolved);
      ratios.push(resolveRate / healthRate);
    }
    const peak = peakRssBytes(server.child.pid);
    const peakMb = peak === undefined ? Number.NaN : peak / 2 ** 20;
    if (peak === undefined) notes.push('peak RSS and CPU need /proc/<pid> (Linux)');
    const ratio = median(ratios);
    const rate = (t: Totals) => t.requests / t.seconds;
    const cpuPerRequest = (t: Totals) => (t.cpuMs * 1000) / t.requests;
    const p99 = median(resolved.p99);
    const ceiling = await bareFastifyPostToGetRatio();

    return {
      title: `Control API (HTTP on loopback, ${CONNECTIONS} connections, ${ROUNDS} × ${ROUND_S} s each)`,
      rows: [
        { name: 'GET /healthz', value: rate(healthz), unit: 'req/s' },
        { name: 'GET /healthz p50', value: median(healthz.p50), unit: 'ms' },
        { name: 'GET /healthz p99', value: median(healthz.p99), unit: 'ms' },
        { name: 'GET /healthz server CPU', value: cpuPerRequest(healthz), unit: 'µs/req' },
        { name: 'POST resolve (device token)', value: rate(resolved), unit: 'req/s' },
        { name: 'POST resolve p50', value: median(resolved.p50), unit: 'ms' },
        { name: 'POST resolve p99', value: p99, unit: 'ms', goal: '< 20', ok: p99 < 20 },
        { name: 'POST resolve server CPU', value: cpuPerRequest(resolved), unit: 'µs/req' },
        {
          name: 'resolve / healthz throughput',
          value: ratio * 100,
          unit: '%',
          goal: '≥ 70',
          ok: ratio >= 0.7,
        },
        {
          name: 'reference: bare Fastify POST / GET',
          value: ceiling * 100,
          unit: '%',
        },
        { name: 'server peak RSS', value: peakMb, unit: 'MB', goal: '< 150', ok: peakMb < 150 },
      ],
      notes: [
        ...notes,
        'Server: dist/control-api/main.js (the bin) in a child process; autocannon shares the machine.',
        `Ratio and latencies: medians over ${ROUNDS} back-to-back healthz/resolve pairs.`,
        'Reference: the same ratio for empty Fastify routes (POST {} vs GET), i.e. the ceiling ' +
          'an authenticated POST can reach against an unauthenticated GET before any work.',
        `Ratios per round: ${ratios.map((r) => `${(r * 100).toFixed(0)}%`).join(', ')}; ` +
          `resolve p99 per round: ${resolved.p99.join(', ')} ms.`,
      ],
    };
  } finally {
    await stop(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}
