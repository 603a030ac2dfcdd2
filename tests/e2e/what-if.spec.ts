import { expect, SEED, test } from './harness/fixtures.js';
import { popover } from './harness/popover.js';

test('what-if resolves a destination for another vnet and explains every rule', async ({
  page,
}) => {
  const ui = popover(page);
  const attachedBefore = await ui.card.getAttribute('data-vnet-id');
  await ui.tab('What-if').click();
  await page.getByLabel('Destination').fill('https://example.com:8443/login');
  await page.getByLabel('Network').selectOption({ label: SEED.london.name });
  await page.getByRole('button', { name: 'Resolve' }).click();

  const result = page.getByTestId('whatif-result');
  await expect(result).toContainText('London, United Kingdom');
  await expect(result).toContainText(SEED.london.ipv4);
  await expect(result).toContainText('via rule “Egress London”');

  const rules = result.getByRole('list', { name: /rules/i }).getByRole('listitem');
  await expect(rules.filter({ hasText: 'Egress London' })).toContainText('matched');
  // The contractors rule failed on identity, and says which condition.
  const contractors = rules.filter({ hasText: 'Contractors' });
  await expect(contractors).toContainText('no match');
  await expect(contractors).toContainText('identity failed');
  await expect(rules.filter({ hasText: 'Egress Dublin' })).toContainText('not reached');
  // What-if never switches.
  await expect(ui.card).toHaveAttribute('data-vnet-id', attachedBefore ?? '');
});

test('what-if names vnets in conditions and rejects what is not a destination', async ({
  page,
}) => {
  const ui = popover(page);
  await ui.tab('What-if').click();
  await page.getByLabel('Destination').fill('not a host!');
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByRole('alert')).toContainText('neither a host name nor an IP address');
  await expect(page.getByLabel('Destination')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Destination').fill('198.51.100.7');
  await page.getByLabel('Port').fill('99999');
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByRole('alert')).toContainText('outside 1–65535');

  await page.getByLabel('Port').fill('');
  await page.getByLabel('Network').selectOption({ label: SEED.dublin.name });
  await page.keyboard.press('Enter');
  const result = page.getByTestId('whatif-result');
  await expect(result).toContainText(SEED.dublin.ipv4);
  // A rule that did not match shows its vnet condition with the vnet's name, not its id.
  const london = result.getByRole('listitem').filter({ hasText: 'Egress London' });
  await expect(london.locator('abbr')).toHaveText(SEED.london.name);

  await page.keyboard.press('Escape');
  await expect(ui.tab('Networks')).toHaveAttribute('aria-selected', 'true');
  await expect(ui.search).toBeFocused();
});
