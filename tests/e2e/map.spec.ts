import { expect, SEED, test } from './harness/fixtures.js';
import { popover } from './harness/popover.js';

test('the map follows a switch: the current egress, the path to it, and every vnet listed', async ({
  page,
}) => {
  const ui = popover(page);
  await ui.row(SEED.london.name).click();
  await expect(ui.cardIpv4).toHaveText(SEED.london.ipv4);

  // Keyboard only: the tab bar's arrows reach the Map panel.
  await ui.tab('Networks').focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(ui.tab('Map')).toHaveAttribute('aria-selected', 'true');

  const map = page.getByRole('img', { name: /map of where you are/i });
  await expect(map).toBeVisible();
  await expect(page.getByTestId('map-current')).toHaveAttribute('data-colo', SEED.london.colo);
  const londonView = await map.getAttribute('viewBox');
  const londonPath = await page.getByTestId('map-path').getAttribute('d');
  const sites = page.getByTestId('map-site');
  await expect(sites.first()).toHaveAttribute('data-colo', SEED.london.colo);
  await expect(sites.first()).toContainText('current');
  for (const vnet of [SEED.london, SEED.amsterdam, SEED.dublin, SEED.usEast]) {
    await expect(page.locator(`[data-testid="map-site"][data-colo="${vnet.colo}"]`)).toContainText(
      vnet.name,
    );
  }
  await expect(map).toHaveAccessibleDescription(
    /You are in London, GB\. Traffic leaves from London \(LHR\)/,
  );

  // After a switch the current marker and the path move; the list puts the new egress first.
  await ui.tab('Networks').click();
  await ui.row(SEED.usEast.name).click();
  await expect(ui.cardIpv4).toHaveText(SEED.usEast.ipv4);
  await ui.tab('Map').click();
  await expect(page.getByTestId('map-current')).toHaveAttribute('data-colo', SEED.usEast.colo);
  await expect(sites.first()).toHaveAttribute('data-colo', SEED.usEast.colo);
  await expect(sites.first()).toContainText(/5,\d{3} km/);
  await expect(page.getByTestId('map-path')).not.toHaveAttribute('d', londonPath ?? '');
  await expect(map).toHaveAccessibleDescription(/Traffic leaves from Washington, D\.C\. \(IAD\)/);
  // The view holds every vnet's egress whichever is current: it does not jump on a switch.
  expect(await map.getAttribute('viewBox')).toBe(londonView);
});
