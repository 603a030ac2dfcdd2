/**
 * True for 127.0.0.0/8, ::1 and IPv4-mapped loopback: the only peers the local proxy serves.
 * Node gives `remoteAddress` in canonical form, so prefixes are exact (and cost nothing per accept).
 */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}
