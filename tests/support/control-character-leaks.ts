/**
 * Finds string schemas that let a control character through, in a JSON Schema generated from
 * our zod request schemas. Every string a client sends must refuse them (src/shared/api/common.ts
 * `PlainText`/`MultiLineText`), so a new bare `z.string()` request field fails the tests using
 * this.
 */

// biome-ignore lint/suspicious/noExplicitAny: walks arbitrary JSON Schema documents
type Json = any;

/**
 * Formats whose grammar has no room for a control character (not `uri`: URL parsers drop tabs
 * and line breaks, so a URL string with one still parses).
 */
const STRICT_FORMATS = new Set(['email', 'ipv4', 'ipv6', 'cidrv4', 'cidrv6', 'uuid']);
const SAMPLES = ['\u0000', 'vnet-London\u0000x', 'LH\u0007', '\u001b[2J', 'a\u007f', 'b\u0085'];

function refusesControlCharacters(node: Json): boolean {
  if ('const' in node || 'enum' in node) return true;
  if (STRICT_FORMATS.has(node.format)) return true;
  const patterns: unknown[] = [node.pattern, ...(node.allOf ?? []).map((n: Json) => n.pattern)];
  return patterns
    .filter((p): p is string => typeof p === 'string')
    .some((p) => SAMPLES.every((sample) => !new RegExp(p, 'u').test(sample)));
}

/**
 * Paths (`where.field.sub`) of every string schema under `node` that accepts a control
 * character. `resolve` turns a `$ref` into its schema.
 */
export function controlCharacterLeaks(
  node: Json,
  where: string,
  resolve: (ref: string) => Json,
  seen: ReadonlySet<string> = new Set(),
): string[] {
  if (node === null || typeof node !== 'object') return [];
  if (typeof node.$ref === 'string') {
    const ref: string = node.$ref;
    if (seen.has(ref)) return [];
    const name = ref.split('/').pop();
    return controlCharacterLeaks(
      resolve(ref),
      `${where}→${name}`,
      resolve,
      new Set([...seen, ref]),
    );
  }
  const found: string[] = [];
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes('string') && !refusesControlCharacters(node)) found.push(where);
  for (const [key, value] of Object.entries(node.properties ?? {})) {
    found.push(...controlCharacterLeaks(value, `${where}.${key}`, resolve, seen));
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    if (node[key] && typeof node[key] === 'object') {
      found.push(...controlCharacterLeaks(node[key], where, resolve, seen));
    }
  }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
    for (const sub of node[key] ?? []) {
      found.push(...controlCharacterLeaks(sub, where, resolve, seen));
    }
  }
  return found;
}
