import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatStatus } from '../../src/cli/commands/status.js';
import { formatVnetList } from '../../src/cli/commands/vnet.js';
import { statusOutput, vnetListOutput } from '../../src/cli/output/project.js';
import { StatusOutput, VnetListOutput } from '../../src/cli/output/schemas.js';
import { createStyle } from '../../src/cli/output/style.js';
import { type ConnectionEntry, trafficState } from '../../src/shared/agent/index.js';
import {
  demoEgressSnapshot,
  demoSnapshot,
  demoVnets,
  unavailableEgress,
} from '../support/demo-snapshot.js';
import { type CliEnv, type CliProcess, ensureBuilt, runCli, startCli, tempDir } from './helpers.js';
import { OutputChecker } from './schema-check.js';

const plain = createStyle(false);
const measured = (added_ms: number | null, error: string | null = null) => ({
  added_ms,
  gateway_rtt_ms: added_ms === null ? null : added_ms + 5,
  direct_rtt_ms: 5,
  measured_at: '2025-03-04T14:00:00.000Z',
  error,
  target: '127.0.0.1:40001',
});

function withLatency() {
  const vnets = demoVnets('london').map((vnet) => {
    if (vnet.name === 'vnet-London') return { ...vnet, latency: measured(12.4), gateway_up: true };
    if (vnet.name === 'vnet-Amsterdam')
      return { ...vnet, latency: measured(-3.2), gateway_up: true };
    if (vnet.name === 'vnet-US-East')
      return { ...vnet, latency: measured(null, 'its egress has no gateway'), gateway_up: null };
    if (vnet.name === 'vnet-Dublin')
      return { ...vnet, latency: measured(null, 'its egress is marked down'), gateway_up: false };
    return { ...vnet, latency: null, gateway_up: null };
  });
  return demoSnapshot('london', { vnets });
}

function connection(outcome: ConnectionEntry['outcome'], reason?: string): ConnectionEntry {
  return {
    id: 1,
    started_at: '2025-03-04T14:00:00.000Z',
    front: 'http-connect',
    destination: { host: 'example.com', port: 443, protocol: 'tcp' },
    scope: null,
    label: null,
    outcome,
    ...(reason !== undefined ? { reason } : {}),
    used_fallback: false,
    bytes_up: 0,
    bytes_down: 0,
    duration_ms: 1,
  };
}

describe('egressctl vnet: latency beside each egress preview', () => {
  it('shows "+12 ms", "−3 ms" or "unknown" in a LATENCY column, and a down gateway in NOTES', () => {
    const lines = formatVnetList(withLatency(), plain).split('\n');
    const row = (name: string) => lines.find((line) => line.includes(` ${name} `)) ?? '';
    expect(lines[0]).toMatch(/EGRESS\s+LOCATION\s+LATENCY\s+NOTES/);
    const column = lines[0]?.indexOf('LATENCY') ?? -1;
    expect(row('vnet-London').slice(column)).toMatch(/^\+12 ms/);
    expect(row('vnet-Amsterdam').slice(column)).toMatch(/^\u22123 ms/);
    expect(row('vnet-US-East').slice(column)).toMatch(/^unknown/);
    expect(row('vnet-Dublin').slice(column)).toMatch(/^unknown\s+gateway down/);
    expect(row('default').slice(column)).toMatch(/^unknown/);
  });

  it('--json carries latency and gateway_up per vnet, under the vnets@1 schema', () => {
    const output = VnetListOutput.parse(vnetListOutput(withLatency()));
    const byName = new Map(output.virtual_networks.map((vnet) => [vnet.name, vnet]));
    expect(byName.get('vnet-London')?.latency).toEqual(measured(12.4));
    expect(byName.get('vnet-London')?.gateway_up).toBe(true);
    expect(byName.get('vnet-US-East')?.latency?.error).toBe('its egress has no gateway');
    expect(byName.get('default')?.latency).toBeNull();
    // An agent that does not report latency: null, not absent (every key is always there).
    const old = VnetListOutput.parse(vnetListOutput(demoSnapshot('london')));
    expect(old.virtual_networks[0]).toMatchObject({ latency: null, gateway_up: null });
  });
});

describe('egressctl status: the proxy and whether traffic flows', () => {
  it('flowing when the newest connection went through; ready before any', () => {
    const snapshot = demoSnapshot('london');
    expect(trafficState(snapshot, [connection('ok')])).toEqual({ state: 'flowing', reason: null });
    expect(trafficState(snapshot, [])).toEqual({ state: 'ready', reason: null });
    const text = formatStatus(snapshot, plain, trafficState(snapshot, [connection('ok')]));
    expect(text).toMatch(/Proxy\s+http:\/\/127\.0\.0\.1:40000 \(HTTP and SOCKS5\)/);
    expect(text).toMatch(/Traffic\s+flowing/);
  });

  it('refused, with the reason, when the current egress is unavailable (fail closed)', () => {
    const reason = 'LHR (London) is down and LCY (London) is down too';
    const snapshot = demoSnapshot('london', {
      egress: demoEgressSnapshot('london', {
        egress: unavailableEgress(),
        fallback: { used: false, reason },
      }),
    });
    // Whatever the log says: new connections are refused.
    const traffic = trafficState(snapshot, [connection('ok')]);
    expect(traffic).toEqual({ state: 'refused', reason });
    expect(formatStatus(snapshot, plain, traffic)).toContain(`refused: ${reason}`);
    const json = StatusOutput.parse(statusOutput(snapshot, [connection('ok')]));
    expect(json.traffic).toEqual({ state: 'refused', reason });
    expect(json.proxy.address).toBe('127.0.0.1:40000');
  });

  it('says what the newest refused or failed connection hit, and a proxy that does not listen', () => {
    const snapshot = demoSnapshot('london');
    expect(
      trafficState(snapshot, [
        connection('refused', 'its egress has no gateway'),
        connection('ok'),
      ]),
    ).toEqual({
      state: 'refused',
      reason: 'the newest connection (example.com:443) was refused: its egress has no gateway',
    });
    expect(trafficState(snapshot, [connection('failed', 'gateway timed out')]).state).toBe(
      'failing',
    );
    // A per-command listener's connections say nothing about the device's own traffic.
    const scoped = { ...connection('refused', 'x'), scope: 'vnet-Dublin' };
    expect(trafficState(snapshot, [scoped]).state).toBe('ready');
    const taken = demoSnapshot('london', {
      proxy: { address: '127.0.0.1:40000', listening: false, error: 'the port is in use' },
    });
    expect(trafficState(taken, [connection('ok')])).toEqual({
      state: 'stopped',
      reason: 'the port is in use',
    });
    expect(formatStatus(taken, plain)).toMatch(/Traffic\s+not flowing: the port is in use/);
    expect(StatusOutput.parse(statusOutput(taken)).traffic.state).toBe('stopped');
  });
});

// The built egressctl against `egressctl agent --local-simulator`: real probes of the demo
// gateways (loopback source addresses), and verify's real connection through the proxy.
vi.setConfig({ testTimeout: 60_000 });
const tmp = tempDir();
const env: CliEnv = { socket: join(tmp.dir, 'agent.sock'), home: join(tmp.dir, 'home') };
let agent: CliProcess;
let checker: OutputChecker;
/** The probe target given with --latency-target: a TCP listener that accepts and closes. */
let target: Server;
let targetPort = 0;

describe('egressctl against a real agent', () => {
  beforeAll(async () => {
    await ensureBuilt();
    target = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetPort = (target.address() as { port: number }).port;
    agent = startCli(env, [
      'agent',
      '--local-simulator',
      '--proxy-port',
      '0',
      '--latency-target',
      `127.0.0.1:${targetPort}`,
      '--json',
      '--log-level',
      'warn',
    ]);
    await agent.waitForLines(1, 60_000);
    const schemas = await runCli(env, ['schema']);
    expect(schemas.code).toBe(0);
    checker = new OutputChecker(schemas.json);
  }, 120_000);

  afterAll(async () => {
    await agent?.stop('SIGTERM');
    await new Promise((resolve) => target?.close(resolve));
    tmp.cleanup();
  });

  it('vnet --measure --json: every demo vnet measured through its gateway', async () => {
    const result = await runCli(env, ['vnet', '--measure', '--json']);
    expect(result.code, result.stderr).toBe(0);
    checker.check('vnets', result.json);
    for (const vnet of result.json.virtual_networks) {
      expect(vnet.latency, vnet.name).not.toBeNull();
      expect(vnet.latency.added_ms, `${vnet.name}: ${vnet.latency.error}`).toBeTypeOf('number');
      expect(vnet.latency.target).toBe(`127.0.0.1:${targetPort}`);
    }
    const text = await runCli(env, ['vnet']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/LATENCY/);
    expect(text.stdout).toMatch(/[+\u2212]\d+ ms/);
  });

  it('agent --latency-target refuses what is not host:port before anything starts', async () => {
    const other: CliEnv = { socket: join(tmp.dir, 'other.sock'), home: join(tmp.dir, 'other') };
    const result = await runCli(other, ['agent', '--local-simulator', '--latency-target', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--latency-target needs host:port/);
  });

  it('status --json: the proxy address and traffic ready, then flowing after a connection', async () => {
    const before = await runCli(env, ['status', '--json']);
    expect(before.code, before.stderr).toBe(0);
    checker.check('status', before.json);
    expect(before.json.proxy.listening).toBe(true);
    expect(before.json.traffic).toEqual({ state: 'ready', reason: null });
    // One request through the proxy to the control API's own trace.
    await runCli(env, ['verify', '--json']);
    const after = await runCli(env, ['status']);
    expect(after.stdout).toMatch(/Traffic\s+flowing/);
    expect(after.stdout).toContain(`http://${before.json.proxy.address}`);
  });
});
