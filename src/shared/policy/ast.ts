import type { SourcePosition } from './types.js';

/**
 * The syntax tree of one expression. Plain data: it can be stored, sent and compared. Positions
 * point at where a node starts in the source; nodes built in code may leave them out.
 *
 * `and` / `or` / `xor` hold two or more operands. A chain `a and b and c` is one node with
 * three operands; an explicitly parenthesised `(a and b) and c` stays nested, so the tree is
 * exactly what was written and formatting never changes its shape.
 */
export type Expression = LogicalExpression | NotExpression | AnyExpression | Condition;

export type LogicalOperator = 'and' | 'or' | 'xor';

export interface LogicalExpression {
  readonly type: LogicalOperator;
  readonly operands: readonly Expression[];
  readonly position?: SourcePosition;
}

export interface NotExpression {
  readonly type: 'not';
  readonly operand: Expression;
  readonly position?: SourcePosition;
}

/** `any(field[*] <condition>)`: the condition holds for at least one item of a list field. */
export interface AnyExpression {
  readonly type: 'any';
  /** Its `field` is the list field; the comparison applies to each item. */
  readonly condition: Condition;
  readonly position?: SourcePosition;
}

export type Condition = ComparisonCondition | InCondition | MatchesCondition;

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface ComparisonCondition {
  readonly type: 'compare';
  readonly field: string;
  readonly op: ComparisonOperator;
  readonly value: Literal;
  readonly position?: SourcePosition;
}

export interface InCondition {
  readonly type: 'in';
  readonly field: string;
  readonly values: readonly SetItem[];
  readonly position?: SourcePosition;
}

export interface MatchesCondition {
  readonly type: 'matches';
  readonly field: string;
  /** The regular expression (RE2 syntax), with `\"` already turned into `"`. */
  readonly pattern: string;
  readonly position?: SourcePosition;
}

export type Literal = StringLiteral | IntLiteral | IpLiteral;
export type SetItem = Literal | RangeLiteral;

export interface StringLiteral {
  readonly type: 'string';
  /** The decoded value, as written (case preserved even for case-insensitive fields). */
  readonly value: string;
  readonly position?: SourcePosition;
}

export interface IntLiteral {
  readonly type: 'int';
  readonly value: number;
  readonly position?: SourcePosition;
}

/** `from..to`, inclusive; only inside a set. */
export interface RangeLiteral {
  readonly type: 'range';
  readonly from: number;
  readonly to: number;
  readonly position?: SourcePosition;
}

/** One address (`prefix` absent) or a CIDR block; `address` is in canonical form. */
export interface IpLiteral {
  readonly type: 'ip';
  readonly address: string;
  readonly prefix?: number;
  readonly position?: SourcePosition;
}
