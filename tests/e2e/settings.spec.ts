import { expect, SEED, test } from './harness/fixtures.js';
import { popover } from './harness/popover.js';

test('your location decides "nearest": pick one from the catalog, then back to automatic', async ({
  page,
}) => {
  const ui = popover(page);
  const defaultRow = page.locator('[role="option"][data-vnet-name="default"]');
  await expect(defaultRow).toContainText('London');

  await ui.tab('Settings').click();
  const picker = page.getByRole('combobox', { name: /city, country or data center/i });
  await picker.fill('frankf');
  await expect(page.getByRole('option', { name: /Frankfurt, Germany/ })).toBeVisible();
  await page.keyboard.press('Enter');
  const current = page.getByTestId('location-current');
  await expect(current).toContainText('Frankfurt, Germany');
  await expect(current).toContainText('chosen by you');

  await ui.tab('Networks').click();
  // Amsterdam is the account's dedicated location nearest to Frankfurt.
  await expect(defaultRow).toContainText(SEED.amsterdam.ipv4);

  await ui.tab('Settings').click();
  await page.getByRole('button', { name: 'Use automatic (from time zone)' }).click();
  await expect(current).toContainText('London, United Kingdom');
  await expect(current).toContainText('automatic, from your time zone');
});

test('"Verify after each switch" verifies without a click', async ({ page }) => {
  const ui = popover(page);
  await ui.tab('Settings').click();
  const toggle = page.getByRole('switch', { name: /Verify after each switch/ });
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await expect(toggle).toBeChecked();

  await ui.tab('Networks').click();
  await ui.row(SEED.usEast.name).click();
  await expect(ui.cardIpv4).toHaveText(SEED.usEast.ipv4);
  await expect(page.getByTestId('verification')).toContainText('Verified');
});

test('a remote control API without a token is caught in the form, not sent', async ({ page }) => {
  const ui = popover(page);
  await ui.tab('Settings').click();
  await page.getByRole('radio', { name: 'Remote' }).check();
  await page.getByLabel('URL').fill('https://egress.example.com');
  await page.getByRole('button', { name: 'Connect' }).click();
  const token = page.getByLabel(/^Token/);
  await expect(token).toBeFocused();
  await expect(token).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert')).toContainText('Enter a token');
  // Nothing changed: still connected to the same control API.
  await expect(ui.status).toHaveText('Connected');
});
