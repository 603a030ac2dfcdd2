import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { utilityProcess } from 'electron';
import type { Logger } from 'pino';
import { Agent } from '../agent/agent.js';
import { RemoteControlPlane } from '../agent/control-plane/remote-control-plane.js';
import { WarpControlPlane } from '../agent/control-plane/warp/warp-control-plane.js';
import type { ControlPlaneFactory } from '../agent/ports/control-plane.js';
import { createElectronSettingsStore } from './electron-settings-store.js';
import { createSafeStorageSecretStore } from './safe-storage-secret-store.js';
import { UtilitySimulatorControlPlane } from './utility-simulator.js';

/**
 * The agent core with its Electron ports: settings in electron-store, secrets behind
 * safeStorage, and the local simulator in a utility process. Call once `app` is ready.
 */
export async function createElectronAgent(options: {
  userData: string;
  simulatorModule: string;
  logger: Logger;
}): Promise<Agent> {
  const { userData, logger } = options;
  mkdirSync(userData, { recursive: true, mode: 0o700 });
  const secrets = await createSafeStorageSecretStore({ dir: userData, logger });
  logger.info({ protection: secrets.protection }, 'secret storage chosen');
  const controlPlanes: ControlPlaneFactory = (spec) =>
    spec.mode === 'cloudflare_warp'
      ? new WarpControlPlane({
          spec,
          dataDir: join(userData, 'warp'),
          logger,
          hostname: hostname(),
        })
      : spec.mode === 'local_simulator'
        ? new UtilitySimulatorControlPlane({
            fork: () =>
              utilityProcess.fork(options.simulatorModule, [], {
                serviceName: 'Egress Switcher simulator',
                stdio: 'inherit',
              }),
            dataDir: join(userData, 'simulator'),
            logger,
          })
        : new RemoteControlPlane({ url: spec.url, token: spec.token });
  return new Agent({
    settings: createElectronSettingsStore({ dir: userData, logger }),
    secrets: secrets.store,
    controlPlanes,
    logger,
    requestTimeoutMs: 5000,
  });
}
