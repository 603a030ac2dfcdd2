import type { CompiledExpression, PreparedFacts } from '../policy/index.js';
import type { CompiledRule } from './compiled-config.js';
import type { RuleTraceEntry } from './types.js';

/** The first rule of `candidates` (already enabled and in order) whose three columns hold. */
export function firstMatch(
  candidates: readonly CompiledRule[],
  facts: PreparedFacts,
): CompiledRule | undefined {
  for (let i = 0; i < candidates.length; i++) {
    const rule = candidates[i] as CompiledRule;
    if (
      (rule.traffic === null || rule.traffic.test(facts)) &&
      (rule.identity === null || rule.identity.test(facts)) &&
      (rule.devicePosture === null || rule.devicePosture.test(facts))
    ) {
      return rule;
    }
  }
  return undefined;
}

const COLUMNS = [
  ['traffic', (rule: CompiledRule) => rule.traffic],
  ['identity', (rule: CompiledRule) => rule.identity],
  ['device_posture', (rule: CompiledRule) => rule.devicePosture],
] as const;

/** Why `rule` does not match, or undefined when it does. */
function failedColumn(rule: CompiledRule, facts: PreparedFacts): RuleTraceEntry['failed'] {
  for (const [expression, column] of COLUMNS) {
    const compiled: CompiledExpression | null = column(rule);
    if (compiled === null) continue;
    const condition = compiled.explain(facts);
    if (condition !== undefined) return { expression, condition };
  }
  return undefined;
}

/**
 * Evaluates every rule in order, the way a person reads the policy list: disabled rules say so,
 * each rule before the match names the condition that failed, rules after it were not reached.
 */
export function matchWithTrace(
  rules: readonly CompiledRule[],
  facts: PreparedFacts,
): { matched: CompiledRule | undefined; trace: RuleTraceEntry[] } {
  let matched: CompiledRule | undefined;
  const trace: RuleTraceEntry[] = [];
  for (const rule of rules) {
    if (!rule.enabled) {
      trace.push({ rule: rule.ref, outcome: 'disabled' });
    } else if (matched !== undefined) {
      trace.push({ rule: rule.ref, outcome: 'not_reached' });
    } else {
      const failed = failedColumn(rule, facts);
      if (failed === undefined) {
        matched = rule;
        trace.push({ rule: rule.ref, outcome: 'matched' });
      } else {
        trace.push({ rule: rule.ref, outcome: 'no_match', failed });
      }
    }
  }
  return { matched, trace };
}
