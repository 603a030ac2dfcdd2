import type { ControlApiClient, Device } from '../../../shared/api/index.js';
import type { ControlPlaneConnection } from '../ports/control-plane.js';

/** A working connection to the control API as this device. */
export interface Session {
  connection: ControlPlaneConnection;
  accountId: string;
  /** The server's record of this device when the session was made. */
  device: Device;
  deviceToken: string;
  /** Acts as the device: switch, resolve, trace, events. */
  deviceClient: ControlApiClient;
  /** Present with an admin token: enrols, re-enrols and what-ifs with any vnet. */
  adminClient: ControlApiClient | null;
}
