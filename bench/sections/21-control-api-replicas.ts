/**
 * The control plane on PostgreSQL next to the embedded engine, in one run: resolve throughput
 * of one embedded process, of one PostgreSQL-backed replica and of two replicas on one database
 * (autocannon spread over both), rounds interleaved so all three see the same machine load;
 * database queries per resolve (PostgreSQL's own transaction counter) and write latency per
 * engine. Servers are the built bin (dist/control-api/main.js) in child processes; PostgreSQL
 * is a throwaway cluster (tests/support/postgres.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type autocannon from 'autocannon';
import pg from 'pg';
import { postgresUnavailable, startPostgres } from '../../tests/support/postgres.js';
import { median } from '../stats.js';
import type { BenchSection } from '../types.js';
import {
  ADMIN_TOKEN,
  build,
  cpuMs,
  load,
  resolveOptions,
  startServer,
  stop,
} from './20-control-api.js';

const ROUNDS = 4;
const ROUND_S = 2;
const CONNECTIONS = 50;
const WRITES = 100;

type Server = Awaited<ReturnType<typeof startServer>>;

/** Requests/s of one round over every target at once (each its own autocannon). */
async function roundOver(targets: autocannon.Options[]): Promise<{ rate: number; total: number }> {
  const results = await Promise.all(targets.map((target) => load(target, ROUND_S)));
  return {
    rate: results.reduce((sum, result) => sum + result.requests.average, 0),
    total: results.reduce((sum, result) => sum + result.requests.total, 0),
  };
}

/** Sequential configuration writes (a new vnet each): median and p99 latency in ms. */
async function writeLatency(server: Server, label: string) {
  const url = `${server.url}/client/v4/accounts/${server.accountId}/teamnet/virtual_networks`;
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const times: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const start = performance.now();
    const body = JSON.stringify({ name: `bench-${label}-${i}` });
    const response = await fetch(url, { method: 'POST', headers, body });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${label} write ${i}: HTTP ${response.status}`);
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  return { p50: median(times), p99: times[Math.floor(times.length * 0.99)] ?? Number.NaN };
}

/** Transactions PostgreSQL committed in the database: every statement outside one is one. */
async function committed(client: pg.Client): Promise<number> {
  // Counters are flushed by backends after a short delay; a snapshot clear reads them fresh.
  await client.query('SELECT pg_stat_clear_snapshot()');
  const row = await client.query<{ n: string }>(
    'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(row.rows[0]?.n ?? Number.NaN);
}

export default async function controlApiReplicasBench(): Promise<BenchSection> {
  const title = `Control API replicas on PostgreSQL (resolve, ${CONNECTIONS} connections, ${ROUNDS} × ${ROUND_S} s)`;
  const missing = postgresUnavailable();
  if (missing) return { title, rows: [], notes: [`skipped: ${missing}`] };
  const notes: string[] = [];
  const buildNote = build();
  if (buildNote) notes.push(buildNote);
  const dir = mkdtempSync(join(tmpdir(), 'bench-replicas-'));
  const cluster = await startPostgres();
  const servers: Server[] = [];
  const stats = new pg.Client({ connectionString: cluster.url('bench') });
  try {
    const url = await cluster.createDatabase('bench');
    const quiet = ['--probe-interval', '0'];
    const embedded = await startServer(join(dir, 'bench.db'), quiet);
    servers.push(embedded);
    const [a, b] = await Promise.all([startServer(url, quiet), startServer(url, quiet)]);
    if (!a || !b) throw new Error('replicas did not start');
    servers.push(a, b);
    await stats.connect();

    const onEmbedded = await resolveOptions(embedded, CONNECTIONS);
    const onA = await resolveOptions(a, CONNECTIONS);
    const spread = [
      await resolveOptions(a, CONNECTIONS / 2),
      await resolveOptions(b, CONNECTIONS / 2),
    ];
    for (const target of [onEmbedded, onA, ...spread]) await load(target, 1);

    const rates = { embedded: [] as number[], one: [] as number[], two: [] as number[] };
    const cpu = { one: 0, oneRequests: 0 };
    let queries = 0;
    let resolves = 0;
    for (let i = 0; i < ROUNDS; i++) {
      rates.embedded.push((await roundOver([onEmbedded])).rate);
      await delay(600);
      const before = await committed(stats);
      const cpuBefore = cpuMs(a.child.pid);
      const one = await roundOver([onA]);
      const cpuAfter = cpuMs(a.child.pid);
      await delay(600);
      queries += (await committed(stats)) - before - 1;
      resolves += one.total;
      rates.one.push(one.rate);
      if (cpuBefore !== undefined && cpuAfter !== undefined) {
        cpu.one += cpuAfter - cpuBefore;
        cpu.oneRequests += one.total;
      }
      rates.two.push((await roundOver(spread)).rate);
    }
    const embeddedRate = median(rates.embedded);
    const oneRate = median(rates.one);
    const twoRate = median(rates.two);
    const ratio = oneRate / embeddedRate;
    const perResolve = Math.max(0, queries) / resolves;
    const writesEmbedded = await writeLatency(embedded, 'embedded');
    const writesPostgres = await writeLatency(a, 'postgres');
    const ratios = rates.one.map(
      (rate, i) => `${((rate / (rates.embedded[i] ?? 1)) * 100).toFixed(0)}%`,
    );

    return {
      title,
      rows: [
        { name: 'resolve, one embedded process', value: embeddedRate, unit: 'req/s' },
        { name: 'resolve, one PostgreSQL replica', value: oneRate, unit: 'req/s' },
        {
          name: 'PostgreSQL replica / embedded',
          value: ratio * 100,
          unit: '%',
          goal: '≥ 90',
          ok: ratio >= 0.9,
        },
        { name: 'resolve, two replicas (aggregate)', value: twoRate, unit: 'req/s' },
        {
          name: 'replica server CPU per resolve',
          value: cpu.oneRequests > 0 ? (cpu.one * 1000) / cpu.oneRequests : Number.NaN,
          unit: 'µs/req',
        },
        {
          name: 'database queries per resolve (warm)',
          value: perResolve,
          unit: 'queries',
          goal: '0',
          ok: perResolve < 0.001,
        },
        { name: 'write (create vnet), embedded p50', value: writesEmbedded.p50, unit: 'ms' },
        { name: 'write (create vnet), embedded p99', value: writesEmbedded.p99, unit: 'ms' },
        { name: 'write (create vnet), PostgreSQL p50', value: writesPostgres.p50, unit: 'ms' },
        { name: 'write (create vnet), PostgreSQL p99', value: writesPostgres.p99, unit: 'ms' },
      ],
      notes: [
        ...notes,
        'Rounds interleave embedded, one replica and two replicas, so each sees the same load; ' +
          `medians over ${ROUNDS} rounds. Replica / embedded per round: ${ratios.join(', ')}.`,
        `Per round (req/s): embedded ${rates.embedded.map(Math.round).join(', ')}; one replica ` +
          `${rates.one.map(Math.round).join(', ')}; two replicas ${rates.two.map(Math.round).join(', ')}.`,
        'Queries per resolve: PostgreSQL xact_commit of the database over the one-replica ' +
          'rounds (minus this counter’s own reads), divided by the resolves served.',
        'Two replicas on this 2-core machine share the cores with autocannon and PostgreSQL: ' +
          'the aggregate is bounded by CPU (each resolve costs the replica CPU shown above), ' +
          'not by the database, which a warm resolve does not touch.',
        `Writes: ${WRITES} sequential vnet creations each (a configuration change: bump, ` +
          'write, notify, commit; fsync is off on the throwaway cluster).',
      ],
    };
  } finally {
    await stats.end().catch(() => {});
    await Promise.all(servers.map((server) => stop(server.child)));
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
