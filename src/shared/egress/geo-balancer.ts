import { allCountries } from '../geo/catalog.js';
import { EARTH_RADIUS_KM } from '../geo/distance.js';
import { chordSquared, kmBetween, type UnitVector, unitVector } from '../geo/unit-vector.js';
import { fnv1a, rendezvousPick, rendezvousWeight } from './sticky-hash.js';
import type { DedicatedEgressIp } from './types.js';

/*
 * Default balancing when no rule matches (seed: "depending on … your user's physical location
 * and the location of the resource that they are currently requesting").
 *
 *   cost(location) = km(user → location) + RESOURCE_WEIGHT × km(location → resource)
 *
 * IPv4 traffic to an unproxied destination physically leaves from the egress data center, so
 * both legs add latency. The user's leg still counts in full and the resource's only half: the
 * egress IP's geolocation is what sites see of the user (language, region, compliance), and the
 * seed's examples put users on the location near *them*. With a weight below 1 a location next
 * to the user always beats one next to the resource (triangle inequality), so a resource never
 * pulls a user across an ocean; it breaks near-ties and tilts the choice between nearby
 * locations (a user in Paris gets London, but Amsterdam for a Dutch site). The resource is the
 * destination country's representative point, when the country is known.
 *
 * Locations whose cost is within max(TOLERANCE_KM, TOLERANCE_RATIO × best) of the best are
 * "equally good": city-level coordinates and a country's single representative point are no
 * more precise than that. Users are split among them by rendezvous hashing on the sticky key.
 */
export const RESOURCE_WEIGHT = 0.5;
export const TOLERANCE_KM = 50;
export const TOLERANCE_RATIO = 0.05;

/** Healthy dedicated IPs in one city: the unit of geographic choice. */
export interface EgressLocation {
  /** `GB/London`: stable, and the rendezvous identity of the location. */
  readonly key: string;
  readonly city: string;
  readonly country: string;
  readonly vector: UnitVector;
  readonly ips: readonly DedicatedEgressIp[];
}

export interface BalancedChoice {
  ip: DedicatedEgressIp;
  location: EgressLocation;
  /** How many locations were equally good (1: a clear winner). */
  tiedLocations: number;
}

/** Healthy locations plus, per destination country, each location's weighted resource leg. */
export interface GeoBalancer {
  readonly locations: readonly EgressLocation[];
  readonly resourceLegs: ReadonlyMap<string, Float64Array>;
}

const countryVectors = allCountries().map((c) => [c.code, unitVector(c)] as const);

/** Groups healthy IPs by city (a city's point is the mean of its IPs') and precomputes legs. */
export function geoBalancer(ips: readonly DedicatedEgressIp[]): GeoBalancer {
  const groups = new Map<string, DedicatedEgressIp[]>();
  for (const ip of ips) {
    if (ip.status !== 'healthy') continue;
    const key = `${ip.country}/${ip.city}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [ip]);
    else group.push(ip);
  }
  const locations = [...groups].map(([key, group]): EgressLocation => {
    const first = group[0] as DedicatedEgressIp;
    return { key, city: first.city, country: first.country, vector: centroid(group), ips: group };
  });
  const resourceLegs = new Map<string, Float64Array>();
  if (locations.length > 1) {
    for (const [code, vector] of countryVectors) {
      const legs = new Float64Array(locations.length);
      for (let i = 0; i < legs.length; i++) {
        legs[i] = RESOURCE_WEIGHT * kmBetween((locations[i] as EgressLocation).vector, vector);
      }
      resourceLegs.set(code, legs);
    }
  }
  return { locations, resourceLegs };
}

function centroid(points: readonly { lat: number; lon: number }[]): UnitVector {
  let x = 0;
  let y = 0;
  let z = 0;
  for (const point of points) {
    const v = unitVector(point);
    x += v.x;
    y += v.y;
    z += v.z;
  }
  const norm = Math.hypot(x, y, z) || 1;
  return { x: x / norm, y: y / norm, z: z / norm };
}

const tolerance = (best: number) => Math.max(TOLERANCE_KM, TOLERANCE_RATIO * best);

/** The squared chord of an arc of `km`, for comparing against `chordSquared` without asin. */
function chordSquaredOf(km: number): number {
  if (km >= Math.PI * EARTH_RADIUS_KM) return 4;
  const chord = 2 * Math.sin(km / (2 * EARTH_RADIUS_KM));
  return chord * chord;
}

/**
 * The location and IP for a user at `user` requesting a resource in `destinationCountry` (when
 * known). `balancer.locations` must not be empty.
 */
export function balance(
  balancer: GeoBalancer,
  user: UnitVector,
  destinationCountry: string | undefined,
  stickyKey: string,
): BalancedChoice {
  const { locations } = balancer;
  const legs =
    destinationCountry === undefined ? undefined : balancer.resourceLegs.get(destinationCountry);
  const count = locations.length;
  const chords = new Float64Array(count);
  let nearest = 0;
  for (let i = 0; i < count; i++) {
    chords[i] = chordSquared(user, (locations[i] as EgressLocation).vector);
    if ((chords[i] as number) < (chords[nearest] as number)) nearest = i;
  }
  // Prune before any asin: a location farther from the user than the nearest one's full cost
  // plus its tolerance can be neither the best nor equally good (every cost is ≥ its user leg).
  const nearestCost =
    kmBetween(user, (locations[nearest] as EgressLocation).vector) + (legs?.[nearest] ?? 0);
  const reach = chordSquaredOf(nearestCost + tolerance(nearestCost));
  const costs = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    if ((chords[i] as number) > reach) continue;
    const cost = kmBetween(user, (locations[i] as EgressLocation).vector) + (legs?.[i] ?? 0);
    costs[i] = cost;
    if (cost < best) best = cost;
  }

  const limit = best + tolerance(best);
  const keyHash = fnv1a(stickyKey);
  let chosen = locations[nearest] as EgressLocation;
  let chosenWeight = -1;
  let tied = 0;
  for (let i = 0; i < count; i++) {
    if ((costs[i] as number) > limit) continue;
    tied++;
    const location = locations[i] as EgressLocation;
    const weight = rendezvousWeight(keyHash, location.key);
    if (weight > chosenWeight) {
      chosen = location;
      chosenWeight = weight;
    }
  }
  return { ip: rendezvousPick(keyHash, chosen.ips, ipId), location: chosen, tiedLocations: tied };
}

const ipId = (ip: DedicatedEgressIp) => ip.id;
