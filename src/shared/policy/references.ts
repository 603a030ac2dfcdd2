import type { Condition, Expression } from './ast.js';

/**
 * Every string literal compared against `field` with `==`, `!=` or `in`, in order of first
 * appearance, inside `not(…)` and `any(…)` too. `!=` counts: `net.vnet_id != "x"` names vnet x
 * as surely as `==` does, and a typo there is as much a mistake.
 */
export function referencedValues(ast: Expression | null, field: string): string[] {
  const found = new Set<string>();
  if (ast !== null) collect(ast, field, found);
  return [...found];
}

function collect(ast: Expression, field: string, found: Set<string>): void {
  switch (ast.type) {
    case 'and':
    case 'or':
    case 'xor':
      for (const operand of ast.operands) collect(operand, field, found);
      return;
    case 'not':
      collect(ast.operand, field, found);
      return;
    case 'any':
      collectCondition(ast.condition, field, found);
      return;
    default:
      collectCondition(ast, field, found);
  }
}

function collectCondition(condition: Condition, field: string, found: Set<string>): void {
  if (condition.field !== field) return;
  if (condition.type === 'compare') {
    if ((condition.op === '==' || condition.op === '!=') && condition.value.type === 'string') {
      found.add(condition.value.value);
    }
  } else if (condition.type === 'in') {
    for (const item of condition.values) if (item.type === 'string') found.add(item.value);
  }
}
