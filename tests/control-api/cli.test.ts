import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, tempDir } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');
const main = join(root, 'src', 'control-api', 'main.ts');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Collects stdout until `pattern` shows up. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (pattern.test(out)) resolve(out);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before ready: ${out}${err}`)));
  });
}

describe('npm run api', () => {
  it('prints the URL, account and a generated token once, and stops cleanly on SIGTERM', async () => {
    const db = join(tmp.dir, 'cli.db');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', main, '--port', '0', '--db', db, '--log-level', 'warn'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const out = await waitForOutput(child, /Admin token.*\n/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? '';
    const account = /Account: ([0-9a-f]{32})/.exec(out)?.[1];
    const token = /Admin token \(shown once; also saved to .*\): (\S+)/.exec(out)?.[1];
    expect(account).toBeDefined();
    expect(statSync(`${db}.admin-token`).mode & 0o777).toBe(0o600);

    const accounts = await call(url, 'GET', '/client/v4/accounts', { token });
    expect(accounts.json.result[0].id).toBe(account);
    expect((await call(url, 'GET', '/healthz')).json.result).toEqual({ status: 'ok' });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('rejects a bad port with a message and a failing exit code', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', main, '--port', 'eighty'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/port/);
  });

  it.each([
    [['--probe-interval', 'often'], /--probe-interval.*expected seconds/],
    [['--probe-interval', '-1'], /--probe-interval.*expected seconds/],
    [['--probe-target', 'gw'], /--probe-target.*expected host:port/],
    [['--probe-target', 'gw:0'], /--probe-target.*port 0 is outside 1–65535/],
  ])('rejects %j with a message naming the flag', (args, message) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(message);
  });
});
