import type { AgentModel } from '../agent-model.js';
import type { AgentState } from '../agent-state.js';
import { DEFAULT_CLOUDFLARE_API_URL } from '../control-plane/warp/cloudflare-api.js';
import { DEFAULT_WARP_REFRESH_MS } from '../control-plane/warp/warp-control-plane.js';
import type { ControlPlaneSpec } from '../ports/control-plane.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { Session } from './session.js';

/** What the snapshot says about the control API for a spec, before a session exists. */
export function controlApiOf(spec: ControlPlaneSpec): AgentModel['controlApi'] {
  if (spec.mode === 'cloudflare_warp') {
    const url = spec.apiUrl || DEFAULT_CLOUDFLARE_API_URL;
    return { mode: spec.mode, url, account_id: spec.accountId, has_token: true };
  }
  return spec.mode === 'remote'
    ? { mode: spec.mode, url: spec.url, account_id: null, has_token: true }
    : { mode: spec.mode, url: null, account_id: null, has_token: false };
}

/**
 * Makes a working session (and the spec that led to it) the agent's own: tokens into the
 * SecretStore, the control API, account and device into the settings. Only ever called with a
 * session that works, so a failed settings change never replaces a stored token.
 */
export async function keepSession(
  state: AgentState,
  secrets: SecretStore,
  spec: ControlPlaneSpec,
  session: Session,
): Promise<void> {
  await secrets.set('device_token', session.deviceToken);
  if (spec.mode === 'remote') await secrets.set('control_api_token', spec.token);
  else await secrets.delete('control_api_token');
  if (spec.mode === 'cloudflare_warp') await secrets.set('cloudflare_api_token', spec.token);
  else await secrets.delete('cloudflare_api_token');
  const { id, name, user_email } = session.device;
  const controlApi = controlApiOf(spec);
  state.commit({
    session,
    controlApi: {
      ...controlApi,
      // The WARP backend's adapter is an implementation detail: show the Cloudflare API.
      url: spec.mode === 'cloudflare_warp' ? controlApi.url : session.connection.url,
      account_id: session.accountId,
    },
    settings: {
      control_api: {
        mode: spec.mode,
        url: spec.mode === 'local_simulator' ? null : controlApi.url,
      },
      ...(spec.mode === 'cloudflare_warp'
        ? {
            warp: {
              warp_cli: spec.warpCli ?? null,
              verify_url: spec.verifyUrl ?? null,
              refresh_interval_s: Math.round(
                (spec.refreshIntervalMs ?? DEFAULT_WARP_REFRESH_MS) / 1000,
              ),
            },
          }
        : {}),
      account_id: session.accountId,
      device: { id, name, user_email },
      // The server decides whose device this is (a device token brings its own user).
      preferences: { ...state.model.settings.preferences, user_email },
    },
  });
}
