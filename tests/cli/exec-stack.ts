import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { type ControlApiHandle, startControlApi } from '../../src/control-api/server.js';
import { createHeadlessAgent, type HeadlessAgent } from '../../src/main/agent/index.js';
import { type LocalApiHandle, serveLocalApi } from '../../src/main/agent/local-api/index.js';
import { ADMIN_TOKEN } from '../support/admin-token.js';
import { type EchoOrigin, startEchoOrigin } from '../support/data-plane/echo-origin.js';
import { bin, type CliEnv, ensureBuilt, runCli, tempDir } from './helpers.js';
import { OutputChecker } from './schema-check.js';

/**
 * The stack the data-plane egressctl tests (exec, proxy, connections) run against: a real
 * control API on 127.0.0.1 (demo seed: every egress a loopback source-address gateway,
 * 127.0.0.N), a headless agent enrolled with the admin token (its proxy on a free port) served
 * on a LocalAPI socket, and an echo origin that reports the source address it saw.
 */
export interface ExecStack {
  env: CliEnv;
  api: ControlApiHandle;
  agent: HeadlessAgent;
  origin: EchoOrigin;
  checker: OutputChecker;
  dir: string;
  /** A control API admin call; the `result` of the envelope. */
  admin(method: string, path: string, body?: unknown): Promise<unknown>;
}

export function execStack(): ExecStack {
  const tmp = tempDir();
  const stack = { dir: tmp.dir } as ExecStack;
  let local: LocalApiHandle | undefined;
  beforeAll(async () => {
    await ensureBuilt();
    stack.env = { socket: join(tmp.dir, 'agent.sock'), home: join(tmp.dir, 'home') };
    stack.api = await startControlApi({
      db: join(tmp.dir, 'api.db'),
      adminToken: ADMIN_TOKEN,
      adminTokenFile: null,
      logLevel: 'silent',
    });
    stack.agent = await createHeadlessAgent({
      dataDir: stack.env.home,
      apiUrl: stack.api.url,
      token: ADMIN_TOKEN,
      logger: pino({ level: 'silent' }),
      requestTimeoutMs: 3000,
      hostname: 'exec-test-host',
      proxyPort: 0,
    });
    local = await serveLocalApi(stack.agent.agent, { socketPath: stack.env.socket });
    stack.origin = await startEchoOrigin();
    stack.checker = new OutputChecker((await runCli(stack.env, ['schema'])).json);
    stack.admin = async (method, path, body) => {
      const url = `${stack.api.url}/client/v4/accounts/${stack.api.accountId}/${path}`;
      const response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return JSON.parse(text).result;
    };
    // The proxy decides from the device config: wait until the agent holds one.
    const deadline = Date.now() + 30_000;
    while ((await stack.agent.agent.getState({})).status !== 'connected') {
      if (Date.now() > deadline) throw new Error('the agent did not connect');
      await sleep(50);
    }
  }, 120_000);
  afterAll(async () => {
    await local?.close();
    await stack.agent?.stop();
    await stack.origin?.close();
    await stack.api?.close();
    tmp.cleanup();
  });
  return stack;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 50 ms until it holds (or throws after `timeoutMs`, saying `what`). */
export async function eventually(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await sleep(50);
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** egressctl as a child with its exit code and signal; `onStdout` sees output as it comes. */
export function spawnCli(
  env: CliEnv,
  args: readonly string[],
  options: { onStdout?: (text: string) => void; extraEnv?: NodeJS.ProcessEnv } = {},
) {
  const child = spawn(process.execPath, [bin, ...args], {
    env: {
      ...process.env,
      EGRESS_SWITCHER_SOCKET: env.socket,
      EGRESS_SWITCHER_HOME: env.home,
      EGRESS_SWITCHER_PROXY_PORT: '0',
      NO_COLOR: '1',
      ...options.extraEnv,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    options.onStdout?.(stdout);
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const finished = new Promise<Finished>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, finished, stdout: () => stdout, stderr: () => stderr };
}
