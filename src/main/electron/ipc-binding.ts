import type { IpcMain } from 'electron';
import type { Logger } from 'pino';
import { type AgentApi, type AgentCommandName, agentCommands } from '../../shared/agent/index.js';
import { AGENT_STATE_CHANNEL, commandChannel } from '../../shared/agent/ipc-channels.js';
import { handleAgentCall, type TrustedSender } from './ipc-guard.js';

export interface IpcBindingOptions {
  ipcMain: IpcMain;
  agent: AgentApi;
  /** The popover as it is now (null when closed): whom calls must come from. */
  trusted: () => TrustedSender | null;
  /** Where snapshots are pushed. */
  push: (channel: string, snapshot: unknown) => void;
  logger: Logger;
}

/**
 * Binds every contract command to `agent:<name>` (generic over `agentCommands`: a new command
 * needs no code here) and pushes each snapshot on `agent:state`. Returns the unbinding.
 */
export function bindAgentIpc(options: IpcBindingOptions): () => void {
  const names = Object.keys(agentCommands) as AgentCommandName[];
  const context = {
    agent: options.agent,
    trusted: options.trusted,
    onRejectedSender: (name: AgentCommandName, problem: string) =>
      options.logger.warn(
        { command: name, problem },
        'refused an IPC call from an untrusted sender',
      ),
  };
  for (const name of names) {
    options.ipcMain.handle(commandChannel(name), (event, payload: unknown) =>
      handleAgentCall(name, event, payload, context),
    );
  }
  const unsubscribe = options.agent.subscribe((snapshot) =>
    options.push(AGENT_STATE_CHANNEL, snapshot),
  );
  return () => {
    unsubscribe();
    for (const name of names) options.ipcMain.removeHandler(commandChannel(name));
  };
}
