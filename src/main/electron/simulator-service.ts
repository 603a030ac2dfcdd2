import pino from 'pino';
import { errorMessage } from '../../shared/text/error-message.js';
import { LocalSimulatorControlPlane } from '../agent/control-plane/local-simulator-control-plane.js';
import { SimulatorCommand, type SimulatorReport } from './simulator-messages.js';

/** The parts of Electron's `process.parentPort` the simulator uses. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: SimulatorReport): void;
}

/**
 * The local simulator's side of the conversation: on `start`, the same local simulator the
 * headless agent runs in-process (the demo control API on a free loopback port with a fresh
 * admin token), answered as `{url, adminToken}`; on `stop`, a clean close and `exit(0)`.
 * Electron-free, so tests run it against a fake port.
 */
export function serveSimulator(
  port: ParentPortLike,
  exit: (code: number) => void,
): () => Promise<void> {
  const logger = pino({ level: 'warn' });
  let simulator: LocalSimulatorControlPlane | undefined;
  let stopping: Promise<void> | undefined;
  const report = (message: SimulatorReport) => port.postMessage(message);

  const start = async (dataDir: string) => {
    simulator ??= new LocalSimulatorControlPlane({ dataDir, logger });
    try {
      const { url, token } = await simulator.connect();
      report({ type: 'ready', url, adminToken: token });
    } catch (error) {
      report({ type: 'failed', message: errorMessage(error) });
    }
  };

  const stop = () => {
    stopping ??= (async () => {
      try {
        // Waits for a start under way, then closes what it started.
        await simulator?.close();
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
    if (command.data.type === 'start') void start(command.data.dataDir);
    else void stop();
  });
  return stop;
}
