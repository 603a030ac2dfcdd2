import type { ConnectionEntry } from '../../shared/agent/connections.js';

/**
 * The Connections panel's list logic: entries arrive from the agent's log (a poll) and, where
 * the transport has one, its live feed; both may repeat an entry, and ids count per listener
 * (a per-command listener has its own), so an entry is known by its listener and its id.
 */

export function connectionKey(entry: Pick<ConnectionEntry, 'id' | 'scope'>): string {
  return `${entry.scope ?? ''}#${entry.id}`;
}

/** Newest first: by start time, then by id (two in one millisecond keep the log's order). */
function newestFirst(a: ConnectionEntry, b: ConnectionEntry): number {
  return b.started_at.localeCompare(a.started_at) || b.id - a.id;
}

/**
 * `current` and `incoming` as one list, newest first, each entry once, at most `cap`. An entry
 * is final once logged (the log records connections that ended), so the copy already held is
 * kept: its identity stays, and nothing that shows it redraws or refetches. Nothing new: the
 * same list back.
 */
export function mergeConnections(
  current: readonly ConnectionEntry[],
  incoming: readonly ConnectionEntry[],
  cap: number,
): ConnectionEntry[] {
  const byKey = new Map<string, ConnectionEntry>();
  for (const entry of current) byKey.set(connectionKey(entry), entry);
  let added = false;
  for (const entry of incoming) {
    const key = connectionKey(entry);
    if (byKey.has(key)) continue;
    byKey.set(key, entry);
    added = true;
  }
  if (!added && current.length <= cap) return current as ConnectionEntry[];
  return [...byKey.values()].sort(newestFirst).slice(0, cap);
}

export type ConnectionFilter = 'all' | 'refused';

/** Refused and failed connections are what a tester looks for first; "refused" shows both. */
export function filterConnections(
  entries: readonly ConnectionEntry[],
  filter: ConnectionFilter,
): ConnectionEntry[] {
  return filter === 'all' ? [...entries] : entries.filter((entry) => entry.outcome !== 'ok');
}

/** "example.com:443", "[2001:db8::1]:443". */
export function destinationText(destination: ConnectionEntry['destination']): string {
  const host = destination.host.includes(':') ? `[${destination.host}]` : destination.host;
  return `${host}:${destination.port}`;
}

/** Where the connection left: its egress IPv4, the shared egress, or nowhere. */
export function connectionEgressText(entry: ConnectionEntry): string {
  const label = entry.label;
  if (label === null) return 'not decided';
  if (label.egress_kind === 'unavailable') return 'no egress';
  if (label.egress_kind === 'shared') return 'shared egress';
  return label.egress_ipv4 ?? 'dedicated egress';
}

/** What decided: the rule's name, or the account's default when no rule matched. */
export function connectionRuleText(entry: ConnectionEntry): string {
  const label = entry.label;
  if (label === null) return 'no decision';
  return label.rule ? label.rule.name : 'no rule matched';
}

/** "1.2 kB": decimal units as browsers' network panels show them. */
export function bytesText(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  // 999.96 kB would print as "1000.0 kB": carry it into the next unit instead.
  if (Number(value.toFixed(1)) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** "35 ms", "1.4 s", "2 min 05 s": a connection's lifetime at a glance. */
export function connectionDurationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

const OUTCOME_TEXT: Record<ConnectionEntry['outcome'], string> = {
  ok: 'carried',
  refused: 'refused',
  failed: 'failed',
};

export function outcomeText(outcome: ConnectionEntry['outcome']): string {
  return OUTCOME_TEXT[outcome];
}

/** What to ask what-if so it retraces this connection's decision (same destination, same vnet). */
export function whatIfRequestFor(entry: ConnectionEntry): {
  destination: { host?: string; ip?: string; port: number; protocol: string };
  vnet_id?: string;
} {
  const { destination } = entry;
  const target = destination.ip !== undefined ? { ip: destination.ip } : { host: destination.host };
  const vnet = entry.label?.vnet_id;
  return {
    destination: { ...target, port: destination.port, protocol: destination.protocol },
    ...(vnet ? { vnet_id: vnet } : {}),
  };
}
