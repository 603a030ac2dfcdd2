import * as z from 'zod';
import { Timestamp } from '../api/common.js';
import { ResolvedEgress } from '../api/resolve.js';
import { csvDocument } from '../text/csv.js';

/** Which front asked for a switch: history says who did what. */
export const SwitchOrigin = z.enum(['popover', 'tray', 'cli', 'api', 'agent']);
export type SwitchOrigin = z.infer<typeof SwitchOrigin>;

const VnetRef = z.object({ id: z.string(), name: z.string() });

export const HistoryEntry = z.object({
  id: z.string(),
  at: Timestamp.describe('ISO-8601 timestamp (UTC) of the switch request'),
  origin: SwitchOrigin,
  from: VnetRef.nullable(),
  to: VnetRef,
  egress: ResolvedEgress,
  decided_by: z.string().describe('decided_by.summary at the time'),
  fallback_used: z.boolean(),
  duration_ms: z.number().nonnegative(),
  verification: z.enum(['match', 'mismatch', 'error']).nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** The CSV columns, in order; a test proves every row has exactly these. */
export const HISTORY_CSV_COLUMNS = [
  'at',
  'origin',
  'from_vnet',
  'to_vnet',
  'kind',
  'ipv4',
  'ipv6',
  'colo',
  'city',
  'country',
  'decided_by',
  'fallback_used',
  'duration_ms',
  'verification',
] as const;

/** History as CSV (RFC 4180, CRLF line ends), oldest first as spreadsheets expect. */
export function historyToCsv(entries: readonly HistoryEntry[]): string {
  const rows = [...entries]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((entry) => [
      entry.at,
      entry.origin,
      entry.from?.name ?? null,
      entry.to.name,
      entry.egress.kind,
      entry.egress.ipv4,
      entry.egress.ipv6,
      entry.egress.colo,
      entry.egress.city,
      entry.egress.country,
      entry.decided_by,
      entry.fallback_used,
      Math.round(entry.duration_ms * 10) / 10,
      entry.verification,
    ]);
  return csvDocument(HISTORY_CSV_COLUMNS, rows);
}
