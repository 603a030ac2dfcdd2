const KEY = 'egress-switcher.bridge';

/** The bridge this tab was opened with, kept so a reload works once the token left the URL. */
export function readRememberedBridge(): { bridge: string; token: string } | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as unknown;
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { bridge?: unknown }).bridge === 'string' &&
      typeof (value as { token?: unknown }).token === 'string'
    ) {
      return value as { bridge: string; token: string };
    }
  } catch {
    // Storage disabled or garbled: the URL has to carry the bridge again.
  }
  return null;
}

/**
 * Keeps the bridge for this tab and takes the token out of the address bar, so it does not end
 * up in screenshots, shared links or the browser's history.
 */
export function rememberBridge(baseUrl: string, token: string): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ bridge: baseUrl, token }));
  } catch {
    return;
  }
  const url = new URL(window.location.href);
  if (url.searchParams.has('token') || url.searchParams.has('bridge')) {
    url.searchParams.delete('token');
    url.searchParams.delete('bridge');
    window.history.replaceState(null, '', url);
  }
}
