import type { GatewayRule } from '../../shared/api/index.js';
import { parseExpression, referencedValues } from '../../shared/policy/index.js';

const VNET_FIELD = 'net.vnet_id';

/** Vnet ids a traffic expression names (none if it does not parse: it was checked on write). */
export function vnetIdsInTraffic(traffic: string): string[] {
  const parsed = parseExpression(traffic, 'traffic');
  return parsed.ok ? referencedValues(parsed.ast, VNET_FIELD) : [];
}

export function rulesReferencingVnet(rules: readonly GatewayRule[], vnetId: string): GatewayRule[] {
  return rules.filter((rule) => vnetIdsInTraffic(rule.traffic).includes(vnetId));
}
