export { buildLocalApiApp, type LocalApiAppOptions } from './app.js';
export { type DeferredAgent, deferredAgent } from './deferred-agent.js';
export { HTTP_STATUS_BY_CODE } from './error-mapping.js';
export { type AgentIdentity, readSocketOccupant, type SocketOccupant } from './health.js';
export { createLocalAgentClient, type LocalAgentClient } from './local-client.js';
export {
  type LocalApiHandle,
  type LocalApiOptions,
  type LocalApiTcpOptions,
  serveLocalApi,
} from './server.js';
export { createSocketFetch, type SocketFetch } from './socket-fetch.js';
export { AgentAlreadyRunningError } from './socket-file.js';
export {
  defaultSocketPath,
  isNamedPipe,
  resolveSocketPath,
  SOCKET_PATH_ENV,
  type SocketPathInputs,
} from './socket-path.js';
export { type AllowedOrigins, isAllowedOrigin } from './tcp-guard.js';
