import type * as z from 'zod';
import { describeZodIssues } from '../text/zod-issues.js';
import {
  type AgentApi,
  type AgentCommandName,
  type AgentCommands,
  agentCommands,
  type CommandResponse,
} from './commands.js';
import { AgentError } from './errors.js';

/**
 * The one place a command's request is checked against the contract: the agent core, the
 * LocalAPI's routes and the Electron IPC guard all parse through here, so a bad payload gets the
 * same `invalid_request` message whichever front sent it, and never reaches the agent.
 */

/** A request as its command's schema reads it (defaults applied, strings trimmed). */
export type ParsedRequest<N extends AgentCommandName> = z.infer<AgentCommands[N]['request']>;

/** The request parsed by command name (absent is `{}`), or an `invalid_request` naming each field. */
export function parseCommandRequest<N extends AgentCommandName>(
  name: N,
  input: unknown,
): ParsedRequest<N> {
  const parsed = agentCommands[name].request.safeParse(input ?? {});
  if (!parsed.success) {
    const why = describeZodIssues(parsed.error, { root: 'request' });
    throw new AgentError('invalid_request', `Invalid ${name} request: ${why}`);
  }
  return parsed.data as ParsedRequest<N>;
}

/** Parses the request, then runs the command on `agent`: what a server-side transport does. */
export async function dispatchCommand<N extends AgentCommandName>(
  agent: AgentApi,
  name: N,
  input: unknown,
): Promise<CommandResponse<N>> {
  const request = parseCommandRequest(name, input);
  const run = agent[name] as (request: unknown) => Promise<CommandResponse<N>>;
  return run.call(agent, request);
}
