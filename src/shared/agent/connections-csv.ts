import { csvDocument } from '../text/csv.js';
import type { ConnectionEntry } from './connections.js';

/** The connection log's CSV columns, in order (egressctl connections --csv and the popover's export). */
export const CONNECTIONS_CSV_COLUMNS = [
  'id',
  'started_at',
  'front',
  'scope',
  'host',
  'port',
  'ip',
  'vnet_id',
  'vnet_name',
  'rule_id',
  'rule_name',
  'egress_kind',
  'egress_ipv4',
  'gateway',
  'config_version',
  'outcome',
  'reason',
  'used_fallback',
  'bytes_up',
  'bytes_down',
  'duration_ms',
] as const;

/** The connection log as CSV (RFC 4180, CRLF line ends), oldest first as spreadsheets expect. */
export function connectionsToCsv(entries: readonly ConnectionEntry[]): string {
  const rows = [...entries]
    .sort((a, b) => a.started_at.localeCompare(b.started_at) || a.id - b.id)
    .map((entry) => [
      entry.id,
      entry.started_at,
      entry.front,
      entry.scope,
      entry.destination.host,
      entry.destination.port,
      entry.destination.ip,
      entry.label?.vnet_id,
      entry.label?.vnet_name,
      entry.label?.rule?.id,
      entry.label?.rule?.name,
      entry.label?.egress_kind,
      entry.label?.egress_ipv4,
      entry.label?.gateway,
      entry.label?.config_version,
      entry.outcome,
      entry.reason,
      entry.used_fallback,
      entry.bytes_up,
      entry.bytes_down,
      Math.round(entry.duration_ms * 10) / 10,
    ]);
  return csvDocument(CONNECTIONS_CSV_COLUMNS, rows);
}
