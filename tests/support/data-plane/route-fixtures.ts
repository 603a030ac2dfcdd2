import type {
  RouteDecision,
  RouteLabel,
  Upstream,
} from '../../../src/main/agent/data-plane/route.js';

/** A RouteLabel for tests; every field can be overridden. */
export function testLabel(overrides: Partial<RouteLabel> = {}): RouteLabel {
  return {
    vnet_id: 'vnet-test',
    vnet_name: 'Test',
    rule: { id: 'rule-1', name: 'London QA', precedence: 100 },
    egress_ipv4: '203.0.113.10',
    egress_kind: 'dedicated',
    gateway: 'direct',
    config_version: 1,
    ...overrides,
  };
}

export function accept(
  upstream: Upstream,
  extra: Partial<Extract<RouteDecision, { ok: true }>> = {},
): RouteDecision {
  return { ok: true, upstream, label: testLabel({ gateway: JSON.stringify(upstream) }), ...extra };
}

export function refuse(reason: string, label: Partial<RouteLabel> = {}): RouteDecision {
  return {
    ok: false,
    reason,
    label: testLabel({ egress_kind: 'unavailable', egress_ipv4: null, ...label }),
  };
}
