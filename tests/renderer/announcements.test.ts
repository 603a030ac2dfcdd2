import { describe, expect, it } from 'vitest';
import { announcementFor } from '../../src/renderer/lib/announcements.js';
import { egress, snapshot, V } from './snapshot-fixtures.js';

const base = snapshot();
const baseEgress =
  base.egress ??
  (() => {
    throw new Error('fixture has no egress');
  })();
const onAmsterdam = snapshot({
  seq: 3,
  attached_vnet_id: V.amsterdam,
  egress: {
    ...baseEgress,
    vnet_id: V.amsterdam,
    vnet_name: 'vnet-Amsterdam',
    egress: egress({ ipv4: '192.0.2.20', colo: 'AMS', city: 'Amsterdam', country: 'NL' }),
  },
});

describe('announcementFor', () => {
  it('says nothing on the first snapshot or when nothing notable changed', () => {
    expect(announcementFor(null, base)).toBeNull();
    expect(announcementFor(base, snapshot({ seq: 2 }))).toBeNull();
  });

  it('announces the start and the result of a switch', () => {
    const switching = snapshot({
      seq: 2,
      status: 'switching',
      switching: {
        vnet_id: V.amsterdam,
        vnet_name: 'vnet-Amsterdam',
        started_at: '2025-03-04T14:00:01Z',
      },
    });
    expect(announcementFor(base, switching)).toBe('Switching to vnet-Amsterdam…');
    expect(announcementFor(switching, onAmsterdam)).toBe(
      'Now on vnet-Amsterdam: Amsterdam, Netherlands, 192.0.2.20.',
    );
  });

  it('announces going offline and coming back, but not a stale egress as a switch', () => {
    const offline = snapshot({
      seq: 2,
      status: 'offline',
      offline: { since: '2025-03-04T14:00:00Z', last_error: 'x', attempt: 1, next_retry_at: null },
      egress: { ...baseEgress, stale: true },
    });
    expect(announcementFor(base, offline)).toMatch(/^Control API unreachable/);
    expect(announcementFor(offline, snapshot({ seq: 3 }))).toBe('Back online.');
  });

  it('announces a new verification with its outcome', () => {
    const verified = snapshot({
      seq: 2,
      verification: {
        status: 'mismatch',
        checked_at: '2025-03-04T14:00:05Z',
        vnet_id: V.default,
        expected: { ipv4: '192.0.2.11', colo: 'LCY', country: 'GB' },
        observed: { ip: '192.0.2.10', colo: 'LHR', loc: 'GB', vnet: null },
        message: 'a destination sees 192.0.2.10',
      },
    });
    expect(announcementFor(base, verified)).toBe(
      'Verification mismatch: a destination sees 192.0.2.10',
    );
    expect(announcementFor(verified, snapshot({ ...verified, seq: 3 }))).toBeNull();
  });
});
