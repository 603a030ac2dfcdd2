import { test as base, expect } from '@playwright/test';
import { startWebStack, type WebStack } from './web-stack.js';

export { expect };

/** Seen from the popover: the demo seed's vnets and the egress their rules give (DESIGN §2.1). */
export const SEED = {
  london: { name: 'vnet-London', city: 'London', ipv4: '192.0.2.10', colo: 'LHR' },
  londonCity: { ipv4: '192.0.2.11', colo: 'LCY' },
  amsterdam: { name: 'vnet-Amsterdam', city: 'Amsterdam', ipv4: '192.0.2.20', colo: 'AMS' },
  usEast: { name: 'vnet-US-East', city: 'Washington, D.C.', ipv4: '198.51.100.40', colo: 'IAD' },
  dublin: { name: 'vnet-Dublin', city: 'Dublin', ipv4: '198.51.100.30', colo: 'DUB' },
} as const;

/**
 * `stack`: a fresh control API + headless agent + LocalAPI + renderer for each test (their state
 * — favourites, history, outages — must not leak between tests), with fast retries so recovery
 * is quick. `page` arrives with the popover open and its first snapshot shown.
 */
export const test = base.extend<{ stack: WebStack }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring
  stack: async ({}, use) => {
    const stack = await startWebStack({ backoff: { baseMs: 200, capMs: 800 } });
    try {
      await use(stack);
    } finally {
      await stack.close();
    }
  },
  page: async ({ page, stack }, use) => {
    await page.goto(stack.pageUrl);
    await expect(page.getByTestId('egress-card')).toHaveAttribute('data-vnet-id', /.+/);
    await use(page);
  },
});
