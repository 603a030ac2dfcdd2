import { contextBridge, ipcRenderer } from 'electron';
import { AGENT_STATE_CHANNEL } from '../shared/agent/ipc-channels.js';
import type { AgentSnapshot } from '../shared/agent/state.js';
import { bridgedError, createAgentBridge } from './agent-bridge.js';

/**
 * The sandboxed preload: exposes the agent contract as `window.egressAgent` and nothing else —
 * no `ipcRenderer`, no generic send, no Node.
 */
const egressAgent = createAgentBridge({
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  onSnapshot: (listener) => {
    const handler = (_event: Electron.IpcRendererEvent, snapshot: AgentSnapshot) =>
      listener(snapshot);
    ipcRenderer.on(AGENT_STATE_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(AGENT_STATE_CHANNEL, handler);
    };
  },
  toError: bridgedError,
});

contextBridge.exposeInMainWorld('egressAgent', egressAgent);
