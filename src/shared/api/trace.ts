import * as z from 'zod';

/**
 * `/cdn-cgi/trace` as Cloudflare's edge writes it: `key=value` lines. `vnet`, `observed` and
 * `mapped` are ours: the virtual network the server has the device on, the source address the
 * control API saw, and how `ip` came from it (`source_address`: a simulator gateway's local
 * address reported as its egress IP; `egress_ip`: the egress IP itself; `none`: the address as
 * seen). Unknown keys are kept.
 */
export const CdnTrace = z
  .object({
    fl: z.string(),
    h: z.string(),
    ip: z.string(),
    ts: z.string(),
    visit_scheme: z.string(),
    uag: z.string(),
    colo: z.string(),
    sliver: z.string(),
    http: z.string(),
    loc: z.string(),
    tls: z.string(),
    sni: z.string(),
    warp: z.string(),
    gateway: z.string(),
    rbi: z.string(),
    kex: z.string(),
    vnet: z.string(),
    observed: z.string().optional(),
    mapped: z.enum(['source_address', 'egress_ip', 'none']).optional(),
  })
  .catchall(z.string());
export type CdnTrace = z.infer<typeof CdnTrace>;

/** Splits trace text into its fields; a line without `=` is ignored, the first `=` splits. */
export function parseTraceText(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    fields[line.slice(0, at)] = line.slice(at + 1);
  }
  return fields;
}

/** The inverse of `parseTraceText`, in the given key order. */
export function formatTraceText(fields: Readonly<Record<string, string>>): string {
  return `${Object.entries(fields)
    .map(([key, value]) => `${key}=${value.replace(/[\r\n]/g, ' ')}`)
    .join('\n')}\n`;
}
