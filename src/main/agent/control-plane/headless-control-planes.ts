import type { Logger } from 'pino';
import type { ControlPlaneFactory } from '../ports/control-plane.js';
import { LocalSimulatorControlPlane } from './local-simulator-control-plane.js';
import { RemoteControlPlane } from './remote-control-plane.js';

/** Control planes for a process without Electron: the simulator runs in-process. */
export function headlessControlPlanes(options: {
  dataDir: string;
  logger: Logger;
}): ControlPlaneFactory {
  return (spec) =>
    spec.mode === 'local_simulator'
      ? new LocalSimulatorControlPlane({ dataDir: options.dataDir, logger: options.logger })
      : new RemoteControlPlane({ url: spec.url, token: spec.token });
}
