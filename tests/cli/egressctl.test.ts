import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HISTORY_CSV_COLUMNS } from '../../src/shared/agent/index.js';
import { parseCsv } from '../support/csv.js';
import { type CliEnv, type CliProcess, ensureBuilt, runCli, startCli, tempDir } from './helpers.js';
import { OutputChecker } from './schema-check.js';

/**
 * egressctl as users run it: the built bin, as a child process, against `egressctl agent
 * --local-simulator` (also a child) on a private socket.
 */

// Each test spawns egressctl several times; a busy CI machine must not turn that into a failure.
vi.setConfig({ testTimeout: 60_000 });

const tmp = tempDir();
const env: CliEnv = { socket: join(tmp.dir, 'agent.sock'), home: join(tmp.dir, 'home') };
let agent: CliProcess;
// biome-ignore lint/suspicious/noExplicitAny: checked against the agent output schema below
let started: any;
let checker: OutputChecker;

beforeAll(async () => {
  await ensureBuilt();
  agent = startCli(env, ['agent', '--local-simulator', '--json', '--log-level', 'warn']);
  const [line] = await agent.waitForLines(1, 60_000);
  started = JSON.parse(line ?? '');
  const schemas = await runCli(env, ['schema']);
  expect(schemas.code).toBe(0);
  checker = new OutputChecker(schemas.json);
}, 120_000);

afterAll(async () => {
  const code = await agent?.stop('SIGTERM');
  tmp.cleanup();
  expect(code).toBe(0);
});

async function json(args: string[]) {
  const result = await runCli(env, [...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return result.json;
}

async function vnetIds(): Promise<Record<string, string>> {
  const list = await json(['vnet']);
  return Object.fromEntries(
    list.virtual_networks.map((vnet: { name: string; id: string }) => [vnet.name, vnet.id]),
  );
}

describe('egressctl agent', () => {
  it('announces itself with one JSON line and serves a 0600 socket', () => {
    checker.check('agent', started);
    expect(started.socket).toBe(env.socket);
    expect(started.pid).toBe(agent.child.pid);
    expect(statSync(env.socket).isSocket()).toBe(true);
    expect(statSync(env.socket).mode & 0o777).toBe(0o600);
  });

  it('refuses to start a second agent on the same socket, and the first keeps serving', async () => {
    const second = await runCli(env, ['agent', '--local-simulator']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already running on .*agent\.sock/);
    const status = await json(['status']);
    expect(status.status).toBe('connected');
  });
});

describe('--json output follows the published schemas', () => {
  it('status', async () => {
    const status = await json(['status']);
    checker.check('status', status);
    expect(status.status).toBe('connected');
    expect(status.control_api.mode).toBe('local_simulator');
    expect(status.egress.kind).toBe('dedicated');
  });

  it('vnet (list): warp-cli fields, default first then by name, with egress previews', async () => {
    const list = await json(['vnet']);
    checker.check('vnets', list);
    const vnets = list.virtual_networks;
    expect(vnets.length).toBeGreaterThanOrEqual(4);
    expect(vnets[0].default).toBe(true);
    const rest = vnets.slice(1).map((vnet: { name: string }) => vnet.name);
    expect(rest).toEqual([...rest].sort((a: string, b: string) => a.localeCompare(b, 'en')));
    for (const vnet of vnets) {
      expect(Object.keys(vnet).slice(0, 4)).toEqual(['id', 'name', 'description', 'default']);
      expect(vnet.active).toBe(vnet.id === list.active_vnet_id);
      expect(vnet.egress?.kind).toMatch(/^(dedicated|shared|unavailable)$/);
    }
  });

  it('vnet <name> switches, waits, and status shows the new egress', async () => {
    const switched = await json(['vnet', 'vnet-London']);
    checker.check('switch', switched);
    expect(switched.vnet.name).toBe('vnet-London');
    const status = await json(['status']);
    expect(status.vnet).toEqual(switched.vnet);
    expect(status.egress).toEqual(switched.egress);
    const list = await json(['vnet']);
    expect(list.active_vnet_id).toBe(switched.vnet.id);
  });

  it('vnet <id> switches too, and a different vnet gives its own egress', async () => {
    const ids = await vnetIds();
    const london = await json(['vnet', ids['vnet-London'] ?? '']);
    const amsterdam = await json(['vnet', ids['vnet-Amsterdam'] ?? '']);
    expect(amsterdam.vnet).toEqual({ id: ids['vnet-Amsterdam'], name: 'vnet-Amsterdam' });
    expect(amsterdam.egress.ipv4).not.toBe(london.egress.ipv4);
    expect((await json(['status'])).egress.ipv4).toBe(amsterdam.egress.ipv4);
  });

  it('vnet <name> --verify and verify: match, exit 0', async () => {
    const switched = await json(['vnet', 'vnet-Dublin', '--verify']);
    expect(switched.verification.status).toBe('match');
    const verified = await json(['verify']);
    checker.check('verify', verified);
    expect(verified.status).toBe('match');
    expect(verified.observed.ip).toBe(switched.egress.ipv4);
  });

  it('resolve: a host on the attached vnet with the rule trace; an IP on another vnet', async () => {
    const attached = await json([
      'resolve',
      '--dst',
      'example.com',
      '--port',
      '443',
      '--protocol',
      'tcp',
    ]);
    checker.check('resolve', attached);
    expect(attached.destination).toEqual({
      host: 'example.com',
      ip: null,
      port: 443,
      protocol: 'tcp',
      country: null,
    });
    expect(attached.trace.some((entry: { outcome: string }) => entry.outcome === 'matched')).toBe(
      true,
    );

    const ids = await vnetIds();
    const other = await json([
      'resolve',
      '--dst',
      '192.0.2.200',
      '--vnet',
      'vnet-US-East',
      '--country',
      'us',
    ]);
    checker.check('resolve', other);
    expect(other.destination.ip).toBe('192.0.2.200');
    expect(other.destination.country).toBe('US');
    expect(other.vnet_id).toBe(ids['vnet-US-East']);
  });

  it('history --json lists the switches newest first; --csv has the documented columns', async () => {
    const history = await json(['history']);
    checker.check('history', history);
    expect(history.entries.length).toBeGreaterThanOrEqual(4);
    const times = history.entries.map((entry: { at: string }) => entry.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(history.entries[0].origin).toBe('cli');

    const csv = await runCli(env, ['history', '--csv']);
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout);
    expect(rows[0]).toEqual([...HISTORY_CSV_COLUMNS]);
    expect(rows.length - 1).toBe(history.entries.length);
    for (const row of rows.slice(1)) expect(row).toHaveLength(HISTORY_CSV_COLUMNS.length);
    const toColumn = HISTORY_CSV_COLUMNS.indexOf('to_vnet');
    expect(rows.at(-1)?.[toColumn]).toBe(history.entries[0].to.name);

    const limited = await json(['history', '--limit', '2']);
    expect(limited.entries).toEqual(history.entries.slice(0, 2));
  });

  it('location: show, set by IATA code, back to auto', async () => {
    checker.check('location', await json(['location']));
    const amsterdam = await json(['location', 'AMS']);
    checker.check('location', amsterdam);
    expect(amsterdam).toMatchObject({ colo: 'AMS', country: 'NL', source: 'user' });
    expect((await json(['status'])).location.colo).toBe('AMS');
    const auto = await json(['location', 'auto']);
    expect(auto.source).toBe('time_zone');
  });

  it('favourite add/remove, reflected in the vnet list', async () => {
    const added = await json(['favourite', 'add', 'vnet-Dublin']);
    checker.check('favourites', added);
    expect(added.favourites.map((vnet: { name: string }) => vnet.name)).toEqual(['vnet-Dublin']);
    const list = await json(['vnet']);
    const dublin = list.virtual_networks.find(
      (vnet: { name: string }) => vnet.name === 'vnet-Dublin',
    );
    expect(dublin.favourite).toBe(true);
    expect((await json(['favourite'])).favourites).toEqual(added.favourites);
    const removed = await json(['favourite', 'remove', 'vnet-Dublin']);
    expect(removed.favourites).toEqual([]);
  });

  it('schema <name> is the same document as in the full listing', async () => {
    const all = await json(['schema']);
    const one = await json(['schema', 'status']);
    expect(one).toEqual(all.status);
    expect(one.title).toBe('egressctl/status@1');
    expect(await json(['schema', 'favourite'])).toEqual(all.favourites);
    const ambiguous = await runCli(env, ['schema', 'vnet', '--json']);
    expect(ambiguous.code).toBe(3);
    expect(JSON.parse(ambiguous.stderr).error.suggestions).toEqual(['vnets', 'switch']);
  });
});

describe('watch', () => {
  it('prints the current state, then one line per change; SIGINT exits 0', async () => {
    const watch = startCli(env, ['watch']);
    try {
      await watch.waitForLines(1);
      const switched = await json(['vnet', 'vnet-US-East']);
      const deadline = Date.now() + 15_000;
      while (
        !watch.lines.some((line) => {
          const parsed = JSON.parse(line);
          return parsed.status === 'connected' && parsed.vnet?.id === switched.vnet.id;
        })
      ) {
        if (Date.now() > deadline)
          throw new Error(`no line for the switch:\n${watch.lines.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const lines = watch.lines.map((line) => JSON.parse(line));
      for (const line of lines) checker.check('watch', line);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      const seqs = lines.map((line) => line.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(watch.lines.map((l) => l.replace(/"seq":\d+,/, ''))).size).toBe(lines.length);
    } finally {
      expect(await watch.stop('SIGINT')).toBe(0);
    }
  });

  it('--count ends it after that many lines', async () => {
    const watch = startCli(env, ['watch', '--count', '1']);
    expect(await watch.exited).toBe(0);
    expect(watch.lines).toHaveLength(1);
  });
});

describe('exit codes', () => {
  it.each([
    ['an unknown command', ['bogus']],
    ['a bad port', ['resolve', '--dst', 'example.com', '--port', '99999']],
    ['a missing --dst', ['resolve']],
    ['--json with --csv', ['history', '--csv']],
    ['--verify without a vnet', ['vnet', '--verify']],
  ])('%s → 2, reported as JSON on stderr with --json', async (_what, args) => {
    const result = await runCli(env, [...args, '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const error = JSON.parse(result.stderr);
    checker.check('error', error);
    expect(error.exit_code).toBe(2);
  });

  it('an unknown vnet → 3 with the closest names, on stderr', async () => {
    const human = await runCli(env, ['vnet', 'vnet-Londn']);
    expect(human.code).toBe(3);
    expect(human.stderr).toContain('vnet-London');
    const machine = await runCli(env, ['vnet', 'vnet-Londn', '--json']);
    expect(machine.code).toBe(3);
    const error = JSON.parse(machine.stderr);
    checker.check('error', error);
    expect(error.error.code).toBe('not_found');
    expect(error.error.suggestions[0]).toBe('vnet-London');
  });

  it('an unknown output name for schema → 3 with suggestions', async () => {
    const result = await runCli(env, ['schema', 'statsu', '--json']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stderr).error.suggestions).toContain('status');
  });

  it('no agent on the socket → 6, saying how to start one', async () => {
    const elsewhere = { ...env, socket: join(tmp.dir, 'nobody.sock') };
    const human = await runCli(elsewhere, ['status']);
    expect(human.code).toBe(6);
    expect(human.stderr).toContain('egressctl agent --local-simulator');
    const machine = await runCli(elsewhere, ['vnet', '--json']);
    expect(machine.code).toBe(6);
    checker.check('error', JSON.parse(machine.stderr));
  });

  it('--socket beats EGRESS_SWITCHER_SOCKET', async () => {
    const elsewhere = { ...env, socket: join(tmp.dir, 'nobody.sock') };
    const result = await runCli(elsewhere, ['status', '--json', '--socket', env.socket]);
    expect(result.code).toBe(0);
  });

  it('--help documents the exit codes and exits 0', async () => {
    const result = await runCli(env, ['--help']);
    expect(result.code).toBe(0);
    for (const code of ['0', '1', '2', '3', '4', '5', '6'])
      expect(result.stdout).toMatch(new RegExp(`^  ${code}  `, 'm'));
  });
});

describe('human output', () => {
  it('is plain text when not a TTY: aligned, no colour codes', async () => {
    const result = await runCli(env, ['vnet']);
    expect(result.code).toBe(0);
    expect(result.stdout.includes('\u001b[')).toBe(false);
    const lines = result.stdout.trimEnd().split('\n');
    const egressColumn = (lines[0] ?? '').indexOf('EGRESS');
    for (const line of lines.slice(1))
      expect(line.slice(egressColumn)).toMatch(/^[0-9a-f.:]|^unavailable|^\?/);
  });
});

describe('start-up import graph', () => {
  it('status requires nothing but Node built-ins: no Fastify, libsql, pino, conf or control API', async () => {
    // The bin, its launcher and the bundle are CommonJS: every package comes through require().
    const log = join(tmp.dir, 'requires.log');
    const hook = join(tmp.dir, 'log-requires.cjs');
    writeFileSync(
      hook,
      `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const load = Module._load;
Module._load = function (request, ...rest) {
  appendFileSync(${JSON.stringify(log)}, request + '\\n');
  return load.call(this, request, ...rest);
};\n`,
    );
    const result = await runCli(env, ['status', '--json'], { nodeArgs: ['--require', hook] });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(log)).toBe(true);
    const loaded = readFileSync(log, 'utf8').split('\n');
    // The hook saw the launcher and the bundle's own requires, or it saw nothing.
    expect(loaded).toContainEqual(expect.stringMatching(/dist[\\/]cli[\\/]launcher\.cjs$/));
    expect(loaded).toContain('node:http');
    // Only Node's built-ins: no package (Fastify, libsql, pino, conf, …) and no agent code file.
    const ours = /[\\/](bin[\\/]egressctl|dist[\\/]cli[\\/]launcher)\.cjs$/;
    const packages = loaded.filter((request) => request && !request.startsWith('node:'));
    expect(packages.filter((request) => !ours.test(request))).toEqual([]);
  });
});
