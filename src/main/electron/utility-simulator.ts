import type { Logger } from 'pino';
import { StartOnce } from '../agent/control-plane/start-once.js';
import type { ControlPlane, ControlPlaneConnection } from '../agent/ports/control-plane.js';
import { type SimulatorCommand, SimulatorReport } from './simulator-messages.js';

/**
 * The agent's ControlPlane port for the local simulator inside Electron: the control API runs
 * in a `utilityProcess` (simulator-process.ts) and reports its URL and fresh admin token back;
 * the agent then talks HTTP to it like to any remote. Electron-free: `fork` is injected
 * (`utilityProcess.fork` in the app, a fake in tests).
 */

/** The parts of Electron's `UtilityProcess` used here. */
export interface UtilityChild {
  postMessage(message: SimulatorCommand): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'exit', listener: (code: number) => void): unknown;
}

export type ForkSimulator = () => UtilityChild;

export interface UtilitySimulatorOptions {
  fork: ForkSimulator;
  /** The simulator's data directory, in userData so devices and vnets survive restarts. */
  dataDir: string;
  logger: Logger;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}

interface Running {
  child: UtilityChild;
  connection: ControlPlaneConnection;
  exited: Promise<void>;
}

export class UtilitySimulatorControlPlane implements ControlPlane {
  readonly mode = 'local_simulator' as const;
  readonly #options: UtilitySimulatorOptions;
  readonly #simulator = new StartOnce(() => this.#start(), 'the local simulator');

  constructor(options: UtilitySimulatorOptions) {
    this.#options = options;
  }

  async connect(): Promise<ControlPlaneConnection> {
    return (await this.#simulator.get()).connection;
  }

  async close(): Promise<void> {
    const running = await this.#simulator.close();
    if (!running) return;
    running.child.postMessage({ type: 'stop' });
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), this.#options.stopTimeoutMs ?? 3000).unref(),
    );
    if ((await Promise.race([running.exited, timeout])) === 'timeout') {
      this.#options.logger.warn('the local simulator did not stop in time: killing it');
      running.child.kill();
    }
  }

  #start(): Promise<Running> {
    const { logger } = this.#options;
    const child = this.#options.fork();
    let markExited: () => void = () => {};
    const exited = new Promise<void>((resolve) => {
      markExited = resolve;
    });
    return new Promise<Running>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        fail(new Error('the local simulator did not start in time'));
        child.kill();
      }, this.#options.startTimeoutMs ?? 20_000);
      timer.unref();

      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      const onMessage = (raw: unknown) => {
        const report = SimulatorReport.safeParse(raw);
        if (!report.success) {
          logger.warn('the local simulator sent a message that is not part of its protocol');
          return;
        }
        const message = report.data;
        if (message.type === 'failed') {
          fail(new Error(`the local simulator could not start: ${message.message}`));
          child.kill();
        } else if (message.type === 'ready' && !settled) {
          settled = true;
          clearTimeout(timer);
          logger.info({ url: message.url }, 'local simulator listening (utility process)');
          resolve({
            child,
            exited,
            connection: {
              url: message.url,
              token: message.adminToken,
              kind: 'admin',
              mode: this.mode,
            },
          });
        }
      };
      const onExit = (code: number) => {
        child.off('message', onMessage);
        child.off('exit', onExit);
        markExited();
        fail(new Error(`the local simulator exited (code ${code}) before it was ready`));
        if (!this.#simulator.closed) {
          // Crashed after start: the next connect() (the agent's retry) starts a fresh one.
          logger.warn({ code }, 'the local simulator exited');
          this.#simulator.forget();
        }
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.postMessage({ type: 'start', dataDir: this.#options.dataDir });
    });
  }
}
