import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  onPostgres,
  type PostgresCluster,
  postgresUnavailable,
  startPostgres,
  testDatabaseUrl,
} from '../support/postgres.js';
import { call, type Json, subscribeConfigEvents } from './helpers.js';

/**
 * Two control-plane processes on one PostgreSQL database, as behind a load balancer: what one
 * changes the other serves and pushes, invariants hold across them, and a replica killed with
 * SIGKILL loses no acknowledged write and hands the gateway probes over.
 */
const root = join(import.meta.dirname, '..', '..');
const main = join(root, 'src', 'control-api', 'main.ts');
const ADMIN = 'replica-admin-token-0123456789';
const unavailable = postgresUnavailable();
if (unavailable) console.warn(`replica tests skipped: ${unavailable}`);

interface Replica {
  child: ChildProcess;
  url: string;
  port: number;
  accountId: string;
  exited: Promise<void>;
}

function startReplica(db: string, extra: string[] = []): Promise<Replica> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      main,
      ...['--port', '0', '--db', db, '--admin-token', ADMIN, '--log-level', 'warn'],
      ...extra,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      const account = /Account: ([0-9a-f]{32})/.exec(out)?.[1];
      if (url?.[1] && url[2] && account) {
        resolve({ child, url: url[1], port: Number(url[2]), accountId: account, exited });
      }
    });
    child.once('exit', (code) => reject(new Error(`replica exited ${code}: ${out}${err}`)));
  });
}

async function stopReplica(replica: Replica | undefined): Promise<void> {
  if (!replica || replica.child.exitCode !== null || replica.child.signalCode !== null) return;
  replica.child.kill('SIGTERM');
  await replica.exited;
}

const api = (replica: Replica) => (method: string, path: string, body?: unknown) =>
  call(replica.url, method, `/client/v4/accounts/${replica.accountId}/${path}`, {
    token: ADMIN,
    body,
  });

/** Polls until `check` holds (a bounded wait for something another process does). */
async function eventually(check: () => Promise<boolean> | boolean, what: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

describe.skipIf(unavailable !== undefined)(
  'replicas on one PostgreSQL database',
  { timeout: 90_000 },
  () => {
    let cluster: PostgresCluster | undefined;
    let databases = 0;
    const newDatabase = async () => {
      const name = `replicas-${process.pid}-${++databases}`;
      if (onPostgres) return testDatabaseUrl(name);
      cluster ??= await startPostgres();
      return cluster.createDatabase(name.replace(/-/g, '_'));
    };
    const running: Replica[] = [];
    const pair = async (extra: string[] = []) => {
      const db = await newDatabase();
      // Started together: the migrations and the first account happen once.
      const [a, b] = await Promise.all([startReplica(db, extra), startReplica(db, extra)]);
      running.push(a, b);
      expect(b.accountId).toBe(a.accountId);
      return { a, b, db };
    };

    afterAll(async () => {
      await Promise.all(running.map(stopReplica));
      cluster?.stop();
    });

    it('a change through A reaches an SSE client on B within 1 s; both are ready', async () => {
      const { a, b } = await pair(['--probe-interval', '0']);
      for (const replica of [a, b]) {
        const ready = await call(replica.url, 'GET', '/readyz');
        expect(ready.status).toBe(200);
        expect(ready.json.result.status).toBe('ready');
      }
      const events = subscribeConfigEvents(
        `${b.url}/client/v4/accounts/${b.accountId}/events`,
        ADMIN,
      );
      try {
        const first = await events.next(() => true, 10_000);
        const created = await api(a)('POST', 'teamnet/virtual_networks', { name: 'vnet-via-a' });
        expect(created.status).toBe(200);
        const version = (await api(a)('GET', '')).json.result.config_version as number;
        expect(version).toBeGreaterThan(first);
        await events.next((v) => v === version, 1000);
        // B serves the new vnet and resolves with the new version (its snapshot moved on).
        const listed = (await api(b)('GET', 'teamnet/virtual_networks')).json.result as Json[];
        expect(listed.map((vnet) => vnet.name)).toContain('vnet-via-a');
        const resolved = await api(b)('POST', 'gateway/egress/resolve', {});
        expect(resolved.json.result.config_version).toBe(version);

        // B caches a device by its token; the admin moves it through A: B's next resolve with
        // that token sees the new vnet (A's write told B to forget its cached devices).
        const device = (
          await api(a)('POST', 'devices', { name: 'laptop', user_email: 'qa@example.com' })
        ).json.result;
        const asDevice = () =>
          call(b.url, 'POST', `/client/v4/accounts/${b.accountId}/gateway/egress/resolve`, {
            token: device.token,
            body: {},
          });
        const vnet = created.json.result.id as string;
        expect((await asDevice()).json.result.vnet_id).not.toBe(vnet);
        expect((await api(a)('PATCH', `devices/${device.id}`, { vnet_id: vnet })).status).toBe(200);
        await eventually(
          async () => (await asDevice()).json.result.vnet_id === vnet,
          'B to see the device on its new vnet',
          2000,
        );
      } finally {
        events.source.close();
      }
    });

    it('a replica whose LISTEN connection is cut reconnects and misses no change', async () => {
      const { a, b, db } = await pair(['--probe-interval', '0']);
      const events = subscribeConfigEvents(
        `${b.url}/client/v4/accounts/${b.accountId}/events`,
        ADMIN,
      );
      const admin = new pg.Client({ connectionString: db });
      await admin.connect();
      try {
        await events.next(() => true, 10_000);
        // Cut every replica's notification session from the database side, then change through A
        // at once: B hears it through the notification or, having missed it, through re-reading
        // the version when its session comes back.
        const cut = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
        );
        expect(cut.rowCount).toBe(2);
        expect(
          (await api(a)('POST', 'teamnet/virtual_networks', { name: 'vnet-cut' })).status,
        ).toBe(200);
        const missed = (await api(a)('GET', '')).json.result.config_version as number;
        await events.next((v) => v === missed, 10_000);
        // Listening again: the next change arrives as fast as before the cut.
        await eventually(
          async () =>
            (
              await admin.query(
                `SELECT 1 FROM pg_stat_activity
               WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
              )
            ).rowCount === 2,
          'both sessions to listen again',
        );
        await api(a)('POST', 'teamnet/virtual_networks', { name: 'vnet-after-cut' });
        const next = (await api(a)('GET', '')).json.result.config_version as number;
        await events.next((v) => v === next, 1000);
      } finally {
        events.source.close();
        await admin.end();
      }
    });

    it('50 concurrent rule creations split across A and B land with unique precedences', async () => {
      const { a, b } = await pair(['--probe-interval', '0', '--seed', 'none']);
      const before = (await api(a)('GET', '')).json.result.config_version as number;
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          api(i % 2 === 0 ? a : b)('POST', 'gateway/rules', {
            name: `split ${i}`,
            action: 'egress',
            traffic: `net.dst.port == ${2000 + i}`,
          }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
      for (const replica of [a, b]) {
        const listed = (await api(replica)('GET', 'gateway/rules')).json.result as Json[];
        expect(listed).toHaveLength(50);
        expect(new Set(listed.map((rule) => rule.precedence)).size).toBe(50);
      }
      // Every creation is its own version: none was lost or merged.
      expect((await api(b)('GET', '')).json.result.config_version).toBe(before + 50);
    });

    it('a new default vnet set on A and on B at once leaves exactly one', async () => {
      const { a, b } = await pair(['--probe-interval', '0', '--seed', 'none']);
      const x = (await api(a)('POST', 'teamnet/virtual_networks', { name: 'vnet-x' })).json.result;
      const y = (await api(b)('POST', 'teamnet/virtual_networks', { name: 'vnet-y' })).json.result;
      for (let round = 0; round < 5; round++) {
        const [onA, onB] = await Promise.all([
          api(a)('PATCH', `teamnet/virtual_networks/${x.id}`, { is_default_network: true }),
          api(b)('PATCH', `teamnet/virtual_networks/${y.id}`, { is_default_network: true }),
        ]);
        expect([onA.status, onB.status]).toEqual([200, 200]);
        for (const replica of [a, b]) {
          const live = (await api(replica)('GET', 'teamnet/virtual_networks?is_deleted=false')).json
            .result as Json[];
          expect(live.filter((vnet) => vnet.is_default_network)).toHaveLength(1);
        }
        // Hand the default back to the original, so both promotions race again.
        const original = (
          (await api(a)('GET', 'teamnet/virtual_networks')).json.result as Json[]
        ).find((vnet) => vnet.name === 'default');
        expect(
          (
            await api(a)('PATCH', `teamnet/virtual_networks/${original.id}`, {
              is_default_network: true,
            })
          ).status,
        ).toBe(200);
      }
      // Names stay unique among live vnets across replicas too.
      const [one, two] = await Promise.all([
        api(a)('POST', 'teamnet/virtual_networks', { name: 'vnet-same' }),
        api(b)('POST', 'teamnet/virtual_networks', { name: 'vnet-same' }),
      ]);
      expect([one.status, two.status].sort()).toEqual([200, 409]);
    });

    it('kill -9 of A in the middle of a burst: B serves every acknowledged write', async () => {
      const { a, b } = await pair(['--probe-interval', '0', '--seed', 'none']);
      const acknowledged: { name: string; id: string }[] = [];
      let stop = false;
      const writer = (replica: Replica, tag: string) => async () => {
        for (let i = 0; !stop && i < 400; i++) {
          const name = `burst-${tag}-${i}`;
          const response = await api(replica)('POST', 'teamnet/virtual_networks', { name }).catch(
            () => undefined,
          );
          if (response?.status === 200) acknowledged.push({ name, id: response.json.result.id });
          else if (replica === a) return; // A is gone: its writer stops.
        }
      };
      const writers = [writer(a, 'a1'), writer(a, 'a2'), writer(b, 'b1'), writer(b, 'b2')].map(
        (run) => run(),
      );
      await eventually(() => acknowledged.length >= 40, 'the burst to get going');
      a.child.kill('SIGKILL');
      await a.exited;
      const afterKill = acknowledged.length;
      await eventually(() => acknowledged.length >= afterKill + 10, 'B to keep acknowledging');
      stop = true;
      await Promise.all(writers);
      const listed = (await api(b)('GET', 'teamnet/virtual_networks?per_page=1000')).json
        .result as Json[];
      const ids = new Set(listed.map((vnet) => vnet.id));
      const lost = acknowledged.filter((write) => !ids.has(write.id));
      expect(lost).toEqual([]);
      expect(acknowledged.some((write) => write.name.startsWith('burst-a'))).toBe(true);
    });

    it('the gateway prober runs on one replica, and moves to B when A dies', async () => {
      // An HTTP gateway that records where each probe asks it to CONNECT: a replica probes with
      // its own address as the target, so the target names the prober.
      const targets: string[] = [];
      const gateway: Server = createServer((socket) => {
        let head = '';
        socket.on('data', (chunk) => {
          head += chunk.toString('latin1');
          if (!head.includes('\r\n\r\n')) return;
          const authority = /^CONNECT (\S+) HTTP/.exec(head)?.[1];
          if (authority) targets.push(authority);
          socket.end('HTTP/1.1 200 Connection established\r\n\r\n');
        });
        socket.on('error', () => {});
      });
      await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
      const gatewayPort = (gateway.address() as { port: number }).port;
      try {
        const db = await newDatabase();
        const a = await startReplica(db, ['--probe-interval', '0.2', '--seed', 'none']);
        running.push(a);
        const b = await startReplica(db, ['--probe-interval', '0.2', '--seed', 'none']);
        running.push(b);
        const created = await api(b)('POST', 'gateway/egress_ips', {
          ipv4: '198.18.5.1',
          ipv6: '2001:db8:5::/48',
          colo: 'LHR',
          gateway: { proxy_url: `http://127.0.0.1:${gatewayPort}` },
        });
        expect(created.status).toBe(200);
        await eventually(() => targets.length >= 6, 'several probe rounds');
        const byA = `127.0.0.1:${a.port}`;
        const byB = `127.0.0.1:${b.port}`;
        // Once per gateway per round, from one replica: A, which took the lease first.
        expect(new Set(targets)).toEqual(new Set([byA]));
        a.child.kill('SIGKILL');
        await a.exited;
        await eventually(() => targets.includes(byB), 'B to take the probes over');
        const since = targets.lastIndexOf(byB);
        await eventually(() => targets.length >= since + 4, 'B to keep probing');
        expect(new Set(targets.slice(since))).toEqual(new Set([byB]));
      } finally {
        await new Promise((resolve) => gateway.close(resolve));
      }
    });
  },
);
