// Only the contract's zod-free modules (and types): the preload bundle stays free of the schemas.

import { agentApiFrom } from '../shared/agent/command-binding.js';
import type { AgentApi, AgentCommandName } from '../shared/agent/commands.js';
import type { AgentErrorBody } from '../shared/agent/errors.js';
import { commandChannel, type IpcOutcome } from '../shared/agent/ipc-channels.js';
import type { AgentSnapshot } from '../shared/agent/state.js';

/**
 * The renderer's `AgentApi`, generated from the contract's command list: one method per command, each an
 * IPC invoke whose outcome is unwrapped (errors arrive as `AgentErrorBody` data). Electron-free,
 * so tests drive it with a fake `invoke`; the preload passes `ipcRenderer`'s.
 */

export type Invoke = (channel: string, request: unknown) => Promise<unknown>;
/** Registers a listener for pushed snapshots; returns its removal. */
export type OnSnapshot = (listener: (snapshot: AgentSnapshot) => void) => () => void;
/** What a failed call rejects with. */
export type ErrorFactory = (body: AgentErrorBody) => unknown;

export interface AgentBridgeOptions {
  invoke: Invoke;
  onSnapshot: OnSnapshot;
  /** `bridgedError` in the preload; `AgentError.fromBody` where classes survive (tests). */
  toError: ErrorFactory;
}

function isOutcome(value: unknown): value is IpcOutcome<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { ok?: unknown }).ok === 'boolean'
  );
}

/**
 * `contextBridge` copies a thrown Error as a bare Error with only its message, so in the page a
 * rejection is this plain object instead: `code` and `suggestions` survive the copy.
 */
export interface BridgedAgentError {
  name: 'AgentError';
  code: AgentErrorBody['error']['code'];
  message: string;
  suggestions?: string[];
}

export function bridgedError(body: AgentErrorBody): BridgedAgentError {
  return {
    name: 'AgentError',
    code: body.error.code,
    message: body.error.message,
    ...(body.error.suggestions ? { suggestions: [...body.error.suggestions] } : {}),
  };
}

export function createAgentBridge(options: AgentBridgeOptions): AgentApi {
  const { toError } = options;

  const call = async (name: AgentCommandName, request: unknown): Promise<unknown> => {
    const outcome = await options.invoke(commandChannel(name), request ?? {});
    if (!isOutcome(outcome)) {
      throw toError({
        error: {
          code: 'internal',
          message: `The agent answered ${name} with something unexpected.`,
        },
      });
    }
    if (outcome.ok) return outcome.value;
    throw toError({ error: outcome.error });
  };

  const subscribe = (listener: (snapshot: AgentSnapshot) => void): (() => void) => {
    let active = true;
    let lastSeq = -1;
    // Snapshots carry a sequence number: whichever of the push and the initial read comes
    // second is dropped if it is not newer, so the page never steps back in time.
    const deliver = (snapshot: AgentSnapshot) => {
      if (!active || snapshot.seq <= lastSeq) return;
      lastSeq = snapshot.seq;
      listener(snapshot);
    };
    const off = options.onSnapshot(deliver);
    call('getState', {}).then(
      (snapshot) => deliver(snapshot as AgentSnapshot),
      () => {
        // Pushes still arrive; the page shows its own "connecting" state until one does.
      },
    );
    return () => {
      active = false;
      off();
    };
  };
  return agentApiFrom(call, { subscribe });
}
