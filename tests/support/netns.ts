/**
 * Real topologies for data-plane tests: hosts in Linux network namespaces joined by veth pairs,
 * addressed from 198.18.0.0/15 (RFC 2544, benchmarking) only. Needs Linux, root and `ip`.
 *
 * Bridge-less and forwarding-free: every link is a point-to-point /30, and nothing in any
 * namespace forwards packets (the gateways are application proxies). Each gateway namespace has
 * a link to the root namespace (where the agent and its proxy run) and a link to the origin
 * namespace; the origin serves on a /32 of its loopback that every gateway (and the root
 * namespace, for direct traffic) routes to over its own link, so each gateway's source address
 * at the origin is its address on its origin link: exactly the egress IP the control plane holds.
 *
 * Everything made is recorded and removed in `destroy()`, and also on process exit and on
 * SIGINT/SIGTERM; namespaces and links a killed earlier run left behind (its pid gone) are
 * removed before a new topology is built. A guard refuses any block that overlaps what the
 * machine already routes.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NETNS_PREFIX = 'esnt';
const LINK_PREFIX = 'nt';
/** The only range these topologies may use. */
const ALLOWED = { base: ipToInt('198.18.0.0'), bits: 15 };
/** This machine's own network: never, whatever `ip route` says. */
const FORBIDDEN = [{ base: ipToInt('192.0.2.0'), bits: 24 }];

function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    throw new Error(`not an IPv4 address: ${ip}`);
  return (
    (((parts[0] ?? 0) << 24) |
      ((parts[1] ?? 0) << 16) |
      ((parts[2] ?? 0) << 8) |
      (parts[3] ?? 0)) >>>
    0
  );
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

interface Cidr {
  base: number;
  bits: number;
}

function mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

function overlaps(a: Cidr, b: Cidr): boolean {
  const bits = Math.min(a.bits, b.bits);
  return (a.base & mask(bits)) >>> 0 === (b.base & mask(bits)) >>> 0;
}

function inside(inner: Cidr, outer: Cidr): boolean {
  return inner.bits >= outer.bits && overlaps(inner, outer);
}

function sh(args: string[]): string {
  return execFileSync(args[0] ?? '', args.slice(1), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function shQuiet(args: string[]): void {
  try {
    sh(args);
  } catch {
    // Cleanup of something already gone.
  }
}

const ROUTE_TYPES = new Set([
  'unicast',
  'local',
  'broadcast',
  'multicast',
  'anycast',
  'blackhole',
  'unreachable',
  'prohibit',
  'throw',
  'nat',
]);

/** Every IPv4 destination the root namespace routes (all tables) or holds, default routes aside. */
export function routedRanges(): Cidr[] {
  const ranges: Cidr[] = [];
  const lines = [
    ...sh(['ip', '-4', 'route', 'show', 'table', 'all']).split('\n'),
    ...sh(['ip', '-4', '-o', 'addr', 'show'])
      .split('\n')
      .map((line) => /\binet (\S+)/.exec(line)?.[1] ?? ''),
  ];
  for (const line of lines) {
    const words = line.trim().split(/\s+/);
    const first = ROUTE_TYPES.has(words[0] ?? '') ? words[1] : words[0];
    if (first === undefined || first === '' || first === 'default') continue;
    const [ip, bits] = first.split('/');
    if (ip === undefined || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) continue;
    ranges.push({ base: ipToInt(ip), bits: bits === undefined ? 32 : Number(bits) });
  }
  return ranges;
}

/** Throws unless `block` lies in 198.18.0.0/15 and overlaps nothing the machine routes. */
export function assertUnrouted(block: Cidr, routed = routedRanges()): void {
  const name = `${intToIp(block.base)}/${block.bits}`;
  if (!inside(block, ALLOWED)) throw new Error(`${name} is outside 198.18.0.0/15`);
  for (const forbidden of FORBIDDEN)
    if (overlaps(block, forbidden)) throw new Error(`${name} overlaps this machine's network`);
  for (const range of routed)
    if (overlaps(block, range))
      throw new Error(`${name} overlaps ${intToIp(range.base)}/${range.bits}, already routed`);
}

/** Why network-namespace topologies cannot run here, or null when they can. */
export function netnsUnavailable(): string | null {
  if (process.platform !== 'linux') return `needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'needs root (ip netns, veth)';
  for (const program of ['ip', 'microsocks']) {
    try {
      execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    } catch {
      return `needs ${program}`;
    }
  }
  const probe = `${NETNS_PREFIX}${process.pid}z-probe`;
  try {
    sh(['ip', 'netns', 'add', probe]);
  } catch (error) {
    return `cannot create a network namespace: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    shQuiet(['ip', 'netns', 'del', probe]);
  }
  return null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killNetnsPids(netns: string): void {
  let pids: number[] = [];
  try {
    pids = sh(['ip', 'netns', 'pids', netns]).split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

/** Removes namespaces, links and hosts files left by runs whose process no longer exists. */
export function removeStale(): void {
  const namespaces = sh(['ip', 'netns', 'list'])
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '');
  for (const netns of namespaces) {
    const pid = new RegExp(`^${NETNS_PREFIX}(\\d+)[a-z]-`).exec(netns)?.[1];
    if (pid === undefined || alive(Number(pid))) continue;
    killNetnsPids(netns);
    shQuiet(['ip', 'netns', 'del', netns]);
    rmSync(`/etc/netns/${netns}`, { recursive: true, force: true });
  }
  for (const line of sh(['ip', '-o', 'link', 'show']).split('\n')) {
    const match = new RegExp(`^\\d+: (${LINK_PREFIX}(\\d+)[a-z][rp]\\d+)[@:]`).exec(line);
    if (match?.[1] === undefined || alive(Number(match[2]))) continue;
    shQuiet(['ip', 'link', 'del', match[1]]);
  }
}

export interface NetnsProcess {
  readonly pid: number;
  /** stdout so far. */
  output(): string;
  running(): boolean;
  /** Resolves with the first stdout line matching `pattern` (rejects if the process exits first). */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** One run's namespaces, links and processes; `destroy()` (idempotent) removes them all. */
let made = 0;

export class Netns {
  /** The pid (what stale-run cleanup checks) and a letter: topologies of one process apart. */
  readonly id = `${process.pid}${String.fromCharCode(97 + (made++ % 26))}`;
  readonly #namespaces: string[] = [];
  readonly #links: string[] = [];
  readonly #children = new Set<ChildProcess>();
  #linkCount = 0;
  #destroyed = false;
  /** Whether /etc/netns is ours to remove again (it did not exist before this run). */
  #madeEtcNetns = false;
  readonly #onExit = () => this.destroy();
  readonly #onSignal = (signal: NodeJS.Signals) => {
    this.destroy();
    process.kill(process.pid, signal);
  };

  constructor() {
    removeStale();
    process.once('exit', this.#onExit);
    process.once('SIGINT', this.#onSignal);
    process.once('SIGTERM', this.#onSignal);
  }

  /** A namespace with loopback up (and `hosts` as its /etc/hosts under `ip netns exec`). */
  host(name: string, hosts?: Record<string, string>): string {
    const netns = `${NETNS_PREFIX}${this.id}-${name}`;
    if (hosts !== undefined) {
      if (!existsSync('/etc/netns')) this.#madeEtcNetns = true;
      mkdirSync(`/etc/netns/${netns}`, { recursive: true });
      const lines = [
        '127.0.0.1 localhost',
        ...Object.entries(hosts).map(([h, ip]) => `${ip} ${h}`),
      ];
      writeFileSync(`/etc/netns/${netns}/hosts`, `${lines.join('\n')}\n`);
    }
    this.#namespaces.push(netns);
    sh(['ip', 'netns', 'add', netns]);
    this.ip(netns, ['link', 'set', 'lo', 'up']);
    return netns;
  }

  /** `ip …` in `netns` (null: the root namespace). */
  ip(netns: string | null, args: string[]): string {
    return sh(netns === null ? ['ip', ...args] : ['ip', '-n', netns, ...args]);
  }

  /**
   * A veth pair from `a` to `b` (null: the root namespace) on the /30 at `network`: `a` gets
   * .1 and `b` .2 of it. Answers both addresses.
   */
  link(a: string | null, b: string, network: number): { a: string; b: string } {
    const k = this.#linkCount++;
    const aName = `${LINK_PREFIX}${this.id}r${k}`;
    const bName = `${LINK_PREFIX}${this.id}p${k}`;
    this.#links.push(aName);
    sh(['ip', 'link', 'add', aName, 'type', 'veth', 'peer', 'name', bName]);
    if (a !== null) sh(['ip', 'link', 'set', aName, 'netns', a]);
    sh(['ip', 'link', 'set', bName, 'netns', b]);
    const aIp = intToIp(network + 1);
    const bIp = intToIp(network + 2);
    this.ip(a, ['addr', 'add', `${aIp}/30`, 'dev', aName]);
    this.ip(b, ['addr', 'add', `${bIp}/30`, 'dev', bName]);
    this.ip(a, ['link', 'set', aName, 'up']);
    this.ip(b, ['link', 'set', bName, 'up']);
    return { a: aIp, b: bIp };
  }

  /** Starts `command` in `netns` (stdout kept; stderr kept for the error when it fails). */
  spawn(netns: string, command: string[]): NetnsProcess {
    const child = spawn('ip', ['netns', 'exec', netns, ...command], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#children.add(child);
    let stdout = '';
    let stderr = '';
    const waiters = new Set<() => void>();
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const waiter of waiters) waiter();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        this.#children.delete(child);
        for (const waiter of waiters) waiter();
        resolve();
      }),
    );
    const running = () => child.exitCode === null && child.signalCode === null;
    return {
      pid: child.pid ?? 0,
      output: () => stdout,
      running,
      line: (pattern, timeoutMs = 10_000) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            waiters.delete(check);
            reject(new Error(`${command[0]} in ${netns}: no ${pattern} within ${timeoutMs} ms`));
          }, timeoutMs);
          const check = () => {
            for (const line of stdout.split('\n')) {
              const match = pattern.exec(line);
              if (match) {
                clearTimeout(timer);
                waiters.delete(check);
                resolve(match);
                return;
              }
            }
            if (!running()) {
              clearTimeout(timer);
              waiters.delete(check);
              reject(new Error(`${command[0]} in ${netns} exited: ${stderr.trim()}`));
            }
          };
          waiters.add(check);
          check();
        }),
      stop: async () => {
        if (running() && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
        await exited;
      },
    };
  }

  /** Kills what it started, deletes its namespaces and links; safe to call again. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    process.off('exit', this.#onExit);
    process.off('SIGINT', this.#onSignal);
    process.off('SIGTERM', this.#onSignal);
    for (const child of this.#children) {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
    }
    for (const netns of this.#namespaces) {
      killNetnsPids(netns);
      shQuiet(['ip', 'netns', 'del', netns]);
      rmSync(`/etc/netns/${netns}`, { recursive: true, force: true });
    }
    for (const link of this.#links) shQuiet(['ip', 'link', 'del', link]);
    if (this.#madeEtcNetns) {
      try {
        rmdirSync('/etc/netns');
      } catch {
        // Not empty: another run's hosts files are there now.
      }
    }
  }
}

/** A free /24 of 198.18.0.0/15 for this run: starting from one the pid picks, the first unrouted. */
export function pickBlock(): number {
  const routed = routedRanges();
  const first = process.pid % 512;
  for (let i = 0; i < 512; i++) {
    const base = ALLOWED.base + (((first + i) % 512) << 8);
    try {
      assertUnrouted({ base, bits: 24 }, routed);
      return base;
    } catch {
      // Taken: the next one.
    }
  }
  throw new Error('no unrouted /24 left in 198.18.0.0/15');
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The echo origin (./data-plane/echo-origin.ts) on `address`: prints `listening <port>`. */
const ORIGIN_SCRIPT = `
const { startEchoOrigin } = await import(${JSON.stringify(here('./data-plane/echo-origin.ts'))});
const origin = await startEchoOrigin(process.argv[1]);
console.log('listening ' + origin.port);
process.on('SIGTERM', () => origin.close().then(() => process.exit(0)));
`;

/**
 * A TCP relay in front of a gateway that prints the destination of each SOCKS5 CONNECT its
 * clients send (`request <id> <host>:<port>`): a health probe's bare greeting prints nothing.
 */
const RELAY_SCRIPT = `
const net = await import('node:net');
const [listenHost, listenPort, toHost, toPort] = process.argv.slice(1);
let next = 0;
function destination(b) {
  if (b.length < 2 || b[0] !== 5) return undefined;
  const at = 2 + b[1];
  if (b.length < at + 5 || b[at] !== 5) return undefined;
  const type = b[at + 3];
  let host, end;
  if (type === 1) { end = at + 8; host = [...b.subarray(at + 4, end)].join('.'); }
  else if (type === 3) { end = at + 5 + b[at + 4]; host = b.subarray(at + 5, end).toString(); }
  else if (type === 4) { end = at + 20; host = '[' + b.subarray(at + 4, end).toString('hex') + ']'; }
  else return 'unknown';
  if (b.length < end + 2) return undefined;
  return host + ':' + b.readUInt16BE(end);
}
const server = net.createServer((client) => {
  const id = next++;
  let head = Buffer.alloc(0);
  let said = false;
  const upstream = net.connect({ host: toHost, port: Number(toPort) });
  client.on('data', (chunk) => {
    if (said || head.length > 600) return;
    head = Buffer.concat([head, chunk]);
    const to = destination(head);
    if (to !== undefined) { said = true; console.log('request ' + id + ' ' + to); }
  });
  client.pipe(upstream).pipe(client);
  const end = () => { client.destroy(); upstream.destroy(); };
  client.on('error', end); upstream.on('error', end); client.on('close', end); upstream.on('close', end);
});
server.listen(Number(listenPort), listenHost, () => console.log('listening ' + listenPort));
process.on('SIGTERM', () => process.exit(0));
`;

export interface NetnsGateway {
  readonly name: string;
  readonly netns: string;
  /** Where the agent (root namespace) dials it: `socks5://<its root-link address>:1080`. */
  readonly proxyUrl: string;
  /** Its address on the origin link: the egress IP, what the origin sees. */
  readonly egressIp: string;
  /** (Re)starts the gateway process(es); resolves once it listens. */
  start(): Promise<void>;
  /** Kills it (the gateway host goes down); resolves once it has exited. */
  stop(): Promise<void>;
  /**
   * The destinations (`host:port`) of the SOCKS5 CONNECTs it received, in order, across restarts
   * (a health probe's bare greeting is not one); `counted` gateways only.
   */
  requests(): string[];
}

export interface EgressTopology {
  readonly net: Netns;
  readonly gateways: Record<string, NetnsGateway>;
  /** The origin's service address (on its loopback), reachable from the root ns and every gateway. */
  readonly originAddress: string;
  readonly originPort: number;
  /** The root namespace's address on its link to the origin: what the origin sees of direct traffic. */
  readonly rootAddress: string;
  /** Host names every gateway namespace resolves to the origin. */
  readonly originNames: readonly string[];
  url(path: string, host?: string): string;
  destroy(): void;
}

const GATEWAY_PORT = 1080;

/**
 * Gateways (microsocks, binding its outgoing connections to the egress IP) and an origin (the
 * echo origin) in namespaces of their own; a `counted` gateway gets a relay in front that records
 * the destination of every SOCKS5 CONNECT it receives (its microsocks then listens on the
 * namespace's loopback).
 */
export async function egressTopology(options: {
  gateways: readonly string[];
  counted?: readonly string[];
  originNames?: readonly string[];
}): Promise<EgressTopology> {
  const net = new Netns();
  try {
    const block = pickBlock();
    let nextNetwork = block;
    const network = () => {
      // /30s up to .247: .250 is the origin's service address.
      if (nextNetwork + 4 > block + 248) throw new Error('too many links for one /24');
      const at = nextNetwork;
      nextNetwork += 4;
      return at;
    };
    const originAddress = intToIp(block + 250);
    const originNames = options.originNames ?? ['origin.example'];
    const hosts = Object.fromEntries(originNames.map((name) => [name, originAddress]));

    const origin = net.host('origin');
    net.ip(origin, ['addr', 'add', `${originAddress}/32`, 'dev', 'lo']);
    const direct = net.link(null, origin, network());
    net.ip(null, ['route', 'add', `${originAddress}/32`, 'via', direct.b]);

    const gateways: Record<string, NetnsGateway> = {};
    for (const name of options.gateways) {
      const netns = net.host(`gw-${name}`, hosts);
      const toRoot = net.link(null, netns, network());
      const toOrigin = net.link(netns, origin, network());
      net.ip(netns, ['route', 'add', `${originAddress}/32`, 'via', toOrigin.b]);
      const counted = options.counted?.includes(name) ?? false;
      let processes: NetnsProcess[] = [];
      let relay: NetnsProcess | undefined;
      let carried: string[] = [];
      const start = async () => {
        const socksHost = counted ? '127.0.0.1' : toRoot.b;
        const socks = net.spawn(netns, [
          'microsocks',
          '-i',
          socksHost,
          '-p',
          String(GATEWAY_PORT),
          '-b',
          toOrigin.a,
        ]);
        processes = [socks];
        if (counted) {
          relay = net.spawn(
            netns,
            socksRequestRelay(toRoot.b, GATEWAY_PORT, '127.0.0.1', GATEWAY_PORT),
          );
          processes.push(relay);
          await relay.line(/^listening/);
        }
        await waitListening(netns, socksHost, GATEWAY_PORT, socks);
      };
      gateways[name] = {
        name,
        netns,
        proxyUrl: `socks5://${toRoot.b}:${GATEWAY_PORT}`,
        egressIp: toOrigin.a,
        start,
        stop: async () => {
          if (relay !== undefined) carried = [...carried, ...socksRequests(relay.output())];
          relay = undefined;
          await Promise.all(processes.map((p) => p.stop()));
          processes = [];
        },
        requests: () => [...carried, ...(relay === undefined ? [] : socksRequests(relay.output()))],
      };
      await start();
    }

    const originProcess = net.spawn(origin, [
      process.execPath,
      '--input-type=module',
      '-e',
      ORIGIN_SCRIPT,
      originAddress,
    ]);
    const originPort = Number((await originProcess.line(/^listening (\d+)/))[1]);
    return {
      net,
      gateways,
      originAddress,
      originPort,
      rootAddress: direct.a,
      originNames,
      url: (path, host = originAddress) => `http://${host}:${originPort}${path}`,
      destroy: () => net.destroy(),
    };
  } catch (error) {
    net.destroy();
    throw error;
  }
}

/**
 * The command line of a relay (run with `Netns.spawn`, or as it is on loopback) from
 * listenHost:listenPort to a SOCKS5 gateway at toHost:toPort: it prints `listening <port>`, then
 * a line per SOCKS5 CONNECT its clients send (read them with `socksRequests`).
 */
export function socksRequestRelay(
  listenHost: string,
  listenPort: number,
  toHost: string,
  toPort: number,
): string[] {
  return [
    process.execPath,
    '--input-type=module',
    '-e',
    RELAY_SCRIPT,
    listenHost,
    String(listenPort),
    toHost,
    String(toPort),
  ];
}

/** The destinations (`host:port`) of the SOCKS5 CONNECTs in a relay's output, in order. */
export function socksRequests(output: string): string[] {
  return output.split('\n').flatMap((line) => /^request \d+ (\S+)$/.exec(line)?.[1] ?? []);
}

/** Polls `ss` in `netns` until something listens on host:port (or `process` exits). */
async function waitListening(
  netns: string,
  host: string,
  port: number,
  child: NetnsProcess,
): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const listening = sh(['ip', 'netns', 'exec', netns, 'ss', '-Hltn', `src ${host}:${port}`]);
    if (listening.trim() !== '') return;
    if (!child.running()) throw new Error(`the gateway in ${netns} exited before listening`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nothing listened on ${host}:${port} in ${netns}`);
}
