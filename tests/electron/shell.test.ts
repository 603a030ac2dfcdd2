import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SENDER_REJECTED_MESSAGE } from '../../src/main/electron/ipc-guard.js';
import type { Shell } from '../../src/main/electron/shell.js';
import type { EgressSwitcherTestHooks } from '../../src/main/electron/test-hooks.js';
import type { AgentSnapshot } from '../../src/shared/agent/index.js';
import { agentCommands } from '../../src/shared/agent/index.js';
import type { IpcOutcome } from '../../src/shared/agent/ipc-channels.js';
import { commandChannel } from '../../src/shared/agent/ipc-channels.js';
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
 * The shell's wiring end to end in Node: a fake Electron, the real agent core, and the real
 * control API behind the utility-simulator protocol. What only a real Electron can show (native
 * menus, the sandboxed page) is in tests/e2e-electron.
 */

const logger = pino({ level: 'silent' });
let dir: string;
let shell: Shell;
let popover: FakeBrowserWindow;
const hooks = () =>
  (globalThis as unknown as { __egressSwitcherTest: EgressSwitcherTestHooks }).__egressSwitcherTest;

async function call(
  channel: string,
  payload: unknown,
  frame?: Partial<{ routingId: number; url: string }>,
) {
  const handler = recorded.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  const event = {
    sender: { id: popover.webContents.id },
    senderFrame: {
      url: 'app://egress/index.html',
      routingId: popover.webContents.mainFrame.routingId,
      processId: popover.webContents.mainFrame.processId,
      parent: null,
      ...frame,
    },
  };
  return (await handler(event, payload)) as IpcOutcome<unknown>;
}

async function until(
  predicate: (s: AgentSnapshot) => boolean,
  what: string,
): Promise<AgentSnapshot> {
  await vi.waitFor(
    () => {
      const snapshot = hooks().snapshot();
      if (!snapshot || !predicate(snapshot))
        throw new Error(`waiting for ${what}: ${snapshot?.status}`);
    },
    { timeout: 15_000, interval: 20 },
  );
  return hooks().snapshot() as AgentSnapshot;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'egress-shell-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>popover</title>');
  resetRecorded(join(dir, 'userData'));
  vi.stubEnv('XDG_CONFIG_HOME', join(dir, 'xdg'));
  // The shell serves the LocalAPI: on a socket of its own, not the user's.
  vi.stubEnv('EGRESS_SWITCHER_SOCKET', join(dir, 'agent.sock'));
  const { startShell } = await import('../../src/main/electron/shell.js');
  shell = await startShell({
    app: app as never,
    logger,
    startHidden: false,
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
  popover = recorded.windows[0] as FakeBrowserWindow;
});

afterAll(async () => {
  await shell?.stop();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Electron shell (fake Electron, real agent and simulator)', () => {
  it('opens a sandboxed, isolated popover on the app page, shown only once painted', async () => {
    expect(popover.options).toMatchObject({
      show: false,
      frame: false,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
      },
    });
    expect(popover.url).toBe('app://egress/index.html');
    await vi.waitFor(() => expect(popover.visible).toBe(true));
  });

  it('connects to the local simulator in a utility process and shows it in the tray', async () => {
    const snapshot = await until((s) => s.status === 'connected' && s.egress !== null, 'connected');
    expect(recorded.children).toHaveLength(1);
    const tray = recorded.trays[0];
    expect(tray?.tooltip).toContain(snapshot.egress?.vnet_name);
    expect(tray?.tooltip).toContain(snapshot.egress?.egress.ipv4 ?? '');
    expect(tray?.image).toMatch(/tray-connected-on-dark\.png$/);
    // Linux: the menu is attached (AppIndicator shows it); it lists every vnet as a radio item.
    const radios = tray?.menu?.items.filter(
      (item) => item.type === 'radio' && item.id?.startsWith('all:'),
    );
    expect(radios?.length).toBe(snapshot.vnets.length);
  });

  it('handles every contract command on IPC, and pushes snapshots to the popover', async () => {
    for (const name of Object.keys(agentCommands) as (keyof typeof agentCommands)[]) {
      expect(recorded.handlers.has(commandChannel(name)), name).toBe(true);
    }
    const outcome = await call('agent:getState', {});
    expect(outcome.ok).toBe(true);
    const pushed = popover.webContents.sent.filter((message) => message.channel === 'agent:state');
    expect(pushed.length).toBeGreaterThan(0);
  });

  it('refuses another frame and an invalid payload, without touching the agent', async () => {
    const before = hooks().snapshot()?.attached_vnet_id;
    const wrongFrame = await call('agent:switchVnet', { vnet: 'vnet-London' }, { routingId: 77 });
    expect(wrongFrame).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: SENDER_REJECTED_MESSAGE },
    });
    const wrongPage = await call('agent:getState', {}, { url: 'https://evil.example/' });
    expect(wrongPage.ok).toBe(false);
    const invalid = await call('agent:switchVnet', { vnet: 7 });
    expect(invalid.ok === false && invalid.error.code).toBe('invalid_request');
    expect(hooks().snapshot()?.attached_vnet_id).toBe(before);
  });

  it('switches from the tray menu, records the tray as origin, and tells the user', async () => {
    const before = await until((s) => s.status === 'connected', 'connected');
    popover.hide();
    const target = before.vnets.find((vnet) => !vnet.attached);
    if (!target) throw new Error('the demo seed has a second vnet');
    await hooks().clickTrayItem(`all:${target.id}`);
    const after = await until(
      (s) => s.attached_vnet_id === target.id && s.status === 'connected',
      'switched',
    );
    const history = await call('agent:getHistory', { limit: 1 });
    expect(history.ok && (history.value as { origin: string }[])[0]?.origin).toBe('tray');
    expect(recorded.notifications).toContainEqual({
      title: 'Egress changed',
      body: expect.stringContaining(after.egress?.vnet_name ?? '?'),
    });
    const checked = recorded.trays[0]?.menu?.items.filter(
      (item) => item.id?.startsWith('all:') && item.checked,
    );
    expect(checked?.map((item) => item.id)).toEqual([`all:${target.id}`]);
  });

  it('says in the tooltip whether traffic goes through the proxy; the menu copies its address', async () => {
    const now = await until((s) => s.status === 'connected' && s.egress !== null, 'connected');
    const tray = recorded.trays[0];
    if (!now.proxy.listening) {
      // Port 40000 taken on this machine (another agent): said, and nothing to copy.
      expect(tray?.tooltip.split('\n')[1]).toMatch(/^Proxy not running: /);
      await expect(hooks().clickTrayItem('copy-proxy')).rejects.toThrow(/disabled/);
    }
    // Any free port: the proxy listens, and the tray says where.
    const moved = await call('agent:updateSettings', { proxy_port: 0 });
    expect(moved.ok).toBe(true);
    const { proxy } = await until((s) => s.proxy.listening, 'proxy listening');
    expect(tray?.tooltip.split('\n')[1]).toBe(`Traffic via proxy ${proxy.address}`);
    recorded.clipboard.length = 0;
    await hooks().clickTrayItem('copy-proxy');
    expect(recorded.clipboard).toEqual([`http://${proxy.address}`]);
  });

  it('serves the app pages with the CSP and refuses anything outside the renderer', async () => {
    const handler = recorded.protocolHandlers.get('app');
    if (!handler) throw new Error('no app: protocol handler');
    const page = await handler(new Request('app://egress/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'none'");
    expect(await page.text()).toContain('popover');
    expect(
      (await handler(new Request('app://egress/assets/..%2f..%2fuserData%2fsettings.json'))).status,
    ).toBe(404);
    expect((await handler(new Request('app://egress/missing.js'))).status).toBe(404);
  });

  it('denies navigation, new windows, webviews and permissions', () => {
    const contents = popover.webContents;
    const navigation = { url: 'https://example.com/', preventDefault: vi.fn() };
    contents.emit('will-navigate', navigation);
    expect(navigation.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });
    const decide = vi.fn();
    recorded.permissionRequest?.(contents, 'media', decide, {
      requestingUrl: 'app://egress/index.html',
    });
    expect(decide).toHaveBeenCalledWith(false);
    expect(recorded.permissionCheck?.(contents, 'clipboard-sanitized-write', 'app://egress')).toBe(
      true,
    );
    expect(
      recorded.permissionCheck?.(contents, 'clipboard-sanitized-write', 'https://evil.example'),
    ).toBe(false);
  });

  it('keeps settings in electron-store and the device token in a user-only file (no keychain here)', () => {
    expect(statSync(join(recorded.userData, 'settings.json')).isFile()).toBe(true);
    expect(statSync(join(recorded.userData, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('writes and removes the autostart entry when the setting changes', async () => {
    const entry = join(dir, 'xdg', 'autostart', 'egress-switcher.desktop');
    expect((await call('agent:updateSettings', { start_at_login: true })).ok).toBe(true);
    await vi.waitFor(() => expect(statSync(entry).isFile()).toBe(true));
    expect((await call('agent:updateSettings', { start_at_login: false })).ok).toBe(true);
    await vi.waitFor(() => expect(() => statSync(entry)).toThrow());
  });

  it('stops cleanly: IPC unbound, tray gone, simulator stopped', async () => {
    await shell.stop();
    expect(recorded.handlers.size).toBe(0);
    expect(recorded.trays[0]?.destroyed).toBe(true);
    expect(recorded.children[0]?.received.at(-1)).toEqual({ type: 'stop' });
    expect(recorded.children[0]?.exitCode).toBe(0);
    expect(popover.destroyed).toBe(true);
  });
});
