import { z } from 'zod';
import { closestNames } from '../../main/agent/edit-distance.js';
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

export async function runSchema(ctx: CliContext, name: string | undefined): Promise<ExitCode> {
  if (name === undefined) {
    ctx.printJson(Object.fromEntries(OUTPUT_NAMES.map((output) => [output, jsonSchemaOf(output)])));
    return ExitCode.ok;
  }
  if (!(OUTPUT_NAMES as string[]).includes(name)) {
    const suggestions = closestNames(name, OUTPUT_NAMES);
    throw new CliError(
      ExitCode.notFound,
      'not_found',
      `No output named "${name}"; the outputs are ${OUTPUT_NAMES.join(', ')}.`,
      suggestions,
    );
  }
  ctx.printJson(jsonSchemaOf(name as OutputName));
  return ExitCode.ok;
}
