import { AgentError } from '../../shared/agent/index.js';
import { closestNames } from '../../shared/text/closest-names.js';
import type { KnownVnet } from './settings/persisted-settings.js';

/**
 * A vnet by exact id, then exact name, then case-insensitive name, then the one name that
 * contains the reference ("london" → vnet-London): people type the place, not the prefix. An
 * ambiguous part matches nothing, and the caller suggests the candidates.
 */
export function findVnet(vnets: readonly KnownVnet[], reference: string): KnownVnet | undefined {
  const wanted = reference.trim();
  const lower = wanted.toLowerCase();
  const exact =
    vnets.find((vnet) => vnet.id === wanted) ??
    vnets.find((vnet) => vnet.name === wanted) ??
    vnets.find((vnet) => vnet.name.toLowerCase() === lower);
  if (exact || lower.length === 0) return exact;
  const partial = vnets.filter((vnet) => vnet.name.toLowerCase().includes(lower));
  return partial.length === 1 ? partial[0] : undefined;
}

/** `not_found`, with the closest names so a typo is one step from fixed. */
export function vnetNotFound(vnets: readonly KnownVnet[], reference: string): AgentError {
  const suggestions = closestNames(
    reference,
    vnets.map((vnet) => vnet.name),
  );
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
  return new AgentError(
    'not_found',
    `no virtual network matches "${reference}" (by id, name or a part of one name)${hint}`,
    suggestions,
  );
}
