import { expect, SEED, test } from './harness/fixtures.js';
import { popover, vnetIdOf } from './harness/popover.js';

test.describe('switching', () => {
  test('a click switches and the card shows the egress the seed predicts', async ({ page }) => {
    const ui = popover(page);
    const row = ui.row(SEED.amsterdam.name);
    await expect(row).toContainText(SEED.amsterdam.ipv4);
    await row.click();

    await expect(ui.card).toHaveAttribute('data-vnet-id', await vnetIdOf(row));
    await expect(ui.cardCity).toHaveText(SEED.amsterdam.city);
    await expect(ui.cardIpv4).toHaveText(SEED.amsterdam.ipv4);
    await expect(page.getByTestId('egress-vnet')).toHaveText(SEED.amsterdam.name);
    await expect(ui.card).toContainText('via rule “Egress Amsterdam”');
    await expect(ui.card).toContainText(SEED.amsterdam.colo);
    await expect(row).toHaveAttribute('aria-selected', 'true');
    await expect(row).toHaveAttribute('aria-current', 'true');
    await expect(page.getByTestId('live-region')).toContainText(`Now on ${SEED.amsterdam.name}`);
  });

  test('the keyboard alone switches: / then arrows then Enter', async ({ page }) => {
    const ui = popover(page);
    await page.keyboard.press('/');
    await expect(ui.search).toBeFocused();
    await page.keyboard.press('ArrowDown');
    const target = ui.row(SEED.usEast.name);
    for (let i = 0; i < 10; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press('ArrowDown');
    }
    await expect(target).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(ui.cardCity).toHaveText(SEED.usEast.city);
    await expect(ui.cardIpv4).toHaveText(SEED.usEast.ipv4);
    // Focus stays on the row, so the next arrow press still works.
    await expect(target).toBeFocused();
    await page.keyboard.press('Home');
    await expect(page.locator('[role="option"]').first()).toBeFocused();
    await page.keyboard.press('End');
    await expect(page.locator('[role="option"]').last()).toBeFocused();
  });

  test('rapid clicks: the list stays live and the newest click wins', async ({ page }) => {
    const ui = popover(page);
    await ui.row(SEED.amsterdam.name).click();
    await ui.row(SEED.dublin.name).click();
    await ui.row(SEED.london.name).click();

    await expect(ui.card).toHaveAttribute('data-vnet-id', await vnetIdOf(ui.row(SEED.london.name)));
    await expect(ui.cardIpv4).toHaveText(SEED.london.ipv4);
    await expect(ui.row(SEED.london.name)).toHaveAttribute('aria-current', 'true');
    await expect(page.locator('[role="option"][aria-current="true"]')).toHaveCount(1);
    // Once settled, no progress is left behind anywhere.
    await expect(ui.card).toHaveAttribute('aria-busy', 'false');
  });

  test('recent vnets get their own section, each vnet listed once', async ({ page }) => {
    const ui = popover(page);
    await ui.row(SEED.dublin.name).click();
    await expect(ui.cardIpv4).toHaveText(SEED.dublin.ipv4);
    await ui.row(SEED.amsterdam.name).click();
    await expect(ui.cardIpv4).toHaveText(SEED.amsterdam.ipv4);

    await expect(ui.section('recent')).toContainText(SEED.dublin.name);
    await expect(ui.section('all')).not.toContainText(SEED.dublin.name);
    await expect(ui.row(SEED.dublin.name)).toHaveCount(1);
  });
});

test.describe('search', () => {
  test('filters by city, country code, IATA code and IP, as one ranked list', async ({ page }) => {
    const ui = popover(page);
    await ui.search.fill('dublin');
    await expect(page.getByRole('option')).toHaveCount(1);
    await expect(ui.row(SEED.dublin.name)).toBeVisible();
    await expect(page.locator('[role="group"]')).toHaveCount(0);

    await ui.search.fill('198.51.100');
    await expect(ui.row(SEED.dublin.name)).toBeVisible();
    await expect(ui.row(SEED.usEast.name)).toBeVisible();
    await expect(ui.row(SEED.amsterdam.name)).toHaveCount(0);

    await ui.search.fill('NL');
    await expect(ui.row(SEED.amsterdam.name)).toBeVisible();
    await expect(ui.row(SEED.london.name)).toHaveCount(0);

    await ui.search.fill('iad');
    await expect(page.getByRole('option')).toHaveCount(1);
    await expect(ui.row(SEED.usEast.name)).toBeVisible();

    await ui.search.fill('zzz-nowhere');
    await expect(page.getByText('No network matches “zzz-nowhere”')).toBeVisible();
  });

  test('Enter switches to the best match; Esc clears the search', async ({ page }) => {
    const ui = popover(page);
    await page.keyboard.press('/');
    await page.keyboard.type('amst');
    await page.keyboard.press('Enter');
    await expect(ui.cardCity).toHaveText(SEED.amsterdam.city);

    await page.keyboard.press('Escape');
    await expect(ui.search).toHaveValue('');
    await expect(ui.section('all')).toBeVisible();
  });

  test('typing on a row goes back to the search field', async ({ page }) => {
    const ui = popover(page);
    await ui.row(SEED.dublin.name).focus();
    await page.keyboard.type('lon');
    await expect(ui.search).toBeFocused();
    await expect(ui.search).toHaveValue('lon');
    await expect(ui.row(SEED.london.name)).toBeVisible();
  });
});
