import type { ControlApiMode } from '../../../shared/agent/index.js';
import type { WarpSpec } from '../control-plane/warp/warp-control-plane.js';

/** Which control API to use, as the user chose it. */
export type ControlPlaneSpec =
  | { mode: 'local_simulator' }
  | { mode: 'remote'; url: string; token: string }
  | WarpSpec;

/** How to talk to a running control API. */
export interface ControlPlaneConnection {
  /** The server's origin, e.g. `http://127.0.0.1:8787`. */
  url: string;
  token: string;
  /**
   * `admin` can enrol devices and re-enrol a removed one; `device` acts only on itself. Absent
   * when only the server can tell (a token the user typed): the session asks it once.
   */
  kind?: 'admin' | 'device' | undefined;
  mode: ControlApiMode;
}

/**
 * A control API the agent can reach over HTTP: a remote one, or the local simulator that the
 * implementation starts (in-process when headless, a utilityProcess in Electron). One code path
 * either way: the agent only ever sees a URL and a token.
 */
export interface ControlPlane {
  readonly mode: ControlApiMode;
  /** Starts (local) or checks (remote) the control API; rejects with the client's errors. */
  connect(): Promise<ControlPlaneConnection>;
  /** Stops whatever `connect` started; idempotent. */
  close(): Promise<void>;
  /**
   * Only where the backend cannot know its egress IPs' places (Cloudflare WARP): the user says
   * where `ipv4` is (a data center or city), or forgets it with null.
   */
  labelEgressIp?(ipv4: string, location: string | null): Promise<void>;
}

export type ControlPlaneFactory = (spec: ControlPlaneSpec) => ControlPlane;
