import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeWarp, FAKE_WARP_CLI, type FakeWarp } from '../support/fake-warp-cli/state.js';
import {
  CF_TOKEN,
  type CloudflareStandIn,
  DEMO_VNETS,
  demoFakeVnets,
  forbiddenRequests,
  startCloudflareStandIn,
  startTraceStandIn,
  type TraceStandIn,
} from '../warp/support.js';
import { expect, test } from './harness/fixtures.js';
import { popover } from './harness/popover.js';

/**
 * The popover with the real-WARP backend: chosen in Settings, then the same screens as with our
 * control plane — list, switch, why (an uncertain groups rule said plainly), what-if trace,
 * verify match and mismatch — and the errors the client and the API can give. The agent (in
 * this process) runs the fake warp-cli; our control API stands in for the Cloudflare API.
 */

let dir: string;
let standIn: CloudflareStandIn;
let trace: TraceStandIn;
let warp: FakeWarp;

test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warp-e2e-'));
  standIn = await startCloudflareStandIn(dir);
  trace = await startTraceStandIn();
  warp = createFakeWarp(dir, {
    vnets: demoFakeVnets(['vnet-Dublin']),
    accountId: standIn.accountId,
  });
  // The agent runs in this process: its warp-cli children read the fake's state from here.
  process.env.FAKE_WARP_STATE = warp.statePath;
  process.env.FAKE_WARP_LOG = warp.logPath;
});

test.afterEach(async () => {
  await trace.close();
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

async function chooseWarp(
  page: import('@playwright/test').Page,
  options: { warpCli?: string } = {},
) {
  const ui = popover(page);
  await ui.tab('Settings').click();
  await page.getByRole('radio', { name: /Cloudflare WARP/ }).check();
  await page.getByLabel('Account ID').fill(standIn.accountId);
  await page.getByLabel(/^Cloudflare API token/).fill(CF_TOKEN);
  await page.getByLabel(/^Cloudflare API URL/).fill(standIn.baseUrl);
  await page.getByLabel(/^warp-cli path/).fill(options.warpCli ?? FAKE_WARP_CLI);
  await page.getByLabel(/^Verify URL/).fill(trace.traceUrl);
  await page.getByRole('button', { name: 'Use Cloudflare WARP' }).click();
}

test('Cloudflare WARP from the popover: list, switch, why, what-if, verify', async ({ page }) => {
  const ui = popover(page);
  await chooseWarp(page);
  await expect(page.getByText('Saved.')).toBeVisible();
  // The token is write-only: the field is cleared and never shown back.
  await expect(page.getByLabel(/^Cloudflare API token/)).toHaveValue('');

  await ui.tab('Networks').click();
  await expect(ui.row('vnet-London')).toBeVisible();
  // Only what this device's profile allows.
  await expect(ui.row('vnet-Dublin')).toHaveCount(0);
  await ui.row('vnet-London').click();
  await expect(ui.cardIpv4).toHaveText('192.0.2.10');
  await expect(ui.card).toHaveAttribute('data-vnet-id', DEMO_VNETS.london.id);
  expect(warp.read().active_vnet_id).toBe(DEMO_VNETS.london.id);
  await expect(ui.card).toContainText('Egress London');
  await expect(page.getByTestId('egress-uncertain')).toContainText(
    'uncertain: rule "Contractors use the shared egress" depends on your groups',
  );
  // WARP carries the traffic: no "proxy not running" alarm.
  await expect(page.getByTestId('proxy-line')).toHaveText(
    'Traffic: carried by the Cloudflare WARP client',
  );
  // No verification yet, so nobody knows where 192.0.2.10 is.
  await expect(ui.cardCity).toHaveText('Location unknown');

  await ui.tab('What-if').click();
  await page.getByLabel('Destination').fill('example.com');
  await page.getByRole('button', { name: 'Resolve' }).click();
  const result = page.getByTestId('whatif-result');
  await expect(result).toContainText('192.0.2.10');
  await expect(result.locator('.chip--uncertain')).toHaveText('uncertain');
  await expect(result).toContainText('Cannot be evaluated here: depends on your groups');

  await ui.tab('Networks').click();
  trace.seen = { ip: '192.0.2.10', colo: 'MAN', loc: 'GB' };
  await ui.card.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('verification')).toContainText('Verified');
  // loc= taught the country of that IP (colo MAN is only the serving data center).
  await expect(ui.card).toContainText('United Kingdom');

  trace.seen = { ip: '198.51.100.99', colo: 'LHR', loc: 'GB' };
  await ui.card.getByRole('button', { name: /Verify/ }).click();
  await expect(page.getByTestId('verification')).toContainText(/mismatch/i);

  // Say where the IP is: the card shows the place from then on.
  await ui.tab('Settings').click();
  await page.getByLabel('Where 192.0.2.10 is').fill('LHR');
  await page
    .getByTestId('warp-ip')
    .filter({ hasText: '192.0.2.10' })
    .getByRole('button', { name: 'Save' })
    .click();
  await ui.tab('Networks').click();
  await expect(ui.cardCity).toHaveText('London');
  expect(forbiddenRequests(standIn)).toEqual([]);
});

test('WARP setup errors in the popover: warp-cli missing, token without permission', async ({
  page,
}) => {
  const ui = popover(page);
  // warp-cli not installed: the choice is refused, naming where it looked; nothing changes.
  await chooseWarp(page, { warpCli: join(dir, 'nowhere', 'warp-cli') });
  await expect(page.getByRole('alert')).toContainText(`${join(dir, 'nowhere', 'warp-cli')}`);
  await expect(ui.status).toHaveText('Connected');

  // A token without permission: Cloudflare's envelope is shown.
  standIn.fault = 'refuse_rules';
  await chooseWarp(page);
  await expect(page.getByRole('alert')).toContainText('10000 Authentication error');
  standIn.fault = 'none';
  await chooseWarp(page);
  await expect(page.getByText('Saved.')).toBeVisible();
});

test('WARP client errors in the popover: refused, not connected, daemon down', async ({ page }) => {
  test.setTimeout(120_000);
  const ui = popover(page);
  await chooseWarp(page);
  await expect(page.getByText('Saved.')).toBeVisible();
  await ui.tab('Networks').click();
  warp.update((state) => {
    state.vnet_answer = { status: 'Failure', error: 'SettingsLocked: managed by your admin' };
  });
  await ui.row('vnet-Amsterdam').click();
  await expect(page.getByRole('alert')).toContainText('SettingsLocked: managed by your admin');
  await page.getByRole('button', { name: 'Dismiss this message' }).click();

  warp.update((state) => {
    state.vnet_answer = null;
    state.connected = false;
  });
  // The watch sees the disconnect: the card says WARP is not carrying traffic.
  await expect(ui.card).toContainText('WARP is not connected', { timeout: 20_000 });
  // The disconnected card is tall: the row may sit under the key hints, so click it directly.
  await ui.search.fill('US-East');
  await ui.row('vnet-US-East').dispatchEvent('click');
  await expect(page.getByRole('alert').last()).toContainText('WARP is not connected');
  await page.getByRole('button', { name: 'Dismiss this message' }).click();

  warp.update((state) => {
    state.connected = true;
    state.daemon_running = false;
  });
  await expect(ui.status).toHaveText(/offline/i, { timeout: 20_000 });
  await expect(
    page.getByText(/Unable to connect to the CloudflareWARP daemon/).first(),
  ).toBeVisible();
  warp.update((state) => {
    state.daemon_running = true;
  });
  await expect(ui.status).toHaveText('Connected', { timeout: 20_000 });
});
