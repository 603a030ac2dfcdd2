import {
  type AgentSnapshot,
  quickVnets,
  RECENT_LIMIT,
  type VnetEntry,
} from '../../shared/agent/index.js';
import { secondsUntil } from '../../shared/text/relative-time.js';
import { describeEgress, egressPlace, trafficLine, truncate } from './tooltip.js';

/**
 * The tray's context menu as plain data, computed from a snapshot: switch without opening
 * anything (favourites and recents first, then every vnet as a radio item), Verify, Open, Quit.
 * The Electron binding only turns this into a `Menu`; every rule lives, and is tested, here.
 */

export type TrayAction =
  | { type: 'switch'; vnetId: string; vnetName: string }
  | { type: 'open' }
  | { type: 'verify' }
  | { type: 'refresh' }
  /** Puts the local proxy's URL (`http://127.0.0.1:40000`) on the clipboard. */
  | { type: 'copy'; text: string }
  | { type: 'quit' };

export type TrayMenuItem =
  | { kind: 'separator' }
  /** A line of information or a section title: shown, never clickable. */
  | { kind: 'label'; label: string }
  | {
      kind: 'radio' | 'normal';
      /** Stable and unique within one menu: tests and the e2e hook click by id. */
      id: string;
      label: string;
      enabled: boolean;
      checked: boolean;
      action: TrayAction;
    };

export type TrayCommandItem = Extract<TrayMenuItem, { kind: 'radio' | 'normal' }>;

export interface TrayMenuOptions {
  /** For "retrying in 12 s". */
  now: Date;
  /** Past this many vnets, the full list shows the first ones and "More…" opens the popover. */
  maxListed?: number;
  /** Recents shown in the quick section (favourites are all shown: the user chose them). */
  maxRecents?: number;
}

export const DEFAULT_MAX_LISTED = 12;
const MAX_LABEL = 80;

/** `vnet-London — London, GB`, so the user sees where a switch would take them. */
export function vnetLabel(vnet: VnetEntry, switchingTo: string | null): string {
  const name = truncate(vnet.name, 48);
  let where = '';
  if (vnet.preview) {
    const { egress } = vnet.preview;
    const place = egress.kind === 'unavailable' ? 'unavailable' : egressPlace(egress);
    if (place) where = ` — ${place}${egress.kind === 'shared' ? ' (shared)' : ''}`;
  }
  const progress = switchingTo === vnet.id ? ' (switching…)' : '';
  return truncate(`${name}${where}${progress}`, MAX_LABEL);
}

function statusLines(snapshot: AgentSnapshot, now: Date): string[] {
  switch (snapshot.status) {
    case 'starting':
      return [snapshot.starting?.message ?? 'Starting…'];
    case 'switching':
      return [`Switching to ${truncate(snapshot.switching?.vnet_name ?? 'another network', 48)}…`];
    case 'offline': {
      const wait = secondsUntil(snapshot.offline?.next_retry_at ?? null, now.getTime());
      const first = wait === null ? 'Offline — retrying' : `Offline — retrying in ${wait} s`;
      const last = snapshot.egress
        ? [`Last known: ${describeEgress(snapshot.egress, MAX_LABEL)}`]
        : [];
      return [first, ...last];
    }
    case 'error':
      return [
        truncate(`Needs attention: ${snapshot.error?.message ?? 'unknown error'}`, MAX_LABEL),
      ];
    case 'connected':
      return [
        snapshot.egress ? describeEgress(snapshot.egress, MAX_LABEL) : 'Not attached to a network',
      ];
  }
}

/** Vnets may be switched while connected, and while switching (the last choice wins). */
function canSwitch(snapshot: AgentSnapshot): boolean {
  return snapshot.status === 'connected' || snapshot.status === 'switching';
}

function vnetItem(vnet: VnetEntry, section: string, snapshot: AgentSnapshot): TrayCommandItem {
  return {
    kind: 'radio',
    id: `${section}:${vnet.id}`,
    label: vnetLabel(vnet, snapshot.switching?.vnet_id ?? null),
    enabled: canSwitch(snapshot),
    checked: vnet.attached,
    action: { type: 'switch', vnetId: vnet.id, vnetName: vnet.name },
  };
}

/** The first `max` vnets in snapshot order, the attached one always among them. */
export function listedVnets(vnets: readonly VnetEntry[], max: number): VnetEntry[] {
  if (vnets.length <= max) return [...vnets];
  const attachedIndex = vnets.findIndex((vnet) => vnet.attached);
  if (attachedIndex < max) return vnets.slice(0, max);
  const attached = vnets[attachedIndex];
  return attached ? [...vnets.slice(0, max - 1), attached] : vnets.slice(0, max);
}

export function trayMenuModel(snapshot: AgentSnapshot, options: TrayMenuOptions): TrayMenuItem[] {
  const maxListed = options.maxListed ?? DEFAULT_MAX_LISTED;
  const maxRecents = options.maxRecents ?? RECENT_LIMIT;
  const items: TrayMenuItem[] = statusLines(snapshot, options.now).map((label) => ({
    kind: 'label',
    label,
  }));
  const traffic = snapshot.status === 'starting' ? null : trafficLine(snapshot);
  if (traffic !== null) items.push({ kind: 'label', label: truncate(traffic, MAX_LABEL) });
  const hasVnets = snapshot.vnets.length > 0 && snapshot.status !== 'starting';

  if (hasVnets) {
    const { favourites, recents } = quickVnets(
      snapshot.vnets,
      snapshot.favourites,
      snapshot.recents,
      maxRecents,
    );
    const quick = [...favourites, ...recents];
    if (quick.length > 0) {
      items.push({ kind: 'separator' }, { kind: 'label', label: 'Favourites and recent' });
      items.push(...quick.map((vnet) => vnetItem(vnet, 'quick', snapshot)));
    }
    const listed = listedVnets(snapshot.vnets, maxListed);
    items.push({ kind: 'separator' }, { kind: 'label', label: 'All networks' });
    items.push(...listed.map((vnet) => vnetItem(vnet, 'all', snapshot)));
    const hidden = snapshot.vnets.length - listed.length;
    if (hidden > 0) {
      items.push({
        kind: 'normal',
        id: 'more',
        label: `More… (${hidden} more)`,
        enabled: true,
        checked: false,
        action: { type: 'open' },
      });
    }
  }

  items.push({ kind: 'separator' });
  if (snapshot.status === 'offline') {
    items.push(command('refresh', 'Retry now', true, { type: 'refresh' }));
  }
  const verifiable = snapshot.status === 'connected' && snapshot.egress !== null;
  items.push(command('verify', 'Verify egress', verifiable, { type: 'verify' }));
  // Cloudflare WARP mode has no proxy of ours: the WARP client carries traffic.
  if (snapshot.control_api.mode !== 'cloudflare_warp') {
    const { address, listening } = snapshot.proxy;
    items.push(
      command('copy-proxy', 'Copy proxy address', listening, {
        type: 'copy',
        text: `http://${address}`,
      }),
    );
  }
  items.push(command('open', 'Open Egress Switcher', true, { type: 'open' }));
  items.push({ kind: 'separator' });
  items.push(command('quit', 'Quit', true, { type: 'quit' }));
  return items;
}

function command(id: string, label: string, enabled: boolean, action: TrayAction): TrayCommandItem {
  return { kind: 'normal', id, label, enabled, checked: false, action };
}

/** The clickable items, for the e2e hook and the binding's click routing. */
export function commandItems(items: readonly TrayMenuItem[]): TrayCommandItem[] {
  return items.filter(
    (item): item is TrayCommandItem => item.kind === 'radio' || item.kind === 'normal',
  );
}

/**
 * Electron reads `&` as a mnemonic marker on every platform (macOS strips it too) and shows
 * `&&` as one ampersand; vnet names are user text, so every ampersand is escaped.
 */
export function escapeMenuLabel(label: string): string {
  return label.replaceAll('&', '&&');
}
