import ipaddr from 'ipaddr.js';

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback: the only peers the local proxy serves. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined || !ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === 'loopback';
}
