/**
 * The egress resolver: resolves per second and median time per resolve, with and without the
 * per-rule trace, for a 10-rule and a 1,000-rule account, plus the time to compile each.
 */
import {
  type CompiledEgressConfig,
  compileEgressConfig,
  type DedicatedEgressIp,
  type EgressConfig,
  type EgressRuleInput,
  type ResolveContext,
  resolveEgress,
} from '../../src/shared/egress/index.js';
import { allDataCenters } from '../../src/shared/geo/index.js';
import { median } from '../stats.js';
import type { BenchSection } from '../types.js';

const WARMUP_MS = 400;
const MEASURE_MS = 1500;
const SLICES = 5;
const BATCH = 64;
const COMPILE_RUNS = 9;

/** mulberry32: a small seeded PRNG, so every run measures the same workload. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  return { next, int, pick };
}

const catalog = allDataCenters();

/** `list[i]` for an index known to be in range (noUncheckedIndexedAccess cannot see that). */
function at<T>(list: readonly T[], i: number): T {
  return list[i] as T;
}
const COUNTRIES = ['US', 'GB', 'NL', 'DE', 'FR', 'JP', 'SG', 'BR', 'AU', 'IN', 'ZA', 'CA'];
const CONTINENTS = ['EU', 'NA', 'AS', 'SA', 'OC', 'AF'];
const vnetId = (i: number) => `7d0c4a1e-0000-4000-8000-${i.toString().padStart(12, '0')}`;
const team = (i: number) => `team-${i}`;

function egressIps(count: number, random: ReturnType<typeof prng>): DedicatedEgressIp[] {
  return Array.from({ length: count }, (_, i) => {
    const dc = at(catalog, i % catalog.length);
    const ipv4 = i < 250 ? `192.0.2.${i + 1}` : `198.51.100.${i - 249}`;
    return {
      id: `ip-${i}`,
      ipv4,
      ipv6: `2001:db8:${i.toString(16)}::/48`,
      colo: dc.colo,
      city: dc.city,
      country: dc.country,
      lat: dc.lat,
      lon: dc.lon,
      status: random.next() < 0.05 ? 'down' : 'healthy',
    };
  });
}

/**
 * An account the way admins write one: a rule per vnet (some restricted to a group), identity
 * rules, destination port and country rules, a few host and IP rules, and a catch-all last.
 */
function account(ruleCount: number, ipCount: number, seed: number): EgressConfig {
  const random = prng(seed);
  const ips = egressIps(ipCount, random);
  const egress = () => {
    const primary = random.pick(ips);
    const fallback = random.next() < 0.3 ? '0.0.0.0' : random.pick(ips).ipv4;
    return { ipv4: primary.ipv4, ipv6: primary.ipv6, ipv4_fallback: fallback };
  };
  const bodies: Omit<EgressRuleInput, 'id' | 'name' | 'precedence' | 'enabled'>[] = [];
  const body = (traffic: string, identity = '', device_posture = '') => ({
    traffic,
    identity,
    device_posture,
    egress: random.next() < 0.1 ? null : egress(),
  });
  const vnetRules = Math.round(ruleCount * 0.6);
  for (let i = 0; i < vnetRules; i++) {
    const vnet = vnetId(Math.floor(i / 2));
    bodies.push(
      i % 2 === 0
        ? body(`net.vnet_id == "${vnet}"`, `any(identity.groups.name[*] in {"${team(i % 50)}"})`)
        : body(`net.vnet_id == "${vnet}"`),
    );
  }
  const rest = ruleCount - 1 - vnetRules;
  for (let i = 0; i < rest; i++) {
    const kind = i % 10;
    if (kind < 4)
      bodies.push(body('', `any(identity.groups.name[*] in {"${team(i % 60)}" "ops"})`));
    else if (kind < 5) bodies.push(body('', `identity.email == "user-${i}@example.com"`));
    else if (kind < 6)
      bodies.push(
        body(
          'net.dst.port in {25 465 587}',
          '',
          'any(device_posture.checks.passed[*] in {"managed"})',
        ),
      );
    else if (kind < 8)
      bodies.push(
        body(`net.dst.geo.country == "${random.pick(COUNTRIES)}" and net.dst.port == 443`),
      );
    else if (kind < 9)
      bodies.push(
        body(
          `net.dst.geo.continent == "${random.pick(CONTINENTS)}" and not(net.dst.port in {80 443})`,
        ),
      );
    else
      bodies.push(
        body(
          `any(net.fqdn.domains[*] == "corp-${i}.example.com") or net.dst.ip in {10.${i % 256}.0.0/16}`,
        ),
      );
  }
  // Admins order rules by hand: shuffle everything but the catch-all, which stays last.
  for (let i = bodies.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [bodies[i], bodies[j]] = [at(bodies, j), at(bodies, i)];
  }
  bodies.push({
    traffic: 'net.protocol in {"tcp" "udp"}',
    identity: '',
    device_posture: '',
    egress: null,
  });
  const rules = bodies.map((b, i) => ({
    ...b,
    id: `rule-${i}`,
    name: `Rule ${i}`,
    precedence: (i + 1) * 10,
    enabled: random.next() > 0.03 || i === bodies.length - 1,
  }));
  return { version: 1, egressIps: ips, rules };
}

/** Users: most on a vnet with rules, some on the default; a few ICMP-like flows miss the catch-all. */
function contexts(vnets: number, seed: number): ResolveContext[] {
  const random = prng(seed);
  return Array.from({ length: 1024 }, (_, i): ResolveContext => {
    const dc = random.pick(catalog);
    return {
      vnetId: random.next() < 0.7 ? vnetId(random.int(Math.max(1, vnets))) : 'default-vnet',
      identity: {
        email: `user-${random.int(500)}@example.com`,
        groups: [team(random.int(60)), ...(random.next() < 0.2 ? ['qa'] : [])],
      },
      posturePassed: random.next() < 0.5 ? ['managed'] : [],
      location:
        random.next() < 0.5
          ? { colo: dc.colo }
          : { lat: dc.lat + random.next() * 2 - 1, lon: dc.lon + random.next() * 2 - 1 },
      destination: {
        host: `api.corp-${random.int(100)}.example.com`,
        ip: `10.${random.int(256)}.${random.int(256)}.${random.int(256)}`,
        port: random.pick([443, 443, 443, 80, 25, 8443]),
        protocol: random.next() < 0.9 ? random.pick(['tcp', 'udp']) : undefined,
        country: random.pick(COUNTRIES),
      },
      stickyKey: `device-${i}`,
    };
  });
}

interface Workload {
  label: string;
  compiled: CompiledEgressConfig;
  contexts: ResolveContext[];
  config: EgressConfig;
}

/** Runs `BATCH` resolves per timed step for `ms`; returns resolves and per-batch µs/resolve. */
function measure(work: Workload, explain: boolean, ms: number, sink: { n: number }) {
  const batchMeans: number[] = [];
  let done = 0;
  let elapsedNs = 0n;
  let cursor = 0;
  const options = { explain };
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) {
      const result = resolveEgress(work.compiled, at(work.contexts, cursor), options);
      sink.n += result.config_version;
      cursor = (cursor + 1) & 1023;
    }
    const ns = process.hrtime.bigint() - start;
    elapsedNs += ns;
    done += BATCH;
    batchMeans.push(Number(ns) / 1000 / BATCH);
  }
  return { done, elapsedNs, batchMeans };
}

function compileMs(config: EgressConfig): number {
  const times: number[] = [];
  for (let i = 0; i < COMPILE_RUNS; i++) {
    const start = performance.now();
    compileEgressConfig(config);
    times.push(performance.now() - start);
  }
  return median(times);
}

export default async function resolverBench(): Promise<BenchSection> {
  const small = account(10, 5, 1);
  const large = account(1000, 200, 2);
  const workloads: Workload[] = [
    {
      label: '10 rules',
      config: small,
      compiled: compileEgressConfig(small),
      contexts: contexts(3, 11),
    },
    {
      label: '1,000 rules',
      config: large,
      compiled: compileEgressConfig(large),
      contexts: contexts(300, 12),
    },
  ];
  const goals: Record<string, number> = { '10 rules': 500_000, '1,000 rules': 100_000 };
  const compileTimes = workloads.map((w) => compileMs(w.config));

  const sink = { n: 0 };
  const variants = workloads.flatMap((work) => [false, true].map((explain) => ({ work, explain })));
  for (const v of variants) measure(v.work, v.explain, WARMUP_MS, sink);
  // Interleaved slices, so drift (thermal, GC, other processes) hits every variant alike.
  const totals = variants.map(() => ({ done: 0, elapsedNs: 0n, batchMeans: [] as number[] }));
  for (let slice = 0; slice < SLICES; slice++) {
    variants.forEach((v, i) => {
      const r = measure(v.work, v.explain, MEASURE_MS / SLICES, sink);
      const total = at(totals, i);
      total.done += r.done;
      total.elapsedNs += r.elapsedNs;
      total.batchMeans.push(...r.batchMeans);
    });
  }

  const rows: BenchSection['rows'] = [];
  variants.forEach(({ work, explain }, i) => {
    const total = at(totals, i);
    const perSecond = total.done / (Number(total.elapsedNs) / 1e9);
    const suffix = explain ? 'with trace' : 'no trace';
    const goal = explain ? undefined : goals[work.label];
    rows.push({
      name: `${work.label}: resolves/s, ${suffix}`,
      value: perSecond,
      unit: '/s',
      ...(goal === undefined
        ? {}
        : { goal: `≥ ${goal.toLocaleString('en-US')}`, ok: perSecond >= goal }),
    });
    rows.push({
      name: `${work.label}: median per resolve, ${suffix}`,
      value: median(total.batchMeans),
      unit: 'µs',
    });
  });
  workloads.forEach((work, i) => {
    const ms = at(compileTimes, i);
    const isLarge = work.label === '1,000 rules';
    rows.push({
      name: `${work.label}: parse + compile all rules`,
      value: ms,
      unit: 'ms',
      ...(isLarge ? { goal: '< 50', ok: ms < 50 } : {}),
    });
  });

  return {
    title: 'Egress resolver',
    rows,
    notes: [
      `10-rule account: 5 egress IPs; 1,000-rule account: 200 egress IPs (5% down), 300 vnets, catch-all last.`,
      `1,024 varied contexts cycled; ${WARMUP_MS} ms warm-up, then ${MEASURE_MS} ms per variant in ${SLICES} interleaved slices.`,
      `Median per resolve: the median of ${BATCH}-resolve batch means. Compile: median of ${COMPILE_RUNS} runs.`,
      `(checksum ${sink.n % 1000})`,
    ],
  };
}
