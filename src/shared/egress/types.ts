/**
 * The resolver's contract. Its output is the control API's wire shape (snake_case, DESIGN §2.1
 * `gateway/egress/resolve`) so the server returns a resolution as is.
 */

import type { EgressIpStatus } from '../api/egress-ip.js';
import type { EgressSettings } from '../api/gateway-rule.js';
import type { GeoPoint } from '../geo/types.js';

export type DataCenterStatus = EgressIpStatus;

/** A dedicated egress IP of the account, with its data center already looked up. */
export interface DedicatedEgressIp {
  id: string;
  ipv4: string;
  /** An IPv6 range in CIDR notation. */
  ipv6: string;
  colo: string;
  city: string;
  country: string;
  lat: number;
  lon: number;
  status: DataCenterStatus;
}

/** `rule_settings.egress` of a Gateway egress rule. `ipv4_fallback: "0.0.0.0"` = shared egress. */
export type { EgressSettings };

export interface EgressRuleInput {
  id: string;
  name: string;
  precedence: number;
  enabled: boolean;
  /** Expression sources; an empty string always holds. */
  traffic: string;
  identity: string;
  device_posture: string;
  /** `null`: the rule egresses through the shared default egress. */
  egress: EgressSettings | null;
}

/** One account's egress configuration at one version. Rules must already be valid. */
export interface EgressConfig {
  version: number;
  egressIps: readonly DedicatedEgressIp[];
  rules: readonly EgressRuleInput[];
}

/** The canonical definition lives in geo; re-exported because the contract uses it. */
export type { GeoPoint };

export interface ResolveContext {
  vnetId?: string | undefined;
  identity?:
    | {
        email?: string | undefined;
        name?: string | undefined;
        groups?: readonly string[] | undefined;
      }
    | undefined;
  /** Ids of the device posture checks that passed. */
  posturePassed?: readonly string[] | undefined;
  /** The user's physical location; a colo is looked up in the catalog. */
  location?: GeoPoint | { colo: string } | undefined;
  destination?:
    | {
        host?: string | undefined;
        ip?: string | undefined;
        port?: number | undefined;
        protocol?: string | undefined;
        /** ISO 3166-1 alpha-2. */
        country?: string | undefined;
      }
    | undefined;
  /**
   * What keeps a user's choice stable among equally good locations or IPs (a device id or an
   * email). Without one the choice is still deterministic, just shared by everyone.
   */
  stickyKey?: string | undefined;
}

/**
 * The resolver's answer is the control API's `Resolution` as is, so its types are the wire
 * schema's (src/shared/api/resolve.ts) rather than a copy that could drift from it.
 */
export type {
  DecidedBy,
  FallbackUse,
  Resolution as EgressResolution,
  ResolvedEgress,
  RuleTraceEntry,
} from '../api/resolve.js';
