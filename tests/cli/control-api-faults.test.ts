import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ControlApiHandle, startControlApi } from '../../src/control-api/server.js';
import { createHeadlessAgent, type HeadlessAgent } from '../../src/main/agent/index.js';
import { type LocalApiHandle, serveLocalApi } from '../../src/main/agent/local-api/index.js';
import { ADMIN_TOKEN } from '../support/admin-token.js';
import { type CliEnv, ensureBuilt, runCli, tempDir } from './helpers.js';
import { OutputChecker } from './schema-check.js';

/**
 * Exit codes that need a control API the test can tamper with: the real headless agent talks to
 * a control API this test started (admin token known), and egressctl runs as a child process.
 */

// Each test spawns egressctl several times; a busy CI machine must not turn that into a failure.
vi.setConfig({ testTimeout: 60_000 });

const tmp = tempDir();
const env: CliEnv = { socket: join(tmp.dir, 'agent.sock'), home: join(tmp.dir, 'home') };
let api: ControlApiHandle;
let headless: HeadlessAgent;
let local: LocalApiHandle;
let checker: OutputChecker;

beforeAll(async () => {
  await ensureBuilt();
  api = await startControlApi({
    db: join(tmp.dir, 'api.db'),
    adminToken: ADMIN_TOKEN,
    logLevel: 'silent',
  });
  headless = await createHeadlessAgent({
    dataDir: env.home,
    apiUrl: api.url,
    token: ADMIN_TOKEN,
    logger: pino({ level: 'silent' }),
    requestTimeoutMs: 2000,
    proxyPort: 0,
  });
  local = await serveLocalApi(headless.agent, { socketPath: env.socket });
  const schemas = await runCli(env, ['schema']);
  checker = new OutputChecker(schemas.json);
}, 120_000);

afterAll(async () => {
  await local?.close();
  await headless?.stop();
  await api?.close();
  tmp.cleanup();
});

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${api.url}/client/v4/accounts/${api.accountId}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return (await response.json()).result;
}

describe('verification mismatch → exit 5', () => {
  it('when an admin moves the device behind the agent’s back, verify reports it', async () => {
    const switched = await runCli(env, ['vnet', 'vnet-London', '--json']);
    expect(switched.code, switched.stderr).toBe(0);
    const status = await runCli(env, ['status', '--json']);
    const deviceId = status.json.device.id;
    const vnets: { id: string; name: string }[] = await admin('GET', '/teamnet/virtual_networks');
    const amsterdam = vnets.find((vnet) => vnet.name === 'vnet-Amsterdam');
    // Moving a device is not a configuration change: no event tells the agent.
    await admin('PATCH', `/devices/${deviceId}`, { vnet_id: amsterdam?.id });

    const verify = await runCli(env, ['verify', '--json']);
    expect(verify.code, verify.stderr).toBe(5);
    checker.check('verify', verify.json);
    expect(verify.json.status).toBe('mismatch');
    expect(verify.json.expected.ipv4).toBe(switched.json.egress.ipv4);
    // Observed through the local proxy: the traffic still leaves as the agent decided; the
    // trace's vnet is the server's record, which moved.
    expect(verify.json.observed.ip).toBe(switched.json.egress.ipv4);
    expect(verify.json.observed.vnet).toBe(amsterdam?.id);
    expect(verify.json.via.url).toBe(`${api.url}/cdn-cgi/trace`);
  });
});

describe('control API unreachable → exit 4', () => {
  it('with the control API gone, switching and verifying exit 4; status says offline', async () => {
    await api.close();
    const switched = await runCli(env, ['vnet', 'vnet-Dublin', '--json']);
    expect(switched.code, switched.stderr).toBe(4);
    const error = JSON.parse(switched.stderr);
    checker.check('error', error);
    expect(error.error.code).toBe('control_api_unreachable');

    const human = await runCli(env, ['verify']);
    expect(human.code).toBe(4);
    expect(human.stderr).toMatch(/^egressctl: /);

    let status = await runCli(env, ['status', '--json']);
    const deadline = Date.now() + 15_000;
    while (status.json?.status !== 'offline' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = await runCli(env, ['status', '--json']);
    }
    expect(status.code).toBe(0);
    checker.check('status', status.json);
    expect(status.json.status).toBe('offline');
    expect(status.json.offline).not.toBeNull();
    expect(status.json.stale).toBe(true);
  });
});
