import { EventEmitter } from 'node:events';
import type { SimulatorCommand } from '../../src/main/electron/simulator-messages.js';
import { type ParentPortLike, serveSimulator } from '../../src/main/electron/simulator-service.js';
import type { UtilityChild } from '../../src/main/electron/utility-simulator.js';

/**
 * A stand-in for `utilityProcess.fork`: the simulator service runs in this process, and every
 * message crosses as a structured clone, as between real processes.
 */
export class FakeChild extends EventEmitter implements UtilityChild {
  readonly port: ParentPortLike;
  exitCode: number | null = null;
  readonly received: SimulatorCommand[] = [];
  readonly #toChild = new EventEmitter();

  constructor() {
    super();
    this.port = {
      on: (_event, listener) => this.#toChild.on('message', listener),
      postMessage: (message) =>
        queueMicrotask(() => this.emit('message', structuredClone(message))),
    };
    serveSimulator(this.port, (code) => this.#exit(code));
  }

  postMessage(message: SimulatorCommand): void {
    this.received.push(message);
    queueMicrotask(() => this.#toChild.emit('message', { data: structuredClone(message) }));
  }

  kill(): boolean {
    this.#exit(9);
    return true;
  }

  #exit(code: number): void {
    if (this.exitCode !== null) return;
    this.exitCode = code;
    queueMicrotask(() => this.emit('exit', code));
  }
}
