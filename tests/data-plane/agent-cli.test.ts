import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS } from '../../src/control-api/seed/demo.js';
import {
  type CliEnv,
  type CliProcess,
  ensureBuilt,
  runCli,
  startCli,
  tempDir,
} from '../cli/helpers.js';
import { type EchoOrigin, startEchoOrigin } from '../support/data-plane/echo-origin.js';
import { curl } from '../support/data-plane/proxy-clients.js';

/**
 * `egressctl agent` with the local proxy, as a user runs it: the bound address on its first
 * line and in `status --json`, traffic per vnet, `verify` through the proxy, bad flags refused.
 */

const tmp = tempDir();
const env: CliEnv = { socket: join(tmp.dir, 'agent.sock'), home: join(tmp.dir, 'home') };
let agent: CliProcess;
let origin: EchoOrigin;
let proxy: string;

beforeAll(async () => {
  await ensureBuilt();
  origin = await startEchoOrigin();
  agent = startCli(env, ['agent', '--local-simulator', '--proxy-port', '0', '--json']);
  const [line] = await agent.waitForLines(1, 60_000);
  const started = JSON.parse(line ?? '{}');
  expect(started.schema).toBe('egressctl/agent@1');
  expect(started.proxy).toMatchObject({ listening: true, error: null });
  proxy = started.proxy.address;
}, 120_000);

afterAll(async () => {
  await agent?.stop();
  await origin?.close();
  tmp.cleanup();
});

describe('egressctl and the local proxy', () => {
  it('status --json names the bound proxy', async () => {
    const status = await runCli(env, ['status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.json.proxy).toEqual({ address: proxy, listening: true, error: null });
    const human = await runCli(env, ['status']);
    expect(human.stdout).toMatch(
      new RegExp(`Proxy +http://${proxy.replace(/\./g, '\\.')} \\(HTTP and SOCKS5\\)`),
    );
  });

  it('a switch moves what the destination sees, and verify observes it through the proxy', async () => {
    const switched = await runCli(env, ['vnet', 'vnet-Amsterdam', '--verify', '--json']);
    expect(switched.code, switched.stderr).toBe(0);
    expect(switched.json.verification).toMatchObject({
      status: 'match',
      observed: { ip: DEMO_EGRESS_IPS.ams.ipv4 },
    });
    const seen = await curl(['-x', `http://${proxy}`, origin.url('/whoami')]);
    expect(JSON.parse(seen.stdout).address).toBe('127.0.0.20');
    const viaSocks = await curl(['--socks5-hostname', proxy, origin.url('/whoami')]);
    expect(JSON.parse(viaSocks.stdout).address).toBe('127.0.0.20');
    const verify = await runCli(env, ['verify', '--json']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.json.via).toEqual({ url: expect.stringMatching(/\/cdn-cgi\/trace$/), proxy });
  });

  it('refuses a bad --verify-url and a bad $EGRESS_SWITCHER_PROXY_PORT before starting', async () => {
    const other: CliEnv = { socket: join(tmp.dir, 'other.sock'), home: join(tmp.dir, 'other') };
    const url = await runCli(other, [
      'agent',
      '--local-simulator',
      '--verify-url',
      'ftp://x',
      '--json',
    ]);
    expect(url.code).toBe(2);
    expect(JSON.parse(url.stderr).error.message).toMatch(/--verify-url needs an http/);
    const port = await runCli(other, ['agent', '--local-simulator', '--json'], {
      extraEnv: { EGRESS_SWITCHER_PROXY_PORT: 'forty' },
    });
    expect(port.code).toBe(2);
    expect(JSON.parse(port.stderr).error.message).toMatch(/EGRESS_SWITCHER_PROXY_PORT=forty/);
  });
});
