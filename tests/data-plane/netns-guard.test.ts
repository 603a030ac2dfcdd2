import { describe, expect, it } from 'vitest';
import { assertUnrouted, netnsUnavailable, pickBlock, routedRanges } from '../support/netns.js';

/** The topology helper's guard: 198.18.0.0/15 only, never this machine's network or a routed range. */

const cidr = (text: string) => {
  const [ip = '', bits = '32'] = text.split('/');
  const n = ip.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
  return { base: n, bits: Number(bits) };
};

describe('the netns address guard', () => {
  it('accepts a free block of 198.18.0.0/15', () => {
    expect(() => assertUnrouted(cidr('198.19.7.0/24'), [cidr('10.0.0.0/8')])).not.toThrow();
  });

  it('refuses anything outside 198.18.0.0/15, and this machine’s 192.0.2.0/24 above all', () => {
    expect(() => assertUnrouted(cidr('192.0.2.0/24'), [])).toThrow(/outside 198\.18\.0\.0\/15/);
    expect(() => assertUnrouted(cidr('198.17.255.0/24'), [])).toThrow(/outside/);
    expect(() => assertUnrouted(cidr('198.20.0.0/24'), [])).toThrow(/outside/);
    expect(() => assertUnrouted(cidr('198.18.0.0/14'), [])).toThrow(/outside/);
  });

  it('refuses a block overlapping a routed range, either way round', () => {
    expect(() => assertUnrouted(cidr('198.18.4.0/24'), [cidr('198.18.4.8/30')])).toThrow(
      /overlaps 198\.18\.4\.8\/30, already routed/,
    );
    expect(() => assertUnrouted(cidr('198.18.4.0/24'), [cidr('198.18.0.0/16')])).toThrow(
      /overlaps 198\.18\.0\.0\/16/,
    );
    expect(() => assertUnrouted(cidr('198.18.5.0/24'), [cidr('198.18.4.0/24')])).not.toThrow();
  });
});

describe.skipIf(netnsUnavailable() !== null)('on this machine', () => {
  it('reads the routed ranges and picks a /24 of 198.18.0.0/15 clear of them', () => {
    const routed = routedRanges();
    expect(routed.length).toBeGreaterThan(0);
    const base = pickBlock();
    expect(() => assertUnrouted({ base, bits: 24 }, routed)).not.toThrow();
    expect(base >>> 17).toBe(cidr('198.18.0.0').base >>> 17);
  });
});
