import { describe, expect, it } from 'vitest';
import { displayState, type SwitchAnswer } from '../../src/renderer/lib/display-state.js';
import type { EgressSnapshot } from '../../src/shared/agent/state.js';
import { egress, snapshot, V } from './snapshot-fixtures.js';

const onDefault = snapshot({ seq: 5 });
const amsterdam: EgressSnapshot = {
  vnet_id: V.amsterdam,
  vnet_name: 'vnet-Amsterdam',
  egress: egress({ ipv4: '192.0.2.20', colo: 'AMS', city: 'Amsterdam', country: 'NL' }),
  decided_by: { type: 'rule', summary: 'rule Egress Amsterdam' },
  fallback: { used: false },
  config_version: 1,
  resolved_at: '2025-03-04T14:00:02.000Z',
  stale: false,
};
const answer = (seq: number): SwitchAnswer => ({
  vnetId: V.amsterdam,
  result: { egress: amsterdam, verification: null, duration_ms: 12 },
  seq,
});
const switching = snapshot({
  seq: 6,
  status: 'switching',
  switching: {
    vnet_id: V.amsterdam,
    vnet_name: 'vnet-Amsterdam',
    started_at: '2025-03-04T14:00:01Z',
  },
});

describe('displayState', () => {
  it('shows the snapshot when nothing is pending', () => {
    expect(displayState(onDefault, null, null)).toEqual({
      egress: onDefault.egress,
      verification: null,
      switchingId: null,
    });
  });

  it('shows progress on the clicked vnet before the agent says it is switching', () => {
    expect(displayState(onDefault, V.amsterdam, null).switchingId).toBe(V.amsterdam);
    // A newer click wins over the switch the agent reports.
    expect(displayState(switching, V.dublin, null).switchingId).toBe(V.dublin);
    // Another front's switch shows too.
    expect(displayState(switching, null, null).switchingId).toBe(V.amsterdam);
  });

  it('shows our switch’s answer as soon as it lands, ahead of the snapshot', () => {
    const shown = displayState(switching, null, answer(6));
    expect(shown.egress?.vnet_id).toBe(V.amsterdam);
    expect(shown.switchingId).toBeNull();
  });

  it('lets any newer snapshot win over the answer', () => {
    const later = snapshot({ seq: 7 });
    expect(displayState(later, null, answer(6)).egress?.vnet_id).toBe(V.default);
  });

  it('prefers the snapshot once it has caught up (it may know more, e.g. a config change)', () => {
    const caughtUp = snapshot({
      seq: 6,
      attached_vnet_id: V.amsterdam,
      egress: { ...amsterdam, config_version: 2, egress: egress({ ipv4: '192.0.2.99' }) },
    });
    expect(displayState(caughtUp, null, answer(6)).egress?.egress.ipv4).toBe('192.0.2.99');
  });
});
