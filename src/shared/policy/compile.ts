import type { Expression } from './ast.js';
import { compileCondition, type FactsPredicate } from './compile-condition.js';
import { constraintOf } from './constraint.js';
import { type FactValues, factValues, type PreparedFacts } from './facts.js';
import { formatExpression } from './format.js';

export interface CompiledExpression {
  /** The text it was compiled from. */
  readonly source: string;
  /** `formatExpression` of it ('' for an empty expression). */
  readonly canonical: string;
  test(facts: PreparedFacts): boolean;
  /**
   * undefined when the expression holds; otherwise the canonical text of the condition that
   * made it fail (the failing leaf of an `and`; the whole `or` when every branch failed;
   * `not(…)` as written).
   */
  explain(facts: PreparedFacts): string | undefined;
  /**
   * The values `field` must equal for this expression to possibly hold, derived from top-level
   * `and` conjuncts like `net.vnet_id == "x"` or `net.vnet_id in {"x" "y"}` (an `or` of such
   * constraints unions them); null when unconstrained. Sound: if it returns a set, the
   * expression is false for every value outside it, including a missing field.
   */
  constraint(field: 'net.vnet_id'): ReadonlySet<string> | null;
}

/**
 * What `explain` walks: an `and` is explained through its operands (the first that fails);
 * any other node is explained as a whole, by its canonical text.
 */
interface ExplainNode {
  readonly test: FactsPredicate;
  readonly text: string;
  readonly operands: readonly ExplainNode[] | null;
}

/**
 * Compiles a tree from `parseExpression` into closures; `null` (empty) always holds. Throws
 * an Error for a tree the parser could not have produced (unknown field, mistyped literal).
 */
export function compileExpression(ast: Expression | null, source?: string): CompiledExpression {
  if (ast === null) return new Compiled(source ?? '', '', EMPTY, null);
  const texts = new Map<Expression, string>();
  const canonical = formatExpression(ast, (node, text) => texts.set(node, text));
  return new Compiled(
    source ?? canonical,
    canonical,
    explainTree(ast, texts),
    constraintOf(ast, 'net.vnet_id'),
  );
}

class Compiled implements CompiledExpression {
  private readonly predicate: FactsPredicate;

  constructor(
    readonly source: string,
    readonly canonical: string,
    private readonly tree: ExplainNode,
    private readonly vnets: ReadonlySet<string> | null,
  ) {
    this.predicate = tree.test;
  }

  test(facts: PreparedFacts): boolean {
    return this.predicate(factValues(facts));
  }

  explain(facts: PreparedFacts): string | undefined {
    return explainNode(this.tree, factValues(facts));
  }

  constraint(field: 'net.vnet_id'): ReadonlySet<string> | null {
    return field === 'net.vnet_id' ? this.vnets : null;
  }
}

const EMPTY: ExplainNode = { test: () => true, text: '', operands: null };

function explainNode(node: ExplainNode, facts: FactValues): string | undefined {
  if (node.operands === null) return node.test(facts) ? undefined : node.text;
  for (let i = 0; i < node.operands.length; i++) {
    const failed = explainNode(node.operands[i] as ExplainNode, facts);
    if (failed !== undefined) return failed;
  }
  return undefined;
}

function explainTree(ast: Expression, texts: ReadonlyMap<Expression, string>): ExplainNode {
  const text = texts.get(ast) ?? formatExpression(ast);
  if (ast.type !== 'and') return { test: compileTest(ast), text, operands: null };
  const operands = ast.operands.map((operand) => explainTree(operand, texts));
  return { test: allOf(operands.map((operand) => operand.test)), text, operands };
}

function compileTest(ast: Expression): FactsPredicate {
  switch (ast.type) {
    case 'and':
      return allOf(ast.operands.map(compileTest));
    case 'or':
      return anyOf(ast.operands.map(compileTest));
    case 'xor':
      return oddOf(ast.operands.map(compileTest));
    case 'not':
      return not(compileTest(ast.operand));
    case 'any':
      return compileCondition(ast.condition, true);
    default:
      return compileCondition(ast, false);
  }
}

function not(inner: FactsPredicate): FactsPredicate {
  return (facts) => !inner(facts);
}

function allOf(tests: FactsPredicate[]): FactsPredicate {
  const [a, b, c] = tests;
  if (tests.length === 2 && a && b) return (facts) => a(facts) && b(facts);
  if (tests.length === 3 && a && b && c) return (facts) => a(facts) && b(facts) && c(facts);
  return (facts) => {
    for (let i = 0; i < tests.length; i++) if (!(tests[i] as FactsPredicate)(facts)) return false;
    return true;
  };
}

function anyOf(tests: FactsPredicate[]): FactsPredicate {
  const [a, b] = tests;
  if (tests.length === 2 && a && b) return (facts) => a(facts) || b(facts);
  return (facts) => {
    for (let i = 0; i < tests.length; i++) if ((tests[i] as FactsPredicate)(facts)) return true;
    return false;
  };
}

/** `xor` over several operands holds when an odd number of them hold. */
function oddOf(tests: FactsPredicate[]): FactsPredicate {
  return (facts) => {
    let odd = false;
    for (let i = 0; i < tests.length; i++) if ((tests[i] as FactsPredicate)(facts)) odd = !odd;
    return odd;
  };
}
