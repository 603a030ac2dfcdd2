import { describe, expect, it } from 'vitest';
import {
  ConnectionLog,
  type ConnectionRecord,
} from '../../src/main/agent/data-plane/proxy/index.js';
import { testLabel } from '../support/data-plane/route-fixtures.js';

function record(id: number, overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    id,
    started_at: new Date(1_700_000_000_000 + id).toISOString(),
    front: 'socks5',
    destination: { host: `host-${id}.example`, port: 443, protocol: 'tcp' },
    scope: null,
    label: testLabel(),
    outcome: 'ok',
    used_fallback: false,
    bytes_up: id,
    bytes_down: id,
    duration_ms: 1,
    ...overrides,
  };
}

describe('ConnectionLog', () => {
  it('keeps the last `capacity` records, newest first', () => {
    const log = new ConnectionLog(3);
    for (let id = 1; id <= 5; id++) log.add(record(id));
    expect(log.size).toBe(3);
    expect(log.query().map((r) => r.id)).toEqual([5, 4, 3]);
    expect(log.query({ limit: 2 }).map((r) => r.id)).toEqual([5, 4]);
  });

  it('filters by outcome, host substring, vnet, rule, scope and since_id', () => {
    const log = new ConnectionLog();
    log.add(record(1, { outcome: 'refused', reason: 'no gateway' }));
    log.add(record(2, { destination: { host: 'API.Example.com', port: 443, protocol: 'tcp' } }));
    log.add(
      record(3, {
        label: testLabel({ vnet_id: 'vnet-Dublin', rule: { id: 'r-9', name: 'x', precedence: 9 } }),
      }),
    );
    log.add(record(4, { scope: 'vnet-London' }));
    log.add(record(5, { label: null, outcome: 'refused' }));
    expect(log.query({ outcome: 'refused' }).map((r) => r.id)).toEqual([5, 1]);
    expect(log.query({ host: 'api.example' }).map((r) => r.id)).toEqual([2]);
    expect(log.query({ vnet_id: 'vnet-Dublin' }).map((r) => r.id)).toEqual([3]);
    expect(log.query({ rule_id: 'r-9' }).map((r) => r.id)).toEqual([3]);
    expect(log.query({ scope: 'vnet-London' }).map((r) => r.id)).toEqual([4]);
    expect(log.query({ scope: null }).map((r) => r.id)).toEqual([5, 3, 2, 1]);
    expect(log.query({ since_id: 3 }).map((r) => r.id)).toEqual([5, 4]);
  });

  it('feeds subscribers every new record until they unsubscribe; a throwing one does not stop the others', () => {
    const log = new ConnectionLog();
    const seen: number[] = [];
    log.subscribe(() => {
      throw new Error('broken subscriber');
    });
    const unsubscribe = log.subscribe((r) => seen.push(r.id));
    log.add(record(1));
    unsubscribe();
    log.add(record(2));
    expect(seen).toEqual([1]);
    expect(log.query().map((r) => r.id)).toEqual([2, 1]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new ConnectionLog(0)).toThrow(RangeError);
  });
});
