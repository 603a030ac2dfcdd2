import { readFileSync } from 'node:fs';
import { HISTORY_CSV_COLUMNS } from '../../src/shared/agent/history.js';
import { parseCsv } from '../support/csv.js';
import { expect, SEED, test } from './harness/fixtures.js';
import { popover } from './harness/popover.js';

test('Verify checks what a destination sees and shows a tick with its age', async ({ page }) => {
  const ui = popover(page);
  await ui.row(SEED.london.name).click();
  await expect(ui.cardIpv4).toHaveText(SEED.london.ipv4);
  await ui.card.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('verification')).toContainText('Verified just now');
  await expect(page.getByTestId('live-region')).toContainText('Verified');
});

test('history lists switches newest first and exports them as CSV and JSON', async ({ page }) => {
  const ui = popover(page);
  for (const vnet of [SEED.amsterdam, SEED.usEast, SEED.dublin]) {
    await ui.row(vnet.name).click();
    await expect(ui.cardIpv4).toHaveText(vnet.ipv4);
  }
  await ui.tab('History').click();
  const entries = page.getByTestId('history-entry');
  await expect(entries).toHaveCount(3);
  await expect(entries.first()).toContainText(SEED.dublin.name);
  await expect(entries.last()).toContainText(SEED.amsterdam.name);

  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(csvDownload.suggestedFilename()).toMatch(/^egress-history-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
  const rows = parseCsv(readFileSync(await csvDownload.path(), 'utf8'));
  expect(rows[0]).toEqual([...HISTORY_CSV_COLUMNS]);
  const body = rows.slice(1);
  const column = (name: (typeof HISTORY_CSV_COLUMNS)[number]) => HISTORY_CSV_COLUMNS.indexOf(name);
  // Oldest first in the spreadsheet, each with the egress the seed gives.
  expect(body.map((row) => row[column('to_vnet')])).toEqual([
    SEED.amsterdam.name,
    SEED.usEast.name,
    SEED.dublin.name,
  ]);
  expect(body.map((row) => row[column('ipv4')])).toEqual([
    SEED.amsterdam.ipv4,
    SEED.usEast.ipv4,
    SEED.dublin.ipv4,
  ]);
  expect(body[1]?.[column('city')]).toBe(SEED.usEast.city);
  expect(body.every((row) => row[column('origin')] === 'popover')).toBe(true);

  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  expect(jsonDownload.suggestedFilename()).toMatch(/\.json$/);
  const json = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8')) as {
    entries: { to: { name: string }; egress: { ipv4: string } }[];
  };
  expect(json.entries.map((entry) => entry.to.name)).toEqual([
    SEED.dublin.name,
    SEED.usEast.name,
    SEED.amsterdam.name,
  ]);
  expect(json.entries[0]?.egress.ipv4).toBe(SEED.dublin.ipv4);
});
