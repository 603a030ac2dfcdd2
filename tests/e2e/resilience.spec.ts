import { expect, SEED, test } from './harness/fixtures.js';
import { popover } from './harness/popover.js';

const DEMO_RULE_LONDON = 'de5e0002-0000-4000-8000-000000000002';
const DEMO_IP_LHR = 'de5e0001-0000-4000-8000-000000000001';
const DEMO_IP_DUB = 'de5e0001-0000-4000-8000-000000000004';

test('control API down: offline banner and stale card, then recovery without a click', async ({
  page,
  stack,
}) => {
  const ui = popover(page);
  const api = stack.controlApi;
  if (!api) throw new Error('this test needs its own control API');
  await ui.row(SEED.london.name).click();
  await expect(ui.cardIpv4).toHaveText(SEED.london.ipv4);

  await api.stop();
  const banner = page.getByTestId('offline-banner');
  await expect(banner).toContainText(/Control API unreachable since \d{1,2}:\d{2}/);
  await expect(banner.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(ui.status).toHaveText('Offline');
  await expect(ui.card).toHaveAttribute('data-stale', 'true');
  await expect(ui.card).toContainText(/Last known, \d+ (s|min) old/);
  // The last known egress is still readable.
  await expect(ui.cardIpv4).toHaveText(SEED.london.ipv4);

  await api.restart();
  await expect(banner).toHaveCount(0, { timeout: 20_000 });
  await expect(ui.status).toHaveText('Connected');
  await expect(ui.card).toHaveAttribute('data-stale', 'false');
  await expect(ui.cardIpv4).toHaveText(SEED.london.ipv4);
});

test('an admin policy change shows up without a click', async ({ page, stack }) => {
  const ui = popover(page);
  const api = stack.controlApi;
  if (!api) throw new Error('this test needs its own control API');
  await ui.row(SEED.london.name).click();
  await expect(ui.cardIpv4).toHaveText(SEED.london.ipv4);

  const rule = await api.admin<Record<string, unknown>>('GET', `gateway/rules/${DEMO_RULE_LONDON}`);
  await api.admin('PUT', `gateway/rules/${DEMO_RULE_LONDON}`, {
    ...rule,
    name: 'Egress London City',
    rule_settings: { egress: { ipv4: SEED.londonCity.ipv4, ipv6: '2001:db8:11::/48' } },
  });

  await expect(ui.cardIpv4).toHaveText(SEED.londonCity.ipv4);
  await expect(ui.card).toContainText(SEED.londonCity.colo);
  await expect(ui.card).toContainText('via rule “Egress London City”');
  await expect(ui.row(SEED.london.name)).toContainText(SEED.londonCity.ipv4);
});

test('a data center outage: fallback badge with its reason, or unavailable in red', async ({
  page,
  stack,
}) => {
  const ui = popover(page);
  const api = stack.controlApi;
  if (!api) throw new Error('this test needs its own control API');
  await ui.row(SEED.london.name).click();
  await expect(ui.cardIpv4).toHaveText(SEED.london.ipv4);

  await api.admin('PATCH', `gateway/egress_ips/${DEMO_IP_LHR}`, { status: 'down' });
  await expect(ui.cardIpv4).toHaveText(SEED.londonCity.ipv4);
  const badge = ui.card.getByRole('button', { name: 'Fallback' });
  await expect(badge).toBeVisible();
  await badge.focus();
  const tooltip = page.getByRole('tooltip');
  await expect(tooltip).toBeVisible();
  await expect(badge).toHaveAccessibleDescription(/LHR|down/i);
  // Esc hides the reason without moving focus, and does nothing else.
  await page.keyboard.press('Escape');
  await expect(tooltip).toBeHidden();
  await expect(badge).toBeFocused();

  // Dublin has no fallback: its row and, once attached, the card say so plainly.
  await api.admin('PATCH', `gateway/egress_ips/${DEMO_IP_DUB}`, { status: 'down' });
  await expect(ui.row(SEED.dublin.name)).toContainText('Unavailable');
  await ui.row(SEED.dublin.name).click();
  await expect(ui.cardCity).toHaveText('Egress unavailable');
  await expect(ui.card).toHaveClass(/card--unavailable/);
  await expect(ui.cardIpv4).toHaveCount(0);
});

test('the agent itself goes away: the popover says so, keeps its last state, and reconnects', async ({
  page,
  stack,
}) => {
  const ui = popover(page);
  await ui.row(SEED.dublin.name).click();
  await expect(ui.cardIpv4).toHaveText(SEED.dublin.ipv4);

  await stack.bridge.stop();
  await expect(page.getByTestId('link-lost-banner')).toContainText('Lost contact with the agent');
  await expect(ui.cardIpv4).toHaveText(SEED.dublin.ipv4);

  await stack.bridge.restart();
  await expect(page.getByTestId('link-lost-banner')).toHaveCount(0, { timeout: 8_000 });
  await ui.row(SEED.amsterdam.name).click();
  await expect(ui.cardIpv4).toHaveText(SEED.amsterdam.ipv4);
});
