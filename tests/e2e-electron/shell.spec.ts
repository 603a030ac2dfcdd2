import { expect, test } from '@playwright/test';
import type { TrayCommandItem } from '../../src/main/electron/tray-menu-model.js';
import type { AgentApi, AgentSnapshot } from '../../src/shared/agent/index.js';
import {
  buildApp,
  clickTrayItem,
  launchApp,
  type RunningApp,
  SKIP_REASON,
  snapshotOf,
  trayMenuOf,
} from './electron-app.js';

// Said once, plainly, where the binary is missing (the list reporter shows skips without why).
if (SKIP_REASON) console.log(SKIP_REASON);
test.skip(SKIP_REASON !== null, SKIP_REASON ?? '');

test.describe.configure({ mode: 'serial' });

let running: RunningApp;

/** The page's global, as the preload exposes it (the renderer declares it for its own code). */
type PageWindow = Window & { egressAgent?: AgentApi; require?: unknown; process?: unknown };

async function connected(): Promise<AgentSnapshot> {
  let latest: AgentSnapshot | null = null;
  await expect
    .poll(
      async () => {
        latest = await snapshotOf(running.app);
        return latest?.status;
      },
      { timeout: 30_000, message: 'the agent connects to the local simulator' },
    )
    .toBe('connected');
  return latest as unknown as AgentSnapshot;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  buildApp();
  running = await launchApp();
});

test.afterAll(async () => {
  await running?.close();
});

test('the popover shows the current egress from the local simulator', async () => {
  const snapshot = await connected();
  const ipv4 = snapshot.egress?.egress.ipv4;
  expect(ipv4, 'the attached vnet resolves to an IPv4').toBeTruthy();
  await expect(running.popover.getByText(ipv4 as string).first()).toBeVisible();
  expect(new URL(running.popover.url()).protocol).toBe('app:');
});

test('switching from the tray menu changes the egress the popover shows', async () => {
  const before = await connected();
  const menu = await trayMenuOf(running.app);
  const target = menu.find(
    (item): item is TrayCommandItem =>
      item.kind === 'radio' && item.id.startsWith('all:') && !item.checked && item.enabled,
  );
  expect(target, 'an unattached vnet in the tray menu').toBeDefined();
  const vnetId = (target as TrayCommandItem).id.slice('all:'.length);
  await clickTrayItem(running.app, (target as TrayCommandItem).id);

  await expect.poll(async () => (await snapshotOf(running.app))?.attached_vnet_id).toBe(vnetId);
  const after = (await snapshotOf(running.app)) as AgentSnapshot;
  expect(after.attached_vnet_id).not.toBe(before.attached_vnet_id);
  const ipv4 = after.egress?.egress.ipv4;
  if (ipv4) await expect(running.popover.getByText(ipv4).first()).toBeVisible();
  // The menu now marks the new vnet.
  const redrawn = await trayMenuOf(running.app);
  const checked = redrawn.filter(
    (item) => item.kind === 'radio' && item.id.startsWith('all:') && item.checked,
  );
  expect(checked.map((item) => (item as TrayCommandItem).id)).toEqual([`all:${vnetId}`]);
  // History records that the tray did it.
  const history = await running.popover.evaluate(() =>
    (window as PageWindow).egressAgent?.getHistory({ limit: 1 }),
  );
  expect(history?.[0]?.origin).toBe('tray');
});

test('the renderer gets the contract only, and an invalid payload is refused by main', async () => {
  await connected();
  const surface = await running.popover.evaluate(() => {
    const page = window as PageWindow;
    return {
      keys: Object.keys(page.egressAgent ?? {}).sort(),
      require: typeof page.require,
      process: typeof page.process,
    };
  });
  expect(surface.require).toBe('undefined');
  expect(surface.process).toBe('undefined');
  expect(surface.keys).toContain('switchVnet');
  expect(surface.keys).toContain('subscribe');

  const refused = await running.popover.evaluate(() =>
    ((window as PageWindow).egressAgent as unknown as { switchVnet(r: unknown): Promise<unknown> })
      .switchVnet({ vnet: 42, surprise: true })
      .then(
        () => null,
        (error: { code?: string; message?: string }) => ({
          code: error.code,
          message: error.message,
        }),
      ),
  );
  expect(refused?.code).toBe('invalid_request');
  expect(refused?.message).toMatch(/Invalid switchVnet request/);
});

test('the popover cannot navigate away or open windows', async () => {
  const before = running.popover.url();
  await running.popover.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await running.popover.waitForTimeout(500);
  expect(running.popover.url()).toBe(before);
  const opened = await running.popover.evaluate(() => window.open('https://example.com/') === null);
  expect(opened).toBe(true);
  expect(running.app.windows()).toHaveLength(1);
});
