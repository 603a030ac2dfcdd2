import * as z from 'zod';
import { closestNames } from '../../shared/text/closest-names.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { type OutputName, outputSchemas } from '../output/schemas.js';

export const OUTPUT_NAMES = Object.keys(outputSchemas) as OutputName[];

/**
 * The JSON Schema (draft 2020-12) of one `--json` output. Objects stay open
 * (`additionalProperties` unset) because a version may gain fields; it never loses any.
 */
export function jsonSchemaOf(name: OutputName): Record<string, unknown> {
  const generated = z.toJSONSchema(outputSchemas[name], { io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, title: `egressctl/${name}@1`, ...rest };
}

/** Command names people type, for outputs named otherwise. */
const COMMAND_OUTPUTS: Record<string, OutputName[]> = {
  vnet: ['vnets', 'switch'],
  favourite: ['favourites'],
  favorite: ['favourites'],
};

export async function runSchema(ctx: CliContext, name: string | undefined): Promise<ExitCode> {
  if (name === undefined) {
    ctx.printJson(Object.fromEntries(OUTPUT_NAMES.map((output) => [output, jsonSchemaOf(output)])));
    return ExitCode.ok;
  }
  const aliases = Object.hasOwn(COMMAND_OUTPUTS, name) ? COMMAND_OUTPUTS[name] : undefined;
  if (aliases && aliases.length > 1) {
    throw new CliError(
      ExitCode.notFound,
      'not_found',
      `"${name}" has ${aliases.length} outputs: ${aliases.join(', ')}; name one.`,
      aliases,
    );
  }
  const output = aliases?.[0] ?? name;
  if (!(OUTPUT_NAMES as string[]).includes(output)) {
    const suggestions = closestNames(output, OUTPUT_NAMES);
    throw new CliError(
      ExitCode.notFound,
      'not_found',
      `No output named "${output}"; the outputs are ${OUTPUT_NAMES.join(', ')}.`,
      suggestions,
    );
  }
  ctx.printJson(jsonSchemaOf(output as OutputName));
  return ExitCode.ok;
}
