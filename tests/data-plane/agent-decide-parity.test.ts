import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_USERS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import type { ControlApiHandle } from '../../src/control-api/server.js';
import { ConnectionRouter } from '../../src/main/agent/data-plane/decide/index.js';
import type { Destination } from '../../src/main/agent/data-plane/route.js';
import { ControlApiClient } from '../../src/shared/api/index.js';
import { adminClient, startApi, tempHome } from '../agent/helpers.js';

/**
 * The local decision must be the server's: for the demo seed, every vnet, a few users and
 * locations, outages, and destinations of every kind, the egress the agent decides from its
 * device config equals what the control API's resolve route answers for the same device.
 */

const home = tempHome();
let api: ControlApiHandle;

const DESTINATIONS: Destination[] = [
  { host: 'example.com', port: 443, protocol: 'tcp' },
  { host: 'api.saas.example', port: 8443, protocol: 'tcp' },
  { host: '198.18.0.7', ip: '198.18.0.7', port: 80, protocol: 'tcp' },
  { host: '2001:db8::7', ip: '2001:db8::7', port: 443, protocol: 'tcp' },
];

function serverDestination(destination: Destination) {
  return destination.ip === undefined
    ? { host: destination.host, port: destination.port, protocol: destination.protocol }
    : { ip: destination.ip, port: destination.port, protocol: destination.protocol };
}

async function device(email: string, location: { colo: string } | null) {
  const admin = adminClient(api);
  const enrolled = await admin.enrolDevice({ name: `parity-${email}`, user_email: email });
  const client = new ControlApiClient({
    baseUrl: api.url,
    token: enrolled.token,
    accountId: api.accountId,
  });
  if (location) await client.setDeviceLocation(enrolled.id, location);
  return { id: enrolled.id, client };
}

/** Compares local and server answers on every vnet for one device, in the current config. */
async function expectParity(who: { id: string; client: ControlApiClient }): Promise<number> {
  let compared = 0;
  for (const vnet of Object.values(DEMO_VNETS)) {
    await who.client.attachDevice(who.id, vnet.id);
    const answer = await who.client.getDeviceConfig(who.id);
    if (!answer.modified) throw new Error('a first read is never "not modified"');
    const router = new ConnectionRouter();
    router.update(answer.config);
    for (const destination of DESTINATIONS) {
      const local = router.explain(destination, null);
      const server = await who.client.resolve({
        context: { destination: serverDestination(destination) },
        explain: true,
      });
      const context = `${vnet.name} → ${destination.host}`;
      expect(local.resolution, context).toBeDefined();
      expect(
        {
          egress: local.resolution?.egress,
          decided_by: local.resolution?.decided_by,
          fallback: local.resolution?.fallback,
          trace: local.resolution?.trace,
          config_version: local.resolution?.config_version,
        },
        context,
      ).toEqual({
        egress: server.egress,
        decided_by: server.decided_by,
        fallback: server.fallback,
        trace: server.trace,
        config_version: server.config_version,
      });
      expect(local.decision.label.vnet_id, context).toBe(server.vnet_id);
      compared += 1;
    }
  }
  return compared;
}

beforeAll(async () => {
  api = await startApi(home.dir);
});

afterAll(async () => {
  await api?.close();
  home.cleanup();
});

describe('local decision == server resolve (demo seed)', () => {
  it('for each demo user, with and without a location, on every vnet', async () => {
    let compared = 0;
    for (const user of Object.values(DEMO_USERS)) {
      compared += await expectParity(await device(user.email, { colo: 'AMS' }));
    }
    compared += await expectParity(await device(DEMO_USERS.qa.email, null));
    compared += await expectParity(await device('nobody@example.com', { colo: 'IAD' }));
    expect(compared).toBe(5 * Object.keys(DEMO_VNETS).length * DESTINATIONS.length);
  });

  it('through outages: a fallback in use, and nothing left', async () => {
    const admin = adminClient(api);
    const qa = await device(DEMO_USERS.qa.email, { colo: 'LHR' });
    try {
      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.lhr.id, 'down');
      await expectParity(qa);
      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.lcy.id, 'down');
      await admin.setEgressIpStatus(DEMO_EGRESS_IPS.ams.id, 'down');
      await expectParity(qa);
    } finally {
      for (const ip of [DEMO_EGRESS_IPS.lhr, DEMO_EGRESS_IPS.lcy, DEMO_EGRESS_IPS.ams]) {
        await admin.setEgressIpStatus(ip.id, 'healthy');
      }
    }
  });
});
