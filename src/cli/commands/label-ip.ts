import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { statusOutput } from '../output/project.js';
import { formatStatus } from './status.js';

/**
 * `egressctl label-ip <ipv4> <where>`: with the Cloudflare WARP backend, says where one of the
 * account's dedicated egress IPs is (no Cloudflare API does): an IATA code or a city; `--clear`
 * forgets it. Prints the status that follows (`--json`: the status schema).
 */
export async function runLabelIp(
  ctx: CliContext,
  ipv4: string,
  where: string | undefined,
  clear: boolean,
): Promise<ExitCode> {
  const agent = await ctx.agent();
  await agent.updateSettings({
    egress_ip_label: { ipv4, location: clear ? null : (where ?? '') },
  });
  // The label reaches the snapshot through the backend's next push: read it after a refresh.
  const snapshot = await agent.refresh({});
  if (ctx.json) ctx.printJson(statusOutput(snapshot));
  else ctx.print(formatStatus(snapshot, ctx.style));
  return ExitCode.ok;
}
