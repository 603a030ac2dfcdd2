import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AgentAlreadyRunningError,
  createLocalAgentClient,
  defaultSocketPath,
  resolveSocketPath,
  serveLocalApi,
} from '../../../src/main/agent/local-api/index.js';
import { createFakeAgent } from './fake-agent.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const posix = process.platform !== 'win32';

describe('socket path', () => {
  it('uses $XDG_RUNTIME_DIR when set, else a per-user temp dir', () => {
    expect(
      defaultSocketPath({ env: { XDG_RUNTIME_DIR: '/run/user/1000' }, platform: 'linux' }),
    ).toBe('/run/user/1000/egress-switcher/agent.sock');
    expect(defaultSocketPath({ env: {}, platform: 'darwin', user: '501', tmp: '/var/t' })).toBe(
      '/var/t/egress-switcher-501/agent.sock',
    );
  });

  it('is a per-user named pipe on Windows', () => {
    expect(defaultSocketPath({ env: {}, platform: 'win32', user: 'Ann Lee' })).toBe(
      '\\\\.\\pipe\\egress-switcher-Ann_Lee',
    );
  });

  it('an explicit path beats EGRESS_SWITCHER_SOCKET, which beats the default', () => {
    const env = { EGRESS_SWITCHER_SOCKET: '/tmp/env.sock', XDG_RUNTIME_DIR: '/run/user/1' };
    expect(resolveSocketPath('/tmp/flag.sock', { env })).toBe('/tmp/flag.sock');
    expect(resolveSocketPath(undefined, { env })).toBe('/tmp/env.sock');
    expect(resolveSocketPath(undefined, { env: { XDG_RUNTIME_DIR: '/run/user/1' } })).toBe(
      '/run/user/1/egress-switcher/agent.sock',
    );
  });
});

describe.runIf(posix)('the socket file', () => {
  it('is 0600 in a new directory created 0700, and removed on close', async () => {
    const socketPath = join(tmp.dir, 'fresh', 'nested', 'agent.sock');
    const server = await serveLocalApi(createFakeAgent(), { socketPath });
    try {
      expect(statSync(socketPath).isSocket()).toBe(true);
      expect(statSync(socketPath).mode & 0o777).toBe(0o600);
      expect(statSync(join(tmp.dir, 'fresh', 'nested')).mode & 0o777).toBe(0o700);
    } finally {
      await server.close();
    }
    expect(existsSync(socketPath)).toBe(false);
  });

  it('the default location (via XDG_RUNTIME_DIR) gets its existing directory tightened to 0700', async () => {
    const runtime = join(tmp.dir, 'xdg');
    mkdirSync(join(runtime, 'egress-switcher'), { recursive: true, mode: 0o755 });
    const saved = { xdg: process.env.XDG_RUNTIME_DIR, sock: process.env.EGRESS_SWITCHER_SOCKET };
    process.env.XDG_RUNTIME_DIR = runtime;
    delete process.env.EGRESS_SWITCHER_SOCKET;
    try {
      const server = await serveLocalApi(createFakeAgent());
      try {
        expect(server.socketPath).toBe(join(runtime, 'egress-switcher', 'agent.sock'));
        expect(statSync(join(runtime, 'egress-switcher')).mode & 0o777).toBe(0o700);
        expect(statSync(server.socketPath ?? '').mode & 0o777).toBe(0o600);
      } finally {
        await server.close();
      }
    } finally {
      if (saved.xdg === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = saved.xdg;
      if (saved.sock !== undefined) process.env.EGRESS_SWITCHER_SOCKET = saved.sock;
    }
  });

  it('a stale socket left by a killed agent is replaced', async () => {
    const socketPath = join(tmp.dir, 'stale.sock');
    const child = spawn(
      process.execPath,
      [
        '-e',
        `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(statSync(socketPath).isSocket()).toBe(true);

    const server = await serveLocalApi(createFakeAgent(), { socketPath });
    try {
      const state = await createLocalAgentClient({ socketPath }).api.getState({});
      expect(state.seq).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('a second agent on a live socket is refused, and the first keeps serving', async () => {
    const socketPath = join(tmp.dir, 'live.sock');
    const first = await serveLocalApi(createFakeAgent(), { socketPath });
    try {
      const second = serveLocalApi(createFakeAgent(), { socketPath });
      await expect(second).rejects.toBeInstanceOf(AgentAlreadyRunningError);
      await expect(second).rejects.toThrow(/already running on .*live\.sock/);
      const state = await createLocalAgentClient({ socketPath }).api.getState({});
      expect(state.status).toBe('connected');
      expect(statSync(socketPath).isSocket()).toBe(true);
    } finally {
      await first.close();
    }
  });

  it('a path too long for a Unix socket is refused with the limit, before anything is created', async () => {
    const socketPath = join(tmp.dir, 'x'.repeat(120), 'agent.sock');
    await expect(serveLocalApi(createFakeAgent(), { socketPath })).rejects.toThrow(
      /bytes; Unix sockets allow 10[37]/,
    );
    expect(existsSync(join(tmp.dir, 'x'.repeat(120)))).toBe(false);
  });

  it('a regular file in the way is refused and left untouched', async () => {
    const socketPath = join(tmp.dir, 'not-a-socket');
    writeFileSync(socketPath, 'precious');
    await expect(serveLocalApi(createFakeAgent(), { socketPath })).rejects.toThrow(/not a socket/);
    expect(readFileSync(socketPath, 'utf8')).toBe('precious');
  });
});
