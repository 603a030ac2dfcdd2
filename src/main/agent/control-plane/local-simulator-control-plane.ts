import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { type ControlApiHandle, startControlApi } from '../../../control-api/server.js';
import type { ControlPlane, ControlPlaneConnection } from '../ports/control-plane.js';
import { StartOnce } from './start-once.js';

export interface LocalSimulatorOptions {
  /** The simulator's database lives here (`simulator.db`), so devices and vnets survive restarts. */
  dataDir: string;
  logger: Logger;
}

/**
 * The control API run in this process on a free loopback port, seeded with the demo account,
 * with a fresh admin token every start (never written to disk). The agent then talks to it over
 * HTTP exactly as to a remote one.
 */
export class LocalSimulatorControlPlane implements ControlPlane {
  readonly mode = 'local_simulator' as const;
  readonly #options: LocalSimulatorOptions;
  readonly #simulator = new StartOnce(() => this.#start(), 'the local simulator');

  constructor(options: LocalSimulatorOptions) {
    this.#options = options;
  }

  /** The database file, for tests and for the settings screen. */
  get dbPath(): string {
    return join(this.#options.dataDir, 'simulator.db');
  }

  async connect(): Promise<ControlPlaneConnection> {
    const handle = await this.#simulator.get();
    return { url: handle.url, token: handle.adminToken ?? '', kind: 'admin', mode: this.mode };
  }

  async close(): Promise<void> {
    const handle = await this.#simulator.close();
    await handle?.close();
  }

  async #start(): Promise<ControlApiHandle> {
    mkdirSync(this.#options.dataDir, { recursive: true, mode: 0o700 });
    const token = `esa_${randomBytes(32).toString('base64url')}`;
    const handle = await startControlApi({
      host: '127.0.0.1',
      port: 0,
      db: this.dbPath,
      seed: 'demo',
      adminToken: token,
      adminTokenFile: null,
      logger: this.#options.logger.child({ component: 'local-simulator' }, { level: 'warn' }),
    });
    this.#options.logger.info({ url: handle.url }, 'local simulator listening');
    return { ...handle, adminToken: token };
  }
}
