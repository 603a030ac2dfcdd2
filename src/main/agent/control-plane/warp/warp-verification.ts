import type { EgressSnapshot, Verification } from '../../../../shared/agent/index.js';
import type { CdnTrace } from '../../../../shared/api/index.js';

/**
 * A verification with the real client: `ip=` is compared with the resolved egress IPv4 and the
 * vnet WARP reports with the one resolved. `colo=` is the data center that served the check —
 * for Cloudflare-proxied sites the local one, not the egress city — so it is shown, never
 * called a mismatch (facts §4/§5a). Where the egress IPv4 is not known in advance (Cloudflare's
 * shared egress, or "the closest of the dedicated IPs"), the account's dedicated IPs (from the
 * rules, sent by the adapter as `egress_ips`) tell a dedicated egress from a shared one.
 */
export function compareWarpTrace(
  expected: EgressSnapshot,
  trace: CdnTrace,
  checkedAt: string,
): Verification {
  const observed = {
    ip: trace.ip,
    colo: trace.colo,
    loc: trace.loc,
    vnet: trace.vnet === '' ? null : trace.vnet,
  };
  const dedicated = new Set((trace.egress_ips ?? '').split(',').filter((ip) => ip.length > 0));
  const seen = `a destination sees ${trace.ip}${trace.colo ? ` (served by ${trace.colo}` : ''}${trace.colo && trace.loc ? `, loc=${trace.loc})` : trace.colo ? ')' : ''}`;
  const { egress } = expected;
  const differences: string[] = [];
  let because: string;
  if (egress.ipv4 !== null) {
    if (trace.ip !== egress.ipv4) differences.push('IP');
    because = `expected ${egress.ipv4}`;
  } else if (egress.kind === 'shared') {
    if (dedicated.has(trace.ip)) differences.push('IP');
    because = "expected Cloudflare's shared egress (not one of the account's dedicated IPs)";
  } else {
    if (!dedicated.has(trace.ip)) differences.push('IP');
    because = `expected one of the account's dedicated IPs (${[...dedicated].join(', ')})`;
  }
  if (observed.vnet !== null && observed.vnet !== expected.vnet_id) differences.push('vnet');
  const base = {
    checked_at: checkedAt,
    vnet_id: expected.vnet_id,
    expected: { ipv4: egress.ipv4, colo: egress.colo, country: egress.country },
    observed,
  };
  const via = trace.verify_url ? ` [${trace.verify_url}]` : '';
  if (differences.length === 0) {
    return {
      ...base,
      status: 'match',
      message: `Verified: ${seen}, as resolved for ${expected.vnet_name}${via}.`,
    };
  }
  const vnetNote = differences.includes('vnet')
    ? `; WARP reports vnet ${observed.vnet}, not ${expected.vnet_id}`
    : '';
  return {
    ...base,
    status: 'mismatch',
    message: `Mismatch (${differences.join(', ')}): ${because}, but ${seen}${vnetNote}${via}.`,
  };
}
