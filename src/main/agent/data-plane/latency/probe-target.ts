/** Where latency probes connect: a host and port reachable both directly and through gateways. */
export interface ProbeTarget {
  host: string;
  port: number;
}

/** `host:port` or `[v6]:port`; null when it is not one. */
export function parseProbeTarget(text: string): ProbeTarget | null {
  const match = /^(?:\[([^\]]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(text.trim());
  if (match === null) return null;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return null;
  return { host: match[1] ?? match[2] ?? '', port };
}

/** The control API's own address (the default probe target): every gateway must reach it anyway. */
export function targetOfUrl(url: string | null): ProbeTarget | null {
  if (url === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const port = parsed.port !== '' ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return host === '' ? null : { host, port };
}

export function formatTarget(target: ProbeTarget): string {
  return target.host.includes(':')
    ? `[${target.host}]:${target.port}`
    : `${target.host}:${target.port}`;
}
