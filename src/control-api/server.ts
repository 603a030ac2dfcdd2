import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { createAccount } from './account-setup.js';
import { ensureAdminToken } from './admin-token.js';
import { buildApp } from './app.js';
import { Authenticator } from './auth.js';
import type { Clock } from './clock.js';
import { ConfigSnapshots } from './config-snapshots.js';
import { ConfigEventHub } from './events.js';
import type { GatewayProber } from './probes/gateway-probe.js';
import { HealthProber } from './probes/health-prober.js';
import { ownAddressTarget, parseProbeTarget } from './probes/probe-target.js';
import type { OperationDoc } from './route-kit.js';
import { DEMO_ACCOUNT_NAME, DEMO_VNETS, seedDemo } from './seed/demo.js';
import { loopbackGatewayNotice } from './seed/loopback-aliases.js';
import { isPostgresUrl } from './store/database.js';
import { Store } from './store/store.js';

export type SeedName = 'demo' | 'none';

export interface ControlApiOptions {
  /** Default 127.0.0.1: nothing outside this machine can reach it unless asked. */
  host?: string | undefined;
  /** Default 0 (a free port). */
  port?: number | undefined;
  /**
   * SQLite file, or `:memory:` (the default), or a `postgres://user@host:port/db` URL: any
   * number of servers can share one PostgreSQL database (replicas behind a load balancer).
   */
  db?: string | undefined;
  /** Applied only when the database is new. Default `demo`. */
  seed?: SeedName | undefined;
  /** The admin token to accept (replacing any stored one); otherwise one is generated once. */
  adminToken?: string | undefined;
  /**
   * Where a generated admin token is written (mode 0600). Default: next to a file database
   * (`<db>.admin-token`); none for `:memory:`. `null`: never write one.
   */
  adminTokenFile?: string | null | undefined;
  logger?: Logger | undefined;
  /** When no logger is given. Default `warn` (so a 500's log line still shows). */
  logLevel?: string | undefined;
  /** Default 64 KiB. */
  bodyLimit?: number | undefined;
  /** SSE keep-alive comment interval. Default 15 s. */
  keepAliveMs?: number | undefined;
  /** Between rounds of gateway health probes. Default 5000 ms; 0 turns probing off. */
  probeIntervalMs?: number | undefined;
  /** Per probe. Default half the interval, at most 3000 ms. */
  probeTimeoutMs?: number | undefined;
  /** `host:port` an HTTP gateway is asked to CONNECT to. Default: this server's own address. */
  probeTarget?: string | undefined;
  /** Health probes in flight at once. Default 16. */
  probeConcurrency?: number | undefined;
  /** Clock of the health probes (tests drive it). */
  clock?: Clock | undefined;
  /** How one gateway is probed (tests and benchmarks may swap it). */
  gatewayProber?: GatewayProber | undefined;
}

export interface ControlApiHandle {
  /** `http://host:port`, the origin clients use. */
  url: string;
  host: string;
  port: number;
  accountId: string;
  /** Null when an earlier start generated it and its file is gone. */
  adminToken: string | null;
  /** True when this start generated the admin token (show it once). */
  adminTokenGenerated: boolean;
  adminTokenFile: string | undefined;
  /** True when this start created the database's account (and applied the seed). */
  created: boolean;
  /**
   * What the person starting the server should know (also logged as warnings): for example
   * loopback gateway addresses this machine lacks, with the command that adds them.
   */
  notices: string[];
  /** The gateway health probes: `runOnce` probes every proxy gateway now (tests, tools). */
  probes: { runOnce(): Promise<void> };
  close(): Promise<void>;
}

function defaultTokenFile(options: ControlApiOptions, db: string): string | undefined {
  if (options.adminTokenFile === null) return undefined;
  if (options.adminTokenFile !== undefined) return options.adminTokenFile;
  return db === ':memory:' || isPostgresUrl(db) ? undefined : `${db}.admin-token`;
}

/**
 * The account of this database, created (and seeded) if the database is new; replicas
 * starting together take turns, so exactly one creates it.
 */
function ensureAccount(
  store: Store,
  seed: SeedName,
): Promise<{ accountId: string; created: boolean }> {
  return store.exclusiveStartup(async () => {
    const existing = (await store.accounts.list())[0];
    if (existing) return { accountId: existing.id, created: false };
    const accountId = await store.transaction(async () => {
      const demo = seed === 'demo';
      const id = await createAccount(store, {
        name: demo ? DEMO_ACCOUNT_NAME : 'Egress Switcher',
        defaultVnetId: demo ? DEMO_VNETS.default.id : undefined,
      });
      if (demo) await seedDemo(store, id);
      return id;
    });
    return { accountId, created: true };
  });
}

/**
 * Starts the control API and resolves once it listens. Holds no global state and never exits
 * the process, so tests, the agent's simulator and Electron's utilityProcess can run it inside.
 */
export async function startControlApi(options: ControlApiOptions = {}): Promise<ControlApiHandle> {
  const db = options.db ?? ':memory:';
  const intervalMs = options.probeIntervalMs ?? 5000;
  if (!(Number.isFinite(intervalMs) && intervalMs >= 0)) {
    throw new Error(`probeIntervalMs: expected a number of milliseconds ≥ 0, not ${intervalMs}`);
  }
  const configuredTarget =
    options.probeTarget === undefined ? undefined : parseProbeTarget(options.probeTarget);
  const logger = options.logger ?? pino({ level: options.logLevel ?? 'warn' });
  const store = await Store.open(db, {
    onListenerError: (error) =>
      logger.warn({ err: error }, 'lost the database notification channel; reconnecting'),
  });
  let auth: Authenticator | undefined;
  let events: ConfigEventHub | undefined;
  let snapshots: ConfigSnapshots | undefined;
  let app: ReturnType<typeof buildApp> | undefined;
  let prober: HealthProber | undefined;
  try {
    const { accountId, created } = await ensureAccount(store, options.seed ?? 'demo');
    const notices: string[] = [];
    const loopback = await loopbackGatewayNotice(store);
    if (loopback !== undefined) notices.push(loopback);
    for (const notice of notices) logger.warn(notice);
    const tokenFile = defaultTokenFile(options, db);
    const admin = await ensureAdminToken(store, accountId, {
      token: options.adminToken,
      file: tokenFile,
    });
    snapshots = new ConfigSnapshots(store);
    events = new ConfigEventHub(store, { keepAliveMs: options.keepAliveMs });
    const operations: OperationDoc[] = [];
    auth = await Authenticator.create(store);
    app = buildApp(
      { store, auth, operations, snapshots, events },
      { logger, bodyLimit: options.bodyLimit ?? 64 * 1024 },
    );
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const openProber = new HealthProber({
      store,
      target: configuredTarget ?? ownAddressTarget(address.address, address.port),
      intervalMs,
      timeoutMs: options.probeTimeoutMs ?? (intervalMs > 0 ? Math.min(3000, intervalMs / 2) : 3000),
      concurrency: options.probeConcurrency,
      clock: options.clock,
      probe: options.gatewayProber,
      onStatusChange: (change) => logger.info(change, 'gateway health probes set a status'),
    });
    prober = openProber;
    if (intervalMs > 0) openProber.start();
    let closing: Promise<void> | undefined;
    const openApp = app;
    const openEvents = events;
    const openSnapshots = snapshots;
    const openAuth = auth;
    return {
      url: `http://${host}:${address.port}`,
      host: address.address,
      port: address.port,
      accountId,
      adminToken: admin.token,
      adminTokenGenerated: admin.generated,
      adminTokenFile: tokenFile,
      created,
      notices,
      probes: { runOnce: () => openProber.runOnce() },
      close: () => {
        closing ??= (async () => {
          await openProber.stop();
          openEvents.close();
          await openApp.close();
          openSnapshots.dispose();
          openAuth.dispose();
          await store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await prober?.stop();
    await app?.close();
    events?.close();
    snapshots?.dispose();
    auth?.dispose();
    await store.close();
    throw error;
  }
}
