import type { Condition, Literal, SetItem } from './ast.js';
import { type FactValues, normaliseHost } from './facts.js';
import { type FieldSpec, findField } from './fields.js';
import { type IpRange, type NumericIp, rangeOf } from './ip.js';
import { EXPRESSION_LIMITS } from './limits.js';
import { compileRegex } from './regex.js';

export type FactsPredicate = (facts: FactValues) => boolean;

/**
 * Compiles one condition into a closure over prepared facts. Everything costly happens here,
 * once: literals normalised, sets built, CIDRs turned into numeric ranges, regexes compiled.
 *
 * A missing fact (no vnet, no destination port, …) equals nothing, so `==`, `in`, `matches`
 * and the orderings are false and `!=` is true: `a != b` always means `not(a == b)`, which is
 * how wirefilter defines it, and `not(net.vnet_id == "x")` holds for a device on no vnet.
 * A missing list is empty, and `any(…)` over an empty list is false.
 */
export function compileCondition(condition: Condition, insideAny: boolean): FactsPredicate {
  const spec = findField(condition.field);
  if (spec === undefined) throw new Error(`Unknown field "${condition.field}" in the tree`);
  // The parser refuses both mismatches with a located message; a tree built by hand may not.
  if (spec.list !== insideAny) {
    throw new Error(
      spec.list
        ? `"${spec.name}" is a list field; use any(…)`
        : `"${spec.name}" is not a list field`,
    );
  }
  if (spec.list) return anyItem(spec.read, stringPredicate(condition, spec));
  const missing = condition.type === 'compare' && condition.op === '!=';
  if (spec.type === 'int') return scalar(spec.read, intPredicate(condition), missing);
  if (spec.type === 'ip') return scalar(spec.read, ipPredicate(condition), missing);
  return scalar(spec.read, stringPredicate(condition, spec), missing);
}

function scalar<T>(
  read: (facts: FactValues) => T | undefined,
  matches: (value: T) => boolean,
  missing: boolean,
): FactsPredicate {
  return (facts) => {
    const value = read(facts);
    return value === undefined ? missing : matches(value);
  };
}

function anyItem(
  read: (facts: FactValues) => readonly string[],
  matches: (value: string) => boolean,
): FactsPredicate {
  return (facts) => {
    const items = read(facts);
    for (let i = 0; i < items.length; i++) if (matches(items[i] as string)) return true;
    return false;
  };
}

/** A string literal as the field compares it: host names and emails lowercased. */
function normalised(spec: FieldSpec, item: Literal | SetItem): string {
  if (item.type !== 'string') throw new Error(`"${spec.name}" compares with strings`);
  if (spec.hostName) return normaliseHost(item.value);
  return spec.caseInsensitive ? item.value.toLowerCase() : item.value;
}

function stringPredicate(condition: Condition, spec: FieldSpec): (value: string) => boolean {
  if (condition.type === 'matches') {
    const compiled = compileRegex(
      condition.pattern,
      spec.caseInsensitive,
      EXPRESSION_LIMITS.maxRegexProgram,
    );
    if (!compiled.ok) throw new Error(`Invalid regular expression: ${compiled.reason}`);
    const regex = compiled.regex;
    return (value) => regex.test(value);
  }
  if (condition.type === 'in') {
    const set = new Set<string>();
    for (const item of condition.values) set.add(normalised(spec, item));
    return (value) => set.has(value);
  }
  const expected = normalised(spec, condition.value);
  if (condition.op === '==') return (value) => value === expected;
  if (condition.op === '!=') return (value) => value !== expected;
  throw new Error(`"${condition.op}" does not apply to strings`);
}

function intPredicate(condition: Condition): (value: number) => boolean {
  if (condition.type === 'matches') throw new Error('matches does not apply to integers');
  if (condition.type === 'in') {
    const ranges: [number, number][] = [];
    for (const item of condition.values) {
      if (item.type === 'int') ranges.push([item.value, item.value]);
      else if (item.type === 'range') ranges.push([item.from, item.to]);
      else throw new Error('integer sets hold integers and ranges');
    }
    const { from, to } = mergeRanges(ranges);
    return (value) => inSortedRanges(from, to, value);
  }
  if (condition.value.type !== 'int') throw new Error('integer fields compare with integers');
  const n = condition.value.value;
  switch (condition.op) {
    case '==':
      return (value) => value === n;
    case '!=':
      return (value) => value !== n;
    case '<':
      return (value) => value < n;
    case '<=':
      return (value) => value <= n;
    case '>':
      return (value) => value > n;
    case '>=':
      return (value) => value >= n;
  }
}

function ipRange(item: Literal | SetItem): IpRange {
  if (item.type !== 'ip') throw new Error('IP fields compare with IP addresses');
  return rangeOf(item.address, item.prefix);
}

function ipPredicate(condition: Condition): (value: NumericIp) => boolean {
  if (condition.type === 'matches') throw new Error('matches does not apply to IP addresses');
  if (condition.type === 'in') {
    const v4: [number, number][] = [];
    const v6From: bigint[] = [];
    const v6To: bigint[] = [];
    for (const item of condition.values) {
      const range = ipRange(item);
      if (range.family === 4) {
        v4.push([range.v4From, range.v4To]);
      } else {
        v6From.push(range.v6From);
        v6To.push(range.v6To);
      }
    }
    const { from, to } = mergeRanges(v4);
    return (value) => {
      if (value.family === 4) return inSortedRanges(from, to, value.v4);
      for (let i = 0; i < v6From.length; i++) {
        if (value.v6 >= (v6From[i] as bigint) && value.v6 <= (v6To[i] as bigint)) return true;
      }
      return false;
    };
  }
  const target = ipRange(condition.value);
  if (condition.op === '==') return (value) => sameIp(value, target);
  if (condition.op === '!=') return (value) => !sameIp(value, target);
  throw new Error(`"${condition.op}" does not apply to IP addresses`);
}

function sameIp(value: NumericIp, target: IpRange): boolean {
  if (value.family !== target.family) return false;
  return value.family === 4 ? value.v4 === target.v4From : value.v6 === target.v6From;
}

/** Sorted, non-overlapping, non-adjacent ranges, as parallel arrays for a binary search. */
function mergeRanges(ranges: [number, number][]): { from: number[]; to: number[] } {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const from: number[] = [];
  const to: number[] = [];
  for (const [start, end] of sorted) {
    const last = to.length - 1;
    if (last >= 0 && start <= (to[last] as number) + 1) {
      to[last] = Math.max(to[last] as number, end);
    } else {
      from.push(start);
      to.push(end);
    }
  }
  return { from, to };
}

function inSortedRanges(from: readonly number[], to: readonly number[], value: number): boolean {
  let low = 0;
  let high = from.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (value < (from[mid] as number)) high = mid - 1;
    else if (value > (to[mid] as number)) low = mid + 1;
    else return true;
  }
  return false;
}
