import type { AgentLocation, EgressSnapshot, VnetEntry } from '../../shared/agent/state.js';
import { findDataCenter } from '../../shared/geo/catalog.js';
import { greatCircleKm } from '../../shared/geo/distance.js';
import type { GeoPoint } from '../../shared/geo/types.js';
import { greatCirclePoints, MAP_FRAME, mapPathData, toMap } from './map-projection.js';

/** One data center some vnet egresses from, with every vnet that lands there. */
export interface MapSite {
  colo: string;
  city: string;
  country: string;
  x: number;
  y: number;
  /** Vnet names, in the snapshot's order (default first, then by name). */
  vnets: string[];
  /** The current egress is here. */
  current: boolean;
  /** Great-circle distance from where you are, rounded to 10 km. */
  km: number;
}

/** The part of the map shown (an SVG viewBox), in MAP_FRAME units. */
export interface MapView {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MapModel {
  view: MapView;
  you: { x: number; y: number; label: string };
  sites: MapSite[];
  /** The current path (you → current egress) as SVG path data; null when there is none to draw. */
  path: string | null;
  /** Vnets whose egress has no place on the map (unavailable, shared, or an unknown colo). */
  unplaced: string[];
  /** The whole map in one sentence, for the image's accessible description. */
  summary: string;
}

function siteOf(colo: string | null) {
  if (colo === null) return undefined;
  return findDataCenter(colo);
}

function roundKm(from: GeoPoint, to: GeoPoint): number {
  return Math.round(greatCircleKm(from, to) / 10) * 10;
}

/**
 * Where you are, where each vnet egresses (its preview's data center), and the path to the
 * current egress. Vnets sharing a data center share a marker; the current one wins the colour.
 */
export function mapModel(
  location: AgentLocation,
  vnets: readonly VnetEntry[],
  current: EgressSnapshot | null,
): MapModel {
  const sites = new Map<string, MapSite>();
  const unplaced: string[] = [];
  const currentColo =
    current && current.egress.kind !== 'unavailable'
      ? (siteOf(current.egress.colo)?.colo ?? null)
      : null;
  for (const vnet of vnets) {
    const egress = vnet.preview?.egress;
    const dc = egress && egress.kind !== 'unavailable' ? siteOf(egress.colo) : undefined;
    if (!dc) {
      unplaced.push(vnet.name);
      continue;
    }
    let site = sites.get(dc.colo);
    if (!site) {
      const at = toMap(dc);
      site = {
        colo: dc.colo,
        city: dc.city,
        country: dc.country,
        x: round(at.x),
        y: round(at.y),
        vnets: [],
        current: dc.colo === currentColo,
        km: roundKm(location, dc),
      };
      sites.set(dc.colo, site);
    }
    site.vnets.push(vnet.name);
  }
  // The attached vnet's egress may be fresher than its preview (a switch just landed).
  const currentDc = currentColo === null ? undefined : siteOf(currentColo);
  if (currentDc && current && !sites.has(currentDc.colo)) {
    const at = toMap(currentDc);
    sites.set(currentDc.colo, {
      colo: currentDc.colo,
      city: currentDc.city,
      country: currentDc.country,
      x: round(at.x),
      y: round(at.y),
      vnets: [current.vnet_name],
      current: true,
      km: roundKm(location, currentDc),
    });
  }
  const you = toMap(location);
  const path = currentDc ? mapPathData(greatCirclePoints(location, currentDc)) : null;
  const ordered = [...sites.values()].sort(
    (a, b) => Number(b.current) - Number(a.current) || a.km - b.km || a.colo.localeCompare(b.colo),
  );
  const points = [you, ...ordered];
  return {
    view: fitView(points),
    you: { x: round(you.x), y: round(you.y), label: `${location.city}, ${location.country}` },
    sites: ordered,
    path,
    unplaced,
    summary: summarize(location, ordered, current),
  };
}

/** Narrowest view: about a quarter of the world, so a city-sized cluster still shows its region. */
const MIN_VIEW_WIDTH = 220;
const MARGIN = 0.18;

/**
 * The smallest view in the map's aspect ratio holding every point with a margin around them,
 * never narrower than MIN_VIEW_WIDTH and never outside the map's frame.
 */
export function fitView(points: readonly { x: number; y: number }[]): MapView {
  const aspect = MAP_FRAME.height / MAP_FRAME.width;
  if (points.length === 0) return { x: 0, y: 0, width: MAP_FRAME.width, height: MAP_FRAME.height };
  const xs = points.map((point) => point.x);
  const ys = points.map((point) => point.y);
  const [minX, maxX, minY, maxY] = [
    Math.min(...xs),
    Math.max(...xs),
    Math.min(...ys),
    Math.max(...ys),
  ];
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  let width = Math.max(
    MIN_VIEW_WIDTH,
    spanX * (1 + 2 * MARGIN),
    (spanY * (1 + 2 * MARGIN)) / aspect,
  );
  width = Math.min(width, MAP_FRAME.width);
  const height = width * aspect;
  const clamp = (value: number, max: number) => Math.max(0, Math.min(value, max));
  return {
    x: round(clamp((minX + maxX) / 2 - width / 2, MAP_FRAME.width - width)),
    y: round(clamp((minY + maxY) / 2 - height / 2, MAP_FRAME.height - height)),
    width: round(width),
    height: round(height),
  };
}

function summarize(
  location: AgentLocation,
  sites: readonly MapSite[],
  current: EgressSnapshot | null,
): string {
  const here = `You are in ${location.city}, ${location.country}.`;
  const now = sites.find((site) => site.current);
  const path = now
    ? ` Traffic leaves from ${now.city} (${now.colo}), ${kmText(now.km)} away.`
    : current?.egress.kind === 'unavailable'
      ? ' The current egress is unavailable.'
      : current?.egress.kind === 'shared'
        ? ' Traffic leaves through the shared egress.'
        : '';
  const others = sites.length - (now ? 1 : 0);
  const count = others > 0 ? ` ${others} other egress location${others === 1 ? '' : 's'}.` : '';
  return `${here}${path}${count}`;
}

/** "20 km", "1,230 km"; "under 10 km" when the rounding would say 0. */
export function kmText(km: number): string {
  return km < 10 ? 'under 10 km' : `${km.toLocaleString('en-US')} km`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
