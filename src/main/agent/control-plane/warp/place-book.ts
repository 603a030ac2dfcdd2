import { join } from 'node:path';
import type { Logger } from 'pino';
import * as z from 'zod';
import { findCountry, findDataCenter, searchLocations } from '../../../../shared/geo/index.js';
import { readPrivateJson, writePrivateJson } from '../../secrets/private-json-file.js';
import type { IpPlace } from './warp-resolve.js';

const PlaceFile = z.record(
  z.string(),
  z.object({
    colo: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    source: z.enum(['label', 'verification']),
  }),
);

/**
 * Where each dedicated egress IP is, as far as this machine knows: no Cloudflare API lists
 * the IPs' locations (facts §5a). A verification's `loc=` gives the country; a user's label (a
 * data center or city) gives the place and lets the balancer pick among them. A label wins over
 * what a verification learned. Kept in `<dataDir>/warp-egress-places.json` (0600).
 */
export class PlaceBook {
  readonly path: string;
  readonly #logger: Logger;
  #places: Map<string, IpPlace>;

  constructor(options: { dataDir: string; logger: Logger }) {
    this.path = join(options.dataDir, 'warp-egress-places.json');
    this.#logger = options.logger;
    this.#places = new Map(Object.entries(readPrivateJson(this.path, PlaceFile, {}, this.#logger)));
  }

  get places(): ReadonlyMap<string, IpPlace> {
    return this.#places;
  }

  /** A verification saw `ip` with `loc=` (an ISO country); true when that taught us something. */
  learn(ip: string, loc: string | undefined): boolean {
    const existing = this.#places.get(ip);
    const country = loc ? findCountry(loc) : undefined;
    if (!country || existing?.source === 'label' || existing?.country === country.code) {
      return false;
    }
    this.#places.set(ip, {
      colo: null,
      city: null,
      country: country.code,
      lat: null,
      lon: null,
      source: 'verification',
    });
    this.#save();
    return true;
  }

  /** The user says where `ip` is: an IATA code or a city/country the catalog knows; null clears. */
  label(ip: string, where: string | null): IpPlace | null {
    if (where === null) {
      this.#places.delete(ip);
      this.#save();
      return null;
    }
    const dc = findDataCenter(where) ?? searchLocations(where, 1)[0];
    if (!dc) throw new Error(`no data center or city matches "${where}"`);
    const place: IpPlace = {
      colo: dc.colo,
      city: dc.city,
      country: dc.country,
      lat: dc.lat,
      lon: dc.lon,
      source: 'label',
    };
    this.#places.set(ip, place);
    this.#save();
    return place;
  }

  #save(): void {
    try {
      writePrivateJson(this.path, Object.fromEntries(this.#places));
    } catch (error) {
      this.#logger.warn({ err: error }, 'could not save the egress IP places');
    }
  }
}
