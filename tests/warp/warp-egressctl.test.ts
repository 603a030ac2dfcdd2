import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type CliEnv,
  type CliProcess,
  ensureBuilt,
  runCli,
  startCli,
  tempDir,
} from '../cli/helpers.js';
import { FAKE_WARP_CLI, type FakeWarp } from '../support/fake-warp-cli/state.js';
import {
  CF_TOKEN,
  type CloudflareStandIn,
  DEMO_VNETS,
  demoFakeVnets,
  fakeWarpFor,
  forbiddenRequests,
  startCloudflareStandIn,
  startTraceStandIn,
  type TraceStandIn,
} from './support.js';

/**
 * egressctl as users run it with the real WARP client: the built bin as child processes,
 * `egressctl agent --warp` against the fake warp-cli, our control API standing in for the
 * Cloudflare API, and a trace stand-in as the verify URL.
 */

vi.setConfig({ testTimeout: 90_000 });

const tmp = tempDir('warp-egressctl-');
let standIn: CloudflareStandIn;
let trace: TraceStandIn;
let counter = 0;
const agents: CliProcess[] = [];

interface WarpRun {
  env: CliEnv;
  warp: FakeWarp;
  agent: CliProcess;
  extraEnv: NodeJS.ProcessEnv;
}

/** One `egressctl agent --warp` on its own socket and home, with its own fake client. */
async function startWarpAgent(
  options: { change?: (warp: FakeWarp) => void; args?: string[]; hide?: string[] } = {},
): Promise<WarpRun> {
  counter += 1;
  const dir = join(tmp.dir, `run-${counter}`);
  const env: CliEnv = { socket: join(dir, 'agent.sock'), home: join(dir, 'home') };
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  const warp = fakeWarpFor(dir, {
    vnets: demoFakeVnets(options.hide),
    accountId: standIn.accountId,
  });
  options.change?.(warp);
  const extraEnv = { ...warp.env, CLOUDFLARE_API_TOKEN: CF_TOKEN };
  const agent = startCli(
    env,
    [
      'agent',
      '--warp',
      '--account-id',
      standIn.accountId,
      '--cloudflare-api-url',
      standIn.baseUrl,
      '--warp-cli',
      FAKE_WARP_CLI,
      '--verify-url',
      trace.traceUrl,
      '--json',
      '--log-level',
      'info',
      ...(options.args ?? []),
    ],
    extraEnv,
  );
  agents.push(agent);
  await agent.waitForLines(1, 60_000);
  return { env, warp, agent, extraEnv };
}

function cli(run: WarpRun, args: string[]) {
  return runCli(run.env, args, { extraEnv: run.extraEnv, timeoutMs: 60_000 });
}

beforeAll(async () => {
  await ensureBuilt();
  standIn = await startCloudflareStandIn(tmp.dir);
  trace = await startTraceStandIn();
}, 180_000);

afterAll(async () => {
  for (const agent of agents) await agent.stop('SIGTERM');
  await trace?.close();
  await standIn?.close();
  tmp.cleanup();
});

describe('egressctl with the real WARP client', () => {
  let run: WarpRun;

  beforeAll(async () => {
    run = await startWarpAgent({ hide: ['vnet-Dublin'] });
  }, 90_000);

  it('lists the selectable vnets in warp-cli shape, the active one first-class', async () => {
    const status = await cli(run, ['status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.json.status).toBe('connected');
    expect(status.json.control_api.mode).toBe('cloudflare_warp');
    const list = await cli(run, ['vnet', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.json.active_vnet_id).toBe(DEMO_VNETS.default.id);
    const names = list.json.virtual_networks.map((vnet: { name: string }) => vnet.name);
    expect(names).toEqual(['default', 'vnet-Amsterdam', 'vnet-London', 'vnet-US-East']);
    // A vnet the profile hides is not offered, and naming it is a plain not-found.
    const hidden = await cli(run, ['vnet', 'vnet-Dublin']);
    expect(hidden.code).toBe(3);
  });

  it('switches, explains (uncertain groups rule said plainly), and verifies', async () => {
    const switched = await cli(run, ['vnet', 'london', '--json']);
    expect(switched.code, switched.stderr).toBe(0);
    expect(run.warp.read().active_vnet_id).toBe(DEMO_VNETS.london.id);
    expect(run.warp.calls()).toContainEqual([
      '--accept-tos',
      '--json',
      'vnet',
      DEMO_VNETS.london.id,
    ]);

    const why = await cli(run, ['resolve', '--dst', 'example.com', '--port', '443']);
    expect(why.code, why.stderr).toBe(0);
    expect(why.stdout).toContain('192.0.2.10');
    expect(why.stdout).toContain('Egress London');
    expect(why.stdout).toMatch(
      /uncertain: rule "Contractors use the shared egress" depends on your groups/,
    );
    expect(why.stdout).toMatch(/not evaluated: depends on your groups/);
    const whyJson = await cli(run, ['resolve', '--dst', 'example.com', '--json']);
    expect(whyJson.json.decided_by.uncertain).toContain('depends on your groups');

    trace.seen = { ip: '192.0.2.10', colo: 'MAN', loc: 'GB' };
    const match = await cli(run, ['verify']);
    expect(match.code, match.stdout + match.stderr).toBe(0);
    expect(match.stdout).toContain('192.0.2.10');

    trace.seen = { ip: '198.51.100.99', colo: 'LHR', loc: 'GB' };
    const mismatch = await cli(run, ['verify', '--json']);
    expect(mismatch.code).toBe(5);
    expect(mismatch.json.status).toBe('mismatch');
    expect(forbiddenRequests(standIn)).toEqual([]);
  });

  it('errors from the client while running: not connected, refused, not allowed, daemon down', async () => {
    run.warp.update((state) => {
      state.connected = false;
    });
    const notConnected = await cli(run, ['vnet', 'amsterdam']);
    expect(notConnected.code).toBe(1);
    expect(notConnected.stderr).toMatch(/WARP is not connected/);
    run.warp.update((state) => {
      state.connected = true;
      state.vnet_answer = { status: 'Failure', error: 'SettingsLocked' };
    });
    const refused = await cli(run, ['vnet', 'amsterdam']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/did not succeed: .*SettingsLocked/);
    run.warp.update((state) => {
      state.vnet_answer = null;
      state.vnets = state.vnets.filter((vnet) => vnet.name !== 'vnet-Amsterdam');
    });
    const notAllowed = await cli(run, ['vnet', 'amsterdam']);
    expect(notAllowed.code).toBe(1);
    expect(notAllowed.stderr).toMatch(/not allowed by this device's WARP profile/);
    run.warp.update((state) => {
      state.daemon_running = false;
    });
    const daemon = await cli(run, ['vnet', 'us-east']);
    expect(daemon.code).toBe(4);
    expect(daemon.stderr).toContain('Unable to connect to the CloudflareWARP daemon');
    run.warp.update((state) => {
      state.daemon_running = true;
    });
  });

  it('label-ip says where a dedicated IP is', async () => {
    const labelled = await cli(run, ['label-ip', '192.0.2.10', 'LHR', '--json']);
    expect(labelled.code, labelled.stderr).toBe(0);
    const status = await cli(run, ['status', '--json']);
    expect(status.json.egress?.city ?? labelled.json.egress?.city).toBe('London');
    const bad = await cli(run, ['label-ip', '203.0.113.77', 'LHR']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("not one of the account's dedicated egress IPs");
    const usage = await cli(run, ['label-ip', '192.0.2.10']);
    expect(usage.code).toBe(2);
  });

  it('never prints or logs the Cloudflare token, and keeps it in a 0600 file', async () => {
    expect(run.agent.lines.join('\n')).not.toContain(CF_TOKEN);
    expect(run.agent.stderr()).not.toContain(CF_TOKEN);
    const files = readdirSync(run.env.home, { recursive: true, encoding: 'utf8' });
    const secrets = files.find((file) => file.endsWith('secrets.json'));
    expect(secrets).toBeDefined();
    const path = join(run.env.home, secrets ?? '');
    expect(readFileSync(path, 'utf8')).toContain(CF_TOKEN);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    for (const file of files.filter((name) => name.endsWith('.json') && name !== secrets)) {
      expect(readFileSync(join(run.env.home, file), 'utf8')).not.toContain(CF_TOKEN);
    }
  });
});

describe('egressctl agent --warp: errors at start', () => {
  async function errorOf(run: WarpRun) {
    const status = await cli(run, ['status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    return status.json;
  }

  it('warp-cli not installed: says where it looked; commands exit 4', async () => {
    const run = await startWarpAgent({
      args: ['--warp-cli', join(tmp.dir, 'nowhere', 'warp-cli')],
    });
    const status = await errorOf(run);
    expect(status.status).toBe('error');
    expect(status.error.message).toContain(join(tmp.dir, 'nowhere', 'warp-cli'));
    const switched = await cli(run, ['vnet', 'london']);
    expect(switched.code).toBe(4);
    expect(switched.stderr).toContain('warp-cli was not found');
  });

  it('not registered, terms not accepted, token without permission: each named', async () => {
    const unregistered = await startWarpAgent({
      change: (warp) =>
        warp.update((state) => {
          state.registered = false;
        }),
    });
    expect((await errorOf(unregistered)).error.code).toBe('warp_not_registered');
    const tos = await startWarpAgent({
      change: (warp) =>
        warp.update((state) => {
          state.tos_accepted = false;
        }),
    });
    const tosStatus = await errorOf(tos);
    expect(tosStatus.error.code).toBe('warp_tos_not_accepted');
    expect(tosStatus.error.message).toContain('Terms of Service');
    standIn.fault = 'refuse_rules';
    try {
      const refused = await startWarpAgent();
      const status = await errorOf(refused);
      expect(status.error.code).toBe('cloudflare_token_refused');
      expect(status.error.message).toContain('10000 Authentication error');
    } finally {
      standIn.fault = 'none';
    }
  });

  it('the API unreachable: offline, commands exit 4', async () => {
    standIn.fault = 'down';
    try {
      const run = await startWarpAgent();
      const status = await errorOf(run);
      expect(status.status).toBe('offline');
      expect(status.offline.last_error).toContain('Cloudflare API');
      const switched = await cli(run, ['vnet', 'london']);
      expect(switched.code).toBe(4);
    } finally {
      standIn.fault = 'none';
    }
  });

  it('usage: --warp needs an account id and a token; WARP flags need --warp', async () => {
    const env: CliEnv = { socket: join(tmp.dir, 'usage.sock'), home: join(tmp.dir, 'usage-home') };
    const noAccount = await runCli(env, ['agent', '--warp'], {
      extraEnv: { CLOUDFLARE_API_TOKEN: CF_TOKEN },
    });
    expect(noAccount.code).toBe(2);
    expect(noAccount.stderr).toContain('--account-id');
    const noToken = await runCli(env, ['agent', '--warp', '--account-id', 'abc'], {
      extraEnv: { CLOUDFLARE_API_TOKEN: '' },
    });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('CLOUDFLARE_API_TOKEN');
    const stray = await runCli(env, ['agent', '--account-id', 'abc']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('needs --warp');
  });
});
