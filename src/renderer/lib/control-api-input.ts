export type RemoteInput =
  | { ok: true; url: string; token: string }
  | { ok: false; field: 'url' | 'token'; error: string };

/**
 * The settings form's remote control API, checked before it is sent: an http(s) URL (the
 * server's origin; a trailing `/client/v4` is fine) and a token, which the agent needs every
 * time it is told to use a remote (it is never shown back).
 */
export function checkRemoteInput(urlText: string, tokenText: string): RemoteInput {
  const url = urlText.trim();
  if (url === '') {
    return { ok: false, field: 'url', error: 'Enter the control API’s address.' };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {
      ok: false,
      field: 'url',
      error: `“${url}” is not an address; try https://egress.example.com.`,
    };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, field: 'url', error: 'The address must start with https:// or http://.' };
  }
  const token = tokenText.trim();
  if (token === '') {
    return {
      ok: false,
      field: 'token',
      error: 'Enter a token for it: an admin token (this device enrols) or a device token.',
    };
  }
  return { ok: true, url, token };
}
