import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UtilitySimulatorControlPlane } from '../../src/main/electron/utility-simulator.js';
import { FakeChild } from './fake-utility-child.js';

const logger = pino({ level: 'silent' });

describe('UtilitySimulatorControlPlane with the simulator service', () => {
  let dir: string;
  let children: FakeChild[];
  const plane = (dataDir = join(dir, 'sim')) =>
    new UtilitySimulatorControlPlane({
      fork: () => {
        const child = new FakeChild();
        children.push(child);
        return child;
      },
      dataDir,
      logger,
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'egress-utility-sim-'));
    children = [];
  });
  afterEach(async () => {
    for (const child of children) if (child.exitCode === null) child.postMessage({ type: 'stop' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts the control API with the demo seed and hands back a working URL and admin token', async () => {
    const simulator = plane();
    const connection = await simulator.connect();
    expect(connection).toMatchObject({ kind: 'admin', mode: 'local_simulator' });
    expect(connection.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${connection.url}/healthz`);
    expect(health.ok).toBe(true);
    const accounts = await fetch(`${connection.url}/client/v4/accounts`, {
      headers: { authorization: `Bearer ${connection.token}` },
    });
    expect(accounts.status).toBe(200);
    const body = (await accounts.json()) as { result: unknown[] };
    expect(body.result).toHaveLength(1);
    const refused = await fetch(`${connection.url}/client/v4/accounts`, {
      headers: { authorization: 'Bearer wrong-token-wrong-token' },
    });
    expect(refused.status).toBe(401);
    // One child however often the agent connects.
    await expect(simulator.connect()).resolves.toEqual(connection);
    expect(children).toHaveLength(1);
    await simulator.close();
  });

  it('stops the child on close, and refuses to start again', async () => {
    const simulator = plane();
    const { url } = await simulator.connect();
    await simulator.close();
    expect(children[0]?.received.at(-1)).toEqual({ type: 'stop' });
    expect(children[0]?.exitCode).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    await expect(simulator.connect()).rejects.toThrow(/stopped/);
  });

  it('starts a fresh child after a crash, keeping the same database', async () => {
    const simulator = plane();
    const first = await simulator.connect();
    const crashed = new Promise((resolve) => children[0]?.once('exit', resolve));
    children[0]?.kill();
    await crashed;
    const second = await simulator.connect();
    expect(children).toHaveLength(2);
    expect(second.token).not.toBe(first.token);
    const accounts = await fetch(`${second.url}/client/v4/accounts`, {
      headers: { authorization: `Bearer ${second.token}` },
    });
    expect(accounts.status).toBe(200);
    await simulator.close();
  });

  it('reports a simulator that cannot start, with its reason', async () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, '');
    const simulator = plane(join(blocker, 'sim'));
    await expect(simulator.connect()).rejects.toThrow(/could not start/);
    await simulator.close();
  });
});
