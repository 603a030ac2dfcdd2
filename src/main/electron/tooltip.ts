import { type AgentSnapshot, type EgressSnapshot, trafficState } from '../../shared/agent/index.js';

/**
 * The tray tooltip: where traffic leaves right now, readable at a glance
 * (`vnet-London · 192.0.2.10 · London, GB`), or plainly why that is not known.
 */

const SEPARATOR = ' · ';
const ELLIPSIS = '…';
const PRODUCT = 'Egress Switcher';

/**
 * Windows keeps 128 UTF-16 units including the terminator (NOTIFYICONDATA.szTip); elsewhere
 * nothing truncates, but a tooltip longer than a sentence is no longer glanceable.
 */
export function tooltipLimit(platform: string): number {
  return platform === 'win32' ? 127 : 160;
}

/** Cuts to at most `max` UTF-16 units, never splitting a surrogate pair, marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - ELLIPSIS.length;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, Math.max(cut, 0))}${ELLIPSIS}`;
}

/** `London, GB`; the colo alone when the catalog had no city. */
export function egressPlace(egress: EgressSnapshot['egress']): string | null {
  if (egress.city && egress.country) return `${egress.city}, ${egress.country}`;
  return egress.city ?? egress.country ?? egress.colo;
}

/** The parts after the vnet name: address and place, or why there is none. */
export function egressDetails(snapshot: EgressSnapshot): string[] {
  const { egress, fallback } = snapshot;
  if (egress.kind === 'unavailable') return ['no egress available'];
  const parts: string[] = [];
  const address = egress.ipv4 ?? egress.ipv6;
  if (address) parts.push(address);
  const place = egressPlace(egress);
  const notes = [
    ...(egress.kind === 'shared' ? ['shared'] : []),
    ...(fallback.used ? ['fallback'] : []),
  ];
  if (place) parts.push(notes.length > 0 ? `${place} (${notes.join(', ')})` : place);
  else if (notes.length > 0) parts.push(`(${notes.join(', ')})`);
  return parts;
}

/**
 * Joins the vnet name and the details within `limit`, shortening the name first (names run to
 * 256 characters; the address and place are what the user is looking for).
 */
function fitWithin(
  prefix: string,
  name: string,
  details: readonly string[],
  limit: number,
): string {
  const tail = details.length > 0 ? `${SEPARATOR}${details.join(SEPARATOR)}` : '';
  const full = `${prefix}${name}${tail}`;
  if (full.length <= limit) return full;
  const room = limit - prefix.length - tail.length;
  const minimumName = 8;
  if (room >= Math.min(minimumName, name.length)) {
    return `${prefix}${truncate(name, room)}${tail}`;
  }
  return truncate(`${prefix}${truncate(name, minimumName)}${tail}`, limit);
}

export function describeEgress(egress: EgressSnapshot, limit = Number.POSITIVE_INFINITY): string {
  return fitWithin('', egress.vnet_name, egressDetails(egress), limit);
}

/** The longest the traffic line may be: the egress line keeps at least as much room. */
const TRAFFIC_LINE_MAX = 64;

/**
 * Whether traffic flows through the local proxy, and where it listens: `Traffic via proxy
 * 127.0.0.1:40000`, `Traffic refused: <why>` (fail closed), `Proxy not running: <why>`. Null
 * when there is nothing to say yet, or in Cloudflare WARP mode (the WARP client carries traffic).
 */
export function trafficLine(snapshot: AgentSnapshot): string | null {
  if (snapshot.control_api.mode === 'cloudflare_warp') return null;
  const traffic = trafficState(snapshot);
  switch (traffic.state) {
    case 'refused':
      return `Traffic refused: ${traffic.reason ?? 'no egress available'}`;
    case 'stopped':
      return snapshot.proxy.error === null ? null : `Proxy not running: ${snapshot.proxy.error}`;
    case 'unknown':
      return null;
    default:
      return `Traffic via proxy ${snapshot.proxy.address}`;
  }
}

/** The egress line, then the traffic line beneath it, together within `limit`. */
function withTraffic(
  snapshot: AgentSnapshot,
  limit: number,
  egressLine: (room: number) => string,
): string {
  const line = trafficLine(snapshot);
  if (line === null) return egressLine(limit);
  const second = truncate(line, Math.min(TRAFFIC_LINE_MAX, Math.floor(limit / 2)));
  return `${egressLine(limit - second.length - 1)}\n${second}`;
}

export function trayTooltip(snapshot: AgentSnapshot, platform: string): string {
  const limit = tooltipLimit(platform);
  switch (snapshot.status) {
    case 'starting':
      return truncate(`${PRODUCT}${SEPARATOR}${snapshot.starting?.message ?? 'starting…'}`, limit);
    case 'switching': {
      const target = snapshot.switching?.vnet_name ?? 'another network';
      const text = `Switching to ${target}${ELLIPSIS}`;
      return text.length <= limit ? text : truncate(`Switching to ${target}`, limit);
    }
    case 'offline': {
      const egress = snapshot.egress;
      if (!egress) return truncate(`${PRODUCT}${SEPARATOR}offline, retrying`, limit);
      // The proxy keeps deciding with the config it holds while the control API is away.
      return withTraffic(snapshot, limit, (room) =>
        fitWithin('Offline, last known: ', egress.vnet_name, egressDetails(egress), room),
      );
    }
    case 'error':
      return truncate(
        `${PRODUCT}${SEPARATOR}${snapshot.error?.message ?? 'needs attention'}`,
        limit,
      );
    case 'connected': {
      const egress = snapshot.egress;
      if (egress) {
        const prefix = egress.stale ? 'Stale: ' : '';
        return withTraffic(snapshot, limit, (room) =>
          fitWithin(prefix, egress.vnet_name, egressDetails(egress), room),
        );
      }
      const attached = snapshot.vnets.find((vnet) => vnet.attached);
      return truncate(
        `${PRODUCT}${SEPARATOR}${attached ? attached.name : 'no network attached'}`,
        limit,
      );
    }
  }
}
