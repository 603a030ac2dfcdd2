import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CACHED_COMMANDS, codeCacheTarget } from '../../src/cli/launcher/cache-target.js';
import { buildProgram } from '../../src/cli/program.js';
import { type CliEnv, ensureBuilt, runCli, tempDir } from './helpers.js';

/**
 * The V8 code cache the launcher keeps for the bundle: used when valid, ignored and replaced when
 * not, never a reason for a command to fail. Runs the real bin; commands that need no agent.
 */

vi.setConfig({ testTimeout: 60_000 });

const tmp = tempDir();
const env: CliEnv = { socket: join(tmp.dir, 'agent.sock'), home: join(tmp.dir, 'home') };
const cacheDir = join(env.home, 'cache');

beforeAll(async () => {
  await ensureBuilt();
}, 120_000);

afterAll(() => tmp.cleanup());

function cacheFiles(): string[] {
  try {
    return readdirSync(cacheDir).sort();
  } catch {
    return [];
  }
}

function fileOf(command: string): string {
  const name = cacheFiles().find((entry) => entry.endsWith(`-${command}.v8cache`));
  if (!name) throw new Error(`no ${command} cache in ${cacheFiles().join(', ')}`);
  return join(cacheDir, name);
}

async function version(): Promise<string> {
  const result = await runCli(env, ['--version']);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe('the code cache', () => {
  it('is written by a first run and used, not rewritten, by the next', async () => {
    const expected = await version();
    expect(expected).toMatch(/^\d+\.\d+\.\d+/);
    const file = fileOf('help');
    const written = readFileSync(file);
    expect(written.length).toBeGreaterThan(1000);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(await version()).toBe(expected);
    // V8 accepted it: a rejected cache would have been replaced at exit.
    expect(readFileSync(file).equals(written)).toBe(true);
  });

  it('is one file per command', async () => {
    const result = await runCli(env, ['schema', 'status']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json.title ?? result.json.description).toBeTruthy();
    expect(fileOf('schema')).not.toBe(fileOf('help'));
  });

  it.each([
    ['garbage', () => Buffer.from('not a V8 code cache at all')],
    ['truncated', (valid: Buffer) => valid.subarray(0, Math.floor(valid.length / 2))],
    [
      'with a damaged header',
      (valid: Buffer) => Buffer.concat([Buffer.alloc(32, 7), valid.subarray(32)]),
    ],
    ['empty', () => Buffer.alloc(0)],
    // V8 does not checksum code caches: given this, it would crash the process.
    [
      'with damaged data (header intact)',
      (valid: Buffer) => {
        const damaged = Buffer.from(valid);
        for (let i = 1000; i < 1064; i++) damaged[i] = (damaged[i] ?? 0) ^ 0xff;
        return damaged;
      },
    ],
  ])('%s: ignored, the command still works, and a good cache replaces it', async (_, damage) => {
    const expected = await version();
    const file = fileOf('help');
    const valid = readFileSync(file);
    const damaged = damage(valid);
    writeFileSync(file, damaged);
    expect(await version()).toBe(expected);
    const replaced = readFileSync(file);
    expect(replaced.equals(damaged)).toBe(false);
    expect(replaced.length).toBeGreaterThan(1000);
    // …and the replacement is one V8 takes.
    expect(await version()).toBe(expected);
    expect(readFileSync(file).equals(replaced)).toBe(true);
  });

  it('when it writes a new one, drops other builds’ caches unused for an hour, keeps the rest', async () => {
    await version();
    const current = fileOf('help');
    const unused = 'egressctl-0123456789abcdef-1-1-v0.0.0-x64-help.v8cache';
    const inUse = 'egressctl-fedcba9876543210-1-1-v0.0.0-x64-help.v8cache';
    writeFileSync(join(cacheDir, unused), 'old');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(join(cacheDir, unused), twoHoursAgo, twoHoursAgo);
    writeFileSync(join(cacheDir, inUse), 'another checkout, used just now');
    writeFileSync(join(cacheDir, 'notes.txt'), 'not ours');
    utimesSync(join(cacheDir, 'notes.txt'), twoHoursAgo, twoHoursAgo);
    writeFileSync(current, 'force a rewrite');
    await version();
    expect(cacheFiles()).not.toContain(unused);
    expect(cacheFiles()).toContain(inUse);
    expect(cacheFiles()).toContain('notes.txt');
    expect(readFileSync(current).length).toBeGreaterThan(1000);
  });

  it('marks a cache as used when it uses it', async () => {
    await version();
    const file = fileOf('help');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(file, twoHoursAgo, twoHoursAgo);
    await version();
    expect(statSync(file).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  });

  it('is neither read nor written with NODE_DISABLE_COMPILE_CACHE', async () => {
    const other = tempDir();
    try {
      const home = join(other.dir, 'home');
      const result = await runCli({ socket: env.socket, home }, ['--version'], {
        extraEnv: { NODE_DISABLE_COMPILE_CACHE: '1' },
      });
      expect(result.code, result.stderr).toBe(0);
      expect(() => readdirSync(join(home, 'cache'))).toThrow();
    } finally {
      other.cleanup();
    }
  });
});

describe('which cache a run uses', () => {
  const env = { EGRESS_SWITCHER_HOME: '/home/u/.es' };
  const target = (...args: string[]) => codeCacheTarget(['node', 'egressctl', ...args], env);

  it('knows every command and alias program.ts defines', () => {
    const defined = buildProgram().commands.flatMap((command) => [
      command.name(),
      ...command.aliases(),
    ]);
    expect([...CACHED_COMMANDS].sort()).toEqual(defined.filter((name) => name !== 'help').sort());
  });

  it('is the command’s own; help and version share one; anything else one more', () => {
    expect(target('status', '--json')).toEqual({
      dir: join('/home/u/.es', 'cache'),
      name: 'status',
    });
    expect(target('--json', 'vnet', 'vnet-London')?.name).toBe('vnet');
    expect(target('status', '--help')?.name).toBe('help');
    expect(target('-V')?.name).toBe('help');
    expect(target('no-such-command')?.name).toBe('other');
    expect(target()?.name).toBe('other');
  });

  it('lives in the per-user cache directory unless EGRESS_SWITCHER_HOME is set', () => {
    const dir = codeCacheTarget(['node', 'egressctl', 'status'], {})?.dir ?? '';
    expect(dir).toMatch(/egress-switcher/);
    expect(dir.startsWith('/home/u/.es')).toBe(false);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE', () => {
    expect(
      codeCacheTarget(['node', 'egressctl', 'status'], { NODE_DISABLE_COMPILE_CACHE: '1' }),
    ).toBe(null);
  });
});
