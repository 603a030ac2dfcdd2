import type { AgentCommandName } from './commands.js';
import type { AgentErrorBody } from './errors.js';

/**
 * The IPC vocabulary shared by the main process and the preload: one `invoke` channel per
 * contract command and one push channel for snapshots. Pure, so the preload bundle can import it.
 */

export const AGENT_STATE_CHANNEL = 'agent:state';

export function commandChannel(name: AgentCommandName): `agent:${AgentCommandName}` {
  return `agent:${name}`;
}

/**
 * What every `agent:<command>` invoke answers. Errors travel as data: Electron serialises a
 * thrown Error into a new Error carrying only its message, which would lose the contract code.
 */
export type IpcOutcome<T> = { ok: true; value: T } | ({ ok: false } & AgentErrorBody);
