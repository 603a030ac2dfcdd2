/**
 * The local proxy's per-connection decision as the agent makes it (src/main/agent/data-plane/
 * decide): the demo seed's device config, compiled once, then one decision per connection —
 * resolver, gateway lookup and label — for a mix of vnets and destinations. Also the cost of
 * adopting a new config version (a compile), which happens per config change, not per connection.
 */
import { DEMO_EGRESS_IPS, DEMO_RULES, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { ConnectionRouter } from '../../src/main/agent/data-plane/decide/index.js';
import type { Destination } from '../../src/main/agent/data-plane/route.js';
import type { DeviceConfig } from '../../src/shared/api/index.js';
import { findDataCenter } from '../../src/shared/geo/index.js';
import { median } from '../stats.js';
import type { BenchSection } from '../types.js';

const WARMUP_MS = 300;
const MEASURE_MS = 1500;
const BATCH = 256;
const COMPILE_RUNS = 15;
/** Microseconds: a decision must cost far less than dialling (hundreds of µs on loopback). */
const GOAL_US = 10;

function demoConfig(version: number): DeviceConfig {
  return {
    account_id: 'bench0000-0000-4000-8000-000000000001',
    device_id: 'bench0000-0000-4000-8000-000000000002',
    config_version: version,
    vnet_id: DEMO_VNETS.default.id,
    vnets: Object.values(DEMO_VNETS).map((vnet) => ({
      id: vnet.id,
      name: vnet.name,
      is_default_network: vnet.id === DEMO_VNETS.default.id,
    })),
    identity: { email: 'qa@example.com', groups: ['qa'] },
    location: { colo: 'LHR' },
    egress_ips: Object.values(DEMO_EGRESS_IPS).map(({ source_address, ...ip }) => {
      const dc = findDataCenter(ip.colo);
      if (!dc) throw new Error(ip.colo);
      return {
        ...ip,
        city: dc.city,
        country: dc.country,
        lat: dc.lat,
        lon: dc.lon,
        status: 'healthy' as const,
        gateway: { source_address },
      };
    }),
    rules: Object.values(DEMO_RULES).map((rule) => ({
      id: rule.id,
      name: rule.name,
      precedence: rule.precedence,
      enabled: true,
      traffic: rule.traffic,
      identity: rule.identity,
      device_posture: '',
      egress: rule.egress,
    })),
  };
}

const DESTINATIONS: Destination[] = [
  { host: 'example.com', port: 443, protocol: 'tcp' },
  { host: 'www.saas.example', port: 443, protocol: 'tcp' },
  { host: '198.18.0.7', ip: '198.18.0.7', port: 80, protocol: 'tcp' },
  { host: 'registry.npmjs.org', port: 443, protocol: 'tcp' },
];

export default async function run(): Promise<BenchSection> {
  const router = new ConnectionRouter();
  router.update(demoConfig(1));
  const vnets = Object.values(DEMO_VNETS).map((vnet) => vnet.id);
  const sink = { n: 0 };

  const batch = (offset: number) => {
    for (let i = 0; i < BATCH; i++) {
      const k = offset + i;
      router.setAttachedVnet(vnets[k % vnets.length] ?? null);
      const decision = router.route(DESTINATIONS[k % DESTINATIONS.length] as Destination, null);
      sink.n += decision.ok ? 1 : 2;
    }
  };
  const until = (ms: number, record?: (us: number) => void) => {
    const end = performance.now() + ms;
    let offset = 0;
    while (performance.now() < end) {
      const start = process.hrtime.bigint();
      batch(offset);
      const ns = Number(process.hrtime.bigint() - start);
      record?.(ns / BATCH / 1000);
      offset += BATCH;
    }
  };
  until(WARMUP_MS);
  const means: number[] = [];
  until(MEASURE_MS, (us) => means.push(us));
  const perDecision = median(means);

  const compiles: number[] = [];
  for (let run = 0; run < COMPILE_RUNS; run++) {
    const start = performance.now();
    router.update(demoConfig(run + 2));
    compiles.push(performance.now() - start);
  }

  return {
    title: 'Data plane: the agent’s decision per connection',
    rows: [
      {
        name: 'median per decision (demo seed, 5 vnets × 4 destinations)',
        value: perDecision,
        unit: 'µs',
        goal: `< ${GOAL_US}`,
        ok: perDecision < GOAL_US,
      },
      { name: 'decisions per second (one core)', value: 1e6 / perDecision, unit: '/s' },
      { name: 'adopt a new config version (compile)', value: median(compiles), unit: 'ms' },
    ],
    notes: [
      `Median of ${BATCH}-decision batch means over ${MEASURE_MS} ms after ${WARMUP_MS} ms of warm-up; the vnet changes every decision (as a switch would), so no answer is reused.`,
      'No network round trip: the device config is in memory; the proxy-side overhead of calling it is in the data-plane section.',
      `(checksum ${sink.n % 1000})`,
    ],
  };
}
