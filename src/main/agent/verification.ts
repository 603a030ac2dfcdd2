import { isIP } from 'node:net';
import type { EgressSnapshot, Verification } from '../../shared/agent/index.js';
import { type CdnTrace, parseTraceText } from '../../shared/api/index.js';

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
  via?: Verification['via'],
): Verification {
  return {
    ...(via === undefined ? {} : { via }),
    status: 'error',
    checked_at: checkedAt,
    vnet_id: expected.vnet_id,
    expected: expectedOf(expected),
    observed: null,
    message: `Could not verify: ${reason.replace(/\s+$/, '').replace(/\.$/, '')}.`,
  };
}

/** What a destination said it saw of a connection: a trace, or just an address. */
export interface Observation {
  ip: string;
  /** Empty when the destination does not say (a plain-address answer). */
  colo: string;
  loc: string;
  vnet: string | null;
}

/**
 * Reads a verify URL's answer: `/cdn-cgi/trace` (ours or Cloudflare's: `key=value` lines with
 * `ip=`), or a bare address (`https://ipv4.icanhazip.com`). Undefined when it names no address.
 */
export function parseObservation(body: string): Observation | undefined {
  const fields = parseTraceText(body);
  const ip = fields.ip?.trim();
  if (ip !== undefined && isIP(ip) !== 0) {
    const vnet = fields.vnet?.trim() ?? '';
    return {
      ip,
      colo: fields.colo?.trim() ?? '',
      loc: fields.loc?.trim() ?? '',
      vnet: vnet === '' ? null : vnet,
    };
  }
  const plain = body.trim();
  return isIP(plain) !== 0 ? { ip: plain, colo: '', loc: '', vnet: null } : undefined;
}

export interface ObservationOptions {
  /** The URL fetched and the proxy it went through. */
  via: NonNullable<Verification['via']>;
  /**
   * The control API's own trace: its data center and vnet are the simulator's and must agree
   * too. Anyone else's (Cloudflare's colo is its edge's, icanhazip says only the address): the
   * address alone.
   */
  strict: boolean;
  /**
   * What a destination sees of traffic through the account's dedicated egress: their IPv4s and
   * their gateways' source addresses. A shared egress leaves directly, so seeing one of these
   * is how a shared egress mismatches.
   */
  dedicated: ReadonlySet<string>;
}

/**
 * Compares the egress the agent resolved with the address a destination saw of a connection
 * made through the local proxy: the observation, not the server's record.
 */
export function compareObservation(
  expected: EgressSnapshot,
  observed: Observation,
  checkedAt: string,
  options: ObservationOptions,
): Verification {
  // Our data plane carries a shared egress directly, from this machine's own connection: a
  // destination sees this machine's address, not the shared egress's simulated one, so what
  // can differ is the egress leaving through a dedicated IP instead.
  const shared = expected.egress.kind === 'shared';
  const differences: string[] = [];
  if (shared ? options.dedicated.has(observed.ip) : observed.ip !== expected.egress.ipv4) {
    differences.push('IP');
  }
  if (!shared && options.strict && observed.colo !== '' && observed.colo !== expected.egress.colo) {
    differences.push('data center');
  }
  if (options.strict && observed.vnet !== null && observed.vnet !== expected.vnet_id) {
    differences.push('vnet');
  }
  const host = new URL(options.via.url).host;
  const where =
    observed.colo === '' ? '' : ` in ${observed.colo}${observed.loc ? ` (${observed.loc})` : ''}`;
  const base = {
    checked_at: checkedAt,
    vnet_id: expected.vnet_id,
    expected: expectedOf(expected),
    observed,
    via: options.via,
  };
  const sees = `${host} sees ${observed.ip}${where}`;
  if (differences.length === 0) {
    const as = shared
      ? `: this machine’s own connection, not a dedicated egress IP, which is how the shared egress resolved for ${expected.vnet_name} leaves`
      : `, as resolved for ${expected.vnet_name}`;
    return {
      ...base,
      status: 'match',
      message: `Verified: through the local proxy, ${sees}${as}.`,
    };
  }
  const { ipv4, colo } = expected.egress;
  const wanted = shared
    ? 'the shared egress (direct, not a dedicated egress IP)'
    : `${ipv4 ?? 'no IP'}${colo ? ` in ${colo}` : ''}`;
  const onVnet = differences.includes('vnet') ? ` on vnet ${observed.vnet}` : '';
  return {
    ...base,
    status: 'mismatch',
    message:
      `Mismatch (${differences.join(', ')}): expected ${wanted} for ${expected.vnet_name}, but ` +
      `through the local proxy ${sees}${onVnet}.`,
  };
}
