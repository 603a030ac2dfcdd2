import { describe, expect, it, vi } from 'vitest';
import { DEMO_EGRESS_IPS } from '../../src/control-api/seed/demo.js';
import { CONNECTIONS_CSV_COLUMNS } from '../../src/shared/agent/connections-csv.js';
import { parseCsv } from '../support/csv.js';
import { eventually, execStack, spawnCli } from './exec-stack.js';
import { runCli } from './helpers.js';

/**
 * `egressctl connections`: real requests through the agent's proxy (curl via `egressctl exec`)
 * appear with their deciding rule, a refused one with its reason; CSV parses; --watch streams.
 */

vi.setConfig({ testTimeout: 60_000 });

const stack = execStack();

describe('egressctl connections', () => {
  it('shows a real request with its deciding rule, and a refused one with its reason', async () => {
    const ok = await runCli(stack.env, [
      'exec',
      '--vnet',
      'vnet-Amsterdam',
      '--',
      'curl',
      '-s',
      '--fail',
      stack.origin.url('/whoami?ok'),
    ]);
    expect(ok.code, ok.stderr).toBe(0);

    // Both London gateways down: the rule has nowhere to send London's traffic (fail closed).
    for (const ip of [DEMO_EGRESS_IPS.lhr, DEMO_EGRESS_IPS.lcy]) {
      await stack.admin('PATCH', `gateway/egress_ips/${ip.id}`, { status: 'down' });
    }
    const url = stack.origin.url('/whoami?refused');
    let refused = { code: 0 as number | null, stdout: '' };
    await eventually('London traffic is refused', async () => {
      refused = await runCli(stack.env, [
        'exec',
        '--vnet',
        'vnet-London',
        '--',
        'curl',
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        url,
      ]);
      return refused.stdout === '502';
    });

    const all = await runCli(stack.env, ['connections', '--json']);
    expect(all.code, all.stderr).toBe(0);
    stack.checker.check('connections', all.json);
    const served = all.json.entries.find(
      (entry: { destination: { port: number }; outcome: string }) =>
        entry.destination.port === stack.origin.port && entry.outcome === 'ok',
    );
    expect(served).toMatchObject({
      front: 'http-forward',
      label: {
        vnet_name: 'vnet-Amsterdam',
        rule: { name: expect.any(String) },
        egress_ipv4: DEMO_EGRESS_IPS.ams.ipv4,
        gateway: `source ${DEMO_EGRESS_IPS.ams.source_address}`,
      },
    });
    expect(served.bytes_down).toBeGreaterThan(0);

    const onlyRefused = await runCli(stack.env, ['connections', '--json', '--refused']);
    const entries = onlyRefused.json.entries;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry: { outcome: string }) => entry.outcome === 'refused')).toBe(true);
    expect(entries[0]).toMatchObject({
      label: { vnet_name: 'vnet-London', egress_kind: 'unavailable' },
      reason: expect.stringMatching(/LHR|LCY|down|unavailable/i),
    });

    const london = await runCli(stack.env, ['connections', '--json', '--vnet', 'london']);
    expect(
      london.json.entries.every(
        (entry: { label: { vnet_name: string } }) => entry.label.vnet_name === 'vnet-London',
      ),
    ).toBe(true);
    const none = await runCli(stack.env, ['connections', '--json', '--host', 'nowhere.example']);
    expect(none.json.entries).toEqual([]);
    const typo = await runCli(stack.env, ['connections', '--vnet', 'vnet-Londn']);
    expect(typo.code).toBe(3);
    expect(typo.stderr).toMatch(/vnet-London/);

    const human = await runCli(stack.env, ['connections', '--refused']);
    expect(human.stdout).toMatch(/^WHEN \(UTC\) +DESTINATION +VNET +RULE +EGRESS/);
    expect(human.stdout).toMatch(/vnet-London \(exec\).*refused: /);

    const csv = await runCli(stack.env, ['connections', '--csv']);
    const rows = parseCsv(csv.stdout);
    expect(rows[0]).toEqual([...CONNECTIONS_CSV_COLUMNS]);
    expect(rows.length - 1).toBe(all.json.entries.length);
    const outcome = CONNECTIONS_CSV_COLUMNS.indexOf('outcome');
    const reason = CONNECTIONS_CSV_COLUMNS.indexOf('reason');
    const refusedRow = rows.find((row) => row[outcome] === 'refused');
    expect(refusedRow?.[reason]).toBe(entries[0].reason);

    for (const ip of [DEMO_EGRESS_IPS.lhr, DEMO_EGRESS_IPS.lcy]) {
      await stack.admin('PATCH', `gateway/egress_ips/${ip.id}`, { status: 'healthy' });
    }
  });

  it('--watch streams one JSON line per connection as it ends, filtered', async () => {
    const watch = spawnCli(stack.env, [
      'connections',
      '--watch',
      '--host',
      '127.0.0.1',
      '--count',
      '1',
    ]);
    await eventually('the watch is subscribed', () => watch.stderr().includes('watching'));
    const request = await runCli(stack.env, [
      'exec',
      '--vnet',
      'vnet-Dublin',
      '--',
      'curl',
      '-s',
      '--fail',
      stack.origin.url('/whoami?watched'),
    ]);
    expect(request.code, request.stderr).toBe(0);
    const done = await watch.finished;
    expect(done.code, done.stderr).toBe(0);
    const lines = done.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '');
    stack.checker.check('connection', line);
    expect(line).toMatchObject({
      outcome: 'ok',
      label: { vnet_name: 'vnet-Dublin', egress_ipv4: DEMO_EGRESS_IPS.dub.ipv4 },
    });
  });

  it('refuses --csv with --json or --watch', async () => {
    expect((await runCli(stack.env, ['connections', '--csv', '--json'])).code).toBe(2);
    expect((await runCli(stack.env, ['connections', '--csv', '--watch'])).code).toBe(2);
  });
});
