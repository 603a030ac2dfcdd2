import type { AgentSettings, ProxyState } from '../../src/shared/agent/index.js';

/** The settings of a fresh agent on the local simulator, as snapshot fixtures show them. */
export function freshAgentSettings(): AgentSettings {
  return {
    control_api: { mode: 'local_simulator', url: null, has_token: false },
    user_email: 'qa@example.com',
    notifications: true,
    start_at_login: false,
    verify_after_switch: false,
    proxy_port: 40000,
    keep_connections_on_switch: false,
    verify_url: null,
  };
}

/** The local proxy of a fresh agent, listening on its default port. */
export function freshProxyState(): ProxyState {
  return { address: '127.0.0.1:40000', listening: true, error: null };
}
