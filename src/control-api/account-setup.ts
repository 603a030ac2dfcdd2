import { randomBytes } from 'node:crypto';
import { newId, now } from './clock.js';
import type { Store } from './store/store.js';

export interface NewAccount {
  name: string;
  /** Fixed ids make seeds reproducible; otherwise a UUID. */
  defaultVnetId?: string | undefined;
}

/** Cloudflare account ids are 32 hex digits. */
const newAccountId = (): string => randomBytes(16).toString('hex');

/** Creates an account with its pre-created default vnet, named `default` (as Cloudflare does). */
export async function createAccount(store: Store, account: NewAccount): Promise<string> {
  const id = newAccountId();
  const at = now();
  await store.accounts.insert({ id, name: account.name, created_at: at });
  await store.vnets.insert(id, {
    id: account.defaultVnetId ?? newId(),
    name: 'default',
    comment: 'The account’s default virtual network',
    is_default_network: true,
    created_at: at,
    deleted_at: null,
  });
  return id;
}
