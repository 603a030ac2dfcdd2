import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AgentAlreadyRunningError,
  createLocalAgentClient,
  deferredAgent,
  readSocketOccupant,
  serveLocalApi,
} from '../../../src/main/agent/local-api/index.js';
import { AgentError } from '../../../src/shared/agent/index.js';
import { createFakeAgent, makeSnapshot } from './fake-agent.js';
import { tempDir } from './helpers.js';

/** The socket as the one-agent-per-user lock: claimed atomically, naming who holds it. */

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A socket file whose listener was SIGKILLed: what a crashed agent leaves. */
async function staleSocket(socketPath: string): Promise<void> {
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
}

describe.runIf(process.platform !== 'win32')('claiming the socket', () => {
  it('of two agents claiming a stale socket at once, exactly one gets it', async () => {
    const socketPath = join(tmp.dir, 'race.sock');
    await staleSocket(socketPath);
    const claims = await Promise.allSettled([
      serveLocalApi(createFakeAgent(), { socketPath }),
      serveLocalApi(createFakeAgent(), { socketPath }),
    ]);
    const won = claims.filter((claim) => claim.status === 'fulfilled');
    const lost = claims.filter((claim) => claim.status === 'rejected');
    try {
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const reason = (lost[0] as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(AgentAlreadyRunningError);
      expect((reason as AgentAlreadyRunningError).running?.pid).toBe(process.pid);
      // The winner's socket is the one on disk: the loser removed nothing.
      expect((await createLocalAgentClient({ socketPath }).api.getState({})).seq).toBe(1);
    } finally {
      for (const claim of won)
        await (claim as PromiseFulfilledResult<{ close(): Promise<void> }>).value.close();
    }
  });

  it('the refusal names the running agent: its front, pid and version', async () => {
    const socketPath = join(tmp.dir, 'named.sock');
    const first = await serveLocalApi(createFakeAgent(), {
      socketPath,
      identity: { front: 'desktop_app', version: '9.8.7' },
    });
    try {
      const error = await serveLocalApi(createFakeAgent(), { socketPath }).catch((e) => e);
      expect(error).toBeInstanceOf(AgentAlreadyRunningError);
      expect(error.running).toEqual({
        status: 'ok',
        pid: process.pid,
        front: 'desktop_app',
        version: '9.8.7',
        socket: socketPath,
      });
      expect(error.message).toContain(`(desktop app, pid ${process.pid}, version 9.8.7)`);
      expect(error.message).toContain('Quit the desktop app first');
      expect(await readSocketOccupant(socketPath)).toEqual({
        running: true,
        health: error.running,
      });
    } finally {
      await first.close();
    }
    expect(await readSocketOccupant(socketPath)).toEqual({ running: false });
  });

  it('something alive that does not name itself still counts as running', async () => {
    const { createServer } = await import('node:net');
    const socketPath = join(tmp.dir, 'silent.sock');
    // Accepts and says nothing: a frozen agent, or an older one. (It reads, so it sees hang-ups.)
    const silent = createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(socketPath, resolve));
    try {
      const occupant = await readSocketOccupant(socketPath, 200);
      expect(occupant).toMatchObject({ running: true, health: null });
      await expect(serveLocalApi(createFakeAgent(), { socketPath })).rejects.toBeInstanceOf(
        AgentAlreadyRunningError,
      );
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('deferredAgent: the LocalAPI served before its agent exists', () => {
  it('a command waits for the agent, a subscription starts once it exists', async () => {
    const socketPath = join(tmp.dir, 'deferred.sock');
    const pending = deferredAgent();
    const server = await serveLocalApi(pending.api, { socketPath });
    try {
      const client = createLocalAgentClient({ socketPath }).api;
      // Health answers at once: a second agent can be refused while this one is being made.
      expect((await readSocketOccupant(socketPath)).running).toBe(true);
      const seen: number[] = [];
      const unsubscribe = pending.api.subscribe((snapshot) => seen.push(snapshot.seq));
      let answered = false;
      const state = client.getState({}).then((snapshot) => {
        answered = true;
        return snapshot;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(answered).toBe(false);
      expect(seen).toEqual([]);
      const agent = createFakeAgent();
      pending.resolve(agent);
      expect((await state).seq).toBe(1);
      await Promise.resolve();
      expect(seen).toEqual([1]);
      agent.push(makeSnapshot(2));
      unsubscribe();
      agent.push(makeSnapshot(3));
      expect(seen).toEqual([1, 2]);
      expect(agent.subscriberCount()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('an agent that failed to be made fails every command with its error', async () => {
    const pending = deferredAgent();
    pending.reject(new AgentError('internal', 'the settings could not be read'));
    await expect(pending.api.getState({})).rejects.toThrow('the settings could not be read');
    const unsubscribe = pending.api.subscribe(() => {
      throw new Error('no snapshot from an agent that does not exist');
    });
    await Promise.resolve();
    unsubscribe();
  });
});
