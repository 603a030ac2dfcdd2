import { randomBytes } from 'node:crypto';
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
    async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
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
    },
  };
}
