import { describe, expect, it } from 'vitest';
import {
  egressChanged,
  type OpenConnection,
  sameUpstream,
} from '../../src/main/agent/data-plane/proxy/index.js';
import { isLoopback } from '../../src/main/agent/data-plane/proxy/loopback.js';
import type { RouteDecision, Upstream } from '../../src/main/agent/data-plane/route.js';
import { testLabel } from '../support/data-plane/route-fixtures.js';

const socks: Upstream = {
  kind: 'socks5',
  host: '127.0.0.1',
  port: 1080,
  username: 'u',
  password: 'p',
};

function openVia(upstream: Upstream | null, used_fallback = false): OpenConnection {
  return {
    id: 1,
    started_at: new Date(0).toISOString(),
    front: 'socks5',
    destination: { host: 'example.com', port: 443, protocol: 'tcp' },
    scope: null,
    label: testLabel({ egress_ipv4: '203.0.113.1' }),
    upstream,
    used_fallback,
    bytes_up: 0,
    bytes_down: 0,
  };
}

describe('sameUpstream', () => {
  it('compares every field that changes where traffic leaves, credentials included', () => {
    expect(sameUpstream(socks, { ...socks })).toBe(true);
    expect(sameUpstream(socks, { ...socks, password: 'rotated' })).toBe(false);
    expect(sameUpstream(socks, { ...socks, kind: 'http' })).toBe(false);
    expect(sameUpstream({ kind: 'direct' }, { kind: 'direct', localAddress: '127.0.0.2' })).toBe(
      false,
    );
    expect(sameUpstream({ kind: 'direct' }, socks)).toBe(false);
  });
});

describe('egressChanged', () => {
  const same: RouteDecision = {
    ok: true,
    upstream: socks,
    label: testLabel({ egress_ipv4: '203.0.113.1' }),
  };

  it('keeps a connection the decision would send the same way', () => {
    expect(egressChanged(() => same)(openVia(socks))).toBe(false);
  });

  it('closes one that would now be refused, go another way, or show another egress IP', () => {
    expect(
      egressChanged(() => ({ ok: false, reason: 'down', label: testLabel() }))(openVia(socks)),
    ).toBe(true);
    expect(egressChanged(() => ({ ...same, upstream: { kind: 'direct' } }))(openVia(socks))).toBe(
      true,
    );
    expect(
      egressChanged(() => ({ ...same, label: testLabel({ egress_ipv4: '203.0.113.2' }) }))(
        openVia(socks),
      ),
    ).toBe(true);
  });

  it('closes one whose decision throws (fail closed), and leaves one still being decided', () => {
    const throws = () => {
      throw new Error('no config');
    };
    expect(egressChanged(throws)(openVia(socks))).toBe(true);
    expect(egressChanged(throws)(openVia(null))).toBe(false);
  });
});

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['1270::1', false],
    [undefined, false],
  ])('%s → %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });
});
