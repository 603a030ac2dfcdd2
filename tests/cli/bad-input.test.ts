import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LocalApiHandle, serveLocalApi } from '../../src/main/agent/local-api/index.js';
import { createFakeAgent, type FakeAgent } from '../agent/local-api/fake-agent.js';
import { type CliEnv, type CliResult, ensureBuilt, runCli, tempDir } from './helpers.js';
import { OutputChecker } from './schema-check.js';

/**
 * Bad input and a bad agent: every `--json` failure is exactly one `egressctl/error@1` document
 * on stderr (stdout empty) with the documented exit code, and nothing reaches the agent.
 */

vi.setConfig({ testTimeout: 60_000 });

const tmp = tempDir();
const env: CliEnv = { socket: join(tmp.dir, 'agent.sock'), home: join(tmp.dir, 'home') };
const frozenSocket = join(tmp.dir, 'frozen.sock');
let fake: FakeAgent;
let local: LocalApiHandle;
let frozen: Server;
const held: Socket[] = [];
let checker: OutputChecker;

beforeAll(async () => {
  await ensureBuilt();
  fake = createFakeAgent();
  local = await serveLocalApi(fake, { socketPath: env.socket });
  // Accepts connections and reads requests, never answers: a hung agent.
  frozen = createServer((socket) => {
    held.push(socket);
    socket.resume();
  });
  await new Promise<void>((resolve) => frozen.listen(frozenSocket, resolve));
  checker = new OutputChecker((await runCli(env, ['schema'])).json);
}, 120_000);

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => frozen?.close(resolve));
  await local?.close();
  tmp.cleanup();
});

beforeEach(() => {
  fake.calls.length = 0;
});

function errorDocument(result: CliResult) {
  expect(result.stdout).toBe('');
  const document = JSON.parse(result.stderr);
  checker.check('error', document);
  expect(document.exit_code).toBe(result.code);
  return document;
}

describe('usage errors with --json', () => {
  it.each([
    ['no command at all', ['--json'], /no command/],
    [
      'a protocol egressctl does not know',
      ['resolve', '--dst', 'example.com', '--protocol', 'bogus', '--json'],
      /--protocol.*tcp, udp/,
    ],
    ['an empty destination', ['resolve', '--dst', ' ', '--json'], /--dst/],
  ])('%s → exit 2 and one error@1 document', async (_what, args, message) => {
    const result = await runCli(env, args);
    expect(result.code).toBe(2);
    const document = errorDocument(result);
    expect(document.error.code).toBe('usage');
    expect(document.error.message).toMatch(message);
    expect(fake.calls).toEqual([]);
  });

  it('a known protocol is passed on in lower case', async () => {
    const result = await runCli(env, ['resolve', '--dst', 'example.com', '--protocol', 'UDP']);
    expect(result.code, result.stderr).toBe(0);
    expect(fake.calls.at(-1)).toEqual({
      name: 'whatIf',
      request: { destination: { host: 'example.com', protocol: 'udp' } },
    });
  });
});

describe('an agent that accepts but never answers', () => {
  it('is "not answering" (agent_not_answering, exit 6), not an internal error', async () => {
    const args = ['--socket', frozenSocket, '--timeout', '0.5'];
    const machine = await runCli(env, [...args, 'status', '--json']);
    expect(machine.code).toBe(6);
    const document = errorDocument(machine);
    expect(document.error.code).toBe('agent_not_answering');
    expect(document.error.message).toMatch(/did not answer.*0\.5 s/);
    expect(document.error.message).toContain(frozenSocket);

    const human = await runCli(env, [...args, 'vnet']);
    expect(human.code).toBe(6);
    expect(human.stderr).toMatch(/^egressctl: .*not answering/);
  });
});
