import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { type ControlApiHandle, startControlApi } from '../../src/control-api/server.js';
import {
  createHeadlessAgent,
  type HeadlessAgent,
  type HeadlessAgentOptions,
} from '../../src/main/agent/index.js';
import { ControlApiClient } from '../../src/shared/api/index.js';
import { ADMIN_TOKEN } from './admin-token.js';
import { tempDir } from './temp-dir.js';

/**
 * The agent's integration tests run one stack each: a real control API on 127.0.0.1 (demo seed,
 * database in a temp dir) and a headless agent enrolled against it with the admin token.
 */

const silentLogger = (): Logger => pino({ level: 'silent' });

/** A real control API on 127.0.0.1 over a database file in `dir`. */
export function startApi(dir: string, port = 0): Promise<ControlApiHandle> {
  return startControlApi({
    db: join(dir, 'api.db'),
    port,
    adminToken: ADMIN_TOKEN,
    adminTokenFile: null,
    logLevel: 'silent',
  });
}

export function adminClient(api: ControlApiHandle): ControlApiClient {
  return new ControlApiClient({ baseUrl: api.url, token: ADMIN_TOKEN, accountId: api.accountId });
}

/** A headless agent with fast, deterministic retries, in its own data dir. */
export function headless(
  dataDir: string,
  options: Omit<HeadlessAgentOptions, 'dataDir'> = {},
): Promise<HeadlessAgent> {
  return createHeadlessAgent({
    dataDir,
    logger: silentLogger(),
    backoff: { baseMs: 20, capMs: 150 },
    random: () => 0.5,
    requestTimeoutMs: 3000,
    hostname: 'test-host',
    timeZone: 'Europe/London',
    // Test agents run side by side: each proxy on a free port, never the default 40000.
    proxyPort: 0,
    ...options,
  });
}

export interface AgentStack {
  /** The temp dir holding the API's database (`api.db`) and the agent's data dir (`agent/`). */
  readonly home: { dir: string };
  readonly api: ControlApiHandle;
  /** The headless agent (`stop()`, its LocalAPI-free parts); `agent` is `h.agent`. */
  readonly h: HeadlessAgent;
  readonly agent: HeadlessAgent['agent'];
  /** A control-API client with the admin token, for arranging and checking server state. */
  readonly admin: ControlApiClient;
  /** Stops the control API (the agent keeps running) and answers the port it listened on. */
  stopApi(): Promise<number>;
  /** Starts the control API again over the same database, on `port` (default: a free one). */
  startApi(port?: number): Promise<ControlApiHandle>;
}

/**
 * Registers this file's stack: started in `beforeAll` (then `ready`, e.g. a first switch), and
 * stopped in `afterAll` (agent, API, temp dir), whatever the tests did. `agent` adds to the
 * headless agent's options beyond the data dir, the API URL and the admin token; `false` starts
 * the control API alone (tests that start their own agents with other tokens).
 */
export function agentStack(
  options: {
    agent?: Omit<HeadlessAgentOptions, 'dataDir'> | false;
    ready?: (stack: AgentStack) => Promise<void>;
  } = {},
): AgentStack {
  const home = tempDir();
  let api: ControlApiHandle | undefined;
  let h: HeadlessAgent | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the agent stack's ${what} is not started`);
    return value;
  };
  const stack: AgentStack = {
    home,
    get api() {
      return started(api, 'control API');
    },
    get h() {
      return started(h, 'agent');
    },
    get agent() {
      return started(h, 'agent').agent;
    },
    get admin() {
      return adminClient(started(api, 'control API'));
    },
    async stopApi() {
      const { port } = started(api, 'control API');
      await api?.close();
      api = undefined;
      return port;
    },
    async startApi(port = 0) {
      api = await startApi(home.dir, port);
      return api;
    },
  };
  beforeAll(async () => {
    api = await startApi(home.dir);
    if (options.agent !== false) {
      h = await headless(join(home.dir, 'agent'), {
        apiUrl: api.url,
        token: ADMIN_TOKEN,
        ...options.agent,
      });
    }
    await options.ready?.(stack);
  });
  afterAll(async () => {
    await h?.stop();
    await api?.close();
    home.cleanup();
  });
  return stack;
}
