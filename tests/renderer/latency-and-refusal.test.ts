import { describe, expect, it } from 'vitest';
import { gatewayText, latencyText, vnetMeasurement } from '../../src/renderer/lib/latency-text.js';
import { refusalNotice } from '../../src/renderer/lib/refusal-notice.js';
import { VnetEntry } from '../../src/shared/agent/state.js';
import { egress, snapshot, vnet } from './snapshot-fixtures.js';

const measured = (added_ms: number | null) => ({
  added_ms,
  gateway_rtt_ms: added_ms === null ? null : 20 + added_ms,
  measured_at: '2025-03-04T14:00:00.000Z',
});

describe('latencyText', () => {
  it('says what the gateway adds, rounded, signed', () => {
    expect(latencyText(measured(12.4))).toBe('+12 ms');
    expect(latencyText(measured(0.4))).toBe('+0 ms');
    expect(latencyText(measured(-0.4))).toBe('+0 ms');
    expect(latencyText(measured(-3.2))).toBe('−3 ms');
  });

  it('says unknown when it was not measured', () => {
    expect(latencyText(measured(null))).toBe('latency unknown');
    expect(latencyText(null)).toBe('latency unknown');
    expect(latencyText(undefined)).toBe('latency unknown');
  });
});

describe('vnetMeasurement', () => {
  it('shows gateway and latency for a dedicated egress', () => {
    const row = vnet('v-lon', 'vnet-London', {}, { latency: measured(12), gateway_up: true });
    expect(VnetEntry.safeParse(row).success).toBe(true);
    expect(vnetMeasurement(row)).toEqual({ gateway: 'up', text: 'gateway up · +12 ms' });
    const down = vnet('v-lon', 'vnet-London', {}, { latency: null, gateway_up: false });
    expect(vnetMeasurement(down)).toEqual({
      gateway: 'down',
      text: 'gateway down · latency unknown',
    });
  });

  it('leaves the gateway unsaid when not known, never the latency', () => {
    const unknown = vnet('v-lon', 'vnet-London', {}, { latency: null, gateway_up: null });
    expect(vnetMeasurement(unknown)).toEqual({ gateway: 'unknown', text: 'latency unknown' });
    const onlyLatency = vnet('v-lon', 'vnet-London', {}, { latency: measured(7) });
    expect(vnetMeasurement(onlyLatency)).toEqual({ gateway: 'unknown', text: '+7 ms' });
    expect(gatewayText(null)).toBe('gateway not checked');
  });

  it('carries why a figure is missing, in the agent’s words, for the tooltip', () => {
    const error = 'the gateway is up but did not reach the probe target (refused)';
    const refusing = vnet(
      'v-lon',
      'vnet-London',
      {},
      { latency: { ...measured(null), error }, gateway_up: true },
    );
    expect(vnetMeasurement(refusing)).toEqual({
      gateway: 'up',
      text: 'gateway up · latency unknown',
      why: error,
    });
  });

  it('says nothing for an agent that reports neither (it does not measure)', () => {
    expect(vnetMeasurement(vnet('v-lon', 'vnet-London', {}))).toBeNull();
  });

  it('has nothing to show for the shared egress, an unavailable one, or an unresolved vnet', () => {
    const measuredRow = { latency: measured(5), gateway_up: true };
    const shared = vnet('v-s', 'shared', { kind: 'shared', ipv4: null }, measuredRow);
    const down = vnet('v-u', 'down', { kind: 'unavailable', ipv4: null }, measuredRow);
    expect(vnetMeasurement(shared)).toBeNull();
    expect(vnetMeasurement(down)).toBeNull();
    expect(vnetMeasurement(vnet('v-n', 'new', null, measuredRow))).toBeNull();
  });
});

describe('refusalNotice', () => {
  const base = snapshot();
  const attached = base.egress;
  if (!attached) throw new Error('fixture has an egress');

  it('is silent while traffic flows', () => {
    expect(refusalNotice(base, attached)).toBeNull();
    expect(refusalNotice(base, null)).toBeNull();
  });

  it('says traffic is refused, why, and what to do, when the egress is unavailable', () => {
    const down = {
      ...attached,
      egress: egress({
        kind: 'unavailable',
        ipv4: null,
        ipv6: null,
        colo: null,
        city: null,
        country: null,
      }),
      fallback: {
        used: false,
        reason: 'both London egress IPs are down and the rule has no fallback',
      },
    };
    const notice = refusalNotice(base, down);
    expect(notice).toMatchObject({
      kind: 'refusing',
      title: 'Traffic is being refused',
      reason: 'both London egress IPs are down and the rule has no fallback',
    });
    expect(notice?.action).toMatch(/Switch to a network that is up/);
    expect(notice?.action).toMatch(/Nothing goes out another way/);
  });

  it('says the proxy is not running when its port is taken, naming the port', () => {
    const taken = {
      proxy: {
        address: '127.0.0.1:40000',
        listening: false,
        error: 'port 40000 is in use by another program',
      },
    };
    expect(refusalNotice(taken, attached)).toMatchObject({
      kind: 'proxy_down',
      reason: 'port 40000 is in use by another program',
      action:
        'Free port 40000 (another proxy may hold it) or choose another proxy port in Settings.',
    });
  });

  it('waits quietly while the proxy is still starting', () => {
    const starting = { proxy: { address: '127.0.0.1:40000', listening: false, error: null } };
    expect(refusalNotice(starting, attached)).toBeNull();
  });
});
