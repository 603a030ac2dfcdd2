import type { LocationRequest } from '../../shared/agent/index.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { locationLine } from '../output/describe.js';
import { locationOutput } from '../output/project.js';

const POINT = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/;

/** `auto`, a `lat,lon` point, or free text the agent matches (IATA code, city or country). */
export function locationRequest(query: string): LocationRequest {
  if (query.trim().toLowerCase() === 'auto') return { auto: true };
  const point = POINT.exec(query);
  if (point) return { lat: Number(point[1]), lon: Number(point[2]) };
  return { query: query.trim() };
}

export async function runLocation(ctx: CliContext, query: string | undefined): Promise<ExitCode> {
  const agent = await ctx.agent();
  const location =
    query === undefined
      ? (await agent.getState({})).location
      : await agent.setLocation(locationRequest(query));
  if (ctx.json) ctx.printJson(locationOutput(location));
  else ctx.print(locationLine(location));
  return ExitCode.ok;
}
