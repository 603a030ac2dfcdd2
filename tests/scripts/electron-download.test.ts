import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import { zip } from './zip.js';

/**
 * `npm start` on a machine without the Electron binary: it downloads it as the `electron` package
 * would, from ELECTRON_MIRROR (a loopback server here), then launches; or says in one line why it
 * cannot. Each run uses a copy of the project's launch scripts beside a copy of the `electron`
 * package (its @electron/get and extractor linked in), so the download lands in a temp folder,
 * never in this checkout's node_modules, and a temp electron_config_cache keeps the user's cache
 * out of it.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const electronRequire = createRequire(join(ROOT, 'node_modules/electron/package.json'));
const VERSION: string = electronRequire('./package.json').version;
const ARTIFACT = `electron-v${VERSION}-${process.platform}-${process.arch}.zip`;
const ARTIFACT_PATH = `/v${VERSION}/${ARTIFACT}`;

const FAKE_ELECTRON = '#!/bin/sh\necho "fake electron ran with: $*"\n';
const FAKE_ZIP = zip([
  { name: 'electron', data: Buffer.from(FAKE_ELECTRON), mode: 0o755 },
  { name: 'version', data: Buffer.from(VERSION), mode: 0o644 },
]);
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The package folder holding a dependency's entry point (exports may hide its package.json). */
function packageDir(name: string): string {
  let dir = dirname(electronRequire.resolve(name));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function fakeProject(checksums?: Record<string, string>): { dir: string; electron: string } {
  const { dir, cleanup } = tempDir('egress-electron-download-');
  cleanups.push(cleanup);
  mkdirSync(join(dir, 'scripts'));
  for (const file of ['start.mjs', 'electron-binary.mjs', 'electron-download.mjs'])
    copyFileSync(join(ROOT, 'scripts', file), join(dir, 'scripts', file));
  const electron = join(dir, 'node_modules/electron');
  mkdirSync(electron, { recursive: true });
  copyFileSync(join(ROOT, 'node_modules/electron/package.json'), join(electron, 'package.json'));
  if (checksums) writeFileSync(join(electron, 'checksums.json'), JSON.stringify(checksums));
  else
    copyFileSync(
      join(ROOT, 'node_modules/electron/checksums.json'),
      join(electron, 'checksums.json'),
    );
  for (const name of ['@electron/get', '@electron-internal/extract-zip']) {
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(packageDir(name), join(dir, 'node_modules', name), 'dir');
  }
  return { dir, electron };
}

/** A loopback mirror that records every path asked for and answers from `files` (else 404). */
async function mirror(
  files: Record<string, Buffer | string>,
): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '';
    requests.push(path);
    const body = files[path];
    if (body === undefined) response.writeHead(404).end('Not Found');
    else response.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  cleanups.push(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node scripts/start.mjs` in the fake project, with no Electron setting but the ones given. */
function start(dir: string, settings: Record<string, string>): Promise<Run> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !/electron|^npm_config_(platform|arch)$|^force_no_cache$/i.test(key))
      env[key] = value;
  Object.assign(env, {
    electron_config_cache: join(dir, 'electron-cache'),
    EGRESS_SWITCHER_SKIP_BUILD: '1',
    ...settings,
  });
  const child = spawn(process.execPath, [join(dir, 'scripts/start.mjs')], { cwd: dir, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

/** The lines that say the app cannot launch; the test wants exactly one, and no stack trace. */
function refusal(run: Run): string {
  expect(run.code).not.toBe(0);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  const lines = run.stderr.split('\n').filter((line) => line.includes('cannot launch'));
  expect(lines).toHaveLength(1);
  const [line = ''] = lines;
  expect(line).toContain('npx install-electron');
  expect(line).toContain('`npm run start:web`');
  return line;
}

describe.skipIf(process.platform === 'win32')('npm start without the Electron binary', () => {
  it(`asks the mirror for ${ARTIFACT} and, on a 404, says so in one line and exits non-zero`, async () => {
    const { dir, electron } = fakeProject();
    const server = await mirror({});
    const run = await start(dir, { ELECTRON_MIRROR: server.url });
    expect(server.requests).toEqual([ARTIFACT_PATH]);
    const line = refusal(run);
    expect(line).toContain(
      `Response code 404 (Not Found) for ${server.url.slice(0, -1)}${ARTIFACT_PATH}`,
    );
    expect(existsSync(join(electron, 'path.txt'))).toBe(false);
  });

  it('lays the URL out by ELECTRON_CUSTOM_DIR and ELECTRON_CUSTOM_FILENAME, as @electron/get does', async () => {
    const { dir } = fakeProject();
    const server = await mirror({});
    const run = await start(dir, {
      ELECTRON_MIRROR: server.url,
      ELECTRON_CUSTOM_DIR: 'electron/{{ version }}',
      ELECTRON_CUSTOM_FILENAME: 'build.zip',
    });
    expect(server.requests).toEqual([`/electron/${VERSION}/build.zip`]);
    refusal(run);
  });

  it('downloads the binary, checked against the checksums the package ships, then launches it', async () => {
    const { dir, electron } = fakeProject({ [ARTIFACT]: sha256(FAKE_ZIP) });
    const server = await mirror({ [ARTIFACT_PATH]: FAKE_ZIP });
    const first = await start(dir, { ELECTRON_MIRROR: server.url });
    expect(first.stderr).toContain(`downloading it for ${process.platform}-${process.arch}`);
    expect(first.stderr).toContain('100%');
    expect(first.stdout).toContain(`fake electron ran with: ${dir}`);
    expect(first.code).toBe(0);
    expect(readFileSync(join(electron, 'path.txt'), 'utf8')).toBe('electron');
    expect(server.requests).toEqual([ARTIFACT_PATH]);

    // Once installed, later launches do not ask again.
    const second = await start(dir, { ELECTRON_MIRROR: server.url });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('fake electron ran with:');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses an archive that does not match the shipped checksums, and installs nothing', async () => {
    const { dir, electron } = fakeProject();
    const server = await mirror({ [ARTIFACT_PATH]: FAKE_ZIP });
    const run = await start(dir, { ELECTRON_MIRROR: server.url });
    expect(refusal(run)).toContain('did not match expected checksum');
    expect(run.stdout).not.toContain('fake electron');
    expect(existsSync(join(electron, 'path.txt'))).toBe(false);
  });

  it("checks against the mirror's SHASUMS256.txt when electron_use_remote_checksums is set", async () => {
    const { dir } = fakeProject({});
    const server = await mirror({
      [ARTIFACT_PATH]: FAKE_ZIP,
      [`/v${VERSION}/SHASUMS256.txt`]: `${sha256(FAKE_ZIP)} *${ARTIFACT}\n`,
    });
    const run = await start(dir, {
      ELECTRON_MIRROR: server.url,
      electron_use_remote_checksums: '1',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('fake electron ran with:');
    expect(server.requests).toEqual([ARTIFACT_PATH, `/v${VERSION}/SHASUMS256.txt`]);
  });

  it('does not download when ELECTRON_SKIP_BINARY_DOWNLOAD is set', async () => {
    const { dir } = fakeProject();
    const server = await mirror({ [ARTIFACT_PATH]: FAKE_ZIP });
    const run = await start(dir, {
      ELECTRON_MIRROR: server.url,
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    });
    expect(refusal(run)).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
    expect(server.requests).toEqual([]);
  });

  it('does not download into node_modules when ELECTRON_OVERRIDE_DIST_PATH names a missing Electron', async () => {
    const { dir } = fakeProject();
    const server = await mirror({ [ARTIFACT_PATH]: FAKE_ZIP });
    const missing = join(dir, 'no-electron-here');
    const run = await start(dir, {
      ELECTRON_MIRROR: server.url,
      ELECTRON_OVERRIDE_DIST_PATH: missing,
    });
    expect(refusal(run)).toContain(
      `ELECTRON_OVERRIDE_DIST_PATH is set but ${join(missing, 'electron')} does not exist`,
    );
    expect(server.requests).toEqual([]);
  });
});
