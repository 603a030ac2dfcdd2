/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) apply to one connection and are not forwarded, nor are
 * headers the Connection header names, nor the client's Proxy-* credentials for us.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // We already answered `Expect: 100-continue` to the client ourselves.
  'expect',
]);

/** The end-to-end headers of `rawHeaders` (name, value, name, value…) as a flat list again. */
export function endToEndHeaders(
  rawHeaders: readonly string[],
  drop: readonly string[] = [],
): string[] {
  const named = new Set(drop.map((name) => name.toLowerCase()));
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === 'connection') {
      for (const token of (rawHeaders[i + 1] ?? '').split(','))
        named.add(token.trim().toLowerCase());
    }
  }
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower)) continue;
    out.push(name, rawHeaders[i + 1] ?? '');
  }
  return out;
}
