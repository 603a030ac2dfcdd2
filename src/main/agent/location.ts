import { AgentError, type AgentLocation, type LocationRequest } from '../../shared/agent/index.js';
import type { Location } from '../../shared/api/index.js';
import {
  allDataCenters,
  type DataCenter,
  findDataCenter,
  locationFromTimeZone,
  nearestDataCenter,
  searchLocations,
} from '../../shared/geo/index.js';
import { closestNames } from '../../shared/text/closest-names.js';

function atDataCenter(dc: DataCenter, source: AgentLocation['source']): AgentLocation {
  return { colo: dc.colo, city: dc.city, country: dc.country, lat: dc.lat, lon: dc.lon, source };
}

/** Where the user probably is, from the IANA time zone (the machine's when not given). */
export function guessLocation(timeZone: string | undefined): AgentLocation {
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return atDataCenter(locationFromTimeZone(zone).dataCenter, 'time_zone');
}

function describeDataCenter(dc: DataCenter): string {
  return `${dc.colo} (${dc.city}, ${dc.country})`;
}

function unknownPlace(query: string, kind: 'data center' | 'place'): AgentError {
  const catalog = allDataCenters();
  const names =
    kind === 'data center'
      ? catalog.map((dc) => dc.colo)
      : [...new Set(catalog.map((dc) => dc.city))];
  const closest = closestNames(query, names, 3);
  const suggestions = closest.flatMap((name) => {
    const dc =
      kind === 'data center' ? findDataCenter(name) : catalog.find((entry) => entry.city === name);
    return dc ? [describeDataCenter(dc)] : [];
  });
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
  return new AgentError('not_found', `no ${kind} matches "${query}"${hint}`, suggestions);
}

/** The location a request names: a data center, a point, a search, or back to the guess. */
export function locationFromRequest(
  request: LocationRequest,
  timeZone: string | undefined,
): AgentLocation {
  if ('auto' in request) return guessLocation(timeZone);
  if ('colo' in request) {
    const dc = findDataCenter(request.colo);
    if (!dc) throw unknownPlace(request.colo, 'data center');
    return atDataCenter(dc, 'user');
  }
  if ('query' in request) {
    const [best] = searchLocations(request.query, 1);
    if (!best) throw unknownPlace(request.query, 'place');
    return atDataCenter(best, 'user');
  }
  const nearest = nearestDataCenter(request);
  return {
    colo: null,
    city: nearest.city,
    country: nearest.country,
    lat: request.lat,
    lon: request.lon,
    source: 'user',
  };
}

/** What the server's device record holds for this location. */
export function deviceLocationOf(location: AgentLocation): Location {
  return location.colo === null
    ? { lat: location.lat, lon: location.lon }
    : { colo: location.colo };
}

export function sameDeviceLocation(a: Location | null, b: Location): boolean {
  if (a === null) return false;
  if ('colo' in a || 'colo' in b) return 'colo' in a && 'colo' in b && a.colo === b.colo;
  return a.lat === b.lat && a.lon === b.lon;
}
