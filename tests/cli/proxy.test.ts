import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_EGRESS_IPS } from '../../src/control-api/seed/demo.js';
import { type LocalApiHandle, serveLocalApi } from '../../src/main/agent/local-api/index.js';
import { createFakeAgent, makeSnapshot } from '../agent/local-api/fake-agent.js';
import { eventually, execStack } from './exec-stack.js';
import { bin, runCli, tempDir } from './helpers.js';

/**
 * `egressctl proxy`: the address, the shell lines (eval'd by a real bash, then a real curl
 * goes through the proxy to a loopback origin), and a clear error when it is not listening.
 */

vi.setConfig({ testTimeout: 60_000 });

const stack = execStack();

function bash(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], {
      env: {
        ...process.env,
        EGRESSCTL: `${process.execPath} ${bin}`,
        EGRESS_SWITCHER_SOCKET: stack.env.socket,
        // What a developer's shell often has: it must not send loopback around the proxy.
        NO_PROXY: 'localhost,127.0.0.1',
        no_proxy: 'localhost,127.0.0.1',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('egressctl proxy', () => {
  it('prints the address, and --json names the URLs and variables', async () => {
    const { address } = (await stack.agent.agent.getState({})).proxy;
    const plain = await runCli(stack.env, ['proxy']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe(`http://${address}\n`);
    const json = await runCli(stack.env, ['proxy', '--json']);
    stack.checker.check('proxy', json.json);
    expect(json.json).toMatchObject({
      address,
      http_url: `http://${address}`,
      socks_url: `socks5h://${address}`,
    });
    expect(json.json.env).toEqual({
      HTTP_PROXY: `http://${address}`,
      http_proxy: `http://${address}`,
      HTTPS_PROXY: `http://${address}`,
      https_proxy: `http://${address}`,
      ALL_PROXY: `socks5h://${address}`,
      all_proxy: `socks5h://${address}`,
      NO_PROXY: '',
      no_proxy: '',
    });
  });

  it('eval "$(egressctl proxy --env)" in bash sends curl through the proxy', async () => {
    await runCli(stack.env, ['vnet', 'vnet-Amsterdam', '--no-verify']);
    const result = await bash(
      `eval "$($EGRESSCTL proxy --env)" && curl -s --fail ${stack.origin.url('/whoami')}`,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).address).toBe(DEMO_EGRESS_IPS.ams.source_address);
    // SOCKS5 through ALL_PROXY too, once HTTP_PROXY is out of the way.
    const socks = await bash(
      `eval "$($EGRESSCTL proxy --env)" && unset HTTP_PROXY http_proxy && curl -s --fail ${stack.origin.url('/whoami')}`,
    );
    expect(socks.code, socks.stderr).toBe(0);
    expect(JSON.parse(socks.stdout).address).toBe(DEMO_EGRESS_IPS.ams.source_address);
    // A connection is logged when the proxy sees it end, which may be just after curl exits.
    const fronts = async () =>
      (await stack.agent.agent.getConnections({ limit: 2 })).map((entry) => entry.front).sort();
    await eventually('both connections logged', async () => (await fronts()).length === 2);
    expect(await fronts()).toEqual(['http-forward', 'socks5']);
  });

  it('--shell fish and powershell print their own forms', async () => {
    const { address } = (await stack.agent.agent.getState({})).proxy;
    const fish = await runCli(stack.env, ['proxy', '--env', '--shell', 'fish']);
    expect(fish.stdout).toContain(`set -gx HTTPS_PROXY 'http://${address}';\n`);
    expect(fish.stdout).toContain(`set -gx NO_PROXY '';\n`);
    const ps = await runCli(stack.env, ['proxy', '--env', '--shell', 'powershell']);
    expect(ps.stdout).toContain(`$env:ALL_PROXY = 'socks5h://${address}'\n`);
    const bad = await runCli(stack.env, ['proxy', '--env', '--shell', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/sh, fish, powershell/);
  });

  it('no agent: exit 6', async () => {
    const nowhere = { socket: join(stack.dir, 'none.sock'), home: join(stack.dir, 'none') };
    const result = await runCli(nowhere, ['proxy', '--env']);
    expect(result.code).toBe(6);
    expect(result.stdout).toBe('');
  });
});

describe('a proxy that is not listening', () => {
  const tmp = tempDir();
  const env = { socket: join(tmp.dir, 'fake.sock'), home: join(tmp.dir, 'home') };
  let local: LocalApiHandle;
  beforeAll(async () => {
    const fake = createFakeAgent();
    fake.answers.getState = {
      ...makeSnapshot(1),
      proxy: {
        address: '127.0.0.1:40000',
        listening: false,
        error: 'the local proxy could not listen on 127.0.0.1:40000: the port is in use',
      },
    };
    local = await serveLocalApi(fake, { socketPath: env.socket });
  });
  afterAll(async () => {
    await local?.close();
    tmp.cleanup();
  });

  it('proxy and exec say why, and exec runs nothing', async () => {
    const proxy = await runCli(env, ['proxy', '--json']);
    expect(proxy.code).toBe(1);
    const error = JSON.parse(proxy.stderr);
    stack.checker.check('error', error);
    expect(error.error).toMatchObject({
      code: 'proxy_not_listening',
      message: expect.stringContaining('the port is in use'),
    });
    const exec = await runCli(env, ['exec', '--', 'echo', 'ran']);
    expect(exec.code).toBe(1);
    expect(exec.stdout).toBe('');
    expect(exec.stderr).toMatch(/local proxy is not listening/);
  });
});
