import type { SocketOccupant } from '../../main/agent/local-api/health.js';
import { describeRunningAgent } from '../../shared/agent/health.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';

/** Who answers on egressctl's socket (light: the socket fetch and the health schema only). */
export async function socketOccupant(ctx: CliContext, timeoutMs = 2000): Promise<SocketOccupant> {
  const { readSocketOccupant } = await import('../../main/agent/local-api/health.js');
  return readSocketOccupant(ctx.socketPath, Math.min(timeoutMs, ctx.timeoutMs));
}

/** "One agent per user": the error a second start gets, naming the running one. */
export async function alreadyRunning(
  ctx: CliContext,
  occupant: SocketOccupant & { running: true },
): Promise<CliError> {
  const { AgentAlreadyRunningError } = await import('../../main/agent/local-api/socket-file.js');
  const error = new AgentAlreadyRunningError(ctx.socketPath, occupant.health);
  return new CliError(ExitCode.internal, 'already_running', error.message);
}

/** "headless (egressctl agent), pid 4242", or what is known when it did not say. */
export function runningLabel(occupant: SocketOccupant & { running: true }): string {
  return occupant.health
    ? describeRunningAgent(occupant.health)
    : `an agent that did not say who it is (${occupant.problem})`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
