import { describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { AgentError, AgentSnapshot } from '../../src/shared/agent/index.js';
import { agentStack } from '../support/agent-stack.js';
import { recordSnapshots } from './helpers.js';

const stack = agentStack();

async function serverDevice() {
  const id = (await stack.agent.getState()).device?.id ?? '';
  return stack.admin.getDevice(id);
}

describe('switching against a real control API', () => {
  it('starts connected, enrolled as this host, on the default vnet', async () => {
    const state = await stack.agent.getState();
    expect(AgentSnapshot.parse(state)).toEqual(state);
    expect(state.status).toBe('connected');
    const devices = await stack.admin.listDevices();
    expect(devices.map((device) => device.id)).toEqual([state.device?.id]);
    expect(devices[0]?.name).toBe('test-host');
    expect(devices[0]?.user_email).toBe('qa@example.com');
    expect(state.attached_vnet_id).toBe(DEMO_VNETS.default.id);
    expect(state.vnets[0]?.is_default).toBe(true);
    const rest = state.vnets.slice(1).map((vnet) => vnet.name);
    expect(rest).toEqual([...rest].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('switches by name: the server attaches the device, egress is the rule’s IP', async () => {
    const published = recordSnapshots(stack.agent);
    const result = await stack.agent.switchVnet({ vnet: 'vnet-London', origin: 'cli' });
    published.stop();
    expect(result.egress.egress.ipv4).toBe(DEMO_EGRESS_IPS.lhr.ipv4);
    expect(result.egress.egress.colo).toBe('LHR');
    expect(result.egress.decided_by.rule?.name).toBe('Egress London');
    expect((await serverDevice()).vnet_id).toBe(DEMO_VNETS.london.id);
    expect(published.snapshots.map((snapshot) => snapshot.status)).toEqual([
      'switching',
      'connected',
    ]);
    expect(published.snapshots[0]?.switching?.vnet_name).toBe('vnet-London');
    const seqs = published.snapshots.map((snapshot) => snapshot.seq);
    expect(seqs[1]).toBe((seqs[0] ?? 0) + 1);
    const [entry] = await stack.agent.getHistory({ limit: 1 });
    expect(entry).toMatchObject({
      origin: 'cli',
      from: { id: DEMO_VNETS.default.id, name: 'default' },
      to: { id: DEMO_VNETS.london.id, name: 'vnet-London' },
      egress: { ipv4: DEMO_EGRESS_IPS.lhr.ipv4 },
      decided_by: 'rule "Egress London" (precedence 100)',
      fallback_used: false,
      verification: null,
    });
  });

  it('switches by id, and by a name in another case', async () => {
    await stack.agent.switchVnet({ vnet: DEMO_VNETS.amsterdam.id });
    expect((await serverDevice()).vnet_id).toBe(DEMO_VNETS.amsterdam.id);
    expect((await stack.agent.getState()).egress?.egress.ipv4).toBe(DEMO_EGRESS_IPS.ams.ipv4);
    const result = await stack.agent.switchVnet({ vnet: 'VNET-us-east' });
    expect(result.egress.vnet_id).toBe(DEMO_VNETS.usEast.id);
    expect(result.egress.egress.ipv4).toBe(DEMO_EGRESS_IPS.iad.ipv4);
    const state = await stack.agent.getState();
    expect(state.attached_vnet_id).toBe(DEMO_VNETS.usEast.id);
    expect(state.vnets.find((vnet) => vnet.attached)?.id).toBe(DEMO_VNETS.usEast.id);
    expect(state.recents.slice(0, 2)).toEqual([DEMO_VNETS.amsterdam.id, DEMO_VNETS.london.id]);
    expect(state.recents).not.toContain(DEMO_VNETS.usEast.id);
  });

  it('refuses an unknown vnet with the closest names, and changes nothing', async () => {
    const before = await stack.agent.getState();
    const error = await stack.agent.switchVnet({ vnet: 'vnet-Londn' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).code).toBe('not_found');
    expect((error as AgentError).suggestions?.[0]).toBe('vnet-London');
    expect((await serverDevice()).vnet_id).toBe(before.attached_vnet_id);
    expect((await stack.agent.getState()).seq).toBe(before.seq);
  });

  it('refuses a malformed request as invalid_request', async () => {
    await expect(stack.agent.switchVnet({ vnet: '   ' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('previews every vnet, and each preview is what switching to it gives', async () => {
    const state = await stack.agent.getState();
    expect(state.vnets.length).toBe(Object.keys(DEMO_VNETS).length);
    for (const vnet of state.vnets) {
      expect(vnet.preview, vnet.name).not.toBeNull();
      const result = await stack.agent.switchVnet({ vnet: vnet.id });
      expect(result.egress.egress, vnet.name).toEqual(vnet.preview?.egress);
      expect(result.egress.decided_by.summary).toBe(vnet.preview?.decided_by.summary);
    }
  });

  it('answers a what-if for another vnet with the per-rule trace, without switching', async () => {
    const before = await stack.agent.getState();
    const answer = await stack.agent.whatIf({
      destination: { host: 'example.com', port: 443 },
      vnet_id: 'vnet-Dublin',
    });
    expect(answer.vnet_id).toBe(DEMO_VNETS.dublin.id);
    expect(answer.egress.ipv4).toBe(DEMO_EGRESS_IPS.dub.ipv4);
    expect(answer.trace?.find((step) => step.outcome === 'matched')?.rule.name).toBe(
      'Egress Dublin',
    );
    expect((await stack.agent.getState()).attached_vnet_id).toBe(before.attached_vnet_id);
  });

  it('pins favourites by name in the user’s order and unpins them', async () => {
    await stack.agent.setFavourite({ vnet: 'vnet-Dublin', favourite: true });
    const favourites = await stack.agent.setFavourite({ vnet: 'vnet-london', favourite: true });
    expect(favourites).toEqual([DEMO_VNETS.dublin.id, DEMO_VNETS.london.id]);
    expect(await stack.agent.setFavourite({ vnet: 'vnet-Dublin', favourite: false })).toEqual([
      DEMO_VNETS.london.id,
    ]);
    const state = await stack.agent.getState();
    expect(state.vnets.filter((vnet) => vnet.favourite).map((vnet) => vnet.id)).toEqual([
      DEMO_VNETS.london.id,
    ]);
  });

  it('moves the user and re-resolves the nearest-location egress and previews', async () => {
    await stack.agent.switchVnet({ vnet: 'default' });
    const location = await stack.agent.setLocation({ query: 'Washington' });
    expect(location).toMatchObject({ colo: 'IAD', source: 'user' });
    expect((await serverDevice()).location).toEqual({ colo: 'IAD' });
    const state = await stack.agent.getState();
    expect(state.egress?.egress.colo).toBe('IAD');
    expect(state.vnets.find((vnet) => vnet.is_default)?.preview?.egress.colo).toBe('IAD');
    await expect(stack.agent.setLocation({ query: 'Atlantis' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await stack.agent.setLocation({ colo: 'AMS' });
    expect((await stack.agent.getState()).egress?.egress.colo).toBe('AMS');
  });
});

describe('subscribers', () => {
  it('get the current snapshot at once, then one frozen snapshot per change', async () => {
    const seen: AgentSnapshot[] = [];
    const unsubscribe = stack.agent.subscribe((snapshot) => seen.push(snapshot));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual(await stack.agent.getState());
    await stack.agent.switchVnet({ vnet: 'vnet-Dublin' });
    unsubscribe();
    await stack.agent.switchVnet({ vnet: 'vnet-London' });
    expect(seen.map((snapshot) => snapshot.status)).toEqual([
      'connected',
      'switching',
      'connected',
    ]);
    const last = seen.at(-1);
    expect(Object.isFrozen(last)).toBe(true);
    expect(Object.isFrozen(last?.egress?.egress)).toBe(true);
    expect(() => {
      (last as { status: string }).status = 'error';
    }).toThrow(TypeError);
  });

  it('changes the device’s user on the server with an admin token', async () => {
    const settings = await stack.agent.updateSettings({ user_email: 'dev@example.com' });
    expect(settings.user_email).toBe('dev@example.com');
    expect((await serverDevice()).user_email).toBe('dev@example.com');
    expect((await stack.agent.getState()).device?.user_email).toBe('dev@example.com');
  });
});
