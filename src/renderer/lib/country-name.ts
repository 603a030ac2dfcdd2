import { findCountry } from '../../shared/geo/catalog.js';

/** The English name of an ISO country code, or the code itself when the table does not know it. */
export function countryName(code: string | null | undefined): string | null {
  if (!code) return null;
  return findCountry(code)?.name ?? code.toUpperCase();
}
