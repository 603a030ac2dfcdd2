import type { EgressSnapshot, Verification } from '../../shared/agent/index.js';
import type { CdnTrace } from '../../shared/api/index.js';

type Observed = NonNullable<Verification['observed']>;

function expectedOf(egress: EgressSnapshot): Verification['expected'] {
  return { ipv4: egress.egress.ipv4, colo: egress.egress.colo, country: egress.egress.country };
}

function describeEgress(ip: string | null, colo: string | null, vnet: string | null): string {
  return `${ip ?? 'no IP'} in ${colo ?? 'no data center'} on vnet ${vnet ?? 'unknown'}`;
}

/**
 * Compares what the agent resolved with what a destination sees (`/cdn-cgi/trace`, computed by
 * the server from its own record of the device): IP, data center and vnet must all agree. A
 * shared egress is compared the same way — its IP and colo are what the server reports too.
 */
export function compareTrace(
  expected: EgressSnapshot,
  trace: CdnTrace,
  checkedAt: string,
): Verification {
  const observed: Observed = {
    ip: trace.ip,
    colo: trace.colo,
    loc: trace.loc,
    vnet: trace.vnet === '' ? null : trace.vnet,
  };
  const differences: string[] = [];
  if (trace.ip !== expected.egress.ipv4) differences.push('IP');
  if (trace.colo !== expected.egress.colo) differences.push('data center');
  if (observed.vnet !== expected.vnet_id) differences.push('vnet');
  const base = { checked_at: checkedAt, vnet_id: expected.vnet_id, expected: expectedOf(expected) };
  if (differences.length === 0) {
    return {
      ...base,
      status: 'match',
      observed,
      message: `Verified: a destination sees ${trace.ip} in ${trace.colo} (${trace.loc}), as resolved for ${expected.vnet_name}.`,
    };
  }
  return {
    ...base,
    status: 'mismatch',
    observed,
    message:
      `Mismatch (${differences.join(', ')}): expected ` +
      `${describeEgress(expected.egress.ipv4, expected.egress.colo, expected.vnet_id)}, but a ` +
      `destination sees ${describeEgress(trace.ip, trace.colo, observed.vnet)}.`,
  };
}

/** The check itself failed: the egress is unavailable, or the trace could not be read. */
export function failedVerification(
  expected: EgressSnapshot,
  reason: string,
  checkedAt: string,
): Verification {
  return {
    status: 'error',
    checked_at: checkedAt,
    vnet_id: expected.vnet_id,
    expected: expectedOf(expected),
    observed: null,
    message: `Could not verify: ${reason.replace(/\s+$/, '').replace(/\.$/, '')}.`,
  };
}
