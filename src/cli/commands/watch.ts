import type { ConnectionChange } from '../../shared/agent/index.js';
import type { CliContext } from '../context.js';
import type { ExitCode } from '../exit-codes.js';
import { watchLine } from '../output/project.js';
import { streamJsonLines } from '../stream-json-lines.js';

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

  let lastKey: string | undefined;
  return streamJsonLines(
    ctx,
    agent.subscribe.bind(agent),
    (snapshot) => {
      const line = watchLine(snapshot);
      // A snapshot can change only what status does not show (e.g. a recents list): no line.
      const key = JSON.stringify({ ...line, seq: 0 });
      if (key === lastKey) return undefined;
      lastKey = key;
      return line;
    },
    options.count,
  );
}
