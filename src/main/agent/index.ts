export { Agent, type AgentOptions } from './agent.js';
export { AgentFault } from './agent-fault.js';
export { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './connectivity/backoff.js';
export type { ClientOptions } from './control-plane/client-options.js';
export { headlessControlPlanes } from './control-plane/headless-control-planes.js';
export {
  LocalSimulatorControlPlane,
  type LocalSimulatorOptions,
} from './control-plane/local-simulator-control-plane.js';
export { RemoteControlPlane } from './control-plane/remote-control-plane.js';
export { type AgentDirs, agentDirs } from './data-dirs.js';
export { createHeadlessAgent, type HeadlessAgent, type HeadlessAgentOptions } from './headless.js';
export { type Clock, systemClock } from './ports/clock.js';
export type {
  ControlPlane,
  ControlPlaneConnection,
  ControlPlaneFactory,
  ControlPlaneSpec,
} from './ports/control-plane.js';
export type { SecretName, SecretStore } from './ports/secret-store.js';
export type { SettingsStore } from './ports/settings-store.js';
export { FileSecretStore } from './secrets/file-secret-store.js';
export { ConfSettingsStore } from './settings/conf-settings-store.js';
export {
  DEFAULT_USER_EMAIL,
  defaultSettings,
  MAX_HISTORY,
  PersistedSettings,
} from './settings/persisted-settings.js';
