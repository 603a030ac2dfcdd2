import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { agentStack } from '../support/agent-stack.js';
import { ADMIN_TOKEN, headless, waitForSnapshot } from './helpers.js';

// Each test starts its own agent, with the token it is about.
const stack = agentStack({ agent: false });
const second = agentStack({ agent: false });

describe('enrolment with a device token', () => {
  it('finds its device from the token alone and switches it', async () => {
    const device = await stack.admin.enrolDevice({
      name: 'ci-box',
      user_email: 'dev@example.com',
    });
    const h = await headless(join(stack.home.dir, 'device-token'), {
      apiUrl: stack.api.url,
      token: device.token,
    });
    try {
      const state = await h.agent.getState();
      expect(state.status).toBe('connected');
      expect(state.device).toEqual({
        id: device.id,
        name: 'ci-box',
        user_email: 'dev@example.com',
      });
      await h.agent.switchVnet({ vnet: 'vnet-Dublin' });
      expect((await stack.admin.getDevice(device.id)).vnet_id).toBe(DEMO_VNETS.dublin.id);
      // A device token cannot resolve what-ifs for another vnet with a trace: the preview answers.
      const whatIf = await h.agent.whatIf({
        destination: { host: 'a.example' },
        vnet_id: 'vnet-London',
      });
      expect(whatIf.egress.ipv4).toBe(DEMO_EGRESS_IPS.lhr.ipv4);
      await expect(h.agent.updateSettings({ user_email: 'qa@example.com' })).rejects.toMatchObject({
        code: 'invalid_request',
      });

      await fetch(
        `${stack.api.url}/client/v4/accounts/${stack.api.accountId}/devices/${device.id}`,
        {
          method: 'DELETE',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        },
      );
      const after = await h.agent.refresh({});
      expect(after.status).toBe('error');
      expect(after.error?.code).toBe('device_removed');
      expect(after.error?.message).toMatch(/enrol it again/);
      await expect(h.agent.switchVnet({ vnet: 'default' })).rejects.toMatchObject({
        code: 'not_enrolled',
      });
    } finally {
      await h.stop();
    }
  });
});

describe('enrolment with an admin token', () => {
  it('enrols again when its device was removed on the server', async () => {
    const h = await headless(join(stack.home.dir, 'admin'), {
      apiUrl: stack.api.url,
      token: ADMIN_TOKEN,
    });
    try {
      const before = await h.agent.getState();
      const oldId = before.device?.id ?? '';
      await fetch(`${stack.api.url}/client/v4/accounts/${stack.api.accountId}/devices/${oldId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      await h.agent.refresh({});
      const after = await waitForSnapshot(
        h.agent,
        (s) => s.status === 'connected' && s.device !== null && s.device.id !== oldId,
      );
      const devices = await stack.admin.listDevices();
      expect(devices.map((device) => device.id)).toContain(after.device?.id);
      expect(devices.map((device) => device.id)).not.toContain(oldId);
      await h.agent.switchVnet({ vnet: 'vnet-London' });
    } finally {
      await h.stop();
    }
  });

  it('keeps the working control API when a new one fails, and adopts one that works', async () => {
    const h = await headless(join(stack.home.dir, 'settings'), {
      apiUrl: stack.api.url,
      token: ADMIN_TOKEN,
    });
    try {
      const before = await h.agent.getState();
      await expect(
        h.agent.updateSettings({
          control_api: { mode: 'remote', url: 'http://127.0.0.1:9', token: ADMIN_TOKEN },
        }),
      ).rejects.toMatchObject({ code: 'control_api_unreachable' });
      await expect(
        h.agent.updateSettings({
          control_api: { mode: 'remote', url: second.api.url, token: 'not-a-token' },
        }),
      ).rejects.toMatchObject({ code: 'invalid_request' });
      await expect(
        h.agent.updateSettings({ control_api: { mode: 'remote', url: 'ftp://x', token: 't' } }),
      ).rejects.toMatchObject({ code: 'invalid_request' });
      const kept = await h.agent.getState();
      expect(kept.status).toBe('connected');
      expect(kept.control_api).toEqual(before.control_api);
      expect(kept.device?.id).toBe(before.device?.id);
      await h.agent.switchVnet({ vnet: 'vnet-Amsterdam' });

      const settings = await h.agent.updateSettings({
        control_api: { mode: 'remote', url: second.api.url, token: ADMIN_TOKEN },
        notifications: false,
      });
      expect(settings).toMatchObject({
        control_api: { mode: 'remote', url: second.api.url, has_token: true },
        notifications: false,
      });
      const moved = await h.agent.getState();
      expect(moved.control_api.url).toBe(second.api.url);
      expect((await second.admin.listDevices()).map((d) => d.id)).toEqual([moved.device?.id]);
      await h.agent.switchVnet({ vnet: 'vnet-Dublin' });
      expect((await second.admin.getDevice(moved.device?.id ?? '')).vnet_id).toBe(
        DEMO_VNETS.dublin.id,
      );
    } finally {
      await h.stop();
    }
  });

  it('refuses a token the server does not know with an actionable error status', async () => {
    const h = await headless(join(stack.home.dir, 'bad-token'), {
      apiUrl: stack.api.url,
      token: 'nope',
    });
    try {
      const state = await h.agent.getState();
      expect(state.status).toBe('error');
      expect(state.error?.code).toBe('unauthorized');
      expect(state.error?.message).toMatch(/refused the token/);
    } finally {
      await h.stop();
    }
  });
});
