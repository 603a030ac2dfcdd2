import type { Expression } from './ast.js';
import { findField } from './fields.js';

/**
 * The values a string field must take for the expression to hold, or null when the expression
 * does not pin the field down. Only shapes whose meaning is certain contribute:
 * - `field == "x"` → {x}; `field in {"x" "y"}` → {x, y};
 * - `and`: every conjunct must hold, so the intersection of the constrained conjuncts;
 * - `or`: the union, but only when every branch is constrained (one free branch frees it).
 * Anything else (`!=`, `not`, `xor`, `matches`, other fields) is unconstrained. A missing field
 * makes `==` and `in` false, so a returned set also excludes "no value".
 * Case-insensitive fields are left unconstrained: their facts are normalised before comparing.
 */
export function constraintOf(ast: Expression, field: string): ReadonlySet<string> | null {
  if (findField(field)?.caseInsensitive !== false) return null;
  return derive(ast, field);
}

function derive(ast: Expression, field: string): Set<string> | null {
  switch (ast.type) {
    case 'compare':
      return ast.field === field && ast.op === '==' && ast.value.type === 'string'
        ? new Set([ast.value.value])
        : null;
    case 'in': {
      if (ast.field !== field) return null;
      const values = new Set<string>();
      for (const item of ast.values) {
        if (item.type !== 'string') return null;
        values.add(item.value);
      }
      return values;
    }
    case 'and': {
      let result: Set<string> | null = null;
      for (const operand of ast.operands) {
        const constraint = derive(operand, field);
        if (constraint === null) continue;
        if (result === null) {
          result = constraint;
        } else {
          for (const value of result) if (!constraint.has(value)) result.delete(value);
        }
      }
      return result;
    }
    case 'or': {
      const result = new Set<string>();
      for (const operand of ast.operands) {
        const constraint = derive(operand, field);
        if (constraint === null) return null;
        for (const value of constraint) result.add(value);
      }
      return result;
    }
    default:
      return null;
  }
}
