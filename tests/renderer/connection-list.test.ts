import { describe, expect, it } from 'vitest';
import {
  bytesText,
  connectionDurationText,
  connectionEgressText,
  connectionKey,
  connectionRuleText,
  destinationText,
  filterConnections,
  mergeConnections,
  whatIfRequestFor,
} from '../../src/renderer/lib/connection-list.js';
import { connectionsFileName, connectionsToJson } from '../../src/renderer/lib/export-files.js';
import { WhatIfRequest } from '../../src/shared/agent/commands.js';
import type { ConnectionEntry } from '../../src/shared/agent/connections.js';
import {
  CONNECTIONS_CSV_COLUMNS,
  connectionsToCsv,
} from '../../src/shared/agent/connections-csv.js';

function entry(id: number, overrides: Partial<ConnectionEntry> = {}): ConnectionEntry {
  return {
    id,
    started_at: `2025-03-04T14:00:${String(id % 60).padStart(2, '0')}.000Z`,
    front: 'http-connect',
    destination: { host: 'example.com', port: 443, protocol: 'tcp' },
    scope: null,
    label: {
      vnet_id: 'v-lon',
      vnet_name: 'vnet-London',
      rule: { id: 'r-lon', name: 'Egress London', precedence: 100 },
      egress_ipv4: '192.0.2.10',
      egress_kind: 'dedicated',
      gateway: 'socks5://qa:***@127.0.0.1:1080',
      config_version: 3,
    },
    outcome: 'ok',
    used_fallback: false,
    bytes_up: 517,
    bytes_down: 4_210,
    duration_ms: 84.2,
    ...overrides,
  };
}

describe('mergeConnections', () => {
  it('puts new entries first, each once, and keeps at most the cap', () => {
    const current = [entry(3), entry(2), entry(1)];
    const merged = mergeConnections(current, [entry(5), entry(4), entry(3)], 4);
    expect(merged.map((item) => item.id)).toEqual([5, 4, 3, 2]);
  });

  it('keeps the copy it holds of an entry it already has (a logged entry is final)', () => {
    const held = entry(1);
    const merged = mergeConnections([held], [entry(1, { bytes_down: 9 })], 10);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toBe(held);
  });

  it('keeps apart two listeners whose ids collide', () => {
    const scoped = entry(1, { scope: 'v-ams' });
    const merged = mergeConnections([entry(1)], [scoped], 10);
    expect(merged).toHaveLength(2);
    expect(new Set(merged.map(connectionKey)).size).toBe(2);
  });

  it('orders by start time, then by id within one millisecond', () => {
    const at = '2025-03-04T14:00:00.000Z';
    const merged = mergeConnections(
      [entry(7, { started_at: at }), entry(2, { started_at: '2025-03-04T14:00:09.000Z' })],
      [entry(8, { started_at: at })],
      10,
    );
    expect(merged.map((item) => item.id)).toEqual([2, 8, 7]);
  });

  it('answers the same list when nothing new came, so a poll repeating it redraws nothing', () => {
    const current = [entry(2), entry(1)];
    expect(mergeConnections(current, [], 10)).toBe(current);
    expect(mergeConnections(current, [entry(1), entry(2)], 10)).toBe(current);
  });
});

describe('filterConnections', () => {
  it('shows refused and failed ones under "refused"', () => {
    const list = [
      entry(3, { outcome: 'refused', reason: 'egress unavailable' }),
      entry(2),
      entry(1, { outcome: 'failed', reason: 'gateway did not answer' }),
    ];
    expect(filterConnections(list, 'refused').map((item) => item.id)).toEqual([3, 1]);
    expect(filterConnections(list, 'all')).toHaveLength(3);
  });
});

describe('row texts', () => {
  it('names the destination, brackets an IPv6 literal', () => {
    expect(destinationText({ host: 'example.com', port: 443, protocol: 'tcp' })).toBe(
      'example.com:443',
    );
    expect(
      destinationText({ host: '2001:db8::1', ip: '2001:db8::1', port: 80, protocol: 'tcp' }),
    ).toBe('[2001:db8::1]:80');
  });

  it('says where it left and what decided it', () => {
    expect(connectionEgressText(entry(1))).toBe('192.0.2.10');
    const shared = entry(1);
    if (shared.label) shared.label = { ...shared.label, egress_kind: 'shared', egress_ipv4: null };
    expect(connectionEgressText(shared)).toBe('shared egress');
    expect(connectionEgressText(entry(1, { label: null }))).toBe('not decided');
    expect(connectionRuleText(entry(1))).toBe('Egress London');
    const noRule = entry(1);
    if (noRule.label) noRule.label = { ...noRule.label, rule: null };
    expect(connectionRuleText(noRule)).toBe('no rule matched');
  });
});

describe('bytesText', () => {
  it('uses decimal units, one decimal below ten', () => {
    expect(bytesText(0)).toBe('0 B');
    expect(bytesText(999)).toBe('999 B');
    expect(bytesText(1000)).toBe('1.0 kB');
    expect(bytesText(4_210)).toBe('4.2 kB');
    expect(bytesText(52_400)).toBe('52 kB');
    expect(bytesText(3_500_000)).toBe('3.5 MB');
    expect(bytesText(1.2e9)).toBe('1.2 GB');
  });

  it('carries into the next unit instead of printing 1000', () => {
    expect(bytesText(999_960)).toBe('1.0 MB');
    expect(bytesText(999_499)).toBe('999 kB');
  });

  it('shows a dash for what is not a size', () => {
    expect(bytesText(-1)).toBe('—');
    expect(bytesText(Number.NaN)).toBe('—');
  });
});

describe('connectionDurationText', () => {
  it('fits the scale of the duration', () => {
    expect(connectionDurationText(84.2)).toBe('84 ms');
    expect(connectionDurationText(1_430)).toBe('1.4 s');
    expect(connectionDurationText(42_000)).toBe('42 s');
    expect(connectionDurationText(125_000)).toBe('2 min 05 s');
  });
});

describe('whatIfRequestFor', () => {
  it('asks about the same destination on the same vnet, in the contract', () => {
    const request = whatIfRequestFor(entry(1));
    expect(request).toEqual({
      destination: { host: 'example.com', port: 443, protocol: 'tcp' },
      vnet_id: 'v-lon',
    });
    expect(WhatIfRequest.safeParse(request).success).toBe(true);
  });

  it('asks by IP when the client gave a literal, and for the attached vnet when none decided', () => {
    const literal = entry(1, {
      destination: { host: '198.51.100.7', ip: '198.51.100.7', port: 80, protocol: 'tcp' },
      label: null,
    });
    expect(whatIfRequestFor(literal)).toEqual({
      destination: { ip: '198.51.100.7', port: 80, protocol: 'tcp' },
    });
    expect(WhatIfRequest.safeParse(whatIfRequestFor(literal)).success).toBe(true);
  });
});

describe('connection exports', () => {
  it('writes CSV oldest first, quoting what needs it, one column per field', () => {
    const list = [
      entry(2, { outcome: 'refused', reason: 'egress unavailable, "both" down', bytes_up: 0 }),
      entry(1),
    ];
    const csv = connectionsToCsv(list);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CONNECTIONS_CSV_COLUMNS.join(','));
    expect(
      lines[1]?.startsWith('1,2025-03-04T14:00:01.000Z,http-connect,,example.com,443,,v-lon,'),
    ).toBe(true);
    expect(lines[2]).toContain(',refused,"egress unavailable, ""both"" down",false,0,');
    expect(lines[3]).toBe('');
    expect(lines[1]?.split(',')).toHaveLength(CONNECTIONS_CSV_COLUMNS.length);
  });

  it('writes JSON as the agent gave it, with when it was exported', () => {
    const at = new Date('2025-03-04T14:02:00.000Z');
    const parsed = JSON.parse(connectionsToJson([entry(1)], at));
    expect(parsed).toEqual({ exported_at: '2025-03-04T14:02:00.000Z', connections: [entry(1)] });
    expect(connectionsFileName('csv', new Date(2025, 2, 4, 14, 2))).toBe(
      'egress-connections-2025-03-04-1402.csv',
    );
  });
});
