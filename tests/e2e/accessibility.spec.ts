import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO_EGRESS_IPS } from '../../src/control-api/seed/demo.js';
import { startEchoOrigin } from '../support/data-plane/echo-origin.js';
import { viaHttpProxy } from '../support/data-plane/proxy-clients.js';
import { expect, SEED, test } from './harness/fixtures.js';
import { popover } from './harness/popover.js';
import { startWebStack } from './harness/web-stack.js';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
    }));
}

/** A request from a real client through the agent's proxy, so the Connections panel has one. */
async function requestThroughProxy(page: Page): Promise<number> {
  const address = (await page.getByTestId('proxy-address').textContent()) ?? '';
  const origin = await startEchoOrigin();
  try {
    return (await viaHttpProxy(Number(address.split(':')[1]), origin.url('/whoami'))).status;
  } finally {
    await origin.close();
  }
}

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('every panel passes axe with no serious or critical violation', async ({ page }) => {
      const ui = popover(page);
      await ui.row(SEED.dublin.name).locator('[data-star]').click();
      await ui.row(SEED.london.name).click();
      await expect(ui.cardIpv4).toHaveText(SEED.london.ipv4);
      await ui.card.getByRole('button', { name: 'Verify' }).click();
      await expect(page.getByTestId('verification')).toContainText('Verified');
      await ui.row(SEED.amsterdam.name).click();
      await expect(ui.cardIpv4).toHaveText(SEED.amsterdam.ipv4);
      await ui.row(SEED.london.name).click();
      await expect(ui.cardIpv4).toHaveText(SEED.london.ipv4);
      await page.mouse.move(0, 0);
      expect(await seriousViolations(page), 'networks').toEqual([]);
      await shoot(page, `popover-${colorScheme}`);

      await ui.search.fill('lon');
      expect(await seriousViolations(page), 'search').toEqual([]);
      await shoot(page, `search-${colorScheme}`);
      await page.keyboard.press('Escape');

      await ui.tab('What-if').click();
      await page.getByLabel('Destination').fill('example.com');
      await page.getByRole('button', { name: 'Resolve' }).click();
      await expect(page.getByTestId('whatif-result')).toBeVisible();
      expect(await seriousViolations(page), 'what-if').toEqual([]);
      await shoot(page, `what-if-${colorScheme}`);

      await ui.tab('History').click();
      await expect(page.getByTestId('history-entry').first()).toBeVisible();
      expect(await seriousViolations(page), 'history').toEqual([]);
      await shoot(page, `history-${colorScheme}`);

      await ui.tab('Settings').click();
      await page.getByRole('combobox').fill('fra');
      expect(await seriousViolations(page), 'settings').toEqual([]);
      await shoot(page, `settings-${colorScheme}`);
    });

    test('the Connections and Map panels pass axe', async ({ page }) => {
      const ui = popover(page);
      await ui.row(SEED.usEast.name).click();
      await expect(ui.cardIpv4).toHaveText(SEED.usEast.ipv4);
      expect(await requestThroughProxy(page)).toBe(200);
      await ui.tab('Connections').click();
      await page.getByTestId('connection').first().getByRole('button').click();
      await expect(page.locator('.trace__rule--matched')).toBeVisible();
      await page.mouse.move(0, 0);
      expect(await seriousViolations(page), 'connections').toEqual([]);
      await shoot(page, `connections-${colorScheme}`);

      await ui.tab('Map').click();
      await expect(page.getByTestId('map-current')).toHaveAttribute('data-colo', SEED.usEast.colo);
      await expect(page.getByTestId('map-path')).toBeVisible();
      expect(await seriousViolations(page), 'map').toEqual([]);
      await shoot(page, `map-${colorScheme}`);
    });

    test('a proxy failing closed passes axe, on the card and in Connections', async ({
      page,
      stack,
    }) => {
      const ui = popover(page);
      const api = stack.controlApi;
      if (!api) throw new Error('this test needs its own control API');
      await api.admin('PATCH', `gateway/egress_ips/${DEMO_EGRESS_IPS.dub.id}`, { status: 'down' });
      await ui.row(SEED.dublin.name).click();
      await expect(ui.card.getByTestId('refusal-banner')).toBeVisible();
      await expect.poll(() => requestThroughProxy(page)).toBe(502);
      await page.mouse.move(0, 0);
      expect(await seriousViolations(page), 'refusing').toEqual([]);
      await shoot(page, `refusing-${colorScheme}`);

      await ui.tab('Connections').click();
      await page.locator('[data-outcome="refused"]').first().getByRole('button').click();
      await expect(page.getByTestId('connection-detail')).toContainText('Egress Dublin');
      await page.mouse.move(0, 0);
      expect(await seriousViolations(page), 'refused connection').toEqual([]);
      await shoot(page, `connections-refused-${colorScheme}`);
    });

    test('a proxy that cannot listen passes axe', async ({ browser }) => {
      const holder = createServer();
      await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
      const address = holder.address();
      const stack = await startWebStack({
        proxyPort: typeof address === 'object' && address ? address.port : 0,
      });
      try {
        // AxeBuilder needs a page of a context of our own.
        const context = await browser.newContext({ colorScheme });
        const page = await context.newPage();
        await page.goto(stack.pageUrl);
        await expect(page.getByTestId('refusal-banner')).toHaveAttribute('data-kind', 'proxy_down');
        expect(await seriousViolations(page), 'proxy down').toEqual([]);
        await shoot(page, `proxy-down-${colorScheme}`);
        await context.close();
      } finally {
        await stack.close();
        await new Promise((resolve) => holder.close(resolve));
      }
    });

    test('offline and unavailable states pass axe too', async ({ page, stack }) => {
      const ui = popover(page);
      const api = stack.controlApi;
      if (!api) throw new Error('this test needs its own control API');
      await api.admin('PATCH', 'gateway/egress_ips/de5e0001-0000-4000-8000-000000000001', {
        status: 'down',
      });
      await ui.row(SEED.london.name).click();
      await expect(ui.card.getByRole('button', { name: 'Fallback' })).toBeVisible();
      await ui.card.getByRole('button', { name: 'Fallback' }).focus();
      expect(await seriousViolations(page), 'fallback').toEqual([]);
      await shoot(page, `fallback-${colorScheme}`);

      await api.stop();
      await expect(page.getByTestId('offline-banner')).toBeVisible();
      await page.mouse.move(0, 0);
      expect(await seriousViolations(page), 'offline').toEqual([]);
      await shoot(page, `offline-${colorScheme}`);
    });
  });
}
