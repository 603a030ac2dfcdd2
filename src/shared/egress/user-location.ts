import { allDataCenters, findDataCenter, nearestDataCenter } from '../geo/catalog.js';
import { isValidGeoPoint } from '../geo/distance.js';
import { DEFAULT_COLO } from '../geo/time-zone-table.js';
import type { DataCenter, GeoPoint } from '../geo/types.js';
import { type UnitVector, unitVector } from '../geo/unit-vector.js';
import { InvalidResolveContextError } from './errors.js';
import type { ResolveContext } from './types.js';

/** Where the user is, as far as the resolver is concerned. */
export interface UserLocation {
  /** The user's point as a unit vector, for balancing. */
  vector(): UnitVector;
  /** False when the context gave no location and the default was assumed. */
  readonly given: boolean;
  /** The data center nearest the user: shared egress leaves from here. */
  nearest(): DataCenter;
}

class AtDataCenter implements UserLocation {
  private readonly point: UnitVector;
  constructor(
    private readonly dataCenter: DataCenter,
    readonly given: boolean,
  ) {
    this.point = unitVector(dataCenter);
  }
  vector(): UnitVector {
    return this.point;
  }
  nearest(): DataCenter {
    return this.dataCenter;
  }
}

/** Coordinates: the vector and the nearest data center are worked out only if needed. */
class AtPoint implements UserLocation {
  readonly given = true;
  private found: DataCenter | undefined;
  private unit: UnitVector | undefined;
  constructor(private readonly point: GeoPoint) {}
  vector(): UnitVector {
    this.unit ??= unitVector(this.point);
    return this.unit;
  }
  nearest(): DataCenter {
    this.found ??= nearestDataCenter(this.point);
    return this.found;
  }
}

const byColo = new Map(allDataCenters().map((dc) => [dc.colo, new AtDataCenter(dc, true)]));

/**
 * Without a location the resolver assumes the same default as the time-zone guess (London), so
 * a context with no location still gets a definite, explainable answer.
 */
const assumed: UserLocation = (() => {
  const home = findDataCenter(DEFAULT_COLO);
  if (home === undefined)
    throw new Error(`default data center ${DEFAULT_COLO} is not in the catalog`);
  return new AtDataCenter(home, false);
})();

export function userLocation(location: ResolveContext['location']): UserLocation {
  if (location === undefined) return assumed;
  if ('colo' in location) {
    const known =
      byColo.get(location.colo) ?? byColo.get(findDataCenter(location.colo)?.colo ?? '');
    if (known === undefined) {
      throw new InvalidResolveContextError(
        `Unknown data center "${location.colo}" as the user's location; use an IATA code of the catalog, such as LHR.`,
      );
    }
    return known;
  }
  if (!isValidGeoPoint(location)) {
    throw new InvalidResolveContextError(
      `The user's location (${location.lat}, ${location.lon}) is not a point on the globe; latitude must be within ±90 and longitude within ±180.`,
    );
  }
  return new AtPoint(location);
}
