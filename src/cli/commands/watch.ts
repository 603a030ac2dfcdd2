import type { ConnectionChange } from '../../shared/agent/index.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { watchLine } from '../output/project.js';

/**
 * One JSON line per change of what `status` shows (the first line is the current state). Runs
 * until SIGINT/SIGTERM, the reader goes away, or `--count` lines were written; when the agent
 * restarts it reconnects and carries on.
 */
export async function runWatch(ctx: CliContext, options: { count?: number }): Promise<ExitCode> {
  let connected = true;
  const onConnectionChange = (change: ConnectionChange) => {
    if (!change.connected && connected && !ctx.json) {
      ctx.note(`egressctl watch: lost the agent (${change.error.message}); reconnecting…`);
    }
    connected = change.connected;
  };
  const agent = await ctx.agent(onConnectionChange);
  // Fail fast with "agent not running" instead of waiting on a stream that never opens.
  await agent.getState({});

  return new Promise<ExitCode>((resolve) => {
    let lastKey: string | undefined;
    let written = 0;
    let unsubscribe: (() => void) | undefined;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      unsubscribe?.();
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      resolve(ExitCode.ok);
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    unsubscribe = agent.subscribe((snapshot) => {
      if (finished) return;
      const line = watchLine(snapshot);
      // A snapshot can change only what status does not show (e.g. a recents list): no line.
      const key = JSON.stringify({ ...line, seq: 0 });
      if (key === lastKey) return;
      lastKey = key;
      ctx.printJsonLine(line);
      written += 1;
      if (options.count !== undefined && written >= options.count) finish();
    });
    if (finished) unsubscribe();
  });
}
