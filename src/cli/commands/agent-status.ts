import type { AgentStatus } from '../../shared/agent/index.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output/schemas.js';
import { formatFields } from '../output/table.js';
import { runningLabel, socketOccupant } from './agent-running.js';

/**
 * `egressctl agent status`: whether an agent runs for this user, which front started it, and
 * its status. Exit 0 when one runs, 6 (agent not running) when none does.
 */
export async function runAgentStatus(ctx: CliContext): Promise<ExitCode> {
  const occupant = await socketOccupant(ctx);
  let status: AgentStatus | null = null;
  // One that did not answer its health check would not answer this either.
  if (occupant.running && occupant.health) {
    const agent = await ctx.agent();
    status = await agent.getState({}).then(
      (snapshot) => snapshot.status,
      () => null,
    );
  }
  const health = occupant.running ? occupant.health : null;
  if (ctx.json) {
    const output: Output<'agent-status'> = {
      schema: 'egressctl/agent-status@1',
      running: occupant.running,
      pid: health?.pid ?? null,
      front: health?.front ?? null,
      version: health?.version ?? null,
      socket: ctx.socketPath,
      status,
    };
    ctx.printJson(output);
  } else if (occupant.running) {
    ctx.print(`Egress Switcher agent running: ${runningLabel(occupant)}.`);
    ctx.print(
      formatFields([
        ['  Socket', ctx.socketPath],
        ['  Version', health?.version ?? null],
        ['  Status', status ?? 'not answering'],
      ]),
    );
  } else {
    ctx.print(`No Egress Switcher agent is running (nothing answers on ${ctx.socketPath}).`);
  }
  return occupant.running ? ExitCode.ok : ExitCode.agentNotRunning;
}
