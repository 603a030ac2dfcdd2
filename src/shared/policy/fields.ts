import { type FactValues, fqdnDomains } from './facts.js';
import type { NumericIp } from './ip.js';
import type { ExpressionKind } from './types.js';

/** The type of one value of a field; list fields hold several values of this type. */
export type ValueType = 'string' | 'ip' | 'int';

type Read<T> = (facts: FactValues) => T;

interface FieldBase {
  readonly name: string;
  readonly kinds: readonly ExpressionKind[];
  /**
   * Host names and email addresses compare case-insensitively: DNS names are case-insensitive
   * (RFC 4343), mail providers treat the local part case-insensitively in practice, and
   * Cloudflare lowercases both before policy evaluation. Everything else is case-sensitive.
   */
  readonly caseInsensitive: boolean;
  /** A host name: a trailing dot is dropped before comparing (`example.com.` is `example.com`). */
  readonly hostName: boolean;
  /** Inclusive bounds of an integer field. */
  readonly min?: number;
  readonly max?: number;
  readonly description: string;
}

/** A field's type and where its value lives in prepared facts: the reader's type follows the type. */
export type FieldValue =
  | { readonly type: 'string'; readonly list: false; readonly read: Read<string | undefined> }
  | { readonly type: 'int'; readonly list: false; readonly read: Read<number | undefined> }
  | { readonly type: 'ip'; readonly list: false; readonly read: Read<NumericIp | undefined> }
  | { readonly type: 'string'; readonly list: true; readonly read: Read<readonly string[]> };

/**
 * A field is one row: name, column, wording and value reader together, so no field can exist
 * without a reader of its own type (a list field is used through `any(field[*] …)`).
 */
export type FieldSpec = FieldBase & FieldValue;

const text = (read: Read<string | undefined>): FieldValue => ({
  type: 'string',
  list: false,
  read,
});
const int = (read: Read<number | undefined>): FieldValue => ({ type: 'int', list: false, read });
const ip = (read: Read<NumericIp | undefined>): FieldValue => ({ type: 'ip', list: false, read });
/** A list of strings: the only list type the rule language has. */
const texts = (read: Read<readonly string[]>): FieldValue => ({ type: 'string', list: true, read });

type Options = Partial<Pick<FieldBase, 'caseInsensitive' | 'hostName' | 'min' | 'max'>>;

function field(
  name: string,
  kinds: readonly ExpressionKind[],
  value: FieldValue,
  description: string,
  options: Options = {},
): FieldSpec {
  return {
    name,
    kinds,
    description,
    caseInsensitive: options.caseInsensitive ?? false,
    hostName: options.hostName ?? false,
    ...(options.min === undefined ? {} : { min: options.min }),
    ...(options.max === undefined ? {} : { max: options.max }),
    ...value,
  };
}

const traffic = ['traffic'] as const;
const identity = ['identity'] as const;
const posture = ['device_posture'] as const;
const port = { min: 0, max: 65535 };
const host = { caseInsensitive: true, hostName: true };
const folded = { caseInsensitive: true };

/** Every field an egress policy may use, in the order documentation lists them. */
export const FIELDS: readonly FieldSpec[] = [
  field(
    'net.vnet_id',
    traffic,
    text((f) => f.vnetId),
    'The virtual network the device is attached to.',
  ),
  field(
    'net.src.ip',
    traffic,
    ip((f) => f.srcIp),
    'Source IP address (IPv4 or IPv6).',
  ),
  field(
    'net.src.port',
    traffic,
    int((f) => f.srcPort),
    'Source port (0–65535).',
    port,
  ),
  field(
    'net.dst.ip',
    traffic,
    ip((f) => f.dstIp),
    'Destination IP address (IPv4 or IPv6).',
  ),
  field(
    'net.dst.port',
    traffic,
    int((f) => f.dstPort),
    'Destination port (0–65535).',
    port,
  ),
  field(
    'net.protocol',
    traffic,
    text((f) => f.protocol),
    'Transport protocol, e.g. "tcp" or "udp".',
  ),
  field(
    'net.src.geo.country',
    traffic,
    text((f) => f.srcCountry),
    'Source country, ISO 3166-1 alpha-2.',
  ),
  field(
    'net.src.geo.continent',
    traffic,
    text((f) => f.srcContinent),
    'Source continent code, e.g. "EU".',
  ),
  field(
    'net.dst.geo.country',
    traffic,
    text((f) => f.dstCountry),
    'Destination country, ISO 3166-1 alpha-2.',
  ),
  field(
    'net.dst.geo.continent',
    traffic,
    text((f) => f.dstContinent),
    'Destination continent code, e.g. "NA".',
  ),
  field(
    'net.fqdn',
    traffic,
    text((f) => f.fqdn),
    'Destination host name (case-insensitive).',
    host,
  ),
  field(
    'net.fqdn.domains',
    traffic,
    texts(fqdnDomains),
    'The destination host and each parent domain (a.b.example.com, b.example.com, example.com, com).',
    host,
  ),
  field(
    'identity.email',
    identity,
    text((f) => f.email),
    'The user’s email (case-insensitive).',
    folded,
  ),
  field(
    'identity.name',
    identity,
    text((f) => f.name),
    'The user’s name.',
  ),
  field(
    'identity.groups.name',
    identity,
    texts((f) => f.groupNames),
    'Names of the user’s groups.',
  ),
  field(
    'identity.groups.email',
    identity,
    texts((f) => f.groupEmails),
    'Email addresses of the user’s groups (case-insensitive).',
    folded,
  ),
  field(
    'device_posture.checks.passed',
    posture,
    texts((f) => f.posturePassed),
    'Ids of the posture checks passed.',
  ),
];

const byName = new Map(FIELDS.map((spec) => [spec.name, spec]));

export function findField(name: string): FieldSpec | undefined {
  return byName.get(name);
}

/** How a field's type reads in a message: "a string field", "a list of IP addresses". */
export function describeFieldType(spec: FieldSpec): string {
  if (spec.list) return `a list of ${pluralTypeName(spec.type)}`;
  return `${spec.type === 'int' ? 'an integer' : spec.type === 'ip' ? 'an IP' : 'a string'} field`;
}

function pluralTypeName(type: ValueType): string {
  return type === 'int' ? 'integers' : type === 'ip' ? 'IP addresses' : 'strings';
}

/** The public, documentation-facing view of a field's type. */
export function publicTypeName(spec: FieldSpec): string {
  const single = spec.type === 'int' ? 'integer' : spec.type;
  return spec.list ? `list of ${single}` : single;
}
