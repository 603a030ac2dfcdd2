import { expect, SEED, test } from './harness/fixtures.js';
import { popover } from './harness/popover.js';

test('a starred vnet moves to Favourites and stays there after a reload', async ({ page }) => {
  const ui = popover(page);
  await expect(ui.section('favourites')).toHaveCount(0);
  await ui.row(SEED.dublin.name).locator('[data-star]').click();

  await expect(ui.section('favourites')).toContainText(SEED.dublin.name);
  await expect(ui.row(SEED.dublin.name)).toHaveCount(1);
  await expect(ui.row(SEED.dublin.name)).toHaveAccessibleName(/favourite/);
  // Starring is not switching.
  await expect(ui.cardIpv4).not.toHaveText(SEED.dublin.ipv4);

  await page.reload();
  await expect(ui.section('favourites')).toContainText(SEED.dublin.name);
});

test('F on a focused row pins and unpins it, in the order pinned', async ({ page }) => {
  const ui = popover(page);
  await ui.row(SEED.usEast.name).focus();
  await page.keyboard.press('f');
  await expect(ui.section('favourites')).toContainText(SEED.usEast.name);

  await ui.row(SEED.amsterdam.name).focus();
  await page.keyboard.press('f');
  await expect(ui.section('favourites').getByRole('option')).toHaveText([
    new RegExp(SEED.usEast.name),
    new RegExp(SEED.amsterdam.name),
  ]);

  await ui.row(SEED.usEast.name).focus();
  await page.keyboard.press('F');
  await expect(ui.section('favourites').getByRole('option')).toHaveCount(1);
  await expect(ui.section('all')).toContainText(SEED.usEast.name);
});
