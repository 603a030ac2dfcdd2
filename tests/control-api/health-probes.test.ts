import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock, Timer } from '../../src/control-api/clock.js';
import type { GatewayProber } from '../../src/control-api/probes/gateway-probe.js';
import { DEMO_EGRESS_IPS, DEMO_USERS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { controlApiEventsUrl } from '../../src/shared/api/index.js';
import {
  hasProgram,
  type PeerProxy,
  startMicrosocks,
  startTinyproxy,
} from '../support/data-plane/peer-proxies.js';
import { freePort } from '../support/data-plane/ports.js';
import {
  caller,
  enrol,
  type Json,
  startTestApi,
  subscribeConfigEvents,
  type TestApi,
  tempDir,
} from './helpers.js';

const peers = hasProgram('microsocks') && hasProgram('tinyproxy');
if (!peers) console.warn('health-probes: skipped, microsocks or tinyproxy is not installed');

const tmp = tempDir();
let t: TestApi;
let admin: ReturnType<typeof caller>;
let nextHost = 1;

beforeAll(async () => {
  // No rounds of their own: each test runs them (api.probes.runOnce), so nothing waits on time.
  t = await startTestApi(tmp.dir, { probeIntervalMs: 0, probeTimeoutMs: 2000 });
  admin = caller(t);
});
afterAll(async () => {
  await t?.api.close();
  tmp.cleanup();
});

async function addGateway(proxyUrl: string): Promise<string> {
  const created = await admin('POST', 'gateway/egress_ips', {
    body: {
      ipv4: `198.18.1.${nextHost++}`,
      ipv6: '2001:db8:77::/48',
      colo: 'AMS',
      gateway: { proxy_url: proxyUrl },
    },
  });
  expect(created.status, created.text).toBe(200);
  return created.json.result.id;
}

const read = async (id: string): Promise<Json> =>
  (await admin('GET', `gateway/egress_ips/${id}`)).json.result;
const version = async (): Promise<number> =>
  (await admin('GET', t.base)).json.result.config_version;

describe.runIf(peers)('gateway health probes on real SOCKS5 and HTTP gateways', () => {
  it('down after 2 failures, healthy after 2 successes; each change a new version on events', async () => {
    let socks: PeerProxy | undefined = await startMicrosocks({ sourceAddress: '127.0.0.1' });
    const port = socks.port;
    const id = await addGateway(`socks5://127.0.0.1:${port}`);
    const events = subscribeConfigEvents(controlApiEventsUrl(t.api.url, t.api.accountId), t.admin);
    try {
      const v0 = await version();
      await events.next((v) => v === v0, 5000);
      await t.api.probes.runOnce();
      const passed = await read(id);
      expect(passed).toMatchObject({
        status: 'healthy',
        status_source: 'probe',
        last_probe_error: null,
      });
      expect(passed.last_probe_at).toEqual(expect.any(String));
      expect(passed.probe_rtt_ms).toBeGreaterThanOrEqual(0);
      expect(await version()).toBe(v0);

      await socks.stop();
      socks = undefined;
      await t.api.probes.runOnce();
      expect(await read(id)).toMatchObject({
        status: 'healthy',
        last_probe_error: `connection refused by 127.0.0.1:${port}`,
        probe_rtt_ms: null,
      });
      expect(await version()).toBe(v0);
      await t.api.probes.runOnce();
      expect(await read(id)).toMatchObject({ status: 'down', status_source: 'probe' });
      expect(await version()).toBe(v0 + 1);
      expect(await events.next((v) => v === v0 + 1, 5000)).toBe(v0 + 1);

      socks = await startMicrosocks({ sourceAddress: '127.0.0.1', port });
      await t.api.probes.runOnce();
      expect(await read(id)).toMatchObject({ status: 'down', last_probe_error: null });
      await t.api.probes.runOnce();
      expect(await read(id)).toMatchObject({ status: 'healthy', status_source: 'probe' });
      expect(await events.next((v) => v === v0 + 2, 5000)).toBe(v0 + 2);
      expect(events.versions.filter((v) => v > v0)).toEqual([v0 + 1, v0 + 2]);
    } finally {
      events.source.close();
      await socks?.stop();
    }
  });

  it('a manual status overrides the probes until status auto', async () => {
    const socks = await startMicrosocks({ sourceAddress: '127.0.0.1' });
    const id = await addGateway(`socks5://127.0.0.1:${socks.port}`);
    try {
      await admin('PATCH', `gateway/egress_ips/${id}`, { body: { status: 'down' } });
      await t.api.probes.runOnce();
      await t.api.probes.runOnce();
      const held = await read(id);
      // The probes still say what they find, but the QA outage holds.
      expect(held).toMatchObject({
        status: 'down',
        status_source: 'manual',
        last_probe_error: null,
      });
      expect(held.last_probe_at).toEqual(expect.any(String));

      await admin('PATCH', `gateway/egress_ips/${id}`, { body: { status: 'auto' } });
      expect(await read(id)).toMatchObject({ status: 'down', status_source: 'probe' });
      await t.api.probes.runOnce();
      await t.api.probes.runOnce();
      expect(await read(id)).toMatchObject({ status: 'healthy', status_source: 'probe' });
    } finally {
      await socks.stop();
    }
  });

  it('checks SOCKS5 credentials, and says what is wrong', async () => {
    const socks = await startMicrosocks({
      sourceAddress: '127.0.0.1',
      username: 'qa',
      password: 's3cret',
    });
    try {
      const good = await addGateway(`socks5://qa:s3cret@127.0.0.1:${socks.port}`);
      const wrong = await addGateway(`socks5://qa:nope@127.0.0.1:${socks.port}`);
      const none = await addGateway(`socks5://127.0.0.1:${socks.port}`);
      await t.api.probes.runOnce();
      expect((await read(good)).last_probe_error).toBeNull();
      expect((await read(wrong)).last_probe_error).toBe(
        'the SOCKS5 gateway refused the credentials',
      );
      expect((await read(none)).last_probe_error).toBe(
        'the SOCKS5 gateway accepts none of the offered methods (it may need credentials)',
      );
      // Reads keep the password masked, probe findings or not.
      expect((await read(good)).gateway.proxy_url).toBe(`socks5://qa:***@127.0.0.1:${socks.port}`);
    } finally {
      await socks.stop();
    }
  });

  it('probes an HTTP gateway with a CONNECT to the control API itself', async () => {
    const http = await startTinyproxy({ sourceAddress: '127.0.0.1' });
    const authed = await startTinyproxy({
      sourceAddress: '127.0.0.1',
      username: 'qa',
      password: 's3cret',
    });
    try {
      const open = await addGateway(`http://127.0.0.1:${http.port}`);
      const good = await addGateway(`http://qa:s3cret@127.0.0.1:${authed.port}`);
      const wrong = await addGateway(`http://qa:nope@127.0.0.1:${authed.port}`);
      await t.api.probes.runOnce();
      const passed = await read(open);
      expect(passed.last_probe_error).toBeNull();
      expect(passed.probe_rtt_ms).toBeGreaterThanOrEqual(0);
      expect((await read(good)).last_probe_error).toBeNull();
      expect((await read(wrong)).last_probe_error).toMatch(
        new RegExp(`^CONNECT 127\\.0\\.0\\.1:${t.api.port} answered "HTTP/1\\.[01] 40[17]`),
      );
    } finally {
      await http.stop();
      await authed.stop();
    }
  });

  it('fails an HTTP gateway that cannot reach the probe target', async () => {
    const http = await startTinyproxy({ sourceAddress: '127.0.0.1' });
    const closed = await freePort();
    const api = await startTestApi(tmp.dir, {
      file: 'target.db',
      seed: 'none',
      probeIntervalMs: 0,
      probeTarget: `127.0.0.1:${closed}`,
    });
    try {
      const created = await caller(api)('POST', 'gateway/egress_ips', {
        body: {
          ipv4: '198.18.2.1',
          ipv6: '2001:db8:78::/48',
          colo: 'LHR',
          gateway: { proxy_url: `http://127.0.0.1:${http.port}` },
        },
      });
      await api.api.probes.runOnce();
      const ip = (await caller(api)('GET', `gateway/egress_ips/${created.json.result.id}`)).json
        .result;
      expect(ip.last_probe_error).toMatch(
        new RegExp(`^CONNECT 127\\.0\\.0\\.1:${closed} answered "HTTP/1\\.[01] 5\\d\\d`),
      );
    } finally {
      await api.api.close();
      await http.stop();
    }
  });

  it('turns London down by probes into the other London data center, and back', async () => {
    const qa = await enrol(t, 'qa laptop', DEMO_USERS.qa.email);
    const asQa = caller(t, qa.token);
    await asQa('PATCH', `devices/${qa.id}`, { body: { vnet_id: DEMO_VNETS.london.id } });
    const socks = await startMicrosocks({ sourceAddress: '127.0.0.1' });
    const port = socks.port;
    const lhr = DEMO_EGRESS_IPS.lhr.id;
    await admin('PATCH', `gateway/egress_ips/${lhr}`, {
      body: { gateway: { proxy_url: `socks5://127.0.0.1:${port}` } },
    });
    let restarted: PeerProxy | undefined;
    try {
      await socks.stop();
      await t.api.probes.runOnce();
      await t.api.probes.runOnce();
      const down = (await asQa('POST', 'gateway/egress/resolve', { body: {} })).json.result;
      expect(down.egress.ipv4).toBe(DEMO_EGRESS_IPS.lcy.ipv4);
      expect(down.fallback.used).toBe(true);
      restarted = await startMicrosocks({ sourceAddress: '127.0.0.1', port });
      await t.api.probes.runOnce();
      await t.api.probes.runOnce();
      const back = (await asQa('POST', 'gateway/egress/resolve', { body: {} })).json.result;
      expect(back.egress.ipv4).toBe(DEMO_EGRESS_IPS.lhr.ipv4);
    } finally {
      await restarted?.stop();
      await admin('PATCH', `gateway/egress_ips/${lhr}`, {
        body: {
          gateway: { source_address: DEMO_EGRESS_IPS.lhr.source_address },
          status: 'healthy',
        },
      });
    }
  });
});

/** A server that accepts and then does `behave` with each connection; close ends them all. */
async function listen(behave: (socket: Socket) => void) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    behave(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('gateway health probes on broken gateways', () => {
  it('times out a gateway that never answers, and names one that is not SOCKS5', async () => {
    const silent = await listen(() => {});
    const chatty = await listen((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const api = await startTestApi(tmp.dir, {
      file: 'broken.db',
      seed: 'none',
      probeIntervalMs: 0,
      probeTimeoutMs: 300,
    });
    try {
      const add = async (url: string, host: number) =>
        (
          await caller(api)('POST', 'gateway/egress_ips', {
            body: {
              ipv4: `198.18.3.${host}`,
              ipv6: '2001:db8:79::/48',
              colo: 'LHR',
              gateway: { proxy_url: url },
            },
          })
        ).json.result.id;
      const mute = await add(`socks5://127.0.0.1:${silent.port}`, 1);
      const wrong = await add(`socks5://127.0.0.1:${chatty.port}`, 2);
      const local = (
        await caller(api)('POST', 'gateway/egress_ips', {
          body: {
            ipv4: '198.18.3.3',
            ipv6: '2001:db8:79::/48',
            colo: 'LHR',
            gateway: { source_address: '127.0.0.1' },
          },
        })
      ).json.result.id;
      await api.api.probes.runOnce();
      const get = async (id: string) =>
        (await caller(api)('GET', `gateway/egress_ips/${id}`)).json.result;
      expect((await get(mute)).last_probe_error).toBe('no answer within 300 ms');
      expect((await get(wrong)).last_probe_error).toBe('not a SOCKS5 server (answered 0x4854)');
      // A source_address gateway lives on the agent's machine: never probed.
      expect(await get(local)).toMatchObject({ last_probe_at: null, status_source: 'manual' });
    } finally {
      await api.api.close();
      await silent.close();
      await chatty.close();
    }
  });
});

/** Timers that fire only when the test says so. */
class ManualClock implements Clock {
  readonly timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  #now = 0;
  now = () => 1_700_000_000_000 + this.#now;
  monotonic = () => this.#now;
  setTimer(fn: () => void, ms: number): Timer {
    const timer = { at: this.#now + ms, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }
  pending() {
    return this.timers.filter((timer) => !timer.cancelled);
  }
  /** Moves time on by `ms`, firing what falls due. */
  advance(ms: number): void {
    this.#now += ms;
    for (const timer of this.pending().filter((timer) => timer.at <= this.#now)) {
      timer.cancelled = true;
      timer.fn();
    }
  }
}

describe('the probe interval', () => {
  it('runs a round at once, then one interval after each round ends, and stops on close', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const rounds: Array<() => void> = [];
    const probe: GatewayProber = async () => {
      calls++;
      await new Promise<void>((resolve) => rounds.push(resolve));
      return { ok: true, rttMs: 1 };
    };
    const api = await startTestApi(tmp.dir, {
      file: 'interval.db',
      seed: 'none',
      probeIntervalMs: 5000,
      clock,
      gatewayProber: probe,
    });
    try {
      await caller(api)('POST', 'gateway/egress_ips', {
        body: {
          ipv4: '198.18.4.1',
          ipv6: '2001:db8:80::/48',
          colo: 'LHR',
          gateway: { proxy_url: 'socks5://127.0.0.1:9' },
        },
      });
      expect(clock.pending().map((timer) => timer.at)).toEqual([0]);
      clock.advance(0);
      await until(() => calls === 1);
      // A round in flight schedules nothing: rounds never overlap.
      expect(clock.pending()).toEqual([]);
      rounds.shift()?.();
      await until(() => clock.pending().length === 1);
      expect(clock.pending()[0]?.at).toBe(5000);
      clock.advance(4999);
      expect(calls).toBe(1);
      clock.advance(1);
      await until(() => calls === 2);
      rounds.shift()?.();
      await until(() => clock.pending().length === 1);
    } finally {
      await api.api.close();
    }
    expect(clock.pending()).toEqual([]);
  });
});

describe('the probe streak', () => {
  it('lives in the database: the next prober (a failover, a restart) continues the count', async () => {
    const failing: GatewayProber = async () => ({ ok: false, error: 'connection refused' });
    const options = {
      file: 'streak.db',
      seed: 'none' as const,
      probeIntervalMs: 0,
      gatewayProber: failing,
    };
    const first = await startTestApi(tmp.dir, options);
    let id: string;
    try {
      const created = await caller(first)('POST', 'gateway/egress_ips', {
        body: {
          ipv4: '198.18.6.1',
          ipv6: '2001:db8:82::/48',
          colo: 'LHR',
          gateway: { proxy_url: 'socks5://127.0.0.1:9' },
        },
      });
      id = created.json.result.id;
      await first.api.probes.runOnce();
      // One failure is not an outage.
      expect((await caller(first)('GET', `gateway/egress_ips/${id}`)).json.result.status).toBe(
        'healthy',
      );
    } finally {
      await first.api.close();
    }
    const second = await startTestApi(tmp.dir, options);
    try {
      await second.api.probes.runOnce();
      // The second failure in a row, whoever probed the first.
      const after = (await caller(second)('GET', `gateway/egress_ips/${id}`)).json.result;
      expect(after).toMatchObject({ status: 'down', status_source: 'probe' });
      // A new gateway starts from nothing: one more failure does not bring it back down.
      await caller(second)('PATCH', `gateway/egress_ips/${id}`, {
        body: { gateway: { proxy_url: 'socks5://127.0.0.1:10' }, status: 'healthy' },
      });
      await caller(second)('PATCH', `gateway/egress_ips/${id}`, { body: { status: 'auto' } });
      await second.api.probes.runOnce();
      expect((await caller(second)('GET', `gateway/egress_ips/${id}`)).json.result.status).toBe(
        'healthy',
      );
    } finally {
      await second.api.close();
    }
  });
});

describe('probe rounds', () => {
  it('keep at most probeConcurrency probes in flight, and close stops the one in flight', async () => {
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    let hold = false;
    const probe: GatewayProber = (_gateway, options) =>
      new Promise((resolve) => {
        calls++;
        inFlight++;
        most = Math.max(most, inFlight);
        const done = () => {
          inFlight--;
          resolve({ ok: false, error: 'stopped' });
        };
        if (hold) options.signal?.addEventListener('abort', done, { once: true });
        // Long enough that the workers' probes overlap even when each first reads its gateway
        // over a network round trip (PostgreSQL).
        else setTimeout(done, 25);
      });
    const api = await startTestApi(tmp.dir, {
      file: 'concurrency.db',
      seed: 'none',
      probeIntervalMs: 0,
      probeConcurrency: 3,
      gatewayProber: probe,
    });
    let closed = false;
    try {
      for (let host = 1; host <= 10; host++) {
        await caller(api)('POST', 'gateway/egress_ips', {
          body: {
            ipv4: `198.18.5.${host}`,
            ipv6: '2001:db8:81::/48',
            colo: 'LHR',
            gateway: { proxy_url: `socks5://127.0.0.1:${1000 + host}` },
          },
        });
      }
      await api.api.probes.runOnce();
      expect(calls).toBe(10);
      expect(most).toBe(3);

      hold = true;
      const round = api.api.probes.runOnce();
      await until(() => inFlight === 3);
      await api.api.close();
      closed = true;
      await round;
      // Stopped mid-round: nothing more was started, nothing is left in flight.
      expect(calls).toBe(13);
      expect(inFlight).toBe(0);
    } finally {
      if (!closed) await api.api.close();
    }
  });
});

/**
 * Waits for work already started to reach a state. The probe clock is manual, so nothing here
 * waits on probe timers; the bound is wall time because that work includes database round trips
 * (PostgreSQL over a socket, on a loaded CI machine) that a fixed count of event-loop turns can
 * outrun.
 */
async function until(done: () => boolean, withinMs = 5000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(done()).toBe(true);
}
