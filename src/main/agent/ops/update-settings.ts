import { AgentError, type AgentSettings, type SettingsPatch } from '../../../shared/agent/index.js';
import type { ControlPlaneSpec } from '../ports/control-plane.js';
import type { OperationDeps } from './operation-deps.js';

/**
 * Preferences, the user, and the control API. A new control API is tried first (connect, enrol,
 * resolve) and adopted only if it works; nothing is changed when any part of the patch fails.
 */
export async function updateSettings(
  deps: OperationDeps,
  patch: SettingsPatch,
): Promise<AgentSettings> {
  const { state, link } = deps;
  const { preferences, device } = state.model.settings;
  const currentUser = device?.user_email ?? preferences.user_email;
  const newUser =
    patch.user_email !== undefined && patch.user_email !== currentUser
      ? patch.user_email
      : undefined;
  const session = state.model.session;
  if (newUser && !patch.control_api && session && !session.adminClient) {
    throw new AgentError(
      'invalid_request',
      'this device was enrolled with a device token, which cannot change its user; ask an ' +
        'admin to change it on the server, or use an admin token',
    );
  }
  if (patch.egress_ip_label) {
    const { ipv4, location } = patch.egress_ip_label;
    await link.labelEgressIp(ipv4, location);
  }
  if (patch.control_api) {
    await link.replace(specOf(patch.control_api), newUser);
  } else if (newUser && session?.adminClient) {
    try {
      const device = await session.adminClient.patchDevice(session.device.id, {
        user_email: newUser,
      });
      state.commit({
        settings: {
          device: { id: device.id, name: device.name, user_email: device.user_email },
        },
      });
    } catch (error) {
      throw await link.failure(error);
    }
    await link.resync();
  }
  const moved = patch.proxy_port !== undefined && patch.proxy_port !== preferences.proxy_port;
  if (patch.proxy_port !== undefined && (moved || !state.model.proxy.listening)) {
    await deps.dataPlane.restart(patch.proxy_port);
  }
  state.commit({
    settings: {
      preferences: {
        user_email: patch.user_email ?? preferences.user_email,
        notifications: patch.notifications ?? preferences.notifications,
        start_at_login: patch.start_at_login ?? preferences.start_at_login,
        verify_after_switch: patch.verify_after_switch ?? preferences.verify_after_switch,
        proxy_port: patch.proxy_port ?? preferences.proxy_port,
        keep_connections_on_switch:
          patch.keep_connections_on_switch ?? preferences.keep_connections_on_switch,
        verify_url: patch.verify_url === undefined ? preferences.verify_url : patch.verify_url,
      },
    },
  });
  return state.snapshot.settings;
}

function specOf(control: NonNullable<SettingsPatch['control_api']>): ControlPlaneSpec {
  if (control.mode === 'cloudflare_warp') {
    return {
      mode: 'cloudflare_warp',
      accountId: control.account_id,
      token: control.token,
      apiUrl: control.api_url,
      warpCli: control.warp_cli,
      verifyUrl: control.verify_url,
      refreshIntervalMs:
        control.refresh_interval_s === undefined ? undefined : control.refresh_interval_s * 1000,
    };
  }
  return control.mode === 'remote'
    ? { mode: 'remote', url: control.url, token: control.token }
    : { mode: 'local_simulator' };
}
