import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LocalApiHandle, serveLocalApi } from '../../src/main/agent/local-api/index.js';
import { AgentError, type AgentErrorCode } from '../../src/shared/agent/index.js';
import {
  createFakeAgent,
  type FakeAgent,
  makeSnapshot,
  VERIFICATION,
  VNETS,
} from '../agent/local-api/fake-agent.js';
import { type CliEnv, ensureBuilt, runCli, startCli, tempDir } from './helpers.js';
import { OutputChecker } from './schema-check.js';

/**
 * The exit-code table of docs/egressctl.md, error by error: egressctl (a child process) against
 * a scripted agent served by the real LocalAPI, so every agent error can be produced on demand.
 */

// Each test spawns egressctl several times; a busy CI machine must not turn that into a failure.
vi.setConfig({ testTimeout: 60_000 });

const tmp = tempDir();
const env: CliEnv = { socket: join(tmp.dir, 'agent.sock'), home: join(tmp.dir, 'home') };
let fake: FakeAgent;
let local: LocalApiHandle;
let checker: OutputChecker;

beforeAll(async () => {
  await ensureBuilt();
  fake = createFakeAgent();
  local = await serveLocalApi(fake, { socketPath: env.socket });
  checker = new OutputChecker((await runCli(env, ['schema'])).json);
}, 120_000);

afterAll(async () => {
  await local?.close();
  tmp.cleanup();
});

beforeEach(() => {
  fake.failWith = undefined;
  fake.answers = {};
  fake.calls.length = 0;
});

describe('agent errors → documented exit codes', () => {
  const table: [AgentErrorCode, number][] = [
    ['invalid_request', 2],
    ['not_found', 3],
    ['control_api_unreachable', 4],
    ['not_enrolled', 4],
    ['control_api_error', 1],
    ['superseded', 1],
    ['internal', 1],
  ];
  it.each(table)('%s → %i, with the agent’s message on stderr', async (code, exit) => {
    fake.failWith = new AgentError(code, `scripted ${code}`);
    const human = await runCli(env, ['vnet', 'vnet-London']);
    expect(human.code).toBe(exit);
    expect(human.stderr).toBe(`egressctl: scripted ${code}\n`);
    const machine = await runCli(env, ['status', '--json']);
    expect(machine.code).toBe(exit);
    expect(machine.stdout).toBe('');
    const error = JSON.parse(machine.stderr);
    checker.check('error', error);
    expect(error).toMatchObject({ error: { code, message: `scripted ${code}` }, exit_code: exit });
  });
});

describe('verification outcomes of a switch', () => {
  it('mismatch after vnet <name> --verify → 5, with the switch result still printed', async () => {
    const mismatch = {
      ...VERIFICATION,
      status: 'mismatch' as const,
      observed: { ip: '192.0.2.99', colo: 'AMS', loc: 'NL', vnet: VNETS[2].id },
      message: 'Mismatch (IP): expected 192.0.2.10, a destination sees 192.0.2.99.',
    };
    const switchResult = (await fake.switchVnet({ vnet: 'x' })) as { egress: unknown };
    fake.answers.switchVnet = {
      egress: switchResult.egress,
      verification: mismatch,
      duration_ms: 2,
    };
    const result = await runCli(env, ['vnet', 'vnet-London', '--verify', '--json']);
    expect(result.code).toBe(5);
    checker.check('switch', result.json);
    expect(result.json.verification.status).toBe('mismatch');
    expect(fake.calls.at(-1)).toEqual({
      name: 'switchVnet',
      request: { vnet: 'vnet-London', origin: 'cli', verify: true },
    });
  });

  it('a check that could not be made → 1', async () => {
    fake.answers.verify = {
      ...VERIFICATION,
      status: 'error',
      observed: null,
      message: 'Could not verify.',
    };
    const result = await runCli(env, ['verify']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Could not verify.');
  });

  it('--no-verify is passed on as verify: false', async () => {
    const result = await runCli(env, ['vnet', 'vnet-London', '--no-verify']);
    expect(result.code).toBe(0);
    expect(fake.calls.at(-1)?.request).toEqual({
      vnet: 'vnet-London',
      origin: 'cli',
      verify: false,
    });
  });
});

describe('watch and its reader', () => {
  it('exits 0 when the reader closes the pipe (EPIPE on the next line)', async () => {
    const watch = startCli(env, ['watch']);
    await watch.waitForLines(1);
    watch.child.stdout.destroy();
    // A change that status shows, so watch has to write a line into the closed pipe.
    fake.push(makeSnapshot(50, VNETS[2].id));
    expect(await watch.exited).toBe(0);
  });

  it('only changes status shows make a line: a recents-only change does not', async () => {
    fake.push(makeSnapshot(60, VNETS[1].id));
    const watch = startCli(env, ['watch', '--count', '2']);
    await watch.waitForLines(1);
    fake.push({ ...makeSnapshot(61, VNETS[1].id), recents: [VNETS[0].id] });
    fake.push(makeSnapshot(62, VNETS[0].id));
    expect(await watch.exited).toBe(0);
    const seqs = watch.lines.map((line) => JSON.parse(line).seq);
    expect(seqs).toEqual([60, 62]);
  });
});
