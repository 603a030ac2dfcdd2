import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bin, type CliEnv, ensureBuilt, runCli, startCli, tempDir } from './helpers.js';
import { OutputChecker } from './schema-check.js';

/**
 * `egressctl agent start|status|stop` as CI uses them: real child processes, a background agent
 * that outlives the `start` that made it, and nothing left behind after `stop`.
 */

vi.setConfig({ testTimeout: 90_000 });

const tmp = tempDir();
let checker: OutputChecker;
let counter = 0;

/** A private socket and home per test: no test sees another's agent. */
function freshEnv(): CliEnv {
  counter += 1;
  return { socket: join(tmp.dir, `a${counter}.sock`), home: join(tmp.dir, `home${counter}`) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie nobody reaped yet has exited too.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

async function json(env: CliEnv, args: string[], expected = 0) {
  const result = await runCli(env, [...args, '--json']);
  expect(result.code, result.stderr).toBe(expected);
  return result.json;
}

const started: { env: CliEnv; pid: number }[] = [];

beforeAll(async () => {
  await ensureBuilt();
  const schemas = await runCli({ socket: join(tmp.dir, 'none.sock'), home: tmp.dir }, ['schema']);
  checker = new OutputChecker(schemas.json);
}, 180_000);

afterAll(async () => {
  // Whatever a failed test left running goes, by the pid it named.
  for (const { pid } of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  tmp.cleanup();
});

describe('egressctl agent start → status → stop', () => {
  it('starts in the background, answers, and stops with nothing left running', async () => {
    const env = freshEnv();
    const start = await json(env, ['agent', 'start', '--local-simulator', '--log-level', 'warn']);
    started.push({ env, pid: start.pid });
    checker.check('agent-start', start);
    expect(start).toMatchObject({
      front: 'headless',
      socket: env.socket,
      status: 'connected',
      log: join(env.home, 'data', 'agent.log'),
    });
    expect(alive(start.pid)).toBe(true);

    // The agent outlived the start that made it, and serves every command.
    const status = await json(env, ['agent', 'status']);
    checker.check('agent-status', status);
    expect(status).toMatchObject({ running: true, pid: start.pid, front: 'headless' });
    expect(status.status).toBe('connected');
    expect((await json(env, ['vnet', 'vnet-London'])).vnet.name).toBe('vnet-London');

    const stop = await json(env, ['agent', 'stop']);
    checker.check('agent-stop', stop);
    expect(stop).toEqual({
      schema: 'egressctl/agent-stop@1',
      was_running: true,
      pid: start.pid,
      socket: env.socket,
    });
    // Stopped means gone: the process, the socket, and the LocalAPI behind it.
    expect(alive(start.pid)).toBe(false);
    expect(existsSync(env.socket)).toBe(false);
    expect((await runCli(env, ['status'])).code).toBe(6);
    const after = await json(env, ['agent', 'status'], 6);
    expect(after).toMatchObject({ running: false, pid: null, status: null });
  });

  it('$(egressctl agent start) returns: its stdout closes as soon as it is done', async () => {
    const env = freshEnv();
    const child = spawn(process.execPath, [bin, 'agent', 'start', '--local-simulator'], {
      env: { ...process.env, EGRESS_SWITCHER_SOCKET: env.socket, EGRESS_SWITCHER_HOME: env.home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    // What a shell's $(…) waits for: EOF on the pipe, i.e. every writer gone, agent included.
    const closed = new Promise<void>((resolve) => child.stdout.once('close', () => resolve()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    await closed;
    const pid = Number(/pid (\d+)/.exec(stdout)?.[1]);
    started.push({ env, pid });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Egress Switcher agent started \(pid \d+\)/);
    expect(stdout).toContain(env.socket);
    expect(alive(pid)).toBe(true);
    expect((await json(env, ['agent', 'stop'])).pid).toBe(pid);
  });

  it('a second start says one is already running, naming its pid; the first keeps serving', async () => {
    const env = freshEnv();
    const first = await json(env, ['agent', 'start', '--local-simulator']);
    started.push({ env, pid: first.pid });
    const second = await runCli(env, ['agent', 'start', '--local-simulator']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`already running on ${env.socket}`);
    expect(second.stderr).toContain(`headless (egressctl agent), pid ${first.pid}`);
    const asJson = await runCli(env, ['agent', 'start', '--local-simulator', '--json']);
    expect(JSON.parse(asJson.stderr).error.code).toBe('already_running');
    expect((await json(env, ['agent', 'status'])).pid).toBe(first.pid);
    await json(env, ['agent', 'stop']);
  });

  it('stop with none running exits 0 and says so', async () => {
    const env = freshEnv();
    const text = await runCli(env, ['agent', 'stop']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/No Egress Switcher agent is running .*nothing to stop/);
    const asJson = await json(env, ['agent', 'stop']);
    checker.check('agent-stop', asJson);
    expect(asJson).toMatchObject({ was_running: false, pid: null });
  });

  it("a start that fails reports the agent's own error and exit code", async () => {
    const env = freshEnv();
    const result = await runCli(env, ['agent', 'start', '--api-url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--api-url needs --token');
    expect((await runCli(env, ['agent', 'status'])).code).toBe(6);
  });

  it('passes tokens in the environment, not on the command line', async () => {
    const env = freshEnv();
    const start = await json(env, [
      'agent',
      'start',
      '--local-simulator',
      '--tcp-port',
      '0',
      '--tcp-token',
      'tcp-secret-token-0123456789',
    ]);
    started.push({ env, pid: start.pid });
    // The start reports where the agent also listens, from the agent's own serving line.
    expect(start.tcp_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(start.tcp_token).toBeNull();
    const cmdline = readFileSync(`/proc/${start.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toEqual(expect.arrayContaining(['--local-simulator', '--tcp-port', '0']));
    expect(cmdline.join(' ')).not.toContain('tcp-secret-token');
    const environ = readFileSync(`/proc/${start.pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain('EGRESS_SWITCHER_TCP_TOKEN=tcp-secret-token-0123456789');
    await json(env, ['agent', 'stop']);
  });
});

describe('egressctl agent start --timeout', () => {
  let hung: Server;
  let port: number;

  beforeAll(async () => {
    // A control API that accepts and never answers: the agent stays "starting" for its 5 s
    // request timeout, well past the 1 s the start below waits.
    hung = createServer(() => {});
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    port = (hung.address() as { port: number }).port;
  });
  afterAll(() => {
    hung.close();
  });

  it('gives up after --timeout, stops the agent it started, and says where its log is', async () => {
    const env = freshEnv();
    const result = await runCli(env, [
      'agent',
      'start',
      '--api-url',
      `http://127.0.0.1:${port}`,
      '--token',
      'admin-token',
      '--timeout',
      '1',
      '--json',
    ]);
    expect(result.code).toBe(1);
    const error = JSON.parse(result.stderr);
    expect(error.error.code).toBe('start_timeout');
    expect(error.error.message).toContain(join(env.home, 'data', 'agent.log'));
    await vi.waitFor(async () => expect((await runCli(env, ['agent', 'status'])).code).toBe(6), {
      timeout: 15_000,
      interval: 100,
    });
  });
});

describe('two agents started at the same moment', () => {
  it('exactly one serves; the other exits with already_running, naming the winner', async () => {
    for (let round = 0; round < 3; round += 1) {
      const env = freshEnv();
      const agents = [0, 1].map(() =>
        startCli(env, ['agent', '--local-simulator', '--json', '--log-level', 'warn']),
      );
      const loser = await Promise.race(
        agents.map((agent) => agent.exited.then((code) => ({ agent, code }))),
      );
      const winner = agents.find((agent) => agent !== loser.agent);
      if (!winner) throw new Error('two agents');
      expect(loser.code, loser.agent.stderr()).toBe(1);
      const error = JSON.parse(loser.agent.stderr().trim().split('\n').at(-1) ?? '');
      expect(error.error.code).toBe('already_running');
      expect(error.error.message).toContain(`pid ${winner.child.pid}`);
      expect(loser.agent.stderr()).not.toMatch(/database is locked/);
      // The loser never got as far as printing that it serves.
      expect(loser.agent.lines).toEqual([]);
      const [line] = await winner.waitForLines(1, 60_000);
      expect(JSON.parse(line ?? '').pid).toBe(winner.child.pid);
      expect((await json(env, ['status'])).status).toBe('connected');
      expect(await winner.stop('SIGTERM')).toBe(0);
    }
  });
});
