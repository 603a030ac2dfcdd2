import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { createLocalAgentClient } from '../../src/main/agent/local-api/local-client.js';
import { eventually, execStack, listening, spawnCli } from './exec-stack.js';
import { runCli } from './helpers.js';

/**
 * `egressctl exec` against real gateways on loopback: the demo seed's source-address gateways
 * (127.0.0.N), the agent's proxy and scoped listeners, an echo origin reporting the source
 * address it saw. egressctl and the commands it runs are real child processes.
 */

vi.setConfig({ testTimeout: 60_000 });

const stack = execStack();

/** A shell snippet that waits until `file` exists (the test's go signal). */
const waitFor = (file: string) => `while [ ! -f '${file}' ]; do sleep 0.05; done`;

describe('egressctl exec --vnet', () => {
  it('two concurrent children egress as their own vnets while the device stays attached', async () => {
    const before = await runCli(stack.env, ['status', '--json']);
    expect(before.code, before.stderr).toBe(0);
    const attached = before.json.vnet;
    expect(attached).not.toBeNull();
    const go = join(stack.dir, 'go');
    const child = (name: string) => {
      const ready = join(stack.dir, `ready-${name}`);
      const script = [
        `touch '${ready}'`,
        waitFor(go),
        `curl -s --fail ${stack.origin.url('/whoami')}`,
      ].join('; ');
      return {
        ready,
        run: spawnCli(stack.env, ['exec', '--vnet', name, '--', 'sh', '-c', script]),
      };
    };
    const amsterdam = child('vnet-Amsterdam');
    const dublin = child('vnet-Dublin');
    await eventually('both children are running', () =>
      [amsterdam.ready, dublin.ready].every((file) => existsSync(file)),
    );
    // Both scoped listeners are open, and the device has not moved.
    const during = await runCli(stack.env, ['status', '--json']);
    stack.checker.check('status', during.json);
    expect(during.json.vnet).toEqual(attached);
    writeFileSync(go, '');
    const [ams, dub] = await Promise.all([amsterdam.run.finished, dublin.run.finished]);
    expect(ams.code, ams.stderr).toBe(0);
    expect(dub.code, dub.stderr).toBe(0);
    expect(JSON.parse(ams.stdout).address).toBe(DEMO_EGRESS_IPS.ams.source_address);
    expect(JSON.parse(dub.stdout).address).toBe(DEMO_EGRESS_IPS.dub.source_address);
    const after = await runCli(stack.env, ['status', '--json']);
    expect(after.json.vnet).toEqual(attached);
    // Each request is in the log as its scope's vnet.
    const log = await runCli(stack.env, ['connections', '--json', '--host', '127.0.0.1']);
    stack.checker.check('connections', log.json);
    const scopes = log.json.entries.map((entry: { scope: string | null }) => entry.scope);
    expect(scopes).toEqual(expect.arrayContaining([DEMO_VNETS.amsterdam.id, DEMO_VNETS.dublin.id]));
  });

  it('gives the child the proxy variables and closes its listener when it ends', async () => {
    const result = await runCli(stack.env, [
      'exec',
      '--vnet',
      'amsterdam',
      '--',
      'node',
      '-e',
      'const e = process.env; console.log(JSON.stringify([e.HTTP_PROXY, e.https_proxy, e.ALL_PROXY, e.NO_PROXY, e.NODE_USE_ENV_PROXY]))',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [http, https, all, noProxy, nodeEnv] = JSON.parse(result.stdout);
    const port = Number(new URL(http).port);
    expect(https).toBe(http);
    expect(all).toBe(`socks5h://127.0.0.1:${port}`);
    expect(noProxy).toBe('');
    expect(nodeEnv).toBe('1');
    const main = (await stack.agent.agent.getState({})).proxy.address;
    expect(`127.0.0.1:${port}`).not.toBe(main);
    expect(await listening(port)).toBe(false);
  });

  it("a killed egressctl's listener goes when its lease runs out", async () => {
    const run = spawnCli(stack.env, [
      'exec',
      '--vnet',
      'vnet-London',
      '--lease-ms',
      '600',
      '--',
      'sh',
      '-c',
      'echo "$$ $HTTP_PROXY"; exec sleep 60',
    ]);
    await eventually('the child printed its proxy', () => run.stdout().includes('http://'));
    const [pid, proxy] = run.stdout().trim().split(' ');
    const port = Number(new URL(proxy ?? '').port);
    expect(await listening(port)).toBe(true);
    run.child.kill('SIGKILL');
    process.kill(Number(pid), 'SIGKILL');
    await run.finished;
    await eventually('the scoped listener is reaped', async () => !(await listening(port)));
  });

  it('a lease that is not renewed ends; renew and close answer for it', async () => {
    const { api } = createLocalAgentClient({ socketPath: stack.env.socket });
    const lease = await api.openScope({ vnet: 'vnet-US-East', lease_ms: 300 });
    expect(lease.vnet).toEqual({ id: DEMO_VNETS.usEast.id, name: 'vnet-US-East' });
    expect(await listening(lease.proxy.port)).toBe(true);
    await expect(api.renewScope({ scope_id: lease.scope_id })).resolves.toMatchObject({
      scope_id: lease.scope_id,
    });
    await eventually(
      'the unrenewed scope closes',
      async () => !(await listening(lease.proxy.port)),
    );
    await expect(api.renewScope({ scope_id: lease.scope_id })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(api.closeScope({ scope_id: lease.scope_id })).resolves.toEqual({
      scope_id: lease.scope_id,
      closed: false,
    });
  });
});

describe('egressctl exec: exit codes and signals pass through', () => {
  it("the child's exit code is egressctl's", async () => {
    expect((await runCli(stack.env, ['exec', '--', 'sh', '-c', 'exit 7'])).code).toBe(7);
    expect((await runCli(stack.env, ['exec', '--vnet', 'Dublin', '--', 'true'])).code).toBe(0);
  });

  it('a child killed by SIGTERM kills egressctl with SIGTERM', async () => {
    const result = await spawnCli(stack.env, ['exec', '--', 'sh', '-c', 'kill -TERM $$']).finished;
    expect(result).toMatchObject({ code: null, signal: 'SIGTERM' });
  });

  it('SIGTERM and SIGINT sent to egressctl reach the child', async () => {
    for (const [signal, code] of [
      ['SIGTERM', 42],
      ['SIGINT', 43],
    ] as const) {
      const trap = signal === 'SIGTERM' ? 'TERM' : 'INT';
      const run = spawnCli(stack.env, [
        'exec',
        '--vnet',
        'London',
        '--',
        'sh',
        '-c',
        `trap 'exit ${code}' ${trap}; echo ready; while :; do sleep 0.05; done`,
      ]);
      await eventually('the child is ready', () => run.stdout().includes('ready'));
      run.child.kill(signal);
      expect((await run.finished).code).toBe(code);
    }
  });

  it('a command that does not exist exits 127', async () => {
    const result = await runCli(stack.env, ['exec', '--', 'no-such-command-egressctl']);
    expect(result.code).toBe(127);
    expect(result.stderr).toMatch(/no-such-command-egressctl: command not found/);
  });

  it('an unknown vnet exits 3 with the closest names; no command runs', async () => {
    const marker = join(stack.dir, 'ran');
    const result = await runCli(stack.env, [
      'exec',
      '--vnet',
      'vnet-Londn',
      '--json',
      '--',
      'touch',
      marker,
    ]);
    expect(result.code).toBe(3);
    const error = JSON.parse(result.stderr);
    stack.checker.check('error', error);
    expect(error.error.suggestions).toContain('vnet-London');
    expect(existsSync(marker)).toBe(false);
  });

  it('no agent: exit 6, no command runs', async () => {
    const marker = join(stack.dir, 'ran-without-agent');
    const nowhere = { socket: join(stack.dir, 'nothing.sock'), home: join(stack.dir, 'nothing') };
    const result = await runCli(nowhere, ['exec', '--vnet', 'London', '--', 'touch', marker]);
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/not running/);
    expect(existsSync(marker)).toBe(false);
    expect((await runCli(nowhere, ['exec', '--', 'touch', marker])).code).toBe(6);
  });

  it('--json after -- is the child’s', async () => {
    const result = await runCli(stack.env, ['exec', '--', 'echo', '--json']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('--json\n');
  });
});
