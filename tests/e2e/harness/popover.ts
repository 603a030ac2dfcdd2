import type { Locator, Page } from '@playwright/test';

/** The popover's parts as a person finds them: by role and name, not by CSS. */
export function popover(page: Page) {
  const card = page.getByTestId('egress-card');
  const list = page.getByRole('listbox', { name: /virtual networks/i });
  const search = page.getByRole('searchbox', { name: /search virtual networks/i });
  return {
    card,
    cardCity: card.getByRole('heading', { level: 2 }),
    cardIpv4: page.getByTestId('egress-ipv4'),
    list,
    search,
    row: (vnetName: string): Locator =>
      page.locator(`[role="option"][data-vnet-name="${vnetName}"]`),
    section: (id: 'favourites' | 'recent' | 'all'): Locator =>
      page.locator(`[role="group"][data-section="${id}"]`),
    tab: (name: 'Networks' | 'What-if' | 'Map' | 'Connections' | 'History' | 'Settings'): Locator =>
      page.getByRole('tab', { name }),
    status: page.getByTestId('agent-status'),
  };
}

/** The vnet id of a row, for asserting the card switched to it. */
export async function vnetIdOf(row: Locator): Promise<string> {
  const id = await row.getAttribute('data-vnet-id');
  if (!id) throw new Error('row has no data-vnet-id');
  return id;
}
