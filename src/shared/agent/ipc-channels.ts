import type { AgentCommandName } from './commands.js';
import type { AgentErrorBody } from './errors.js';

/**
 * The IPC vocabulary shared by the main process and the preload: one `invoke` channel per
 * contract command and one push channel for snapshots. Pure, so the preload bundle can import it.
 */

export const AGENT_STATE_CHANNEL = 'agent:state';

/**
 * The contract's command names, spelled out so the preload needs no runtime import of the zod
 * schemas (a sandboxed preload bundles everything it uses, and runs before every page load).
 * The compiler refuses a missing or unknown name; a test compares it with `agentCommands`.
 */
export const AGENT_COMMAND_NAMES = [
  'getState',
  'refresh',
  'switchVnet',
  'verify',
  'whatIf',
  'getHistory',
  'getConnections',
  'setLocation',
  'setFavourite',
  'updateSettings',
] as const satisfies readonly AgentCommandName[];

type Unlisted = Exclude<AgentCommandName, (typeof AGENT_COMMAND_NAMES)[number]>;
/** Fails to compile when a command is added to the contract but not listed above. */
export const EVERY_COMMAND_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

export function commandChannel(name: AgentCommandName): `agent:${AgentCommandName}` {
  return `agent:${name}`;
}

/**
 * What every `agent:<command>` invoke answers. Errors travel as data: Electron serialises a
 * thrown Error into a new Error carrying only its message, which would lose the contract code.
 */
export type IpcOutcome<T> = { ok: true; value: T } | ({ ok: false } & AgentErrorBody);
