import { describe, expect, it } from 'vitest';
import { noticesFor } from '../../src/main/electron/notification-policy.js';
import { egressOf, snapshot, unavailableEgress } from './fixtures.js';

const hidden = { popoverVisible: false };

const verification = (status: 'match' | 'mismatch' | 'error', at: string) => ({
  status,
  checked_at: at,
  vnet_id: 'v-lon',
  expected: { ipv4: '192.0.2.10', colo: 'LHR', country: 'GB' },
  observed: null,
  message:
    status === 'match' ? 'matches' : 'a destination sees 198.51.100.30 (DUB), not 192.0.2.10 (LHR)',
});

describe('noticesFor', () => {
  const london = snapshot();
  const amsterdam = snapshot({
    attached_vnet_id: 'v-ams',
    egress: egressOf('v-ams', 'vnet-Amsterdam', 'Amsterdam'),
  });

  it('announces an egress change with where traffic now leaves', () => {
    expect(noticesFor(london, amsterdam, hidden)).toEqual([
      {
        kind: 'egress_changed',
        title: 'Egress changed',
        body: 'vnet-Amsterdam · 192.0.2.20 · Amsterdam, NL',
      },
    ]);
  });

  it('announces a change of IP within the same vnet (an admin policy change)', () => {
    const moved = snapshot({ egress: egressOf('v-lon', 'vnet-London', 'Dublin') });
    expect(noticesFor(london, moved, hidden).map((n) => n.kind)).toEqual(['egress_changed']);
  });

  it('stays quiet at start, on repeats, on stale answers, and while the popover shows it', () => {
    expect(noticesFor(null, london, hidden)).toEqual([]);
    expect(noticesFor(snapshot({ egress: null }), london, hidden)).toEqual([]);
    expect(noticesFor(london, snapshot({ seq: 8 }), hidden)).toEqual([]);
    const stale = snapshot({
      egress: egressOf('v-ams', 'vnet-Amsterdam', 'Amsterdam', { stale: true }),
    });
    expect(noticesFor(london, stale, hidden)).toEqual([]);
    expect(noticesFor(london, amsterdam, { popoverVisible: true })).toEqual([]);
  });

  it('always announces losing every way out (traffic refused), and getting one back', () => {
    const gone = snapshot({
      egress: egressOf('v-lon', 'vnet-London', 'London', {
        egress: unavailableEgress(),
        fallback: { used: true, reason: 'LHR and its fallback DUB are down' },
      }),
    });
    expect(noticesFor(london, gone, { popoverVisible: true })).toEqual([
      {
        kind: 'egress_unavailable',
        title: 'Traffic refused: no egress available',
        body:
          'vnet-London: LHR and its fallback DUB are down. The proxy refuses connections rather ' +
          'than send them another way.',
      },
    ]);
    // Once, not on every snapshot while it lasts.
    expect(noticesFor(gone, snapshot({ ...gone, seq: 9 }), hidden)).toEqual([]);
    expect(noticesFor(gone, london, { popoverVisible: true })).toEqual([
      {
        kind: 'egress_recovered',
        title: 'Traffic flows again',
        body: 'vnet-London · 192.0.2.10 · London, GB',
      },
    ]);
    // A stale answer while offline is no recovery.
    const staleBack = snapshot({
      egress: egressOf('v-lon', 'vnet-London', 'London', { stale: true }),
    });
    expect(noticesFor(gone, staleBack, hidden)).toEqual([]);
    // In Cloudflare WARP mode the WARP client carries traffic: no claim about our proxy.
    const warp = { control_api: { mode: 'cloudflare_warp' as const, url: null, account_id: 'a' } };
    expect(
      noticesFor(snapshot(warp), snapshot({ ...gone, ...warp }), hidden).map((n) => n.title),
    ).toEqual(['No egress available']);
    expect(noticesFor(snapshot({ ...gone, ...warp }), snapshot(warp), hidden)[0]?.title).toBe(
      'Egress available again',
    );
  });

  it('announces a failed verification once, and never a successful one', () => {
    const failed = snapshot({ verification: verification('mismatch', '2025-01-01T12:00:00.000Z') });
    expect(noticesFor(london, failed, hidden)).toEqual([
      {
        kind: 'verification_failed',
        title: 'Egress verification failed',
        body: 'a destination sees 198.51.100.30 (DUB), not 192.0.2.10 (LHR)',
      },
    ]);
    expect(noticesFor(failed, snapshot({ ...failed, seq: 8 }), hidden)).toEqual([]);
    const ok = snapshot({ verification: verification('match', '2025-01-01T12:01:00.000Z') });
    expect(noticesFor(failed, ok, hidden)).toEqual([]);
  });

  it('is silenced entirely by the notifications setting', () => {
    const off = { ...amsterdam.settings, notifications: false };
    const failed = snapshot({
      ...amsterdam,
      settings: off,
      verification: verification('error', '2025-01-01T12:00:00.000Z'),
    });
    expect(noticesFor(london, failed, hidden)).toEqual([]);
  });
});
