import ipaddr from 'ipaddr.js';

/** The upstream proxy kinds a gateway may be: SOCKS5, or HTTP meaning CONNECT. */
export const PROXY_SCHEMES = ['socks5', 'http'] as const;
export type ProxyScheme = (typeof PROXY_SCHEMES)[number];

/** A gateway's `proxy_url`, taken apart (user and password percent-decoded). */
export interface ProxyEndpoint {
  scheme: ProxyScheme;
  /** A host name or an IP literal (IPv6 without brackets). */
  host: string;
  port: number;
  username?: string;
  password?: string;
}

export type ProxyUrlParse = { ok: true; value: ProxyEndpoint } | { ok: false; error: string };

const SHAPE = 'expected socks5://[user:pass@]host:port or http://[user:pass@]host:port';
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function fail(error: string): ProxyUrlParse {
  return { ok: false, error };
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** A host name (RFC 1123 labels) or an IP literal; returns the host without brackets. */
function checkHost(raw: string): { host: string } | { error: string } {
  if (raw.startsWith('[')) {
    const inner = raw.slice(1, -1);
    if (!raw.endsWith(']') || !ipaddr.IPv6.isValid(inner) || inner.includes('%')) {
      return { error: `"${raw}" is not a bracketed IPv6 address such as [2001:db8::1]` };
    }
    return { host: inner };
  }
  if (raw === '') return { error: 'the host is missing' };
  const labels = raw.split('.');
  // A name whose last label is all digits is meant as an IPv4 address: it must be one.
  if (/^\d+$/.test(labels.at(-1) ?? '')) {
    return ipaddr.IPv4.isValidFourPartDecimal(raw)
      ? { host: raw }
      : { error: `"${raw}" is not an IPv4 address such as 198.51.100.7` };
  }
  if (raw.length > 253 || !labels.every((label) => LABEL.test(label))) {
    return { error: `"${raw}" is not a host name or IP address` };
  }
  return { host: raw };
}

/**
 * Parses `scheme://[user[:pass]@]host:port`. Strict on purpose: the port is required, nothing
 * may follow it (no path, query or fragment), and user and password are percent-encoded.
 */
export function parseProxyUrl(text: string): ProxyUrlParse {
  const schemeEnd = text.indexOf('://');
  if (schemeEnd < 0) return fail(SHAPE);
  const scheme = text.slice(0, schemeEnd).toLowerCase();
  if (!(PROXY_SCHEMES as readonly string[]).includes(scheme)) {
    return fail(`unsupported scheme "${text.slice(0, schemeEnd)}": ${SHAPE}`);
  }
  const authority = text.slice(schemeEnd + 3);
  if (/[/?#\s]/.test(authority)) {
    return fail(`nothing may follow host:port (no path, query, fragment or spaces): ${SHAPE}`);
  }
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? undefined : authority.slice(0, at);
  const hostPort = authority.slice(at + 1);
  const portMatch = /^(.*):(\d{1,5})$/.exec(hostPort);
  if (!portMatch) return fail(`the port is missing: ${SHAPE}`);
  const port = Number(portMatch[2]);
  if (port < 1 || port > 65535) return fail(`port ${portMatch[2]} is outside 1–65535`);
  const host = checkHost(portMatch[1] ?? '');
  if ('error' in host) return fail(host.error);

  const value: ProxyEndpoint = { scheme: scheme as ProxyScheme, host: host.host, port };
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    const username = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
    const password = colon < 0 ? undefined : decode(userinfo.slice(colon + 1));
    if (username === undefined || (colon >= 0 && password === undefined)) {
      return fail('the user or password has an invalid percent-encoding');
    }
    if (username === '') return fail('the user name before "@" is empty');
    value.username = username;
    if (password !== undefined) value.password = password;
  }
  return { ok: true, value };
}

/**
 * The proxy URL with its password replaced by `***` (`socks5://user:***@host:port`), for every
 * read by people. Purely textual so that even a URL that does not parse never shows a secret.
 */
export function maskProxyUrl(text: string): string {
  const schemeEnd = text.indexOf('://');
  const start = schemeEnd < 0 ? 0 : schemeEnd + 3;
  const at = text.lastIndexOf('@');
  if (at < start) return text;
  const colon = text.indexOf(':', start);
  if (colon < 0 || colon > at) return text;
  return `${text.slice(0, colon)}:***${text.slice(at)}`;
}
