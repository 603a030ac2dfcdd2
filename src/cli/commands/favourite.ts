import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { favouritesOutput } from '../output/project.js';

export async function runFavourite(
  ctx: CliContext,
  change: { vnet: string; favourite: boolean } | null,
): Promise<ExitCode> {
  const agent = await ctx.agent();
  const ids = change ? await agent.setFavourite(change) : null;
  // Names come from the snapshot; read after the change so a just-listed vnet is known.
  const snapshot = await agent.getState({});
  const output = favouritesOutput(ids ?? snapshot.favourites, snapshot);
  if (ctx.json) {
    ctx.printJson(output);
  } else if (output.favourites.length === 0) {
    ctx.print('No favourites. Pin one with: egressctl favourite add <vnet>');
  } else {
    ctx.print(output.favourites.map((vnet) => vnet.name).join('\n'));
  }
  return ExitCode.ok;
}
