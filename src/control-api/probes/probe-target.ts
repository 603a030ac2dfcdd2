import ipaddr from 'ipaddr.js';
import type { ProbeTarget } from './gateway-probe.js';

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** `host:port` (`[v6]:port` for IPv6); throws a sentence saying what is wrong. */
export function parseProbeTarget(text: string): ProbeTarget {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!match || host === undefined) {
    throw new Error(`expected host:port (IPv6 as [addr]:port), not "${text}"`);
  }
  if (!(port >= 1 && port <= 65535)) throw new Error(`port ${match[3]} is outside 1–65535`);
  const valid = match[1] !== undefined ? ipaddr.IPv6.isValid(host) : HOST_NAME.test(host);
  if (!valid) throw new Error(`"${host}" is not a host name or IP address`);
  return { host, port };
}

/**
 * The control API's own address as a CONNECT target: a wildcard listen address is not one a
 * proxy can dial, so it stands for this machine's loopback.
 */
export function ownAddressTarget(host: string, port: number): ProbeTarget {
  if (host === '0.0.0.0') return { host: '127.0.0.1', port };
  if (host === '::') return { host: '::1', port };
  return { host, port };
}
