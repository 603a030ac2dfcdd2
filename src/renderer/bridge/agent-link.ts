import type { AgentApi } from '../../shared/agent/commands.js';
import { createAgentHttpClient } from '../../shared/agent/http-client.js';
import type { BridgeConfig } from './bridge-config.js';

export type LinkState = { connected: true } | { connected: false; error: unknown };

/** An agent to talk to, and whether the way to it currently works. */
export interface AgentLink {
  api: AgentApi;
  /** Where the agent is, for messages: "the agent at http://127.0.0.1:4123". */
  label: string;
  /** Told when the link comes up or goes down; returns unsubscribe. */
  onStateChange(listener: (state: LinkState) => void): () => void;
}

function listeners<T>() {
  const set = new Set<(value: T) => void>();
  return {
    add(listener: (value: T) => void) {
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(value: T) {
      for (const listener of set) listener(value);
    },
  };
}

/** The AgentApi the bridge config names: the LocalAPI over HTTP, or the preload's. */
export function connectAgent(config: Exclude<BridgeConfig, { kind: 'none' }>): AgentLink {
  if (config.kind === 'preload') {
    const api = window.egressAgent;
    if (!api) throw new Error('window.egressAgent is missing');
    // IPC to the main process cannot drop while the window lives.
    return { api, label: 'the desktop app', onStateChange: () => () => {} };
  }
  const changes = listeners<LinkState>();
  const api = createAgentHttpClient({
    baseUrl: config.baseUrl,
    token: config.token,
    onConnectionChange: (change) =>
      changes.emit(
        change.connected ? { connected: true } : { connected: false, error: change.error },
      ),
  });
  return { api, label: `the agent at ${config.baseUrl}`, onStateChange: changes.add };
}
