import type { SettingsPatch } from '../../shared/agent/commands.js';

export type WarpField = 'account' | 'token' | 'apiUrl' | 'warpCli' | 'verifyUrl';

export interface WarpFormValues {
  account: string;
  token: string;
  apiUrl: string;
  warpCli: string;
  verifyUrl: string;
}

export type WarpInput =
  | { ok: true; patch: NonNullable<SettingsPatch['control_api']> }
  | { ok: false; field: WarpField; error: string };

function badUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol !== 'http:' && protocol !== 'https:';
  } catch {
    return true;
  }
}

/**
 * The Cloudflare WARP choice, checked before it is sent: the account id and an API token are
 * needed every time (the token is never shown back); the API URL, warp-cli path and verify URL
 * are optional (defaults: api.cloudflare.com, found on PATH, cloudflare.com/cdn-cgi/trace).
 */
export function checkWarpInput(values: WarpFormValues): WarpInput {
  const account = values.account.trim();
  if (account === '') {
    return {
      ok: false,
      field: 'account',
      error: 'Enter your Cloudflare account id (Zero Trust dashboard, or the dashboard URL).',
    };
  }
  const token = values.token.trim();
  if (token === '') {
    return {
      ok: false,
      field: 'token',
      error:
        'Enter a Cloudflare API token with Zero Trust Read and Cloudflare One Networks Read (or Cloudflare Tunnel Read).',
    };
  }
  const apiUrl = values.apiUrl.trim();
  if (apiUrl !== '' && badUrl(apiUrl)) {
    return {
      ok: false,
      field: 'apiUrl',
      error: 'The API address must start with https:// or http://.',
    };
  }
  const verifyUrl = values.verifyUrl.trim();
  if (verifyUrl !== '' && badUrl(verifyUrl)) {
    return {
      ok: false,
      field: 'verifyUrl',
      error: 'The verify URL must start with https:// or http://.',
    };
  }
  const warpCli = values.warpCli.trim();
  return {
    ok: true,
    patch: {
      mode: 'cloudflare_warp',
      account_id: account,
      token,
      ...(apiUrl ? { api_url: apiUrl } : {}),
      ...(warpCli ? { warp_cli: warpCli } : {}),
      ...(verifyUrl ? { verify_url: verifyUrl } : {}),
    },
  };
}
