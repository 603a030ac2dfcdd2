import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ControlApiHandle, startControlApi } from '../../control-api/server.js';
import { SimulatorCommand, type SimulatorReport } from './simulator-messages.js';

/** The parts of Electron's `process.parentPort` the simulator uses. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: SimulatorReport): void;
}

/**
 * The local simulator's side of the conversation: on `start`, the control API on a free
 * loopback port with the demo seed and a fresh admin token (never written to disk), answered as
 * `{url, adminToken}`; on `stop`, a clean close and `exit(0)`. Electron-free, so tests run it
 * against a fake port.
 */
export function serveSimulator(
  port: ParentPortLike,
  exit: (code: number) => void,
): () => Promise<void> {
  let running: { handle: ControlApiHandle; adminToken: string } | undefined;
  let starting: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  const report = (message: SimulatorReport) => port.postMessage(message);

  const start = async (db: string) => {
    if (running) {
      report({ type: 'ready', url: running.handle.url, adminToken: running.adminToken });
      return;
    }
    try {
      mkdirSync(dirname(db), { recursive: true, mode: 0o700 });
      const adminToken = `esa_${randomBytes(32).toString('base64url')}`;
      const handle = await startControlApi({
        host: '127.0.0.1',
        port: 0,
        db,
        seed: 'demo',
        adminToken,
        adminTokenFile: null,
        logLevel: 'warn',
      });
      running = { handle, adminToken };
      report({ type: 'ready', url: handle.url, adminToken });
    } catch (error) {
      report({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const stop = () => {
    stopping ??= (async () => {
      try {
        await starting;
        await running?.handle.close();
      } finally {
        report({ type: 'stopped' });
        exit(0);
      }
    })();
    return stopping;
  };

  port.on('message', (event) => {
    const command = SimulatorCommand.safeParse(event.data);
    if (!command.success) {
      report({
        type: 'failed',
        message: 'the simulator received a message it does not understand',
      });
      return;
    }
    if (command.data.type === 'start') {
      starting = start(command.data.db);
    } else {
      void stop();
    }
  });
  return stop;
}
