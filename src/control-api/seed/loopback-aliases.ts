import { createServer } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { Store } from '../store/store.js';

/** Whether this machine can dial from `address`: binding a socket to it is the observation. */
export function canBind(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: address, port: 0, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

export type AddressCheck = (address: string) => Promise<boolean>;

/** The addresses of `candidates` this machine has (all of 127.0.0.0/8 on Linux and Windows). */
export async function usableAddresses(
  candidates: readonly string[],
  check: AddressCheck = canBind,
): Promise<Set<string>> {
  const usable = await Promise.all(candidates.map(check));
  return new Set(candidates.filter((_, index) => usable[index]));
}

/**
 * The one command that gives this machine the missing loopback addresses. Only macOS normally
 * lacks them (its lo0 answers 127.0.0.1 alone until aliased); Linux and Windows answer all of
 * 127.0.0.0/8, so there a missing one is unexpected and no command is offered for Windows.
 */
export function aliasCommand(
  addresses: readonly string[],
  platform: NodeJS.Platform,
): string | undefined {
  if (platform === 'darwin') {
    return addresses.map((address) => `sudo ifconfig lo0 alias ${address} up`).join(' && ');
  }
  if (platform === 'linux') {
    return addresses.map((address) => `sudo ip address add ${address}/8 dev lo`).join(' && ');
  }
  return undefined;
}

const isLoopback = (address: string) =>
  ipaddr.isValid(address) && ipaddr.parse(address).range() === 'loopback';

/**
 * A sentence for the person starting the server when loopback gateways (the demo's 127.0.0.N)
 * name addresses this machine lacks, with the command that adds them; undefined when none is
 * missing. Only loopback addresses are checked: any other source address is an address of the
 * agent's machine, which need not be this one.
 */
export async function loopbackGatewayNotice(
  store: Store,
  platform: NodeJS.Platform = process.platform,
  check: AddressCheck = canBind,
): Promise<string | undefined> {
  const byAddress = new Map<string, string[]>();
  for (const account of await store.accounts.list()) {
    for (const ip of await store.egressIps.list(account.id)) {
      const gateway = ip.gateway;
      if (gateway === null || !('source_address' in gateway)) continue;
      if (!isLoopback(gateway.source_address)) continue;
      const ips = byAddress.get(gateway.source_address) ?? [];
      ips.push(`${ip.ipv4} (${ip.colo})`);
      byAddress.set(gateway.source_address, ips);
    }
  }
  const usable = await usableAddresses([...byAddress.keys()], check);
  const missing = [...byAddress.keys()].filter((address) => !usable.has(address));
  if (missing.length === 0) return undefined;
  const which = missing.map((address) => `${address} (${byAddress.get(address)?.join(', ')})`);
  const command = aliasCommand(missing, platform);
  return (
    `this machine lacks the loopback source address${missing.length > 1 ? 'es' : ''} ` +
    `${which.join(', ')}: an agent here cannot send traffic through ` +
    `${missing.length > 1 ? 'those egress IPs' : 'that egress IP'} (its connections fail, ` +
    'saying so). ' +
    (command === undefined
      ? 'Add the address to the loopback adapter.'
      : `Add ${missing.length > 1 ? 'them' : 'it'} with: ${command}`)
  );
}
