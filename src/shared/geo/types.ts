/** A point on the earth in decimal degrees (WGS 84). */
export type GeoPoint = { lat: number; lon: number };

/** Cloudflare's continent codes (as in `cf.continent` and `net.*.geo.continent`). */
export type ContinentCode = 'AF' | 'AN' | 'AS' | 'EU' | 'NA' | 'OC' | 'SA';

/** A Cloudflare data center, identified by its colo (IATA) code. */
export interface DataCenter {
  /** IATA code Cloudflare names the data center by, e.g. `LHR`. */
  colo: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  continent: ContinentCode;
  lat: number;
  lon: number;
}

export interface Country {
  /** ISO 3166-1 alpha-2. */
  code: string;
  name: string;
  continent: ContinentCode;
  /** A representative point (usually the capital) standing in for "somewhere in this country". */
  lat: number;
  lon: number;
}
