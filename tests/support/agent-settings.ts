import type { AgentSettings } from '../../src/shared/agent/index.js';

/** The settings of a fresh agent on the local simulator, as snapshot fixtures show them. */
export function freshAgentSettings(): AgentSettings {
  return {
    control_api: { mode: 'local_simulator', url: null, has_token: false },
    user_email: 'qa@example.com',
    notifications: true,
    start_at_login: false,
    verify_after_switch: false,
  };
}
