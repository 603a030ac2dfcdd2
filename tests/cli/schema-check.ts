import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import type { z } from 'zod';
import { type OutputName, outputSchemas } from '../../src/cli/output/schemas.js';

// ajv-formats is CommonJS; its default export arrives wrapped under nodenext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * Checks one `--json` output three ways: the zod schema in src/cli/output/schemas.ts, the JSON
 * Schema that `egressctl schema` published (an independent validator), and the documented key
 * order at the top level.
 */
export class OutputChecker {
  readonly #ajv: Ajv2020;
  readonly #published: Record<string, object>;

  constructor(published: Record<string, object>) {
    this.#ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
    this.#published = published;
  }

  check(name: OutputName, value: unknown): void {
    const schema = outputSchemas[name] as z.ZodObject;
    const parsed = schema.safeParse(value);
    expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    const published = this.#published[name];
    expect(published, `egressctl schema has ${name}`).toBeDefined();
    const validate = this.#ajv.compile(published as object);
    expect(validate(value), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(Object.keys(value as object)).toEqual(Object.keys(schema.shape));
    expect((value as { schema: string }).schema).toBe(`egressctl/${name}@1`);
  }
}
