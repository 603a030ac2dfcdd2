import { findCountry } from '../geo/catalog.js';
import type { PolicyFacts } from '../policy/types.js';
import type { ResolveContext } from './types.js';
import type { UserLocation } from './user-location.js';

/**
 * The facts a rule sees for a context. The source location is the data center nearest the user
 * (geolocation works at that grain), and only when the user's location was actually given: a
 * rule on `net.src.geo.country` must not match an assumed default. `withSourceGeo` false (no rule
 * mentions `net.src.geo`) leaves the source location out.
 */
export function factsFor(
  context: ResolveContext,
  user: UserLocation,
  withSourceGeo: boolean,
): PolicyFacts {
  const facts: PolicyFacts = {};
  if (context.vnetId !== undefined) facts.vnetId = context.vnetId;
  // Finding the nearest data center is the costly part; skipped when no rule asks.
  if (withSourceGeo && user.given) {
    const nearest = user.nearest();
    facts.src = { country: nearest.country, continent: nearest.continent };
  }

  const identity = context.identity;
  if (identity !== undefined) {
    facts.identity = {
      email: identity.email,
      name: identity.name,
      groups: identity.groups?.map((name) => ({ name })),
    };
  }
  if (context.posturePassed !== undefined) facts.devicePosture = { passed: context.posturePassed };

  const destination = context.destination;
  if (destination !== undefined) {
    const country = destination.country?.toUpperCase();
    facts.dst = {
      host: destination.host,
      ip: destination.ip,
      port: destination.port,
      country,
      continent: country === undefined ? undefined : findCountry(country)?.continent,
    };
    // Cloudflare's protocol values are lower case ("tcp", "udp").
    if (destination.protocol !== undefined) facts.protocol = destination.protocol.toLowerCase();
  }
  return facts;
}
