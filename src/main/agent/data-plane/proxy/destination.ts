import { isIP } from 'node:net';
import type { Destination } from '../route.js';

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;

/** Makes a control character or quote visible in an error message instead of breaking it. */
export function printable(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/** Why `host` cannot be dialled (a person reads it), or null when it is an IP literal or a valid name. */
export function invalidHostReason(host: string): string | null {
  if (host.length === 0) return 'the destination host is empty';
  if (isIP(host) !== 0) return null;
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length > 253) return 'the destination host name is longer than 253 characters';
  if (!name.split('.').every((label) => LABEL.test(label))) {
    return `${printable(host)} is not a valid host name`;
  }
  // "999.1.1.1" or "10.1" look like addresses but are not: never hand them to a resolver.
  if (/^[0-9.]+$/.test(name)) return `${printable(host)} is not a valid IPv4 address`;
  return null;
}

export type DestinationResult =
  | { ok: true; destination: Destination }
  | { ok: false; reason: string };

/** The Destination for a client-given host (IPv6 without brackets) and port, or why it is invalid. */
export function makeDestination(host: string, port: number): DestinationResult {
  const invalid = invalidHostReason(host);
  if (invalid !== null) return { ok: false, reason: invalid };
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return { ok: false, reason: `port ${port} is not between 1 and 65535` };
  }
  const destination: Destination = { host, port, protocol: 'tcp' };
  if (isIP(host) !== 0) destination.ip = host;
  return { ok: true, destination };
}

/** Parses a CONNECT target (`host:port`, `[v6]:port`): the port is required. */
export function parseAuthority(authority: string): DestinationResult {
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*)):([0-9]{1,5})$/.exec(authority);
  if (match === null) {
    return { ok: false, reason: `${printable(authority)} is not host:port` };
  }
  const v6 = match[1];
  if (v6 !== undefined && isIP(v6) !== 6) {
    return { ok: false, reason: `${printable(v6)} is not an IPv6 address` };
  }
  return makeDestination(v6 ?? match[2] ?? '', Number(match[3]));
}

/** `host:port` for messages and CONNECT request lines (IPv6 in brackets). */
export function formatDestination(destination: Pick<Destination, 'host' | 'port'>): string {
  const host = isIP(destination.host) === 6 ? `[${destination.host}]` : destination.host;
  return `${host}:${destination.port}`;
}
