import { closestMatch } from '../text/closest-names.js';
import { describeToken, type ErrorDetail, quotedList } from './errors.js';
import { describeFieldType, FIELDS, type FieldSpec, findField } from './fields.js';
import type { ExpressionKind } from './types.js';

/**
 * Type checking of fields and operators. A problem is returned as a description to be placed
 * at the token's position by the parser.
 */
export type Checked<T> =
  | { ok: true; value: T }
  | { ok: false; detailAt: (at: string) => ErrorDetail };

const KIND_LABEL: Record<ExpressionKind, string> = {
  traffic: 'traffic',
  identity: 'identity',
  device_posture: 'device posture',
};

/** The field named `name`, if it exists and the expression's column admits it. */
export function resolveField(name: string, kind: ExpressionKind | undefined): Checked<FieldSpec> {
  const spec = findField(name);
  if (spec === undefined) {
    const admitted = FIELDS.filter((f) => kind === undefined || f.kinds.includes(kind));
    const suggestion =
      closestMatch(
        name,
        admitted.map((f) => f.name),
      ) ??
      closestMatch(
        name,
        FIELDS.map((f) => f.name),
      );
    const found = describeToken(name);
    return {
      ok: false,
      detailAt: (at) => ({
        message:
          suggestion === undefined
            ? `Unknown field "${found}" at ${at}; ${kind === undefined ? 'policy' : KIND_LABEL[kind]} fields are ${admitted.map((f) => f.name).join(', ')}.`
            : `Unknown field "${found}" at ${at}; did you mean "${suggestion}"?`,
        expected: ['a field name'],
        found,
        suggestion,
      }),
    };
  }
  if (kind !== undefined && !spec.kinds.includes(kind)) {
    const home = spec.kinds.map((k) => `the ${KIND_LABEL[k]} expression`).join(' or ');
    return {
      ok: false,
      detailAt: (at) => ({
        message: `Field "${name}" at ${at} belongs in ${home}, not in the ${KIND_LABEL[kind]} expression; move this condition there.`,
        expected: [`a ${KIND_LABEL[kind]} field`],
        found: name,
      }),
    };
  }
  return { ok: true, value: spec };
}

/** The operators a field (or, inside `any`, each item of a list field) accepts. */
export function operatorsFor(spec: FieldSpec): readonly string[] {
  if (spec.type === 'int') return ['==', '!=', '<', '<=', '>', '>=', 'in'];
  if (spec.type === 'ip') return ['==', '!=', 'in'];
  return ['==', '!=', 'in', 'matches'];
}

/**
 * A list field is only compared through `any(field[*] …)`, never directly, `in` included:
 * `identity.groups.name in {"a"}` could mean "any group is a" or "the groups are exactly a",
 * and Cloudflare writes the former as `any(…)`. Refusing both keeps one spelling per meaning.
 */
export function checkListUse(spec: FieldSpec, insideAny: boolean, op: string): Checked<true> {
  if (spec.list && !insideAny) {
    return {
      ok: false,
      detailAt: (at) => ({
        message: `Field "${spec.name}" at ${at} is ${describeFieldType(spec)}; compare its items with any(${spec.name}[*] ${op} …).`,
        expected: [`any(${spec.name}[*] …)`],
        found: spec.name,
      }),
    };
  }
  if (!spec.list && insideAny) {
    return {
      ok: false,
      detailAt: (at) => ({
        message: `any(…) at ${at} takes a list field, and "${spec.name}" is ${describeFieldType(spec)}; compare it directly, without any(…) and [*].`,
        expected: ['a list field'],
        found: spec.name,
      }),
    };
  }
  return { ok: true, value: true };
}

/** Whether `op` applies to the field's type. */
export function checkOperator(spec: FieldSpec, op: string): Checked<true> {
  const allowed = operatorsFor(spec);
  if (allowed.includes(op)) return { ok: true, value: true };
  const list = quotedList(allowed);
  const why =
    op === 'matches'
      ? 'regular expressions apply to string fields'
      : 'ordering applies to integer fields';
  return {
    ok: false,
    detailAt: (at) => ({
      message: `Operator "${op}" at ${at} does not apply to "${spec.name}" (${describeFieldType(spec)}): ${why}; use ${list}.`,
      expected: allowed,
      found: op,
    }),
  };
}
