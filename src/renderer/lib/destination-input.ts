import ipaddr from 'ipaddr.js';

export interface Destination {
  host?: string;
  ip?: string;
  port?: number;
}

export type DestinationParse =
  | { ok: true; destination: Destination }
  | { ok: false; error: string };

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const DEFAULT_PORTS: Record<string, number> = {
  'http:': 80,
  'https:': 443,
  'ws:': 80,
  'wss:': 443,
};

function isIp(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

function isHostName(text: string): boolean {
  if (text.length > 253) return false;
  const labels = text.split('.');
  return labels.every((label) => HOST_LABEL.test(label)) && /[a-z]/i.test(labels.at(-1) ?? '');
}

function parsePort(text: string): number | string {
  if (!/^\d{1,5}$/.test(text)) return `“${text}” is not a port number`;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : `port ${port} is outside 1–65535`;
}

// Splits what people paste: "https://host:8443/path", "[2001:db8::1]:443", "192.0.2.1:80",
// "example.com:443", or a bare host or IP.
function splitTarget(text: string): { target: string; port?: string } | string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return `“${text}” is not a valid URL`;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = url.port || String(DEFAULT_PORTS[url.protocol] ?? '');
    return port ? { target: host, port } : { target: host };
  }
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed?.[1]) {
    return bracketed[2] ? { target: bracketed[1], port: bracketed[2] } : { target: bracketed[1] };
  }
  const hostPort = /^([^:]+):(\d+)$/.exec(text);
  if (hostPort?.[1] && hostPort[2]) return { target: hostPort[1], port: hostPort[2] };
  return { target: text };
}

/**
 * The what-if form's input as a resolve destination: a host name or an IP (pasting a URL or
 * `host:port` works too), and a port from its own field, which wins over one in the text.
 */
export function parseDestination(text: string, portText = ''): DestinationParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Enter a host name or an IP address.' };
  const split = splitTarget(trimmed);
  if (typeof split === 'string') return { ok: false, error: `${split}.` };
  const target = split.target.replace(/\.$/, '').toLowerCase();
  const portSource = portText.trim() || split.port;
  const destination: Destination = {};
  if (isIp(target)) destination.ip = target;
  else if (isHostName(target)) destination.host = target;
  else return { ok: false, error: `“${split.target}” is neither a host name nor an IP address.` };
  if (portSource) {
    const port = parsePort(portSource);
    if (typeof port === 'string')
      return { ok: false, error: `${port[0]?.toUpperCase()}${port.slice(1)}.` };
    destination.port = port;
  }
  return { ok: true, destination };
}
