/**
 * The environment that points a program at the local proxy, and the lines that set it in a
 * shell (`egressctl proxy --env`, and what `egressctl exec` gives its child).
 */

export type ShellKind = 'sh' | 'fish' | 'powershell';
export const SHELLS: readonly ShellKind[] = ['sh', 'fish', 'powershell'];

/** `host:port` → the variables, in the order they are printed. */
export function proxyEnvironment(host: string, port: number): Record<string, string> {
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const http = `http://${address}`;
  // socks5h: the proxy resolves names (at the gateway), so a client never leaks a DNS lookup.
  const socks = `socks5h://${address}`;
  return {
    HTTP_PROXY: http,
    http_proxy: http,
    HTTPS_PROXY: http,
    https_proxy: http,
    ALL_PROXY: socks,
    all_proxy: socks,
    // Empty on purpose: an inherited NO_PROXY=localhost,127.0.0.1 would send loopback test
    // origins around the proxy, and they are exactly what `exec --vnet` is for.
    NO_PROXY: '',
    no_proxy: '',
  };
}

const quoteSh = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
const quotePs = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** The lines `eval "$(egressctl proxy --env)"` (or fish's `| source`, PowerShell's `| iex`) runs. */
export function shellLines(env: Record<string, string>, shell: ShellKind): string {
  const entries = Object.entries(env);
  switch (shell) {
    case 'sh':
      return `export ${entries.map(([name, value]) => `${name}=${quoteSh(value)}`).join(' ')}\n`;
    case 'fish':
      return entries.map(([name, value]) => `set -gx ${name} ${quoteSh(value)};\n`).join('');
    case 'powershell':
      return entries.map(([name, value]) => `$env:${name} = ${quotePs(value)}\n`).join('');
  }
}
