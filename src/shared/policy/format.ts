import type { Condition, Expression, Literal, SetItem } from './ast.js';

/**
 * Canonical text of an expression: word operators (`and`, `or`, `xor`, `not(…)`), single
 * spaces, canonical IP addresses. Parentheses appear exactly where the tree needs them, so
 * parsing the text gives back the same tree. `onNode` receives every node's own text, so a
 * caller needing the text of each subtree formats once.
 */
export function formatExpression(
  ast: Expression,
  onNode?: (node: Expression, text: string) => void,
): string {
  let text: string;
  switch (ast.type) {
    case 'and':
    case 'or':
    case 'xor':
      text = ast.operands
        .map((operand) => formatOperand(operand, ast.type, onNode))
        .join(` ${ast.type} `);
      break;
    case 'not':
      text = `not(${formatExpression(ast.operand, onNode)})`;
      break;
    case 'any':
      text = `any(${formatCondition(ast.condition, '[*]')})`;
      break;
    default:
      text = formatCondition(ast, '');
  }
  onNode?.(ast, text);
  return text;
}

const BINDING: Record<string, number> = { or: 1, xor: 2, and: 3 };

/**
 * An operand of a chain is parenthesised when it is itself a chain that binds no tighter:
 * `(a or b) and c`, and a nested same-operator chain `(a and b) and c` that was written so.
 */
function formatOperand(
  operand: Expression,
  parent: 'and' | 'or' | 'xor',
  onNode: ((node: Expression, text: string) => void) | undefined,
): string {
  const text = formatExpression(operand, onNode);
  const binding = BINDING[operand.type];
  return binding !== undefined && binding <= (BINDING[parent] ?? 0) ? `(${text})` : text;
}

export function formatCondition(condition: Condition, suffix: string): string {
  const field = `${condition.field}${suffix}`;
  switch (condition.type) {
    case 'compare':
      return `${field} ${condition.op} ${formatLiteral(condition.value)}`;
    case 'in':
      return `${field} in {${condition.values.map(formatLiteral).join(' ')}}`;
    case 'matches':
      return `${field} matches "${escapeRegex(condition.pattern)}"`;
  }
}

export function formatLiteral(literal: Literal | SetItem): string {
  switch (literal.type) {
    case 'string':
      return `"${literal.value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
    case 'int':
      return String(literal.value);
    case 'range':
      return `${literal.from}..${literal.to}`;
    case 'ip':
      return literal.prefix === undefined
        ? literal.address
        : `${literal.address}/${literal.prefix}`;
  }
}

/**
 * The inverse of the parser's regex reading: only a bare `"` needs a backslash; escapes the
 * pattern already holds (`\d`, `\\`) are the regex engine's and stay as they are.
 */
function escapeRegex(pattern: string): string {
  return pattern.replace(/\\.|"/gs, (match) => (match === '"' ? '\\"' : match));
}
