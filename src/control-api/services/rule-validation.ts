import {
  EGRESS_ACTION,
  type EgressSettings,
  ErrorCode,
  type GatewayRuleCreate,
  SHARED_EGRESS_FALLBACK,
} from '../../shared/api/index.js';
import { parseExpression } from '../../shared/policy/index.js';
import { badRequest } from '../errors.js';
import type { Store } from '../store/store.js';
import { vnetIdsInTraffic } from './rule-references.js';

const EXPRESSION_KINDS = ['traffic', 'identity', 'device_posture'] as const;

/**
 * Before the schema: a rule that is not an egress policy gets one plain answer instead of a
 * schema complaint about a literal.
 */
export function precheckEgressOnly(raw: unknown): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
  const { action, filters } = raw as { action?: unknown; filters?: unknown };
  const explain =
    'this control plane evaluates egress policies only: rules need action "egress" and ' +
    'filters ["egress"] (filters may be omitted)';
  if (action !== undefined && action !== EGRESS_ACTION) {
    throw badRequest(
      `body.action: ${explain}; got ${JSON.stringify(action)}`,
      ErrorCode.EGRESS_POLICIES_ONLY,
    );
  }
  const onlyEgress = Array.isArray(filters) && filters.length === 1 && filters[0] === EGRESS_ACTION;
  if (filters !== undefined && !onlyEgress) {
    throw badRequest(
      `body.filters: ${explain}; got ${JSON.stringify(filters)}`,
      ErrorCode.EGRESS_POLICIES_ONLY,
    );
  }
}

/** Parses each expression for its column; the error names the field, line and column. */
export function checkExpressions(body: GatewayRuleCreate): void {
  for (const kind of EXPRESSION_KINDS) {
    const source = body[kind] ?? '';
    const parsed = parseExpression(source, kind);
    if (parsed.ok) continue;
    const { message, position, suggestion } = parsed.error;
    const where = `line ${position.line}, column ${position.column}`;
    const hint =
      suggestion && !message.includes(suggestion) ? ` (did you mean ${suggestion}?)` : '';
    const text = message.includes(where) ? message : `${message} (at ${where})`;
    throw badRequest(`body.${kind}: ${text}${hint}`, ErrorCode.INVALID_EXPRESSION);
  }
}

/** Every `net.vnet_id` the traffic expression names must be a live vnet of the account. */
export async function checkVnetReferences(
  store: Store,
  accountId: string,
  traffic: string,
): Promise<void> {
  for (const id of vnetIdsInTraffic(traffic)) {
    const vnet = await store.vnets.get(accountId, id);
    if (!vnet) {
      throw badRequest(
        `body.traffic: net.vnet_id "${id}" is not a virtual network of this account`,
        ErrorCode.INVALID_EXPRESSION,
      );
    }
    if (vnet.deleted_at !== null) {
      throw badRequest(
        `body.traffic: net.vnet_id "${id}" names virtual network "${vnet.name}", which was deleted`,
        ErrorCode.INVALID_EXPRESSION,
      );
    }
  }
}

/**
 * The primary must be one of the account's dedicated IPs; the fallback is `0.0.0.0` (shared
 * egress) or an account IP in another data center — a fallback in the primary's own data
 * center would go down with it.
 */
export async function checkEgressSettings(
  store: Store,
  accountId: string,
  egress: EgressSettings | null | undefined,
): Promise<void> {
  if (!egress) return;
  const invalid = (message: string) => badRequest(message, ErrorCode.INVALID_EGRESS_SETTINGS);
  const primary = await store.egressIps.findByIpv4(accountId, egress.ipv4);
  if (!primary) {
    throw invalid(
      `body.rule_settings.egress.ipv4: ${egress.ipv4} is not one of this account's dedicated ` +
        'egress IPs (see gateway/egress_ips)',
    );
  }
  const fallback = egress.ipv4_fallback;
  if (fallback === undefined || fallback === SHARED_EGRESS_FALLBACK) return;
  const secondary = await store.egressIps.findByIpv4(accountId, fallback);
  if (!secondary) {
    throw invalid(
      `body.rule_settings.egress.ipv4_fallback: ${fallback} is not one of this account's ` +
        `dedicated egress IPs; use one of them or "${SHARED_EGRESS_FALLBACK}" for the shared egress`,
    );
  }
  if (secondary.colo === primary.colo) {
    throw invalid(
      `body.rule_settings.egress.ipv4_fallback: ${fallback} is in the same data center ` +
        `(${primary.colo}) as the primary ${egress.ipv4}, so it would be down whenever the ` +
        `primary is; choose an IP in another data center or "${SHARED_EGRESS_FALLBACK}"`,
    );
  }
}
