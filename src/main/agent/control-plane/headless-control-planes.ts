import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ControlPlaneFactory } from '../ports/control-plane.js';
import { LocalSimulatorControlPlane } from './local-simulator-control-plane.js';
import { RemoteControlPlane } from './remote-control-plane.js';
import { WarpControlPlane } from './warp/warp-control-plane.js';

/** Control planes for a process without Electron: the simulator runs in-process. */
export function headlessControlPlanes(options: {
  dataDir: string;
  logger: Logger;
}): ControlPlaneFactory {
  return (spec) => {
    if (spec.mode === 'local_simulator') {
      return new LocalSimulatorControlPlane({ dataDir: options.dataDir, logger: options.logger });
    }
    if (spec.mode === 'cloudflare_warp') {
      return new WarpControlPlane({
        spec,
        dataDir: join(options.dataDir, 'warp'),
        logger: options.logger,
        hostname: hostname(),
      });
    }
    return new RemoteControlPlane({ url: spec.url, token: spec.token });
  };
}
