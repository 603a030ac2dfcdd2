import { createServer } from 'node:net';
import type { Page } from '@playwright/test';
import { DEMO_EGRESS_IPS } from '../../src/control-api/seed/demo.js';
import { type EchoOrigin, startEchoOrigin } from '../support/data-plane/echo-origin.js';
import { viaHttpProxy } from '../support/data-plane/proxy-clients.js';
import { expect, SEED, test } from './harness/fixtures.js';
import { popover } from './harness/popover.js';
import { startWebStack } from './harness/web-stack.js';

/** The proxy's port, as the card shows it (the agent binds a free one in these tests). */
async function proxyPort(page: Page): Promise<number> {
  const line = page.getByTestId('proxy-line');
  await expect(line).toHaveAttribute('data-state', 'listening');
  const address = (await page.getByTestId('proxy-address').textContent()) ?? '';
  const port = Number(/^127\.0\.0\.1:(\d+)$/.exec(address)?.[1]);
  expect(port, `proxy address "${address}"`).toBeGreaterThan(0);
  return port;
}

let origin: EchoOrigin;
test.beforeEach(async () => {
  origin = await startEchoOrigin();
});
test.afterEach(async () => {
  await origin.close();
});

test('a request through the proxy appears in Connections with the rule that decided it', async ({
  page,
}) => {
  const ui = popover(page);
  await ui.row(SEED.london.name).click();
  await expect(ui.cardIpv4).toHaveText(SEED.london.ipv4);
  const port = await proxyPort(page);

  const answer = await viaHttpProxy(port, origin.url('/whoami'));
  expect(answer.status).toBe(200);
  // The origin really saw the London gateway's address: the row describes what happened.
  expect(JSON.parse(answer.body.toString()).address).toBe(DEMO_EGRESS_IPS.lhr.source_address);

  await ui.tab('Connections').click();
  const row = page.getByTestId('connection').filter({ hasText: `127.0.0.1:${origin.port}` });
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-outcome', 'ok');
  const button = row.getByRole('button');
  await expect(button).toContainText(SEED.london.name);
  await expect(button).toContainText('Egress London');
  await expect(button).toContainText(SEED.london.ipv4);
  await expect(button).toHaveAttribute('aria-expanded', 'false');

  // Keyboard: focus the row, open it with Enter; the trace shows the rule that matched.
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const detail = row.getByTestId('connection-detail');
  await expect(detail).toContainText('127.0.0.10');
  const matched = detail.locator('.trace__rule--matched');
  await expect(matched).toHaveCount(1);
  await expect(matched).toContainText('Egress London');
  await expect(detail.getByTestId('trace-moved')).toHaveCount(0);

  // A second request arrives while the panel is open: the list is live, newest first, and the
  // open row stays open.
  await viaHttpProxy(port, origin.url('/whoami?again=1'));
  const rows = page.getByTestId('connection');
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByRole('button')).toHaveAttribute('aria-expanded', 'false');
  await expect(rows.last().getByRole('button')).toHaveAttribute('aria-expanded', 'true');
  // ↑/↓ move between rows.
  await rows.last().getByRole('button').focus();
  await page.keyboard.press('ArrowUp');
  await expect(rows.first().getByRole('button')).toBeFocused();
});

test('a refused connection shows its reason, and the card says traffic is refused', async ({
  page,
  stack,
}) => {
  const ui = popover(page);
  const api = stack.controlApi;
  if (!api) throw new Error('this test needs its own control API');
  await api.admin('PATCH', `gateway/egress_ips/${DEMO_EGRESS_IPS.dub.id}`, { status: 'down' });
  await ui.row(SEED.dublin.name).click();
  await expect(ui.cardCity).toHaveText('Egress unavailable');
  const banner = ui.card.getByTestId('refusal-banner');
  await expect(banner).toContainText('Traffic is being refused');
  await expect(banner).toContainText('Switch to a network that is up');
  const port = await proxyPort(page);

  // Fail closed: a 502 with the reason, and the origin never hears from us.
  await expect.poll(async () => (await viaHttpProxy(port, origin.url('/whoami'))).status).toBe(502);
  expect(origin.seen).toEqual([]);

  const [logged] = await stack.agent.agent.getConnections({ outcome: 'refused', limit: 1 });
  const reason = logged?.reason ?? '';
  expect(reason).not.toBe('');

  await ui.tab('Connections').click();
  const refused = page.locator('[data-testid="connection"][data-outcome="refused"]').first();
  await expect(refused).toBeVisible();
  await expect(refused.getByTestId('connection-refusal')).toContainText('refused');
  await expect(refused.getByTestId('connection-refusal')).toContainText(reason);
  await expect(refused.getByRole('button')).toContainText(SEED.dublin.name);

  // "Refused" leaves only the refused ones; opening one shows what decided it.
  await page.getByRole('button', { name: /^Refused \(\d+\)$/ }).click();
  await expect(page.locator('[data-testid="connection"][data-outcome="ok"]')).toHaveCount(0);
  await refused.getByRole('button').click();
  await expect(refused.getByTestId('connection-detail')).toContainText('Egress Dublin');
});

test('the connection log exports as CSV and JSON', async ({ page }) => {
  const ui = popover(page);
  const port = await proxyPort(page);
  await viaHttpProxy(port, origin.url('/whoami'));
  await ui.tab('Connections').click();
  await expect(page.getByTestId('connection')).toHaveCount(1);

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: /^CSV/ }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^egress-connections-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
  const csvText = await streamText(await csv.createReadStream());
  const lines = csvText.trim().split('\r\n');
  expect(lines[0]?.startsWith('id,started_at,front,scope,host,port')).toBe(true);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`,127.0.0.1,${origin.port},`);

  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: /^JSON/ }).click();
  const json = JSON.parse(await streamText(await (await jsonDownload).createReadStream()));
  expect(json.connections).toHaveLength(1);
  expect(json.connections[0].destination.port).toBe(origin.port);
});

test('a taken proxy port: the card says the proxy is not running and what to do', async ({
  browser,
}) => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const address = holder.address();
  const taken = typeof address === 'object' && address ? address.port : 0;
  const stack = await startWebStack({ proxyPort: taken });
  try {
    const page = await browser.newPage();
    await page.goto(stack.pageUrl);
    await expect(page.getByTestId('proxy-line')).toHaveAttribute('data-state', 'down');
    await expect(page.getByTestId('proxy-line')).toContainText('not running');
    await expect(page.getByTestId('proxy-line').getByRole('button')).toHaveCount(0);
    const error = (await stack.agent.agent.getState({})).proxy.error;
    expect(error).toBeTruthy();
    const banner = page.getByTestId('refusal-banner');
    await expect(banner).toHaveAttribute('data-kind', 'proxy_down');
    await expect(banner).toContainText('The local proxy is not running');
    await expect(banner).toContainText(error ?? '');
    await expect(banner).toContainText(`Free port ${taken}`);
    await page.close();
  } finally {
    await stack.close();
    await new Promise((resolve) => holder.close(resolve));
  }
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
