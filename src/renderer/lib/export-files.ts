import type { ConnectionEntry } from '../../shared/agent/connections.js';
import type { HistoryEntry } from '../../shared/agent/history.js';

function stamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `-${pad(date.getHours())}${pad(date.getMinutes())}`
  );
}

/** "egress-history-2025-03-04-1402.csv": sorts by time in a downloads folder, no colons. */
export function historyFileName(format: 'csv' | 'json', at: Date): string {
  return `egress-history-${stamp(at)}.${format}`;
}

/** The JSON export: the entries as the agent gives them (newest first), one document. */
export function historyToJson(entries: readonly HistoryEntry[], exportedAt: Date): string {
  return `${JSON.stringify({ exported_at: exportedAt.toISOString(), entries }, null, 2)}\n`;
}

/** "egress-connections-2025-03-04-1402.json". */
export function connectionsFileName(format: 'csv' | 'json', at: Date): string {
  return `egress-connections-${stamp(at)}.${format}`;
}

/** The JSON export: the log as the agent gives it (newest first), one document. */
export function connectionsToJson(entries: readonly ConnectionEntry[], exportedAt: Date): string {
  return `${JSON.stringify({ exported_at: exportedAt.toISOString(), connections: entries }, null, 2)}\n`;
}

export const EXPORT_MIME = { csv: 'text/csv;charset=utf-8', json: 'application/json' } as const;
