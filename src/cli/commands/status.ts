import {
  type AgentApi,
  type AgentSnapshot,
  type ConnectionEntry,
  type Traffic,
  trafficState,
} from '../../shared/agent/index.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import {
  ago,
  egressLine,
  locationLine,
  trafficLine,
  verificationLine,
  whyLine,
} from '../output/describe.js';
import { statusOutput } from '../output/project.js';
import type { Style } from '../output/style.js';
import { formatFields } from '../output/table.js';

function statusWord(snapshot: AgentSnapshot, style: Style): string {
  switch (snapshot.status) {
    case 'connected':
      return style.green('connected');
    case 'switching':
      return style.yellow(`switching to ${snapshot.switching?.vnet_name ?? '…'}`);
    case 'starting':
      return style.yellow(`starting — ${snapshot.starting?.message ?? ''}`);
    case 'offline': {
      const offline = snapshot.offline;
      const since = offline ? `, since ${ago(offline.since)}` : '';
      const error = offline ? ` — ${offline.last_error}` : '';
      return `${style.red('offline')}${since}${error}`;
    }
    case 'error':
      return style.red(`error — ${snapshot.error?.message ?? 'unknown'}`);
  }
}

function proxyLine(proxy: AgentSnapshot['proxy'], style: Style): string {
  if (proxy.listening) return `http://${proxy.address} (HTTP and SOCKS5)`;
  return proxy.error ? style.red(proxy.error) : style.yellow(`starting on ${proxy.address}`);
}

export function formatStatus(
  snapshot: AgentSnapshot,
  style: Style,
  traffic: Traffic = trafficState(snapshot),
): string {
  const egress = snapshot.egress;
  const attached = snapshot.vnets.find((vnet) => vnet.id === snapshot.attached_vnet_id);
  const vnetName = attached?.name ?? egress?.vnet_name ?? null;
  const staleNote = egress?.stale
    ? style.yellow(` (stale: resolved ${ago(egress.resolved_at)})`)
    : '';
  return formatFields([
    ['Status', statusWord(snapshot, style)],
    ['VNet', vnetName],
    ['Egress', egress ? `${egressLine(egress.egress, style)}${staleNote}` : 'unknown'],
    ['Why', egress ? whyLine(egress.decided_by, egress.fallback) : null],
    ['Verified', snapshot.verification ? verificationLine(snapshot.verification, style) : null],
    ['You are in', locationLine(snapshot.location)],
    ['Proxy', proxyLine(snapshot.proxy, style)],
    ['Traffic', trafficLine(traffic, style)],
  ]);
}

/** The newest connections, for whether traffic flows; none when the agent cannot say. */
async function recentConnections(agent: AgentApi): Promise<ConnectionEntry[]> {
  try {
    return await agent.getConnections({ limit: 50 });
  } catch {
    // An agent without the log (or one that fails to read it) still has a status to show.
    return [];
  }
}

export async function runStatus(ctx: CliContext): Promise<ExitCode> {
  const agent = await ctx.agent();
  const [snapshot, recent] = await Promise.all([agent.getState({}), recentConnections(agent)]);
  if (ctx.json) ctx.printJson(statusOutput(snapshot, recent));
  else ctx.print(formatStatus(snapshot, ctx.style, trafficState(snapshot, recent)));
  return ExitCode.ok;
}
