import type { AgentSnapshot, SwitchResult } from '../../shared/agent/index.js';
import { sortVnets } from '../../shared/agent/vnet-sections.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import {
  addressOf,
  egressLine,
  latencyCell,
  placeOf,
  verificationLine,
  whyLine,
} from '../output/describe.js';
import { switchOutput, vnetListOutput } from '../output/project.js';
import type { Style } from '../output/style.js';
import { formatFields, formatTable } from '../output/table.js';
import { verificationExit } from './verify.js';

export function formatVnetList(snapshot: AgentSnapshot, style: Style): string {
  if (snapshot.vnets.length === 0)
    return 'No virtual networks known yet (is the agent connected?).';
  const rows = sortVnets(snapshot.vnets).map((vnet) => {
    const active = vnet.id === snapshot.attached_vnet_id;
    const notes = [
      vnet.is_default ? 'default' : '',
      vnet.favourite ? 'favourite' : '',
      vnet.preview?.fallback.used ? 'fallback' : '',
      vnet.gateway_up === false ? style.red('gateway down') : '',
    ].filter(Boolean);
    return [
      active ? style.green('*') : ' ',
      active ? style.bold(vnet.name) : vnet.name,
      vnet.preview ? addressOf(vnet.preview.egress, style) : '?',
      vnet.preview ? placeOf(vnet.preview.egress) : '',
      latencyCell(vnet.latency, style),
      notes.join(', '),
    ];
  });
  return formatTable([
    [' ', 'NAME', 'EGRESS', 'LOCATION', 'LATENCY', 'NOTES'].map(style.dim),
    ...rows,
  ]);
}

export function formatSwitch(result: SwitchResult, style: Style): string {
  const { egress } = result;
  const header = `Switched to ${style.bold(egress.vnet_name)} in ${Math.round(result.duration_ms)} ms`;
  return `${header}\n${formatFields([
    ['Egress', egressLine(egress.egress, style)],
    ['Why', whyLine(egress.decided_by, egress.fallback)],
    ['Verified', result.verification ? verificationLine(result.verification, style) : null],
  ])}`;
}

export async function runVnetList(
  ctx: CliContext,
  options: { measure?: boolean } = {},
): Promise<ExitCode> {
  const agent = await ctx.agent();
  // Measuring first waits for one round of probes (bounded by their timeout).
  if (options.measure === true) await agent.measureLatency({});
  const snapshot = await agent.getState({});
  if (ctx.json) ctx.printJson(vnetListOutput(snapshot));
  else ctx.print(formatVnetList(snapshot, ctx.style));
  return ExitCode.ok;
}

export async function runVnetSwitch(
  ctx: CliContext,
  target: string,
  options: { verify?: boolean },
): Promise<ExitCode> {
  const agent = await ctx.agent();
  const result = await agent.switchVnet({
    vnet: target,
    origin: 'cli',
    ...(options.verify !== undefined ? { verify: options.verify } : {}),
  });
  if (ctx.json) ctx.printJson(switchOutput(result));
  else ctx.print(formatSwitch(result, ctx.style));
  return result.verification ? verificationExit(result.verification) : ExitCode.ok;
}
