import { type HistoryEntry, historyToCsv } from '../../shared/agent/index.js';
import { usageError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { historyOutput } from '../output/project.js';
import type { Style } from '../output/style.js';
import { formatTable } from '../output/table.js';

/** Without --limit, people see the last 20; --json and --csv get everything the agent keeps. */
const HUMAN_DEFAULT_LIMIT = 20;

function formatHistory(entries: readonly HistoryEntry[], style: Style): string {
  if (entries.length === 0) return 'No switches yet.';
  const rows = entries.map((entry) => [
    entry.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    `${entry.from?.name ?? '—'} → ${entry.to.name}`,
    entry.egress.kind === 'unavailable' ? style.red('unavailable') : (entry.egress.ipv4 ?? '—'),
    [entry.egress.city, entry.egress.country].filter(Boolean).join(', '),
    entry.verification ?? '',
    `${Math.round(entry.duration_ms)} ms`,
    entry.origin,
  ]);
  const header = ['WHEN (UTC)', 'SWITCH', 'EGRESS', 'LOCATION', 'VERIFIED', 'TOOK', 'BY'];
  return formatTable([header.map(style.dim), ...rows]);
}

export async function runHistory(
  ctx: CliContext,
  options: { csv?: boolean; limit?: number },
): Promise<ExitCode> {
  if (options.csv && ctx.json) throw usageError('choose one of --json and --csv');
  const agent = await ctx.agent();
  const human = !options.csv && !ctx.json;
  const limit = options.limit ?? (human ? HUMAN_DEFAULT_LIMIT : undefined);
  const entries = await agent.getHistory(limit !== undefined ? { limit } : {});
  if (options.csv) ctx.streams.stdout.write(historyToCsv(entries));
  else if (ctx.json) ctx.printJson(historyOutput(entries));
  else ctx.print(formatHistory(entries, ctx.style));
  return ExitCode.ok;
}
