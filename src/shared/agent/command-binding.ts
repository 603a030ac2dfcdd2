import type { AgentApi, AgentCommandName } from './commands.js';

/**
 * Building an `AgentApi` from one call function: every transport client (HTTP, the preload's
 * IPC bridge) and every relay (a deferred agent, the desktop app's relay) is this binding over
 * its own way of carrying a command. Zod-free, so the sandboxed preload can bundle it.
 */

/**
 * The contract's command names, spelled out so the preload needs no runtime import of the zod
 * schemas (a sandboxed preload bundles everything it uses, and runs before every page load).
 * The compiler refuses a missing or unknown name; a test compares it with `agentCommands`.
 */
export const AGENT_COMMAND_NAMES = [
  'getState',
  'refresh',
  'measureLatency',
  'switchVnet',
  'verify',
  'whatIf',
  'getHistory',
  'getConnections',
  'openScope',
  'renewScope',
  'closeScope',
  'setLocation',
  'setFavourite',
  'updateSettings',
] as const satisfies readonly AgentCommandName[];

type Unlisted = Exclude<AgentCommandName, (typeof AGENT_COMMAND_NAMES)[number]>;
/** Fails to compile when a command is added to the contract but not listed above. */
export const EVERY_COMMAND_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

/** How one transport carries a command: its name and request out, its answer (or a throw) back. */
export type AgentCall = (name: AgentCommandName, request: unknown) => Promise<unknown>;

/** What an `AgentApi` has beside its commands: the snapshot feed, and a connection feed if any. */
export type AgentFeeds = Pick<AgentApi, 'subscribe' | 'subscribeConnections'>;

/** An `AgentApi` whose every command goes through `call`, with the feeds given. */
export function agentApiFrom(call: AgentCall, feeds: AgentFeeds): AgentApi {
  const api: Record<string, unknown> = { ...feeds };
  for (const name of AGENT_COMMAND_NAMES) {
    api[name] = (request: unknown) => call(name, request);
  }
  return api as AgentApi;
}
