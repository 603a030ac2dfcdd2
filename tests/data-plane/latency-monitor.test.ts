/**
 * Measured latency against real gateways on loopback: microsocks gateways, one behind a relay
 * that waits 150 ms before forwarding (a farther data center), a source_address gateway, a null
 * one, one marked down, and one that accepts and never answers. The probe target is an echo
 * origin on 127.0.0.1, reached directly for the baseline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LatencyMonitor,
  type LatencyMonitorOptions,
  type ProbeableEgress,
  vnetMeasurement,
} from '../../src/main/agent/data-plane/latency/index.js';
import type { Upstream } from '../../src/main/agent/data-plane/route.js';
import type { VnetPreview } from '../../src/shared/agent/index.js';
import { type DelayingRelay, startDelayingRelay } from '../support/data-plane/delaying-relay.js';
import { type EchoOrigin, startEchoOrigin } from '../support/data-plane/echo-origin.js';
import { type PeerProxy, startMicrosocks } from '../support/data-plane/peer-proxies.js';
import { freePort } from '../support/data-plane/ports.js';

const INJECTED_MS = 150;

let origin: EchoOrigin;
let fast: PeerProxy;
let far: PeerProxy;
let delayed: DelayingRelay;
let hanging: DelayingRelay;

const socks = (host: string, port: number): Upstream => ({ kind: 'socks5', host, port });
const egress = (
  ipv4: string,
  route: ProbeableEgress['route'],
  status: 'healthy' | 'down' = 'healthy',
) => ({
  ipv4,
  status,
  route,
});
const routeOf = (upstream: Upstream) => ({ upstream, display: JSON.stringify(upstream) });

function preview(
  ipv4: string | null,
  kind: VnetPreview['egress']['kind'] = 'dedicated',
): VnetPreview {
  return {
    egress: { ipv4, ipv6: null, colo: null, city: null, country: null, kind },
    decided_by: { type: 'nearest', summary: 'nearest' },
    fallback: { used: false },
  };
}

function monitor(egressIps: ProbeableEgress[], extra: Partial<LatencyMonitorOptions> = {}) {
  return new LatencyMonitor({
    egressIps: () => egressIps,
    target: () => ({ host: origin.host, port: origin.port }),
    publish: () => {},
    ...extra,
  });
}

beforeAll(async () => {
  origin = await startEchoOrigin();
  fast = await startMicrosocks({ sourceAddress: '127.0.0.31' });
  far = await startMicrosocks({ sourceAddress: '127.0.0.32' });
  delayed = await startDelayingRelay({ target: far, delayMs: INJECTED_MS });
  hanging = await startDelayingRelay({ target: far, delayMs: 0, hold: true });
});

afterAll(async () => {
  await Promise.all([delayed?.close(), hanging?.close()]);
  await Promise.all([fast?.stop(), far?.stop(), origin?.close()]);
});

describe('latency against real gateways', () => {
  it('reports the added latency a gateway injects, and little for a near one', async () => {
    const m = monitor([
      egress('203.0.113.1', routeOf(socks(fast.host, fast.port))),
      egress('203.0.113.2', routeOf(socks(delayed.host, delayed.port))),
      egress('203.0.113.3', routeOf({ kind: 'direct', localAddress: '127.0.0.33' })),
    ]);
    const table = await m.measure();
    expect(table.target).toBe(`127.0.0.1:${origin.port}`);
    expect(table.direct?.rtt_ms).toBeTypeOf('number');

    const far = vnetMeasurement(preview('203.0.113.2'), table);
    expect(far.gateway_up).toBe(true);
    expect(far.latency?.error).toBeNull();
    // The relay's wait is all in the gateway's round trip; the direct baseline (a few ms on
    // loopback, more on a loaded machine) is taken off it.
    expect(far.latency?.gateway_rtt_ms).toBeGreaterThanOrEqual(INJECTED_MS);
    expect(far.latency?.added_ms).toBeGreaterThanOrEqual(INJECTED_MS * 0.8);
    const farAdded = far.latency?.added_ms ?? 0;

    const near = vnetMeasurement(preview('203.0.113.1'), table);
    expect(near.gateway_up).toBe(true);
    expect(near.latency?.added_ms).toBeTypeOf('number');
    expect(near.latency?.added_ms).toBeLessThan(INJECTED_MS / 2);
    expect(farAdded - (near.latency?.added_ms ?? 0)).toBeGreaterThan(INJECTED_MS / 2);
    expect(near.latency?.direct_rtt_ms).toBe(far.latency?.direct_rtt_ms);

    const bound = vnetMeasurement(preview('203.0.113.3'), table);
    expect(bound.latency?.added_ms).toBeTypeOf('number');
    expect(bound.latency?.added_ms).toBeLessThan(INJECTED_MS / 2);

    // The shared egress is a direct connection: nothing added, by definition.
    const shared = vnetMeasurement(preview(null, 'shared'), table);
    expect(shared.latency?.added_ms).toBe(0);
    expect(shared.gateway_up).toBeNull();
  });

  it('says unknown, with the reason, for a null gateway, a down egress and no egress', async () => {
    const m = monitor([
      egress('203.0.113.4', null),
      egress('203.0.113.5', routeOf(socks(fast.host, fast.port)), 'down'),
      egress('203.0.113.6', { error: 'its proxy_url cannot be used (bad)' }),
    ]);
    const table = await m.measure();
    const none = vnetMeasurement(preview('203.0.113.4'), table);
    expect(none.latency).toMatchObject({ added_ms: null, measured_at: null });
    expect(none.latency?.error).toMatch(/no gateway/);
    expect(none.gateway_up).toBeNull();
    const down = vnetMeasurement(preview('203.0.113.5'), table);
    expect(down.latency?.added_ms).toBeNull();
    expect(down.latency?.error).toMatch(/marked down/);
    expect(down.gateway_up).toBe(false);
    const unusable = vnetMeasurement(preview('203.0.113.6'), table);
    expect(unusable.latency?.added_ms).toBeNull();
    expect(unusable.gateway_up).toBe(false);
    const refused = vnetMeasurement(preview(null, 'unavailable'), table);
    expect(refused.latency?.added_ms).toBeNull();
    expect(refused.latency?.error).toMatch(/no egress/);
    // Not in the config the monitor holds, or no preview yet: not known.
    expect(vnetMeasurement(preview('203.0.113.99'), table)).toEqual({
      latency: null,
      gateway_up: null,
    });
    expect(vnetMeasurement(null, table)).toEqual({ latency: null, gateway_up: null });
    // A monitor that does not run reports nothing (the fields are absent).
    expect(vnetMeasurement(preview('203.0.113.4'), undefined)).toEqual({});
  });

  it('marks a gateway that never answers as failing within the timeout, not as slow', async () => {
    const m = monitor([egress('203.0.113.7', routeOf(socks(hanging.host, hanging.port)))], {
      timeoutMs: 200,
      samples: 2,
    });
    const table = await m.measure();
    const hung = vnetMeasurement(preview('203.0.113.7'), table);
    expect(hung.gateway_up).toBe(false);
    expect(hung.latency?.added_ms).toBeNull();
    expect(hung.latency?.gateway_rtt_ms).toBeNull();
    expect(hung.latency?.error).toMatch(/in time/);
  });

  it('tells a gateway that refuses the probe target (up) from one that does not answer (down)', async () => {
    // Nothing listens on the target: the gateway answers the SOCKS5 CONNECT with a refusal.
    const closed = await freePort();
    const dead = await freePort();
    const m = monitor(
      [
        egress('203.0.113.11', routeOf(socks(fast.host, fast.port))),
        egress('203.0.113.12', routeOf(socks('127.0.0.1', dead))),
      ],
      { target: () => ({ host: '127.0.0.1', port: closed }), samples: 1 },
    );
    const table = await m.measure();
    const refusing = vnetMeasurement(preview('203.0.113.11'), table);
    expect(refusing.gateway_up).toBe(true);
    expect(refusing.latency?.added_ms).toBeNull();
    expect(refusing.latency?.error).toMatch(
      /^the gateway is up but did not reach the probe target \(SOCKS5 gateway .* could not connect: /,
    );
    const gone = vnetMeasurement(preview('203.0.113.12'), table);
    expect(gone.gateway_up).toBe(false);
    expect(gone.latency?.error).toMatch(/refused/i);
    expect(gone.latency?.error).not.toMatch(/is up/);
  });

  it('never runs two probes of one gateway at once: a second ask joins the first', async () => {
    const before = delayed.accepted;
    const beforePeak = delayed.peak;
    const m = monitor(
      [
        // Two egress IPs on one physical gateway share its probe.
        egress('203.0.113.8', routeOf(socks(delayed.host, delayed.port))),
        egress('203.0.113.9', routeOf(socks(delayed.host, delayed.port))),
      ],
      { samples: 3 },
    );
    const [first, second] = await Promise.all([m.measure(), m.measure()]);
    // One probe of three sequential samples: three connections, one at a time.
    expect(delayed.accepted - before).toBe(3);
    expect(delayed.peak).toBe(Math.max(beforePeak, 1));
    expect(second.egress.get('203.0.113.9')?.probe).toEqual(first.egress.get('203.0.113.8')?.probe);
    expect(m.inFlight).toBe(0);
  });
});

describe('latency monitor bounds', () => {
  it('runs at most `concurrency` probes at once over many gateways', async () => {
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const ips = Array.from({ length: 10 }, (_, i) =>
      egress(`203.0.113.${20 + i}`, routeOf(socks('127.0.0.1', 1000 + i))),
    );
    const m = monitor(ips, {
      concurrency: 3,
      samples: 1,
      timeConnect: () => {
        running += 1;
        peak = Math.max(peak, running);
        return new Promise<number>((resolve) => {
          releases.push(() => {
            running -= 1;
            resolve(5);
          });
        });
      },
    });
    const round = m.measure();
    // Release probes one by one as they arrive, until every gateway and the direct one ran.
    let released = 0;
    while (released < 11) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = releases.shift();
      if (next) {
        next();
        released += 1;
      }
    }
    const table = await round;
    expect(peak).toBe(3);
    expect(table.egress.size).toBe(10);
    expect(vnetMeasurement(preview('203.0.113.20'), table).latency?.added_ms).toBe(0);
  });

  it('publishes every round it finishes, and nothing after stop', async () => {
    const published: number[] = [];
    const m = monitor([egress('203.0.113.40', routeOf(socks(fast.host, fast.port)))], {
      publish: (table) => published.push(table.egress.size),
    });
    await m.measure();
    expect(published).toEqual([1]);
    m.stop();
    await m.measure();
    expect(published).toEqual([1]);
  });
});
