import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Shell } from '../../src/main/electron/shell.js';
import type { EgressSwitcherTestHooks } from '../../src/main/electron/test-hooks.js';
import type { AgentSnapshot } from '../../src/shared/agent/index.js';
import { commandChannel, type IpcOutcome } from '../../src/shared/agent/ipc-channels.js';
import { type CliEnv, ensureBuilt, runCli, startCli, tempDir } from '../cli/helpers.js';
import { app, type FakeBrowserWindow, recorded, resetRecorded } from './fake-electron.js';

vi.mock('electron', async () => import('./fake-electron.js'));
// electron-store reads Electron's paths on import; conf is what it wraps.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class extends Conf<Record<string, unknown>> {
      constructor(options: Record<string, unknown> & { name?: string }) {
        const { name, ...rest } = options;
        super({ ...rest, configName: name } as ConstructorParameters<typeof Conf>[0]);
      }
    },
  };
});

/**
 * One agent per user, whichever front started it: the shell (fake Electron, real agent core and
 * simulator) and a real egressctl child process on one socket. The app's agent serves egressctl;
 * a headless agent that runs first gets the app as its front; a second agent is refused, naming
 * the running one, before it creates anything.
 */

vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

const logger = pino({ level: 'silent' });
const tmp = tempDir();
const hooks = () =>
  (globalThis as unknown as { __egressSwitcherTest: EgressSwitcherTestHooks }).__egressSwitcherTest;

async function until(
  predicate: (s: AgentSnapshot) => boolean,
  what: string,
): Promise<AgentSnapshot> {
  await vi.waitFor(
    () => {
      const snapshot = hooks().snapshot();
      if (!snapshot || !predicate(snapshot)) {
        throw new Error(`waiting for ${what}: ${snapshot?.status} ${snapshot?.attached_vnet_id}`);
      }
    },
    { timeout: 30_000, interval: 20 },
  );
  return hooks().snapshot() as AgentSnapshot;
}

async function startShellIn(dir: string, socket: string): Promise<Shell> {
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>popover</title>');
  resetRecorded(join(dir, 'userData'));
  vi.stubEnv('XDG_CONFIG_HOME', join(dir, 'xdg'));
  vi.stubEnv('EGRESS_SWITCHER_SOCKET', socket);
  const { startShell } = await import('../../src/main/electron/shell.js');
  return startShell({
    app: app as never,
    logger,
    startHidden: true,
    e2e: true,
    paths: {
      preload: join(dir, 'preload/index.cjs'),
      rendererRoot: renderer,
      simulatorModule: join(dir, 'main/simulator.js'),
      assets: join(process.cwd(), 'assets'),
      entryUrl: 'app://egress/index.html',
      devServerOrigin: undefined,
    },
  });
}

async function cliJson(env: CliEnv, args: string[]) {
  const result = await runCli(env, [...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return result.json;
}

/** A vnet other than the attached one, by name. */
function otherVnet(snapshot: AgentSnapshot, ...not: (string | null)[]): string {
  const vnet = snapshot.vnets.find((v) => !v.attached && !not.includes(v.name));
  if (!vnet) throw new Error('the demo seed has more vnets');
  return vnet.name;
}

/** An IPC call from the popover's own page, as the renderer makes it. */
async function fromPopover(name: string, payload: unknown): Promise<IpcOutcome<unknown>> {
  hooks().showPopover();
  const popover = recorded.windows.at(-1) as FakeBrowserWindow;
  const handler = recorded.handlers.get(commandChannel(name as never));
  if (!handler) throw new Error(`no IPC handler for ${name}`);
  const event = {
    sender: { id: popover.webContents.id },
    senderFrame: {
      url: 'app://egress/index.html',
      routingId: popover.webContents.mainFrame.routingId,
      processId: popover.webContents.mainFrame.processId,
      parent: null,
    },
  };
  return (await handler(event, payload)) as IpcOutcome<unknown>;
}

function attachedName(snapshot: AgentSnapshot): string | undefined {
  return snapshot.vnets.find((vnet) => vnet.id === snapshot.attached_vnet_id)?.name;
}

beforeAll(async () => {
  await ensureBuilt();
});

afterAll(() => {
  vi.unstubAllEnvs();
  tmp.cleanup();
});

describe('the desktop app runs the agent: egressctl drives it', () => {
  const dir = join(tmp.dir, 'app-first');
  const env: CliEnv = { socket: join(dir, 'agent.sock'), home: join(dir, 'egressctl-home') };
  let shell: Shell;

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    shell = await startShellIn(dir, env.socket);
    await until((s) => s.status === 'connected', 'connected');
  });
  afterAll(async () => {
    await shell?.stop();
  });

  it('serves the LocalAPI on the socket: egressctl status shows what the tray shows', async () => {
    const status = await cliJson(env, ['status']);
    const snapshot = hooks().snapshot() as AgentSnapshot;
    expect(status.status).toBe('connected');
    expect(status.vnet.id).toBe(snapshot.attached_vnet_id);
    expect(status.egress).toEqual(snapshot.egress?.egress);
    expect(recorded.trays[0]?.tooltip).toContain(status.egress.ipv4);
  });

  it('names itself on /v1/health: egressctl agent status says desktop app, this pid', async () => {
    const running = await cliJson(env, ['agent', 'status']);
    expect(running).toMatchObject({
      running: true,
      pid: process.pid,
      front: 'desktop_app',
      version: '0.0.0-test',
      socket: env.socket,
      status: 'connected',
    });
  });

  it('a switch from egressctl shows in the tray at once, and one from the tray in egressctl', async () => {
    const before = hooks().snapshot() as AgentSnapshot;
    const target = otherVnet(before);
    const switched = await cliJson(env, ['vnet', target]);
    await until((s) => attachedName(s) === target && s.status === 'connected', 'switched');
    expect(recorded.trays[0]?.tooltip).toContain(target);
    expect(recorded.trays[0]?.tooltip).toContain(switched.egress.ipv4);

    const now = hooks().snapshot() as AgentSnapshot;
    const next = now.vnets.find((vnet) => !vnet.attached && vnet.name !== target);
    if (!next) throw new Error('the demo seed has a third vnet');
    await hooks().clickTrayItem(`all:${next.id}`);
    await until((s) => s.attached_vnet_id === next.id && s.status === 'connected', 'tray switch');
    expect((await cliJson(env, ['status'])).vnet).toEqual({ id: next.id, name: next.name });
    const [latest] = await cliJson(env, ['history', '--limit', '1']).then((h) => h.entries);
    expect(latest.origin).toBe('tray');
  });

  it('egressctl watch follows the tray agent: a tray switch is its next line', async () => {
    const watch = startCli(env, ['watch']);
    try {
      await watch.waitForLines(1);
      const next = (hooks().snapshot() as AgentSnapshot).vnets.find((vnet) => !vnet.attached);
      if (!next) throw new Error('the demo seed has a second vnet');
      await hooks().clickTrayItem(`all:${next.id}`);
      await vi.waitFor(
        () => {
          const last = JSON.parse(watch.lines.at(-1) ?? '{}');
          expect(last.vnet?.id).toBe(next.id);
          expect(last.status).toBe('connected');
        },
        { timeout: 30_000, interval: 50 },
      );
    } finally {
      await watch.stop();
    }
  });

  it('refuses a second agent, naming the app, before it creates a data folder', async () => {
    for (const args of [
      ['agent', '--local-simulator'],
      ['agent', 'start', '--local-simulator'],
    ]) {
      const second = await runCli(env, args);
      expect(second.code, second.stderr).toBe(1);
      expect(second.stderr).toContain('already running');
      expect(second.stderr).toContain(`desktop app, pid ${process.pid}`);
    }
    const json = await runCli(env, ['agent', '--local-simulator', '--json']);
    expect(JSON.parse(json.stderr).error.code).toBe('already_running');
    // No settings, no simulator database, no device: nothing of a second agent exists.
    expect(existsSync(join(env.home, 'config'))).toBe(false);
    expect(existsSync(join(env.home, 'data', 'simulator'))).toBe(false);
    expect((await cliJson(env, ['status'])).status).toBe('connected');
  });

  it('egressctl agent stop does not stop the desktop app: it says to quit the app', async () => {
    const stop = await runCli(env, ['agent', 'stop']);
    expect(stop.code).toBe(1);
    expect(stop.stderr).toMatch(/desktop app's \(pid \d+\).*quit the app/);
    expect((await cliJson(env, ['agent', 'status'])).running).toBe(true);
  });

  it('stops serving on quit: the socket goes, egressctl finds no agent', async () => {
    await shell.stop();
    expect(existsSync(env.socket)).toBe(false);
    const status = await runCli(env, ['status']);
    expect(status.code).toBe(6);
  });
});

describe('a headless agent already runs: the app becomes its front', () => {
  const dir = join(tmp.dir, 'headless-first');
  const env: CliEnv = { socket: join(dir, 'agent.sock'), home: join(dir, 'egressctl-home') };
  let shell: Shell;
  let headlessPid: number;

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    const started = await cliJson(env, ['agent', 'start', '--local-simulator']);
    headlessPid = started.pid;
    shell = await startShellIn(dir, env.socket);
  });
  afterAll(async () => {
    await shell?.stop();
    await runCli(env, ['agent', 'stop']);
  });

  it("shows the headless agent's state and starts no agent, simulator or settings of its own", async () => {
    const snapshot = await until((s) => s.status === 'connected', 'connected');
    const status = await cliJson(env, ['status']);
    expect(snapshot.attached_vnet_id).toBe(status.vnet.id);
    expect(recorded.trays[0]?.tooltip).toContain(status.egress.ipv4);
    expect(recorded.children).toHaveLength(0);
    expect(existsSync(join(recorded.userData, 'settings.json'))).toBe(false);
    expect((await cliJson(env, ['agent', 'status'])).pid).toBe(headlessPid);
  });

  it('the tray and egressctl switch the same agent', async () => {
    const before = hooks().snapshot() as AgentSnapshot;
    const target = otherVnet(before);
    await cliJson(env, ['vnet', target]);
    await until((s) => attachedName(s) === target && s.status === 'connected', 'switched');
    expect(recorded.trays[0]?.tooltip).toContain(target);

    const next = (hooks().snapshot() as AgentSnapshot).vnets.find(
      (vnet) => !vnet.attached && vnet.name !== target,
    );
    if (!next) throw new Error('the demo seed has a third vnet');
    await hooks().clickTrayItem(`all:${next.id}`);
    await until((s) => s.attached_vnet_id === next.id && s.status === 'connected', 'tray switch');
    expect((await cliJson(env, ['status'])).vnet.id).toBe(next.id);
  });

  it('the popover drives the headless agent too (its IPC goes over the LocalAPI)', async () => {
    const target = otherVnet(hooks().snapshot() as AgentSnapshot);
    const outcome = await fromPopover('switchVnet', { vnet: target });
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    expect((await cliJson(env, ['status'])).vnet.name).toBe(target);
    const [latest] = (await cliJson(env, ['history', '--limit', '1'])).entries;
    expect(latest.to.name).toBe(target);
    // Refusals still come from the agent, in the contract's shape.
    const refused = await fromPopover('switchVnet', { vnet: 'vnet-Nowhere' });
    expect(refused.ok === false && refused.error.code).toBe('not_found');
  });

  it('when the headless agent stops, the app runs its own and serves egressctl', async () => {
    const lastSeq = (hooks().snapshot() as AgentSnapshot).seq;
    const stopped = await cliJson(env, ['agent', 'stop']);
    expect(stopped).toMatchObject({ was_running: true, pid: headlessPid });
    // The app's own agent (and its simulator) take over; its snapshots continue the count.
    const own = await until((s) => s.status === 'connected' && s.seq > lastSeq, 'own agent');
    expect(recorded.children).toHaveLength(1);
    expect(own.control_api.mode).toBe('local_simulator');
    const running = await cliJson(env, ['agent', 'status']);
    expect(running).toMatchObject({ front: 'desktop_app', pid: process.pid });
  });
});
