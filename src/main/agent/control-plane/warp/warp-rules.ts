import { type CompiledEgressConfig, compileEgressConfig } from '../../../../shared/egress/index.js';
import { parseExpression } from '../../../../shared/policy/index.js';
import type { ExpressionKind } from '../../../../shared/policy/types.js';
import type { ApiRule } from './cloudflare-api.js';

/**
 * A real account's egress rules, read so that our resolver can evaluate what it can and say
 * plainly what it cannot. A column (or a top-level `and` part of one) that uses a selector our
 * language lacks (applications, content categories, SAML attributes, a host selector spelt
 * differently) or facts this device cannot know (the user's groups, posture results, name)
 * becomes an "unknown" with a reason; the rest is compiled and evaluated as usual. A rule whose
 * known part holds but which has an unknown is "uncertain", never a silent match or miss.
 */

export interface WarpEgress {
  ipv4: string | null;
  ipv6: string | null;
  ipv4Fallback: string | null;
}

export interface WarpRule {
  id: string;
  name: string;
  precedence: number;
  enabled: boolean;
  /** The rule's columns as written (for people), after `normaliseExpression`. */
  columns: Record<ExpressionKind, string>;
  /** null: the rule egresses through Cloudflare's shared (WARP) egress. */
  egress: WarpEgress | null;
  /** The parts our resolver evaluates, as a one-rule config (egress left to us). */
  known: CompiledEgressConfig;
  /** Why the rest cannot be evaluated here (null: the whole rule is known). */
  unknown: string | null;
}

/** What this device knows about its user: without an email, email conditions are unknown too. */
export interface KnownFacts {
  email: boolean;
}

const KINDS: readonly ExpressionKind[] = ['traffic', 'identity', 'device_posture'];

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/**
 * Cloudflare's own tutorial writes `net.vnet_id == <UUID>` unquoted while the selector reference
 * quotes it; a bare UUID (outside a string) is quoted so both spellings read the same.
 */
export function normaliseExpression(source: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (inString) {
      out += ch;
      if (ch === '\\') out += source[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      continue;
    }
    const match = new RegExp(`^${UUID}(?![0-9A-Za-z_.-])`).exec(source.slice(i));
    const before = source[i - 1];
    if (match && (before === undefined || !/[0-9A-Za-z_.-]/.test(before))) {
      out += `"${match[0]}"`;
      i += match[0].length - 1;
      continue;
    }
    out += ch;
  }
  return out;
}

/**
 * Top-level `and` / `&&` parts of an expression, or the whole as one part when a top-level
 * `or`, `xor` (or their symbols) joins them: then no part can be judged alone.
 */
export function conjuncts(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  const lower = source.toLowerCase();
  const wordAt = (i: number, word: string) =>
    lower.startsWith(word, i) &&
    !/[a-z0-9_.]/.test(lower[i - 1] ?? ' ') &&
    !/[a-z0-9_.(]/.test(lower[i + word.length] ?? ' ');
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '(' || ch === '{' || ch === '[') depth++;
    else if (ch === ')' || ch === '}' || ch === ']') depth--;
    else if (depth === 0) {
      if (wordAt(i, 'or') || wordAt(i, 'xor') || source.startsWith('||', i)) return [source];
      if (source.startsWith('^^', i)) return [source];
      if (wordAt(i, 'and') || source.startsWith('&&', i)) {
        parts.push(source.slice(start, i));
        i += ch === '&' ? 1 : 2;
        start = i + 1;
      }
    }
  }
  parts.push(source.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

/** Facts no API read gives this device, by the field prefix that asks for them. */
function missingFact(canonical: string, facts: KnownFacts): string | null {
  if (canonical.includes('identity.groups')) return 'depends on your groups';
  if (canonical.includes('device_posture')) return 'depends on your device posture';
  if (canonical.includes('identity.name')) return 'depends on your user name';
  if (!facts.email && canonical.includes('identity.email')) {
    return 'depends on your user email (the WARP registration does not name it)';
  }
  return null;
}

/** A part that does not parse: name the selector when the parser says it is an unknown field. */
function unreadable(part: string, kind: ExpressionKind): string {
  const parsed = parseExpression(part, kind);
  if (!parsed.ok && /unknown field/i.test(parsed.error.message)) {
    return `uses ${parsed.error.found}`;
  }
  const field = /[a-z_]+(?:\.[a-z_*[\]]+)+/i.exec(part)?.[0];
  return field
    ? `uses ${field} in a form this app does not evaluate`
    : 'uses an expression this app does not evaluate';
}

function splitColumn(
  source: string,
  kind: ExpressionKind,
  facts: KnownFacts,
): { known: string; unknown: string[] } {
  if (source.trim() === '') return { known: '', unknown: [] };
  const whole = parseExpression(source, kind);
  if (whole.ok && whole.ast !== null) {
    const missing = missingFact(source, facts);
    if (missing === null) return { known: source, unknown: [] };
  }
  const known: string[] = [];
  const unknown: string[] = [];
  for (const part of conjuncts(source)) {
    const parsed = parseExpression(part, kind);
    if (!parsed.ok) {
      unknown.push(unreadable(part, kind));
      continue;
    }
    const missing = missingFact(part, facts);
    if (missing) unknown.push(missing);
    else known.push(`(${part})`);
  }
  return { known: known.join(' and '), unknown };
}

/** The account's enabled and disabled egress rules, in evaluation order, ready to evaluate. */
export function prepareRules(
  rules: readonly ApiRule[],
  facts: KnownFacts,
  version: number,
): WarpRule[] {
  return rules
    .filter((rule) => rule.action === 'egress')
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => a.rule.precedence - b.rule.precedence || a.index - b.index)
    .map(({ rule }) => prepareRule(rule, facts, version));
}

function prepareRule(rule: ApiRule, facts: KnownFacts, version: number): WarpRule {
  const columns = {
    traffic: normaliseExpression(rule.traffic ?? ''),
    identity: normaliseExpression(rule.identity ?? ''),
    device_posture: normaliseExpression(rule.device_posture ?? ''),
  };
  const known: Record<ExpressionKind, string> = { traffic: '', identity: '', device_posture: '' };
  const unknown: string[] = [];
  for (const kind of KINDS) {
    const split = splitColumn(columns[kind], kind, facts);
    known[kind] = split.known;
    unknown.push(...split.unknown);
  }
  const settings = rule.rule_settings?.egress ?? null;
  const egress = settings?.ipv4
    ? {
        ipv4: settings.ipv4,
        ipv6: settings.ipv6 ?? null,
        ipv4Fallback: settings.ipv4_fallback ?? null,
      }
    : null;
  return {
    id: rule.id,
    name: rule.name,
    precedence: rule.precedence,
    enabled: rule.enabled,
    columns,
    egress,
    known: compileEgressConfig({
      version,
      egressIps: [],
      rules: [
        {
          id: rule.id,
          name: rule.name,
          precedence: rule.precedence,
          enabled: true,
          ...known,
          egress: null,
        },
      ],
    }),
    unknown: unknown.length === 0 ? null : [...new Set(unknown)].join('; '),
  };
}

/** The dedicated egress IPv4s the rules name (no API lists them: facts §5a). */
export function dedicatedIpsOf(rules: readonly WarpRule[]): string[] {
  const ips = new Set<string>();
  for (const rule of rules) {
    if (rule.egress?.ipv4 && rule.egress.ipv4 !== '0.0.0.0') ips.add(rule.egress.ipv4);
    const fallback = rule.egress?.ipv4Fallback;
    if (fallback && fallback !== '0.0.0.0') ips.add(fallback);
  }
  return [...ips].sort();
}
