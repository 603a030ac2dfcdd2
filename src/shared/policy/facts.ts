import { type NumericIp, parseFactIp } from './ip.js';
import type { PolicyFacts } from './types.js';

declare const prepared: unique symbol;

/** Facts normalised for evaluation. Opaque outside this module: build one with `prepareFacts`. */
export interface PreparedFacts {
  readonly [prepared]: true;
}

/**
 * The normalised facts. Every property is always present (a missing fact is `undefined` or an
 * empty list) so all instances share one shape and field reads stay monomorphic.
 */
export interface FactValues {
  readonly vnetId: string | undefined;
  readonly protocol: string | undefined;
  readonly srcIp: NumericIp | undefined;
  readonly srcPort: number | undefined;
  readonly srcCountry: string | undefined;
  readonly srcContinent: string | undefined;
  readonly dstIp: NumericIp | undefined;
  readonly dstPort: number | undefined;
  readonly dstCountry: string | undefined;
  readonly dstContinent: string | undefined;
  /** Lowercase, without a trailing dot. */
  readonly fqdn: string | undefined;
  /**
   * `fqdn` and each parent domain, longest first; derived on first use (most resolves never
   * read it), so always read it through `fqdnDomains()`.
   */
  fqdnDomainsCache: readonly string[] | undefined;
  /** Lowercase. */
  readonly email: string | undefined;
  readonly name: string | undefined;
  readonly groupNames: readonly string[];
  /** Lowercase. */
  readonly groupEmails: readonly string[];
  readonly posturePassed: readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * Normalises facts once per resolve: IPs parsed to numbers (an IPv4-mapped IPv6 address counts
 * as its IPv4 address), host names and emails lowercased, parent domains derived. A fact that
 * cannot be understood (an IP that does not parse, a port that is not an integer in 0–65535)
 * counts as missing: the resolver's caller validated its input, and a rule must not match on
 * a value it cannot read.
 */
export function prepareFacts(facts: PolicyFacts): PreparedFacts {
  const { src, dst, identity } = facts;
  const host = dst?.host;
  const fqdn = host === undefined ? undefined : normaliseHost(host);
  const groups = identity?.groups;
  const email = identity?.email;
  const values: FactValues = {
    vnetId: facts.vnetId,
    protocol: facts.protocol,
    srcIp: src?.ip === undefined ? undefined : parseFactIp(src.ip),
    srcPort: port(src?.port),
    srcCountry: src?.country,
    srcContinent: src?.continent,
    dstIp: dst?.ip === undefined ? undefined : parseFactIp(dst.ip),
    dstPort: port(dst?.port),
    dstCountry: dst?.country,
    dstContinent: dst?.continent,
    fqdn,
    fqdnDomainsCache: fqdn === undefined ? NONE : undefined,
    email: email === undefined ? undefined : email.toLowerCase(),
    name: identity?.name,
    groupNames: groups === undefined || groups.length === 0 ? NONE : groupNames(groups),
    groupEmails: groups === undefined || groups.length === 0 ? NONE : groupEmails(groups),
    posturePassed: facts.devicePosture?.passed ?? NONE,
  };
  return values as unknown as PreparedFacts;
}

/** The values behind prepared facts; for the compiler only. */
export function factValues(facts: PreparedFacts): FactValues {
  return facts as unknown as FactValues;
}

/** The host and its parent domains, derived once per prepared facts. */
export function fqdnDomains(values: FactValues): readonly string[] {
  if (values.fqdnDomainsCache === undefined) {
    values.fqdnDomainsCache = values.fqdn === undefined ? NONE : parentDomains(values.fqdn);
  }
  return values.fqdnDomainsCache;
}

/** Host names compare case-insensitively and without the root's trailing dot. */
export function normaliseHost(host: string): string {
  const lower = host.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * `a.b.example.com` → `a.b.example.com`, `b.example.com`, `example.com`, `com`. Empty labels
 * (`a..b`, a leading dot) start no domain.
 */
export function parentDomains(host: string): readonly string[] {
  const domains: string[] = [];
  let start = 0;
  while (start < host.length) {
    const dot = host.indexOf('.', start);
    if (dot !== start) domains.push(start === 0 ? host : host.slice(start));
    if (dot === -1) break;
    start = dot + 1;
  }
  return domains;
}

function port(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= 65535
    ? value
    : undefined;
}

function groupNames(groups: readonly { name: string }[]): readonly string[] {
  const names: string[] = new Array(groups.length);
  for (let i = 0; i < groups.length; i++) names[i] = (groups[i] as { name: string }).name;
  return names;
}

function groupEmails(groups: readonly { email?: string | undefined }[]): readonly string[] {
  let emails: string[] | undefined;
  for (const group of groups) {
    if (group.email === undefined) continue;
    emails ??= [];
    emails.push(group.email.toLowerCase());
  }
  return emails ?? NONE;
}
