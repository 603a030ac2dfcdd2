import ipaddr from 'ipaddr.js';
import type { WhatIfRequest } from '../../shared/agent/index.js';
import type { ResolveResult } from '../../shared/api/resolve.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { egressLine, whyLine } from '../output/describe.js';
import { resolveOutput } from '../output/project.js';
import type { Style } from '../output/style.js';
import { formatFields, formatTable } from '../output/table.js';

export interface ResolveOptions {
  dst: string;
  port?: number;
  protocol?: string;
  country?: string;
  vnet?: string;
}

function isIpAddress(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value);
}

/** The what-if request: an IP literal goes in `ip`, anything else is a host name. */
export function whatIfRequest(options: ResolveOptions): WhatIfRequest {
  const dst = options.dst.trim();
  const destination = {
    ...(isIpAddress(dst) ? { ip: dst } : { host: dst }),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.protocol !== undefined ? { protocol: options.protocol } : {}),
    ...(options.country !== undefined ? { country: options.country.toUpperCase() } : {}),
  };
  return { destination, ...(options.vnet !== undefined ? { vnet_id: options.vnet } : {}) };
}

function formatResolve(request: WhatIfRequest, result: ResolveResult, style: Style): string {
  const d = request.destination ?? {};
  const target = `${d.host ?? d.ip ?? ''}${d.port !== undefined ? `:${d.port}` : ''}${
    d.protocol ? `/${d.protocol}` : ''
  }${d.country ? ` (${d.country})` : ''}`;
  const summary = formatFields([
    ['Destination', target],
    ['VNet', request.vnet_id ?? 'attached'],
    ['Egress', egressLine(result.egress, style)],
    ['Why', whyLine(result.decided_by, result.fallback)],
  ]);
  const trace = result.trace ?? [];
  if (trace.length === 0) return summary;
  const rows = trace.map((entry) => [
    String(entry.rule.precedence),
    entry.rule.name,
    entry.outcome === 'matched' ? style.green('matched') : entry.outcome.replace('_', ' '),
    entry.failed
      ? `${entry.failed.expression}: ${entry.failed.condition}`
      : entry.uncertain
        ? `not evaluated: ${entry.uncertain}`
        : '',
  ]);
  const header = ['PRECEDENCE', 'RULE', 'OUTCOME', 'FAILED CONDITION / NOTE'].map(style.dim);
  return `${summary}\n\n${formatTable([header, ...rows])}`;
}

export async function runResolve(ctx: CliContext, options: ResolveOptions): Promise<ExitCode> {
  const agent = await ctx.agent();
  const request = whatIfRequest(options);
  const result = await agent.whatIf(request);
  if (ctx.json) ctx.printJson(resolveOutput(request, result));
  else ctx.print(formatResolve(request, result, ctx.style));
  return ExitCode.ok;
}
