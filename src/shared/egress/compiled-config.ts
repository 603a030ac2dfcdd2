import {
  type CompiledExpression,
  compilePolicyExpression,
  ExpressionSyntaxError,
} from '../policy/index.js';
import type { ExpressionKind } from '../policy/types.js';
import { type GeoBalancer, geoBalancer } from './geo-balancer.js';
import type {
  DecidedBy,
  DedicatedEgressIp,
  EgressConfig,
  EgressRuleInput,
  EgressSettings,
  RuleTraceEntry,
} from './types.js';

export type RuleRef = RuleTraceEntry['rule'];

/** One rule, parsed and compiled once per config version. */
export interface CompiledRule {
  /** Shared, frozen: used as is in `decided_by.rule` and trace entries. */
  readonly ref: Readonly<RuleRef>;
  readonly enabled: boolean;
  /** null: the column is empty and always holds. */
  readonly traffic: CompiledExpression | null;
  readonly identity: CompiledExpression | null;
  readonly devicePosture: CompiledExpression | null;
  readonly egress: EgressSettings | null;
  /** Shared and frozen, like `ref`: `decided_by` of every resolution this rule decides. */
  readonly decidedBy: Readonly<DecidedBy>;
}

export interface CompiledEgressConfig {
  readonly version: number;
  /** Every rule in evaluation order (ascending precedence, then input order), enabled or not. */
  readonly rules: readonly CompiledRule[];
  /** Enabled rules that can match any vnet (no `net.vnet_id` constraint), in order. */
  readonly anyVnetRules: readonly CompiledRule[];
  /** Per vnet id: the enabled rules that can match it, in order (`anyVnetRules` merged in). */
  readonly rulesByVnet: ReadonlyMap<string, readonly CompiledRule[]>;
  readonly ipsByIpv4: ReadonlyMap<string, DedicatedEgressIp>;
  /** Healthy dedicated IPs grouped by city, for balancing when no rule matches. */
  readonly balancer: GeoBalancer;
  readonly dedicatedIpCount: number;
  /** Whether any rule mentions `net.src.geo.*`, so a resolve must work out the user's country. */
  readonly usesSourceGeo: boolean;
}

type ColumnCompiler = (
  rule: EgressRuleInput,
  kind: ExpressionKind,
  source: string,
) => CompiledExpression | null;

/**
 * Parses and compiles every rule once and indexes them by the vnets they can match.
 * Throws ExpressionSyntaxError (from policy) when a rule's expression is invalid; its message
 * names the rule and column, its `detail` is policy's (position, expected, snippet).
 */
export function compileEgressConfig(config: EgressConfig): CompiledEgressConfig {
  // Rules often repeat an expression (the same group, the same ports): compile each text once.
  const cache = new Map<string, CompiledExpression | null>();
  const compile: ColumnCompiler = (rule, kind, source) => {
    const key = `${kind}\u0000${source}`;
    let compiled = cache.get(key);
    if (compiled === undefined) {
      const expression = compileColumn(rule, kind, source);
      compiled = expression.canonical === '' ? null : expression;
      cache.set(key, compiled);
    }
    return compiled;
  };

  const ordered = config.rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => a.rule.precedence - b.rule.precedence || a.index - b.index)
    .map(({ rule }) => compileRule(rule, compile));

  const { anyVnetRules, rulesByVnet } = indexByVnet(ordered);
  return Object.freeze({
    version: config.version,
    rules: ordered,
    anyVnetRules,
    rulesByVnet,
    ipsByIpv4: new Map(config.egressIps.map((ip) => [ip.ipv4, ip])),
    balancer: geoBalancer(config.egressIps),
    dedicatedIpCount: config.egressIps.length,
    // A textual test on canonical text: a false positive (the words inside a string literal)
    // only costs a lookup, and no use of the fields can escape it.
    usesSourceGeo: ordered.some((rule) =>
      [rule.traffic, rule.identity, rule.devicePosture].some(
        (column) => column?.canonical.includes('net.src.geo') === true,
      ),
    ),
  });
}

function compileColumn(
  rule: EgressRuleInput,
  kind: ExpressionKind,
  source: string,
): CompiledExpression {
  try {
    return compilePolicyExpression(source, kind);
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    const message = `Rule "${rule.name}" (${rule.id}), ${kind}: ${error.detail.message}`;
    throw new ExpressionSyntaxError({ ...error.detail, message });
  }
}

function compileRule(rule: EgressRuleInput, compile: ColumnCompiler): CompiledRule {
  const ref = Object.freeze({ id: rule.id, name: rule.name, precedence: rule.precedence });
  return Object.freeze({
    ref,
    enabled: rule.enabled,
    traffic: compile(rule, 'traffic', rule.traffic),
    identity: compile(rule, 'identity', rule.identity),
    devicePosture: compile(rule, 'device_posture', rule.device_posture),
    egress: rule.egress,
    decidedBy: Object.freeze({
      type: 'rule' as const,
      rule: ref,
      summary: `rule "${rule.name}" (precedence ${rule.precedence})`,
    }),
  });
}

/**
 * The vnets a rule can match: every column must hold, so the intersection of the columns'
 * constraints (sound per policy's `constraint`), or null when no column pins the vnet down.
 */
function vnetsOf(rule: CompiledRule): ReadonlySet<string> | null {
  const constraints: ReadonlySet<string>[] = [];
  for (const column of [rule.traffic, rule.identity, rule.devicePosture]) {
    const constraint = column?.constraint('net.vnet_id');
    if (constraint) constraints.push(constraint);
  }
  const [first, ...others] = constraints;
  if (first === undefined) return null;
  return new Set([...first].filter((vnet) => others.every((other) => other.has(vnet))));
}

function indexByVnet(ordered: readonly CompiledRule[]) {
  const anyVnetRules: CompiledRule[] = [];
  const anyVnetPositions: number[] = [];
  const constrained = new Map<string, number[]>();
  ordered.forEach((rule, position) => {
    if (!rule.enabled) return;
    const vnets = vnetsOf(rule);
    if (vnets === null) {
      anyVnetRules.push(rule);
      anyVnetPositions.push(position);
      return;
    }
    for (const vnet of vnets) {
      const positions = constrained.get(vnet);
      if (positions === undefined) constrained.set(vnet, [position]);
      else positions.push(position);
    }
  });

  // Each vnet's own rules spliced into the vnet-independent ones, keeping exact evaluation
  // order. Whole runs are copied with slice (a native copy): this runs per vnet per compile.
  const rulesByVnet = new Map<string, readonly CompiledRule[]>();
  for (const [vnet, own] of constrained) {
    const merged: CompiledRule[] = [];
    let from = 0;
    for (const position of own) {
      const until = insertionPoint(anyVnetPositions, position);
      if (until > from) merged.push(...anyVnetRules.slice(from, until));
      merged.push(ordered[position] as CompiledRule);
      from = until;
    }
    rulesByVnet.set(
      vnet,
      from === 0 ? merged.concat(anyVnetRules) : merged.concat(anyVnetRules.slice(from)),
    );
  }
  return { anyVnetRules, rulesByVnet };
}

/** The index of the first element of sorted `positions` greater than `position`. */
function insertionPoint(positions: readonly number[], position: number): number {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((positions[mid] as number) < position) low = mid + 1;
    else high = mid;
  }
  return low;
}
