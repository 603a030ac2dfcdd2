import type { AgentApi } from '../../../shared/agent/commands.js';
import {
  type AgentHttpClientOptions,
  createAgentHttpClient,
} from '../../../shared/agent/http-client.js';
import { createSocketFetch } from './socket-fetch.js';
import { resolveSocketPath } from './socket-path.js';

export interface LocalAgentClient {
  api: AgentApi;
  /** The socket or pipe it talks to (for messages such as "is the agent running?"). */
  socketPath: string;
}

/**
 * A client for the agent on this machine, over its Unix socket or named pipe. Light on purpose
 * (no Fastify): egressctl builds one for every command.
 */
export function createLocalAgentClient(
  options: Omit<AgentHttpClientOptions, 'baseUrl' | 'fetch' | 'token'> & {
    socketPath?: string;
  } = {},
): LocalAgentClient {
  const socketPath = resolveSocketPath(options.socketPath);
  const api = createAgentHttpClient({
    ...options,
    // The host is never dialled; it only makes the URL well-formed.
    baseUrl: 'http://agent.local',
    fetch: createSocketFetch(socketPath),
  });
  return { api, socketPath };
}
