import type { AgentApi } from '../shared/agent/commands.js';

declare global {
  interface Window {
    /** The agent contract, exposed by the Electron preload (absent in a plain browser). */
    egressAgent?: AgentApi;
  }
}
