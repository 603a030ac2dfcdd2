export type BridgeConfig =
  | { kind: 'http'; baseUrl: string; token: string }
  | { kind: 'preload' }
  | { kind: 'none'; problem?: string };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Which agent the popover talks to. A `bridge` URL and a `token` (from the page's query, or kept
 * from an earlier load of this tab) select the browser dev bridge — the agent's LocalAPI over
 * loopback HTTP; otherwise the preload's `window.egressAgent` (Electron); otherwise none, and the
 * page explains how to start one. The bridge must be on loopback: the CSP allows nothing else,
 * and a token should never travel further.
 */
export function selectBridge(
  params: URLSearchParams,
  remembered: { bridge: string; token: string } | null,
  hasPreload: boolean,
): BridgeConfig {
  const bridge = params.get('bridge') ?? remembered?.bridge ?? null;
  const token = params.get('token') ?? (params.has('bridge') ? null : remembered?.token) ?? null;
  if (bridge === null) return hasPreload ? { kind: 'preload' } : { kind: 'none' };
  let url: URL;
  try {
    url = new URL(bridge);
  } catch {
    return { kind: 'none', problem: `The bridge address “${bridge}” is not a URL.` };
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) {
    return {
      kind: 'none',
      problem: `The bridge must be an http:// address on this machine (127.0.0.1 or localhost), not “${bridge}”.`,
    };
  }
  if (!token) {
    return { kind: 'none', problem: 'The bridge address came without its token (&token=…).' };
  }
  return { kind: 'http', baseUrl: url.origin, token };
}
