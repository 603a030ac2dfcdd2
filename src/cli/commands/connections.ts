import { findVnet, vnetNotFound } from '../../main/agent/vnet-lookup.js';
import { connectionsToCsv } from '../../shared/agent/connections-csv.js';
import type {
  ConnectionChange,
  ConnectionEntry,
  ConnectionsQuery,
} from '../../shared/agent/index.js';
import { usageError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output/schemas.js';
import type { Style } from '../output/style.js';
import { formatTable } from '../output/table.js';
import { type Feed, streamJsonLines } from '../stream-json-lines.js';

export interface ConnectionsOptions {
  watch?: boolean;
  csv?: boolean;
  vnet?: string;
  host?: string;
  refused?: boolean;
  limit?: number;
  /** With --watch: stop after this many lines. */
  count?: number;
}

/** Without --limit people see the last 50; --json and --csv get the whole log. */
const HUMAN_DEFAULT_LIMIT = 50;

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function destinationOf(entry: ConnectionEntry): string {
  const { host, port } = entry.destination;
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function egressOf(entry: ConnectionEntry): string {
  const label = entry.label;
  if (!label) return '—';
  if (label.egress_kind === 'shared') return 'shared';
  if (label.egress_kind === 'unavailable') return 'unavailable';
  return label.egress_ipv4 ?? '—';
}

function outcomeOf(entry: ConnectionEntry, style: Style): string {
  if (entry.outcome === 'ok') return entry.reason ? `ok (${entry.reason})` : 'ok';
  const word = entry.outcome === 'refused' ? style.red('refused') : style.yellow('failed');
  return entry.reason ? `${word}: ${entry.reason}` : word;
}

export function formatConnections(entries: readonly ConnectionEntry[], style: Style): string {
  if (entries.length === 0) return 'No connections through the local proxy yet.';
  const rows = entries.map((entry) => [
    entry.started_at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    destinationOf(entry),
    `${entry.label?.vnet_name ?? entry.label?.vnet_id ?? '—'}${entry.scope ? ' (exec)' : ''}`,
    entry.label?.rule?.name ?? (entry.label ? 'nearest location' : '—'),
    egressOf(entry),
    `${bytes(entry.bytes_up)} ↑ ${bytes(entry.bytes_down)} ↓`,
    `${Math.round(entry.duration_ms)} ms`,
    outcomeOf(entry, style),
  ]);
  const header = [
    'WHEN (UTC)',
    'DESTINATION',
    'VNET',
    'RULE',
    'EGRESS',
    'BYTES',
    'TOOK',
    'OUTCOME',
  ];
  return formatTable([header.map(style.dim), ...rows]);
}

export function connectionLine(entry: ConnectionEntry): Output<'connection'> {
  return {
    schema: 'egressctl/connection@1',
    id: entry.id,
    started_at: entry.started_at,
    front: entry.front,
    destination: entry.destination,
    scope: entry.scope,
    label: entry.label,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    used_fallback: entry.used_fallback,
    bytes_up: entry.bytes_up,
    bytes_down: entry.bytes_down,
    duration_ms: entry.duration_ms,
  };
}

/** The agent's own filters, as --watch applies them to the live feed. */
function matches(entry: ConnectionEntry, query: ConnectionsQuery): boolean {
  if (query.outcome !== undefined && entry.outcome !== query.outcome) return false;
  const host = query.host?.toLowerCase();
  if (host !== undefined && !entry.destination.host.toLowerCase().includes(host)) return false;
  if (query.vnet_id !== undefined && entry.label?.vnet_id !== query.vnet_id) return false;
  return true;
}

export async function runConnections(
  ctx: CliContext,
  options: ConnectionsOptions,
): Promise<ExitCode> {
  if (options.csv && ctx.json) throw usageError('choose one of --json and --csv');
  if (options.watch && options.csv) throw usageError('--watch streams JSON lines, not CSV');
  if (options.count !== undefined && !options.watch) throw usageError('--count applies to --watch');
  let connected = true;
  const onConnectionChange = (change: ConnectionChange) => {
    if (!options.watch || ctx.json) return;
    if (change.connected) {
      ctx.note('egressctl connections: watching (one JSON line per connection as it ends)');
    } else if (connected) {
      ctx.note(`egressctl connections: lost the agent (${change.error.message}); reconnecting…`);
    }
    connected = change.connected;
  };
  const agent = await ctx.agent(onConnectionChange, { connectionFeed: options.watch === true });
  const query: ConnectionsQuery = {};
  if (options.refused) query.outcome = 'refused';
  if (options.host !== undefined) query.host = options.host.trim();
  if (options.vnet !== undefined) {
    const snapshot = await agent.getState({});
    const vnet = findVnet(snapshot.vnets, options.vnet);
    if (!vnet) throw vnetNotFound(snapshot.vnets, options.vnet);
    query.vnet_id = vnet.id;
  } else if (options.watch) {
    // Fail fast with "agent not running" instead of waiting on a stream that never opens.
    await agent.getState({});
  }
  if (options.watch) return watch(ctx, agent.subscribeConnections, query, options.count);

  const human = !options.csv && !ctx.json;
  const limit = options.limit ?? (human ? HUMAN_DEFAULT_LIMIT : undefined);
  const entries = await agent.getConnections({
    ...query,
    ...(limit !== undefined ? { limit } : {}),
  });
  if (options.csv) ctx.streams.stdout.write(connectionsToCsv(entries));
  else if (ctx.json) ctx.printJson({ schema: 'egressctl/connections@1', entries });
  else ctx.print(formatConnections(entries, ctx.style));
  return ExitCode.ok;
}

function watch(
  ctx: CliContext,
  subscribe: Feed<ConnectionEntry> | undefined,
  query: ConnectionsQuery,
  count: number | undefined,
): Promise<ExitCode> {
  if (!subscribe) throw new Error('this agent transport has no connection feed');
  return streamJsonLines(
    ctx,
    subscribe,
    (entry) => (matches(entry, query) ? connectionLine(entry) : undefined),
    count,
  );
}
