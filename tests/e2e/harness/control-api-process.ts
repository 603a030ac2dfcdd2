import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type ControlApiHandle, startControlApi } from '../../../src/control-api/server.js';

/** A control API the tests can stop and bring back on the same port and database. */
export interface ControlApiControl {
  readonly url: string;
  readonly adminToken: string;
  readonly accountId: string;
  readonly running: boolean;
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same database and admin token. */
  restart(): Promise<void>;
  /** An admin call under `/client/v4/accounts/<id>/`; answers the envelope's `result`. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function startControlApiControl(db: string): Promise<ControlApiControl> {
  const adminToken = `esa_${randomBytes(24).toString('base64url')}`;
  const options = {
    db,
    seed: 'demo' as const,
    adminToken,
    adminTokenFile: null,
    logLevel: 'error',
  };
  let handle: ControlApiHandle | null = await startControlApi({ ...options, port: 0 });
  const { url, port, accountId } = handle;

  return {
    url,
    adminToken,
    accountId,
    get running() {
      return handle !== null;
    },
    async stop() {
      const open = handle;
      handle = null;
      await open?.close();
    },
    async restart() {
      if (handle) return;
      handle = await startControlApi({ ...options, port });
    },
    admin: <T>(method: string, path: string, body?: unknown) =>
      adminCall<T>(url, accountId, adminToken, method, path, body),
  };
}

async function adminCall<T>(
  url: string,
  accountId: string,
  adminToken: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${url}/client/v4/accounts/${accountId}/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const envelope = (await response.json()) as {
    success: boolean;
    errors: { message: string }[];
    result: T;
  };
  if (!envelope.success) {
    throw new Error(`${method} ${path}: ${envelope.errors.map((e) => e.message).join('; ')}`);
  }
  return envelope.result;
}

/**
 * The same control API in a child process (for the benchmark: the agent then has its event loop
 * to itself, as in the desktop app). Stop ends the child; restart is not offered.
 */
export async function startControlApiChild(db: string): Promise<ControlApiControl> {
  const adminToken = `esa_${randomBytes(24).toString('base64url')}`;
  const tsx = join(import.meta.dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [join(import.meta.dirname, 'control-api-child.ts'), db, adminToken], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`the control API child exited (${code}) before listening`);
    }),
  ])) as [string];
  lines.close();
  const { url, accountId } = JSON.parse(first) as { url: string; accountId: string };
  let running = true;
  return {
    url,
    adminToken,
    accountId,
    get running() {
      return running;
    },
    async stop() {
      if (!running) return;
      running = false;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
    async restart() {
      throw new Error('a control API child cannot be restarted; use startControlApiControl');
    },
    admin: <T>(method: string, path: string, body?: unknown) =>
      adminCall<T>(url, accountId, adminToken, method, path, body),
  };
}
