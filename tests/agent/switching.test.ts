import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import type { ControlApiHandle } from '../../src/control-api/server.js';
import type { HeadlessAgent } from '../../src/main/agent/index.js';
import { AgentError, AgentSnapshot } from '../../src/shared/agent/index.js';
import {
  ADMIN_TOKEN,
  adminClient,
  headless,
  recordSnapshots,
  startApi,
  tempHome,
} from './helpers.js';

const home = tempHome();
let api: ControlApiHandle;
let h: HeadlessAgent;

beforeAll(async () => {
  api = await startApi(home.dir);
  h = await headless(`${home.dir}/agent`, { apiUrl: api.url, token: ADMIN_TOKEN });
});

afterAll(async () => {
  await h?.stop();
  await api?.close();
  home.cleanup();
});

async function serverDevice() {
  const id = (await h.agent.getState()).device?.id ?? '';
  return adminClient(api).getDevice(id);
}

describe('switching against a real control API', () => {
  it('starts connected, enrolled as this host, on the default vnet', async () => {
    const state = await h.agent.getState();
    expect(AgentSnapshot.parse(state)).toEqual(state);
    expect(state.status).toBe('connected');
    const devices = await adminClient(api).listDevices();
    expect(devices.map((device) => device.id)).toEqual([state.device?.id]);
    expect(devices[0]?.name).toBe('test-host');
    expect(devices[0]?.user_email).toBe('qa@example.com');
    expect(state.attached_vnet_id).toBe(DEMO_VNETS.default.id);
    expect(state.vnets[0]?.is_default).toBe(true);
    const rest = state.vnets.slice(1).map((vnet) => vnet.name);
    expect(rest).toEqual([...rest].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('switches by name: the server attaches the device, egress is the rule’s IP', async () => {
    const published = recordSnapshots(h.agent);
    const result = await h.agent.switchVnet({ vnet: 'vnet-London', origin: 'cli' });
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
    const [entry] = await h.agent.getHistory({ limit: 1 });
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
    await h.agent.switchVnet({ vnet: DEMO_VNETS.amsterdam.id });
    expect((await serverDevice()).vnet_id).toBe(DEMO_VNETS.amsterdam.id);
    expect((await h.agent.getState()).egress?.egress.ipv4).toBe(DEMO_EGRESS_IPS.ams.ipv4);
    const result = await h.agent.switchVnet({ vnet: 'VNET-us-east' });
    expect(result.egress.vnet_id).toBe(DEMO_VNETS.usEast.id);
    expect(result.egress.egress.ipv4).toBe(DEMO_EGRESS_IPS.iad.ipv4);
    const state = await h.agent.getState();
    expect(state.attached_vnet_id).toBe(DEMO_VNETS.usEast.id);
    expect(state.vnets.find((vnet) => vnet.attached)?.id).toBe(DEMO_VNETS.usEast.id);
    expect(state.recents.slice(0, 2)).toEqual([DEMO_VNETS.amsterdam.id, DEMO_VNETS.london.id]);
    expect(state.recents).not.toContain(DEMO_VNETS.usEast.id);
  });

  it('refuses an unknown vnet with the closest names, and changes nothing', async () => {
    const before = await h.agent.getState();
    const error = await h.agent.switchVnet({ vnet: 'vnet-Londn' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).code).toBe('not_found');
    expect((error as AgentError).suggestions?.[0]).toBe('vnet-London');
    expect((await serverDevice()).vnet_id).toBe(before.attached_vnet_id);
    expect((await h.agent.getState()).seq).toBe(before.seq);
  });

  it('refuses a malformed request as invalid_request', async () => {
    await expect(h.agent.switchVnet({ vnet: '   ' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('previews every vnet, and each preview is what switching to it gives', async () => {
    const state = await h.agent.getState();
    expect(state.vnets.length).toBe(Object.keys(DEMO_VNETS).length);
    for (const vnet of state.vnets) {
      expect(vnet.preview, vnet.name).not.toBeNull();
      const result = await h.agent.switchVnet({ vnet: vnet.id });
      expect(result.egress.egress, vnet.name).toEqual(vnet.preview?.egress);
      expect(result.egress.decided_by.summary).toBe(vnet.preview?.decided_by.summary);
    }
  });

  it('answers a what-if for another vnet with the per-rule trace, without switching', async () => {
    const before = await h.agent.getState();
    const answer = await h.agent.whatIf({
      destination: { host: 'example.com', port: 443 },
      vnet_id: 'vnet-Dublin',
    });
    expect(answer.vnet_id).toBe(DEMO_VNETS.dublin.id);
    expect(answer.egress.ipv4).toBe(DEMO_EGRESS_IPS.dub.ipv4);
    expect(answer.trace?.find((step) => step.outcome === 'matched')?.rule.name).toBe(
      'Egress Dublin',
    );
    expect((await h.agent.getState()).attached_vnet_id).toBe(before.attached_vnet_id);
  });

  it('pins favourites by name in the user’s order and unpins them', async () => {
    await h.agent.setFavourite({ vnet: 'vnet-Dublin', favourite: true });
    const favourites = await h.agent.setFavourite({ vnet: 'vnet-london', favourite: true });
    expect(favourites).toEqual([DEMO_VNETS.dublin.id, DEMO_VNETS.london.id]);
    expect(await h.agent.setFavourite({ vnet: 'vnet-Dublin', favourite: false })).toEqual([
      DEMO_VNETS.london.id,
    ]);
    const state = await h.agent.getState();
    expect(state.vnets.filter((vnet) => vnet.favourite).map((vnet) => vnet.id)).toEqual([
      DEMO_VNETS.london.id,
    ]);
  });

  it('moves the user and re-resolves the nearest-location egress and previews', async () => {
    await h.agent.switchVnet({ vnet: 'default' });
    const location = await h.agent.setLocation({ query: 'Washington' });
    expect(location).toMatchObject({ colo: 'IAD', source: 'user' });
    expect((await serverDevice()).location).toEqual({ colo: 'IAD' });
    const state = await h.agent.getState();
    expect(state.egress?.egress.colo).toBe('IAD');
    expect(state.vnets.find((vnet) => vnet.is_default)?.preview?.egress.colo).toBe('IAD');
    await expect(h.agent.setLocation({ query: 'Atlantis' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await h.agent.setLocation({ colo: 'AMS' });
    expect((await h.agent.getState()).egress?.egress.colo).toBe('AMS');
  });
});

describe('subscribers', () => {
  it('get the current snapshot at once, then one frozen snapshot per change', async () => {
    const seen: AgentSnapshot[] = [];
    const unsubscribe = h.agent.subscribe((snapshot) => seen.push(snapshot));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual(await h.agent.getState());
    await h.agent.switchVnet({ vnet: 'vnet-Dublin' });
    unsubscribe();
    await h.agent.switchVnet({ vnet: 'vnet-London' });
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
    const settings = await h.agent.updateSettings({ user_email: 'dev@example.com' });
    expect(settings.user_email).toBe('dev@example.com');
    expect((await serverDevice()).user_email).toBe('dev@example.com');
    expect((await h.agent.getState()).device?.user_email).toBe('dev@example.com');
  });
});
