import type { ControlApiMode, ProxyState, VnetPreview } from '../../shared/agent/index.js';
import type { LatencyTable } from './data-plane/latency/latency-table.js';
import type { Session } from './session/session.js';
import type { PersistedSettings } from './settings/persisted-settings.js';
import type { StatusState } from './status-machine.js';

/** Everything the agent knows; the snapshot is a pure function of it. */
export interface AgentModel {
  status: StatusState;
  /** The persisted part (written through the SettingsStore when it changes). */
  settings: PersistedSettings;
  /** Per vnet id: where it would egress for this device. */
  previews: ReadonlyMap<string, VnetPreview>;
  session: Session | null;
  /** False until a resolve succeeds in this run, and again while offline: egress is stale. */
  fresh: boolean;
  /** The config version the egress and previews were resolved at. */
  configVersion: number | null;
  controlApi: {
    mode: ControlApiMode;
    url: string | null;
    account_id: string | null;
    /** A remote token is stored (it never leaves the agent). */
    has_token: boolean;
  };
  /** The local proxy's listener. */
  proxy: ProxyState;
  /** What the latency monitor last measured; absent while it does not run (WARP mode, tests). */
  latency?: LatencyTable | undefined;
}
